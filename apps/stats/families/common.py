"""What every figure family shares: the drill-down links (a figure's ledger list and its
filters), the months, the days compared and the grouped membership counts."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from apps.members.models import Membership

from ..figures import Scope, previous_key

PREVIOUS = previous_key("")

EMPLOYERS = "unions:employer_list"
UNIONS = "unions:union_list"
MEMBERSHIPS = "stats:membership_list"


def day(value: datetime.date) -> str:
    return value.isoformat()


def as_of(**more):
    return lambda scope: {"as_of": day(scope.as_of), **more}


def in_year(name: str, **more):
    """A date-range filter over the year's events (1 January to the as-of day at most)."""
    return lambda scope: {
        f"{name}_after": day(scope.year_start),
        f"{name}_before": day(scope.year_end),
        **more,
    }


MONTHS = range(1, 13)


def month_span(scope: Scope, month: int) -> tuple[datetime.date, datetime.date]:
    """A month of the scope's year, cut at the as-of day (empty, first > last, after it)."""
    first = datetime.date(scope.year, month, 1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, min(following - datetime.timedelta(days=1), scope.year_end)


def in_month(name: str, month: int, **more):
    def params(scope: Scope) -> dict:
        first, last = month_span(scope, month)
        return {f"{name}_after": day(first), f"{name}_before": day(last), **more}

    return params


def month_key(figure: str, month: int) -> str:
    return f"{figure}_{month:02d}"


def dual_measures(**more):
    return lambda scope: {"dual_measures_year": scope.year, **more}


def dual_status(status: str, closed: str = ""):
    """The 双措并举 list by where it stands at the year's end; `closed` "1" / "0": closed by
    then, or not (an employer that closed without a union is not 尚未建会)."""
    return lambda scope: {
        "dual_measures_year": scope.year,
        "status": status,
        "status_on": day(scope.year_end),
        **({"closed": closed} if closed else {}),
    }


def compared_days(scope: Scope, previous: Scope | None) -> list[tuple[Scope, str]]:
    """The days a comparing family counts in one pass, with the suffix of their keys."""
    return [(scope, "")] + ([(previous, PREVIOUS)] if previous else [])


def selected(counts: dict, keys: set[str] | None) -> dict:
    """The counts of the figures asked for (every one without `keys`), on every day counted."""
    if keys is None:
        return counts
    return {k: v for k, v in counts.items() if k.removesuffix(PREVIOUS) in keys}


def memberships_where(condition: Q) -> Count:
    """The number of memberships meeting the condition, counted on their union (never null):
    the union is in the new members' covering index, so PostgreSQL answers from the index
    alone (half the time of COUNT(id), which reads every row; Django allows no COUNT(*) with
    a filter)."""
    return Count("union", filter=condition or None)


def memberships_by_row(scope: Scope, group, where: Q, counts: dict):
    """The counts over the memberships in scope that `where` keeps, grouped on `group` (the
    row's path prefix, or the union's path: compute() cuts it to the row)."""
    return (
        scope.rows(Membership)
        .filter(where)
        .annotate(branch=group)
        .order_by()
        .values("branch")
        .annotate(**counts)
    )


NON_PUBLIC, NEW_SOCIAL = "non_public", "new_social"
# Grouped on as an expression: grouping on the nature column itself makes SQLite walk the
# nature index and fetch every employer row out of order.
