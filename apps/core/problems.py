"""数据问题: the stored rows that break a date rule (apps.core.lifecycle), found by the rules
themselves as query conditions — one query per rule — so the list, its export, the command
and the standardization engine's count all say the same."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import models
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .lifecycle import InLife, Rule, dated_models, instance_values
from .registry import has_model_view, model_url_name

# The rows a caller may see of a model: a user's scope, a county's subtree, everything.
Rows = Callable[[type[models.Model]], models.QuerySet]


@dataclass(frozen=True)
class BrokenRule:
    """One rule of one model, with the stored rows that break it."""

    model: type[models.Model]
    rule: Rule
    rows: models.QuerySet

    @property
    def label(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def field_label(self) -> str:
        return str(self.model._meta.get_field(self.rule.field).verbose_name)


@dataclass(frozen=True)
class Problem:
    row: models.Model
    kind: str  # the ledger, e.g. 会籍
    message: str
    url: str  # the page that fixes it
    owner_path: str  # the path of the union that owns the row (its county: the first two nodes)


def broken_rules(rows: Rows, today: datetime.date | None = None) -> Iterator[BrokenRule]:
    today = today or timezone.localdate()
    for model in dated_models():
        for rule in model.date_rules:
            yield BrokenRule(model, rule, rows(model).filter(rule.broken(model, today)))


def visible_rows(user) -> Rows:
    def rows(model: type[models.Model]) -> models.QuerySet:
        manager = model._default_manager
        return manager.visible_to(user) if hasattr(manager, "visible_to") else manager.none()

    return rows


def subtree_rows(path: str) -> Rows:
    """Every row under a node of the union tree ('' for the whole tree: the command)."""

    def rows(model: type[models.Model]) -> models.QuerySet:
        manager = model._default_manager
        return manager.in_subtree(path) if path else manager.all()

    return rows


def problems(broken: BrokenRule, limit: int | None = None) -> Iterator[Problem]:
    """The rows breaking one rule, each with the sentence saying why and where to fix it."""
    today = timezone.localdate()
    lookup = broken.model.scope_path
    lookup = lookup if isinstance(lookup, str) else lookup[0]
    rows = broken.rows.annotate(owner_path=F(lookup)).order_by("pk")
    if isinstance(broken.rule, InLife):
        rows = rows.select_related(broken.rule.owner)
    for row in rows[:limit] if limit else rows.iterator(chunk_size=2000):
        message = broken.rule.error(broken.model, instance_values(row), today) or ""
        yield Problem(row, broken.label, message, fix_url(row), row.owner_path)


def fix_url(row: models.Model) -> str:
    if has_model_view(type(row), "edit"):
        try:
            return reverse(model_url_name(type(row), "edit"), args=[row.pk])
        except NoReverseMatch:
            pass
    return row.get_absolute_url()
