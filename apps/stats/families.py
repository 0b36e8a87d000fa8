"""The figures the ledgers of unions, employers and members give (DOMAIN.md "The year's
organizing work", "The statistics table"). Each family is one grouped query; the drill-down
parameters are the filters of the ledger lists (apps.unions / apps.members filtersets)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractMonth

from apps.members.filtersets import DISPATCHED, FEMALE, FIRST_MEMBERSHIP, MIGRANT, in_effect
from apps.members.models import Membership
from apps.unions.models import (
    NEW_SOCIAL_ORG_NATURES,
    NON_PUBLIC_NATURES,
    Coverage,
    Employer,
    Union,
)

from .figures import Family, Figure, Scope, register

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


def dual_measures(**more):
    return lambda scope: {"dual_measures_year": scope.year, **more}


def dual_status(status: str):
    return lambda scope: {
        "dual_measures_year": scope.year,
        "status": status,
        "status_on": day(scope.year_end),
    }


NON_PUBLIC = Q(nature__in=NON_PUBLIC_NATURES)
NEW_SOCIAL = Q(nature__in=NEW_SOCIAL_ORG_NATURES)
ORGANIZED = Q(has_own_union=True) | Q(is_covered=True)
OWN = Q(has_own_union=True)
COVERED = Q(has_own_union=False, is_covered=True)


def employer_figures(scope: Scope, branch):
    """单位 as of the day: operating employers, their organizing status on the day, and their
    employees (all, and of unionized employers: the base of 入会率)."""
    rows = (
        scope.rows(Employer)
        .operating(scope.as_of)
        .with_status(scope.as_of)
        .annotate(branch=branch("owner__path"))
        .order_by()
        .values("branch")
        .annotate(
            employers=Count("pk"),
            non_public=Count("pk", filter=NON_PUBLIC),
            new_social=Count("pk", filter=NEW_SOCIAL),
            taxi=Count("pk", filter=~Q(taxi_mode="")),
            labour_dispatch=Count("pk", filter=Q(is_labour_dispatch=True)),
            unionized=Count("pk", filter=ORGANIZED),
            own=Count("pk", filter=OWN),
            covered=Count("pk", filter=COVERED),
            non_public_unionized=Count("pk", filter=NON_PUBLIC & ORGANIZED),
            new_social_unionized=Count("pk", filter=NEW_SOCIAL & ORGANIZED),
            # Named apart from the columns they sum, which an aggregate may not shadow.
            sum_employees=Sum("employees"),
            sum_women=Sum("women"),
            sum_migrant_workers=Sum("migrant_workers"),
            unionized_employees=Sum("employees", filter=ORGANIZED),
            unionized_migrant_workers=Sum("migrant_workers", filter=ORGANIZED),
        )
    )
    for row in rows:
        row["employees"] = row.pop("sum_employees")
        row["women_employees"] = row.pop("sum_women")
        row["migrant_workers"] = row.pop("sum_migrant_workers")
        yield row


register(
    Family(
        "employers",
        "单位",
        (
            Figure("employers", "单位总数", "个", EMPLOYERS, as_of()),
            Figure("non_public", "其中非公企业", "个", EMPLOYERS, as_of(non_public=1)),
            Figure("new_social", "其中新社会组织", "个", EMPLOYERS, as_of(new_social_org=1)),
            Figure("taxi", "出租车企业", "个", EMPLOYERS, as_of(taxi=1)),
            Figure(
                "labour_dispatch", "劳务派遣单位", "个", EMPLOYERS,
                as_of(is_labour_dispatch="true"),
            ),
            Figure("unionized", "已建会单位", "个", EMPLOYERS, as_of(status="organized")),
            Figure("own", "其中单独建会", "个", EMPLOYERS, as_of(status="own")),
            Figure("covered", "其中联合工会涵盖", "个", EMPLOYERS, as_of(status="covered")),
            Figure("establishment_rate", "建会率", "%", rate=("unionized", "employers")),
            Figure(
                "non_public_unionized", "非公企业已建会", "个", EMPLOYERS,
                as_of(non_public=1, status="organized"),
            ),
            Figure(
                "non_public_rate", "非公企业建会率", "%",
                rate=("non_public_unionized", "non_public"),
            ),
            Figure(
                "new_social_unionized", "新社会组织已建会", "个", EMPLOYERS,
                as_of(new_social_org=1, status="organized"),
            ),
            Figure(
                "new_social_rate", "新社会组织建会率", "%",
                rate=("new_social_unionized", "new_social"),
            ),
            Figure("employees", "职工人数", "人", EMPLOYERS, as_of(), sum_field="employees"),
            Figure("women_employees", "其中女职工", "人", EMPLOYERS, as_of(), sum_field="women"),
            Figure(
                "migrant_workers", "其中农民工", "人", EMPLOYERS, as_of(),
                sum_field="migrant_workers",
            ),
            Figure(
                "unionized_employees", "已建会单位职工", "人", EMPLOYERS,
                as_of(status="organized"), sum_field="employees",
            ),
            Figure(
                "unionized_migrant_workers", "已建会单位农民工", "人", EMPLOYERS,
                as_of(status="organized"), sum_field="migrant_workers",
            ),
        ),
        employer_figures,
    )
)  # fmt: skip


def existing_on(on: datetime.date) -> Q:
    return (Q(founded_on__isnull=True) | Q(founded_on__lte=on)) & (
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on)
    )


def union_figures(scope: Scope, branch):
    """基层工会 (single and joint) existing on the day, and those founded in the year."""
    founded = Q(founded_on__gte=scope.year_start, founded_on__lte=scope.year_end)
    existing = existing_on(scope.as_of)
    return (
        scope.rows(Union)
        .grassroots()
        .annotate(branch=branch("path"))
        .order_by()
        .values("branch")
        .annotate(
            unions=Count("pk", filter=existing),
            joint=Count("pk", filter=existing & Q(level=Union.Level.JOINT)),
            new_unions=Count("pk", filter=founded),
        )
    )


register(
    Family(
        "unions",
        "基层工会",
        (
            Figure("unions", "基层工会数", "个", UNIONS, as_of()),
            Figure("joint", "其中联合基层工会", "个", UNIONS, as_of(level="joint")),
            Figure("new_unions", "本年新建基层工会", "个", UNIONS, in_year("founded")),
        ),
        union_figures,
    )
)


def member_figures(scope: Scope, branch):
    """会员: memberships in effect on the day (a transfer moves the person on its date), and
    the people who first joined in the year. One pass over the memberships."""
    member = in_effect(scope.as_of)
    new = Q(joined_on__gte=scope.year_start, joined_on__lte=scope.year_end) & FIRST_MEMBERSHIP
    # Memberships that ended before both the day and the year began count for nothing.
    cut = min(scope.as_of, scope.year_start - datetime.timedelta(days=1))
    return (
        scope.rows(Membership)
        .filter(Q(joined_on__lte=scope.as_of), Q(left_on__isnull=True) | Q(left_on__gt=cut))
        .annotate(branch=branch("union__path"))
        .order_by()
        .values("branch")
        .annotate(
            members=Count("pk", filter=member),
            women_members=Count("pk", filter=member & FEMALE),
            migrant_members=Count("pk", filter=member & MIGRANT),
            dispatched_members=Count("pk", filter=member & DISPATCHED),
            new_members=Count("pk", filter=new),
            new_migrant_members=Count("pk", filter=new & MIGRANT),
        )
    )


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
            Figure("membership_rate", "入会率", "%", rate=("members", "unionized_employees")),
            Figure(
                "migrant_membership_rate", "农民工入会率", "%",
                rate=("migrant_members", "unionized_migrant_workers"),
            ),
            Figure(
                "new_members", "本年新发展会员", "人", MEMBERSHIPS, in_year("joined", first=1)
            ),
            Figure(
                "new_migrant_members", "其中农民工", "人", MEMBERSHIPS,
                in_year("joined", first=1, migrant=1),
            ),
        ),
        member_figures,
    )
)  # fmt: skip


def coverage_figures(scope: Scope, branch):
    """新增涵盖单位: employers with a coverage by a joint union that began in the year."""
    started = Coverage.objects.filter(
        employer=OuterRef("pk"), start_on__gte=scope.year_start, start_on__lte=scope.year_end
    )
    return (
        scope.rows(Employer)
        .filter(Exists(started))
        .annotate(branch=branch("owner__path"))
        .order_by()
        .values("branch")
        .annotate(new_covered=Count("pk"))
    )


register(
    Family(
        "coverage",
        "本年新增涵盖",
        (Figure("new_covered", "本年新增涵盖单位", "个", EMPLOYERS, in_year("covered")),),
        coverage_figures,
    )
)


def dual_measure_figures(scope: Scope, branch):
    """双措并举: the year's list (paid the fund before the year, no union on 1 January), and
    where each stands at the year's end (or the as-of day): own union, covered, still open —
    the same list as the 双措并举 page (EmployerQuerySet.fund_paid_unorganized)."""
    return (
        scope.rows(Employer)
        .fund_paid_unorganized(scope.year)
        .with_status(scope.year_end)
        .annotate(branch=branch("owner__path"))
        .order_by()
        .values("branch")
        .annotate(
            fund_at_start=Count("pk"),
            fund_own=Count("pk", filter=OWN),
            fund_covered=Count("pk", filter=COVERED),
            fund_open=Count("pk", filter=~Q(has_own_union=True) & ~Q(is_covered=True)),
        )
    )


register(
    Family(
        "dual_measures",
        "双措并举",
        (
            Figure("fund_at_start", "年初已缴筹备金未建会", "个", EMPLOYERS, dual_measures()),
            Figure("fund_own", "其中本年单独建会", "个", EMPLOYERS, dual_status("own")),
            Figure("fund_covered", "其中本年涵盖", "个", EMPLOYERS, dual_status("covered")),
            Figure("fund_open", "已缴筹备金尚未建会", "个", EMPLOYERS, dual_status("none")),
        ),
        dual_measure_figures,
    )
)


def monthly(scope: Scope) -> list[dict]:
    """New grassroots unions and new members by month of the year, up to the as-of day (two
    grouped queries). Each month carries the drill-down parameters of its two counts."""
    start, end = scope.year_start, scope.year_end
    months = range(1, end.month + 1) if end >= start else range(0)
    unions = dict(
        scope.rows(Union)
        .grassroots()
        .filter(founded_on__gte=start, founded_on__lte=end)
        .annotate(month=ExtractMonth("founded_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    members = dict(
        scope.rows(Membership)
        .filter(FIRST_MEMBERSHIP, joined_on__gte=start, joined_on__lte=end)
        .annotate(month=ExtractMonth("joined_on"))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    result = []
    for month in months:
        first = datetime.date(scope.year, month, 1)
        last = min(end, (first + datetime.timedelta(days=32)).replace(day=1)
                   - datetime.timedelta(days=1))  # fmt: skip
        result.append(
            {
                "month": month,
                "unions": unions.get(month, 0),
                "members": members.get(month, 0),
                "first": first,
                "last": last,
            }
        )
    return result
