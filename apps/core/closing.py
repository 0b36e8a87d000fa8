"""关账: the figures of a year whose annual report the city approved never change behind
anyone's back.

An approved statistics table closes its organization's subtree through its 统计截止日期: from
then on a write that would change a figure as of that day — a row created or deleted with a
date on or before it, a date moved from or to such a day, a row dated so moved to another
owner — is refused with a message naming the report, on every write path (the same check runs
in `DateRulesMixin.clean` and `save`, before any delete, and in the import engine). The city
reopens the report to let a correction in (apps.reports.services.reopen, recorded).

Undated facts (a name, an employer's typed headcount) are current values by definition
(README 数据口径) and are not refused. Core does not know the reports: the reports app
registers where the closed periods come from (`register`).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models

Values = Callable[[str], Any]


@dataclass(frozen=True)
class ClosedPeriod:
    path: str  # the reporting organization's subtree
    through: datetime.date  # its approved table's 统计截止日期
    name: str  # the approved table, as the message names it


_sources: list[Callable[[], Iterable[ClosedPeriod]]] = []


def register(source: Callable[[], Iterable[ClosedPeriod]]) -> None:
    _sources.append(source)


def closed_periods() -> list[ClosedPeriod]:
    return [period for source in _sources for period in source()]


def _dated_fields(model: type[models.Model]) -> tuple[list[str], list[str]]:
    """The model's date (and year) fields its rules name, and the owners they hang on."""
    dates, owners = [], []
    for rule in model.date_rules:
        for name in (rule.field, getattr(rule, "earlier", None)):
            if name and name not in dates:
                dates.append(name)
        owner = getattr(rule, "owner", "").split("__")[0]
        if owner and owner not in owners:
            owners.append(owner)
    return dates, owners


def _as_day(value: Any) -> datetime.date | None:
    if isinstance(value, int):  # a year field (a review's, a title's): its first day
        return datetime.date(value, 1, 1)
    return value


def _paths(model: type[models.Model], get: Values) -> list[str]:
    spec = getattr(model, "closing_path", None) or model.scope_path
    found = []
    for dotted in (spec,) if isinstance(spec, str) else spec:
        steps = dotted.split("__")
        value: Any = get(steps[0])
        for step in steps[1:]:
            value = getattr(value, step, None) if value is not None else None
        if value:
            found.append(value)
    return found


def closing_error(
    model: type[models.Model],
    before: Values | None,
    after: Values | None,
    periods: list[ClosedPeriod] | None = None,
) -> tuple[str, str] | None:
    """(field, message) when this write touches a closed period: `before` is the stored row
    (None for a new one), `after` the row as written (None for a delete)."""
    if not getattr(model, "closes_with_annual_reports", False):
        return None
    periods = closed_periods() if periods is None else periods
    if not periods:
        return None
    dates, owners = _dated_fields(model)
    rows = [get for get in (before, after) if get is not None]
    if before is None or after is None:  # created or deleted: every date of the row
        touched = [(name, rows[0](name), "") for name in dates]
    else:  # changed: the dates that move (new, then old), or all when the row changes owner
        moved_owner = any(_key(before(o)) != _key(after(o)) for o in owners)
        moving = [name for name in dates if moved_owner or before(name) != after(name)]
        touched = [(name, after(name), "") for name in moving]
        touched += [(name, before(name), "原") for name in moving]
    paths = {path for get in rows for path in _paths(model, get)}
    for period in periods:
        if not any(path.startswith(period.path) for path in paths):
            continue
        for name, value, was in touched:
            day = _as_day(value)
            if day is not None and day <= period.through:
                label = was + str(model._meta.get_field(name).verbose_name)
                shown = f"{value}年" if isinstance(value, int) else f"{day:%Y-%m-%d}"
                return name, (
                    f"{label}（{shown}）不晚于已审核的“{period.name}”的统计截止日期"
                    f"（{period.through:%Y-%m-%d}）：该年度的数据已锁定，不能新增、修改或删除"
                    "这一时期的记录。如确需更正，请市总工会重新打开该报表。"
                )
    return None


def _key(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value
