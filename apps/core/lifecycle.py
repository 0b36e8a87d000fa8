"""做实: the dates a row carries must be true.

A union exists from its founding day until the day it is dissolved, an employer from the day
it appears on the ledger until it closes; a row that belongs to one of them (a membership, a
coverage, a position, a follow-up…) must be dated inside that life, an event that has
happened may not lie in the future, and a planned date may not lie before the event that
plans it. Each model declares its rules once, as `date_rules`, and the same rules serve twice:

- `date_errors(row)` checks one row, written or about to be written, on every write path:
  model forms and the admin (through `DateRulesMixin.clean`), bulk edit, the import engine
  (on the values a row would get, before anything is written), the services and the data
  generators;
- `Rule.broken()` is the rule as a query condition, so the rows already stored that break it
  are found in one query per rule (apps.core.problems: the 数据问题 list and command).

A model with an owner declares its life: `lifespan = Lifespan("founded_on", "dissolved_on")`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import ExtractYear, TruncMonth
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from . import closing

# A row's values by field name: a saved or unsaved instance, or the values an import would
# write (a foreign key as its related row).
Values = Callable[[str], Any]


@dataclass(frozen=True)
class Lifespan:
    """The life of an owner (a union, an employer): from `start` (that day included) until
    `end` (that day excluded: a union dissolved on 1 March has no members on 1 March). A
    blank start or end is an unknown or open end and checks nothing."""

    start: str
    end: str


def today() -> datetime.date:
    """Today, looked up when called: the default of a model's date field, so the rules and
    the default agree on one clock."""
    return timezone.localdate()


def _label(model: type[models.Model], path: str) -> str:
    field = model._meta.get_field(path)
    return str(field.verbose_name)


def _day(value: datetime.date) -> str:
    return f"{value:%Y-%m-%d}"


class Rule:
    """One dated fact of a model. `field` is the date field the rule is about, where its
    error is shown."""

    field: str

    def error(self, model: type[models.Model], get: Values, today: datetime.date) -> str | None:
        raise NotImplementedError

    def broken(self, model: type[models.Model], today: datetime.date) -> Q:
        """The stored rows of `model` that break the rule."""
        raise NotImplementedError


@dataclass(frozen=True)
class NotFuture(Rule):
    """A day on which something happened: not after today."""

    field: str

    def error(self, model, get, today):
        value = get(self.field)
        if value is not None and value > today:
            return f"{_label(model, self.field)}（{_day(value)}）不能晚于今天"
        return None

    def broken(self, model, today):
        return Q(**{f"{self.field}__gt": today})


@dataclass(frozen=True)
class NotBefore(Rule):
    """A later day of the same row (an end, a planned next step, an approval): not before
    `earlier`. One row suffices, so the model also has it as a database constraint."""

    field: str
    earlier: str

    def error(self, model, get, today):
        value, earlier = get(self.field), get(self.earlier)
        if value is not None and earlier is not None and value < earlier:
            return (
                f"{_label(model, self.field)}（{_day(value)}）不能早于"
                f"{_label(model, self.earlier)}（{_day(earlier)}）"
            )
        return None

    def broken(self, model, today):
        return Q(**{f"{self.field}__lt": F(self.earlier)})

    def constraint(self, name: str) -> models.CheckConstraint:
        return models.CheckConstraint(
            # A blank earlier day makes the comparison NULL, which a CHECK lets pass.
            condition=Q(**{f"{self.field}__isnull": True})
            | Q(**{f"{self.field}__gte": F(self.earlier)}),
            name=name,
        )


@dataclass(frozen=True)
class InLife(Rule):
    """A day of the row that must lie inside the life of what `owner` (a foreign key, or a
    path of them: "home__union") points to. `by_month`: the day is a month (a monthly pay,
    kept as its first day), which counts when any of its days lies in the life: from the
    owner's first month to its last."""

    field: str
    owner: str
    by_month: bool = False

    def _owner(self, get: Values) -> Any:
        first, *rest = self.owner.split("__")
        owner = get(first)
        for step in rest:
            owner = _related(owner, step)
        return owner

    def error(self, model, get, today):
        value = get(self.field)
        owner = self._owner(get)
        if value is None or owner is None:
            return None
        life: Lifespan = type(owner).lifespan
        start, end = getattr(owner, life.start), getattr(owner, life.end)
        label = _label(model, self.field)
        shown = f"{value:%Y年%m月}" if self.by_month else _day(value)
        owner_model = type(owner)
        if start is not None and value < (start.replace(day=1) if self.by_month else start):
            return (
                f"{label}（{shown}）早于“{owner}”的"
                f"{_label(owner_model, life.start)}（{_day(start)}）"
            )
        if end is not None and (value > end.replace(day=1) if self.by_month else value >= end):
            return (
                f"{label}（{shown}）不在“{owner}”存续期内："
                f"其{_label(owner_model, life.end)}为{_day(end)}"
            )
        return None

    def owner_model(self, model: type[models.Model]) -> type[models.Model]:
        for step in self.owner.split("__"):
            model = model._meta.get_field(step).related_model
        return model

    def broken(self, model, today):
        life: Lifespan = self.owner_model(model).lifespan
        start, end = F(f"{self.owner}__{life.start}"), F(f"{self.owner}__{life.end}")
        if self.by_month:
            month = {"output_field": models.DateField()}
            return Q(**{f"{self.field}__lt": TruncMonth(start, **month)}) | Q(
                **{f"{self.field}__gt": TruncMonth(end, **month)}
            )
        return Q(**{f"{self.field}__lt": start}) | Q(**{f"{self.field}__gte": end})


