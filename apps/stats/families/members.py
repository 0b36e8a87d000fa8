"""会员: members as of a day and the members new in the year (by month).

The figure declarations keep `# fmt: skip`: laid out as tables, a figure a line, they are
read and compared as tables."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import F, Q

from apps.members.filtersets import IN_JOINT_UNION, in_effect

from ..figures import Family, Figure, Scope, register
from .common import (
    MEMBERSHIPS,
    MONTHS,
    as_of,
    compared_days,
    in_month,
    in_year,
    memberships_by_row,
    memberships_where,
    month_key,
    month_span,
    selected,
)

# The member's facts as copied onto each membership (Membership.female, …): the drill-down
# lists filter on the member's own fields (apps.members.filtersets), so a copy gone stale
# shows as a count that disagrees with its list (tests/stats/test_drilldown.py).
FEMALE, MIGRANT, DISPATCHED, FIRST = (
    Q(female=True), Q(migrant=True), Q(dispatched=True), Q(first=True),
)  # fmt: skip


def member_figures(scope: Scope, branch, previous: Scope | None = None, keys=None):
    """会员: memberships in effect on the day (a transfer moves the person on its date), and of
    them women, migrant workers, dispatched workers and those in joint unions. One pass over
    the memberships (the table of a million rows), for the day and, if asked, the `previous`
    one (the dashboards' same day last year). The member's facts are read from their copies
    on the membership, so the pass joins the 31,000 unions but not the million members (it
    did, and took twice the time on PostgreSQL). Grouped on the row only: PostgreSQL cannot
    estimate groups of facts and sorted a million rows on disk for them, where counts with
    a filter each cost a comparison per row: so only the figures asked for are counted (the
    dashboards show two of the five)."""
    days = compared_days(scope, previous)
    counts = {}
    for day, suffix in days:
        # One day: the pass keeps only the memberships in effect on it (`where` below), so
        # they are not asked again for each count.
        member = in_effect(day.as_of) if previous else Q()
        counts.update({
            f"members{suffix}": memberships_where(member),
            f"women_members{suffix}": memberships_where(member & FEMALE),
            f"migrant_members{suffix}": memberships_where(member & MIGRANT),
            f"dispatched_members{suffix}": memberships_where(member & DISPATCHED),
            f"joint_members{suffix}": memberships_where(member & IN_JOINT_UNION),
        })  # fmt: skip
    # Memberships that ended before every day asked for count for nothing.
    last = max(day.as_of for day, _ in days)
    cut = min(day.as_of for day, _ in days)
    where = Q(joined_on__lte=last) & (Q(left_on__isnull=True) | Q(left_on__gt=cut))
    # SQLite reads the memberships union by union in path order: grouped on the union's path,
    # it needs no sort of the million rows; PostgreSQL
    # hashes the rows' prefixes faster than 31,000 paths.
    group = F("union__path") if connection.vendor == "sqlite" else branch("union__path")
    return memberships_by_row(scope, group, where, selected(counts, keys))


register(
    Family(
        "members",
        "会员",
        (
            Figure("members", "会员人数", "人", MEMBERSHIPS, as_of()),
            Figure("women_members", "其中女会员", "人", MEMBERSHIPS, as_of(female=1)),
            Figure("migrant_members", "其中农民工会员", "人", MEMBERSHIPS, as_of(migrant=1)),
            Figure(
                "dispatched_members", "其中劳务派遣工会员", "人", MEMBERSHIPS,
                as_of(dispatched=1),
            ),
            Figure(
                "joint_members", "联合基层工会会员", "人", MEMBERSHIPS, as_of(joint=1),
            ),
            Figure("membership_rate", "入会率", "%", rate=("members", "unionized_employees")),
            Figure(
                "migrant_membership_rate", "农民工入会率", "%",
                rate=("migrant_members", "unionized_migrant_workers"),
            ),
        ),
        member_figures,
        compares=True,
        selects=True,
    )
)  # fmt: skip


def joined_in(span: tuple[datetime.date, datetime.date]) -> Q:
    return Q(joined_on__gte=span[0], joined_on__lte=span[1])


def new_member_figures(scope: Scope, branch, previous: Scope | None = None, keys=None):
    """新发展会员: the people who first joined in the year (up to the as-of day), of them
    migrant workers, and by month; with `previous`, that year's count too (without months).
    A pass of its own over the first memberships joined in those years only (the partial
    index membership_first_union), not over every membership of the city: target scoring
    asks for these figures alone."""
    days = compared_days(scope, previous)
    counts = {}
    for day, suffix in days:
        new = joined_in((day.year_start, day.year_end))
        counts.update({
            f"new_members{suffix}": memberships_where(new),
            f"new_migrant_members{suffix}": memberships_where(new & MIGRANT),
        })  # fmt: skip
    for m in MONTHS:
        counts[month_key("new_members", m)] = memberships_where(joined_in(month_span(scope, m)))
    earliest = min(day.year_start for day, _ in days)
    latest = max(day.year_end for day, _ in days)
    where = FIRST & joined_in((earliest, latest))
    return memberships_by_row(scope, branch("union__path"), where, selected(counts, keys))


register(
    Family(
        "new_members",
        "本年新发展会员",
        (
            Figure(
                "new_members", "本年新发展会员", "人", MEMBERSHIPS, in_year("joined", first=1)
            ),
            Figure(
                "new_migrant_members", "其中农民工", "人", MEMBERSHIPS,
                in_year("joined", first=1, migrant=1),
            ),
            *(
                Figure(month_key("new_members", m), f"{m}月新发展会员", "人", MEMBERSHIPS,
                       in_month("joined", m, first=1))
                for m in MONTHS
            ),  # fmt: skip
        ),
        new_member_figures,
        compares=True,
        selects=True,
    )
)  # fmt: skip
