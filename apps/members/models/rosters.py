"""年度更新: the yearly confirmation of a grassroots union's roster (花名册), and the grassroots
unions that owe one, annotated with where their roster stands.

The 年度更新 page lists unions, not confirmations (an unconfirmed union has none), so its rows
are the grassroots unions annotated with the year's confirmation and the roster's facts, each
one correlated subquery on an indexed column: no query per row at 30,000 unions. The day a
roster last changed is kept on the union itself (`Union.roster_changed_on`, written by
apps.members.services), so counting stale rosters over a city reads no memberships.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import LessThan
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from .members import MembershipStatus
from .memberships import Membership


class RosterConfirmation(DateRulesMixin, models.Model):
    """年度更新: a grassroots union confirms, once a year, that its roster is true."""

    scope_path = "union__path"
    date_rules = (NotFuture("confirmed_on"), InLife("confirmed_on", "union"))

    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.CASCADE, related_name="roster_confirmations"
    )
    year = models.PositiveSmallIntegerField("年度")
    confirmed_on = models.DateField("确认日期")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="确认人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    members = models.PositiveIntegerField("确认时会员数")
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "花名册年度确认"
        ordering = ["-year", "union"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="roster_confirmed_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}年花名册确认"


def year_ago(day: datetime.date) -> datetime.date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def roster_year_choices() -> list[tuple[str, str]]:
    """This year and the four before it (a late confirmation is still recorded)."""
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year, this_year - 5, -1)]


def active_members() -> Coalesce:
    """Members whose membership in the outer union is active (正常), counted on the
    (union, status) index alone."""
    members = (
        Membership.objects.filter(union=OuterRef("pk"), status=MembershipStatus.ACTIVE)
        .order_by()
        .values("union")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members), 0)


def is_stale(today: datetime.date) -> LessThan:
    """The outer union's roster has not changed since a year before `today`; a union without
    memberships counts from its founding day (or is stale when that is unknown). The last
    change is the union's own `roster_changed_on`, which the member services keep."""
    since = Coalesce(F("roster_changed_on"), F("founded_on"), Value(datetime.date.min))
    return LessThan(since, year_ago(today))


def year_confirmation(year: int) -> models.QuerySet:
    return RosterConfirmation.objects.filter(union=OuterRef("pk"), year=year).order_by()


def roster_unions(year: int, *, today: datetime.date) -> models.QuerySet:
    """The grassroots and joint unions that owe a roster for `year`, each annotated with:

    active_members, stale -- see the functions of those names
    last_change     -- the roster's last change (Union.roster_changed_on)
    confirmed_on, confirmed_by_name, confirmation_note -- the year's confirmation, if any
    roster_year     -- `year`, for the row's links
    """
    year_end = datetime.date(year, 12, 31)
    confirmation = year_confirmation(year)
    confirmer = Coalesce(NullIf("confirmed_by__display_name", Value("")), "confirmed_by__username")
    return (
        Union.objects.grassroots()
        .active(min(today, year_end))
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=year_end))
        .select_related("parent__parent")
        .annotate(
            active_members=active_members(),
            last_change=F("roster_changed_on"),
            stale=models.ExpressionWrapper(is_stale(today), output_field=models.BooleanField()),
            confirmed_on=Subquery(confirmation.values("confirmed_on")[:1]),
            confirmed_by_name=Subquery(confirmation.values(name=confirmer)[:1]),
            confirmation_note=Subquery(confirmation.values("note")[:1]),
            roster_year=Value(year, output_field=models.IntegerField()),
        )
    )


def roster_counts(queryset: models.QuerySet, year: int, *, today: datetime.date) -> dict[str, int]:
    """应确认, 已确认, 未确认, 一年以上未变动 over the unions of `queryset`, in one query.

    The conditions are written out rather than read from the list's annotations: an aggregate
    over an annotated queryset would compute every annotation of every row first.
    """
    unions = Union.objects.filter(pk__in=queryset.values("pk"))
    counts = unions.aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=Exists(year_confirmation(year))),
        stale=Count("pk", filter=is_stale(today)),
    )
    counts["unconfirmed"] = counts["total"] - counts["confirmed"]
    return counts