@dataclass(frozen=True)
class YearInLife(InLife):
    """A year (a title's, a review's) that must not be after this one and must overlap the
    life of what `owner` points to: from the year it began to the year it ended."""

    def error(self, model, get, today):
        year = get(self.field)
        owner = self._owner(get)
        if year is None:
            return None
        label = _label(model, self.field)
        if year > today.year:
            return f"{label}（{year}）不能晚于今年"
        if owner is None:
            return None
        life: Lifespan = type(owner).lifespan
        start, end = getattr(owner, life.start), getattr(owner, life.end)
        if start is not None and year < start.year:
            since = _label(type(owner), life.start)
            return f"{label}（{year}）早于“{owner}”的{since}（{_day(start)}）"
        if end is not None and year > end.year:
            until = _label(type(owner), life.end)
            return f"{label}（{year}）晚于“{owner}”的{until}（{_day(end)}）"
        return None

    def broken(self, model, today):
        life: Lifespan = self.owner_model(model).lifespan
        start, end = (ExtractYear(f"{self.owner}__{name}") for name in (life.start, life.end))
        return (
            Q(**{f"{self.field}__gt": today.year})
            | Q(**{f"{self.field}__lt": start})
            | Q(**{f"{self.field}__gt": end})
        )


def _related(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def instance_values(obj: models.Model) -> Values:
    """The values of an instance, saved or not (an unset foreign key reads as None)."""
    return lambda name: _related(obj, name)


def merged_values(fields: dict[str, Any], obj: models.Model | None) -> Values:
    """The values an import would write: its own fields, the stored row's for the others."""

    def get(name: str) -> Any:
        if name in fields:
            return fields[name]
        return _related(obj, name)

    return get


def date_errors(
    model: type[models.Model], get: Values, today: datetime.date | None = None
) -> dict[str, list[str]]:
    """Every broken date rule of one row, by field."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    for rule in getattr(model, "date_rules", ()):
        message = rule.error(model, get, today)
        if message:
            errors.setdefault(rule.field, []).append(message)
    return errors


def validate_dates(obj: models.Model) -> None:
    """Raise a ValidationError (by field) when the row breaks a date rule of its model."""
    errors = date_errors(type(obj), instance_values(obj))
    if errors:
        raise ValidationError(errors)


def first_date_error(model: type[models.Model], get: Values) -> str | None:
    """The first broken rule of a row, as one sentence (for messages about a whole row)."""
    errors = date_errors(model, get)
    return next((messages[0] for messages in errors.values()), None)


class DateRulesMixin:
    """Mixed into a model with `date_rules`: its clean() — which model forms and the admin
    call — checks them, with the model's own checks (`row_errors`), all shown at once; and
    save() refuses a row that breaks them, whoever saves it (a service, a command, a
    generator). Bulk writers check before they write (the import engine's check_dates)."""

    date_rules: tuple[Rule, ...] = ()
    # The row feeds the annual statistics table, so an approved year closes it (core.closing).
    closes_with_annual_reports = True

    def row_errors(self) -> dict[str, str | list[str]]:
        """The model's own checks beyond its date rules, by field."""
        return {}

    def closing_error(self) -> tuple[str, str] | None:
        """The closed period (an approved year) this write would change, if any."""
        model = type(self)
        if not model.closes_with_annual_reports or not (periods := closing.closed_periods()):
            return None
        stored = None
        if self.pk is not None and not self._state.adding:
            stored = model._base_manager.filter(pk=self.pk).first()
        before = instance_values(stored) if stored is not None else None
        return closing.closing_error(model, before, instance_values(self), periods)

    def clean(self) -> None:
        super().clean()
        errors = {
            field: [messages] if isinstance(messages, str) else list(messages)
            for field, messages in self.row_errors().items()
        }
        for field, messages in date_errors(type(self), instance_values(self)).items():
            errors.setdefault(field, []).extend(messages)
        if not errors and (closed := self.closing_error()):
            errors[closed[0]] = [closed[1]]
        if errors:
            raise ValidationError(errors)

    def save(self, *args: Any, **kwargs: Any) -> None:
        validate_dates(self)
        if closed := self.closing_error():
            raise ValidationError({closed[0]: closed[1]})
        super().save(*args, **kwargs)


@receiver(pre_delete)
def refuse_deleting_a_closed_period(sender, instance, **kwargs) -> None:
    """A delete (one row, a bulk delete, a cascade, the admin's action) of a row dated in a
    closed period is refused like an edit."""
    closed = isinstance(instance, DateRulesMixin) and closing.closing_error(
        sender, instance_values(instance), None
    )
    if closed:
        raise ValidationError({closed[0]: closed[1]})


def dated_models() -> Iterator[type[models.Model]]:
    """Every model that declares date rules (the 数据问题 scan, the tests that walk them)."""
    for model in apps.get_models():
        if getattr(model, "date_rules", ()):
            yield model
