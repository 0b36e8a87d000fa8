"""工会组织: the unions' figures (grassroots unions by kind, founded in the year, by month).

The figure declarations keep `# fmt: skip`: laid out as tables, a figure a line, they are
read and compared as tables."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from apps.unions.models import KIND_NATURES, EmployerKind, Union

from ..figures import Family, Figure, Scope, register
from .common import (
    MONTHS,
    UNIONS,
    as_of,
    compared_days,
    in_month,
    in_year,
    month_key,
    month_span,
    selected,
)


def existing_on(on: datetime.date) -> Q:
    return (Q(founded_on__isnull=True) | Q(founded_on__lte=on)) & (
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
    )


def founded_in(span: tuple[datetime.date, datetime.date]) -> Q:
    return Q(founded_on__gte=span[0], founded_on__lte=span[1])


def kind_key(kind: str) -> str:
    return f"unions_{kind}"


def union_figures(scope: Scope, branch, previous: Scope | None = None, keys=None):
    """基层工会 (single and joint) existing on the day, of them by their employer's kind (a
    joint union has no employer of its own), and those founded in the year (by month); with
    `previous`, that day's and year's figures too (without months), in the same pass."""
    days = compared_days(scope, previous)
    counts = {}
    for day, suffix in days:
        existing = existing_on(day.as_of)
        counts.update({
            f"unions{suffix}": Count("pk", filter=existing),
            f"joint{suffix}": Count("pk", filter=existing & Q(level=Union.Level.JOINT)),
            f"new_unions{suffix}": Count(
                "pk", filter=founded_in((day.year_start, day.year_end))
            ),
            f"women_committees{suffix}": Count(
                "pk", filter=existing & Q(has_women_committee=True)
            ),
            f"funds_audit_committees{suffix}": Count(
                "pk", filter=existing & Q(has_funds_audit_committee=True)
            ),
            **{
                f"{kind_key(kind)}{suffix}": Count(
                    "pk", filter=existing & Q(employer__nature__in=natures)
                )
                for kind, natures in KIND_NATURES.items()
            },
        })  # fmt: skip
    for m in MONTHS:
        counts[month_key("new_unions", m)] = Count("pk", filter=founded_in(month_span(scope, m)))
    return (
        scope.rows(Union)
        .grassroots()
        .annotate(branch=branch("path"))
        .order_by()
        .values("branch")
        .annotate(**selected(counts, keys))
    )


register(
    Family(
        "unions",
        "基层工会",
        (
            Figure("unions", "基层工会数", "个", UNIONS, as_of()),
            Figure("joint", "其中联合基层工会", "个", UNIONS, as_of(level="joint")),
            *(
                Figure(
                    kind_key(kind),
                    f"其中{kind.label}",
                    "个",
                    UNIONS,
                    as_of(employer_kind=kind.value),
                )
                for kind in EmployerKind
            ),
            Figure("new_unions", "本年新建基层工会", "个", UNIONS, in_year("founded")),
            *(
                Figure(
                    month_key("new_unions", m),
                    f"{m}月新建基层工会",
                    "个",
                    UNIONS,
                    in_month("founded", m),
                )
                for m in MONTHS
            ),  # fmt: skip
            Figure(
                "women_committees",
                "女职工委员会数",
                "个",
                UNIONS,
                as_of(has="has_women_committee"),
            ),
            Figure(
                "funds_audit_committees",
                "经费审查委员会数",
                "个",
                UNIONS,
                as_of(has="has_funds_audit_committee"),
            ),
        ),
        union_figures,
        compares=True,
        selects=True,
    )
)
