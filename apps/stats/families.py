"""The figures the ledgers of unions, employers and members give (DOMAIN.md "The year's
organizing work", "The statistics table"). Each family is one grouped query; the drill-down
parameters are the filters of the ledger lists (apps.unions / apps.members filtersets).

The figure declarations and count tables keep `# fmt: skip`: laid out as tables, a
figure a line, they are read and compared as tables."""

from __future__ import annotations

import datetime

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)

from apps.members.filtersets import IN_JOINT_UNION, in_effect
from apps.members.models import Membership
from apps.unions.models import (
    KIND_NATURES,
    NEW_SOCIAL_ORG_NATURES,
    NON_PUBLIC_NATURES,
    Coverage,
    Employer,
    EmployerKind,
    OrganizingStatus,
    Union,
    operating_on,
)

from .figures import Family, Figure, Scope, previous_key, register

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
KIND = Case(
    When(nature__in=NON_PUBLIC_NATURES, then=Value(NON_PUBLIC)),
    When(nature__in=NEW_SOCIAL_ORG_NATURES, then=Value(NEW_SOCIAL)),
    default=Value(""),
)


def employer_figures(scope: Scope, branch, previous: Scope | None = None):
    """单位 as of the day: operating employers, their organizing status on the day, and their
    employees (all, and of unionized employers: the base of 入会率); with `previous`, the same
    for that day in the same pass.

    Status and kind are grouped on, not filtered on: every reference to an annotation repeats
    its SQL, and grouping on the nature column itself makes SQLite walk the nature index and
    fetch every employer out of order. The few
    groups are folded here.
    """
    days = compared_days(scope, previous)
    as_of = [d.as_of for d, _ in days]
    employers = scope.rows(Employer).operating_between(min(as_of), max(as_of))
    keys = ["branch", "kind", "is_taxi", "is_labour_dispatch"]
    for n, (day_scope, _) in enumerate(days):
        operating = operating_on(day_scope.as_of)
        employers = employers.with_status(
            day_scope.as_of, whole_sets=True, prefix=f"day{n}_"
        ).annotate(**{f"day{n}_operating": ExpressionWrapper(operating, BooleanField())})
        keys += [f"day{n}_status", f"day{n}_operating"]
    groups = (
        employers.annotate(branch=branch("owner__path"), kind=KIND, is_taxi=~Q(taxi_mode=""))
        .order_by()
        .values(*keys)
        .annotate(
            n=Count("pk"),
            sum_employees=Sum("employees"),
            sum_women=Sum("women"),
            sum_migrant_workers=Sum("migrant_workers"),
        )
    )
    rows: dict[str, dict[str, int]] = {}
    for g in groups:
        row = rows.setdefault(g["branch"], {"branch": g["branch"]})
        for n, (_, suffix) in enumerate(days):
            if g[f"day{n}_operating"]:
                fold_employers(row, g, g[f"day{n}_status"], suffix)
    return rows.values()


def fold_employers(row: dict[str, int], g: dict, status: str, suffix: str) -> None:
    n, employees, migrant = g["n"], g["sum_employees"] or 0, g["sum_migrant_workers"] or 0
    non_public, new_social = g["kind"] == NON_PUBLIC, g["kind"] == NEW_SOCIAL
    values = {
        "employers": n, "employees": employees, "women_employees": g["sum_women"] or 0,
        "migrant_workers": migrant, "non_public": n * non_public, "new_social": n * new_social,
        "taxi": n * g["is_taxi"], "labour_dispatch": n * g["is_labour_dispatch"],
        "own": n * (status == OrganizingStatus.OWN),
        "covered": n * (status == OrganizingStatus.COVERED),
    }  # fmt: skip
    if status != OrganizingStatus.NONE:
        values.update(
            unionized=n, non_public_unionized=n * non_public,
            new_social_unionized=n * new_social, unionized_employees=employees,
            unionized_migrant_workers=migrant,
        )  # fmt: skip
    add(row, **{f"{key}{suffix}": value for key, value in values.items()})


def add(row: dict[str, int], **values: int) -> None:
    for key, value in values.items():
        row[key] = row.get(key, 0) + int(value)


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
        compares=True,
    )
)  # fmt: skip


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
    the same list as the 双措并举 page (EmployerQuerySet.fund_paid_unorganized). Grouped on
    the status, as the employers' figures are."""
    closed = ExpressionWrapper(Q(closed_on__lte=scope.year_end), BooleanField())
    groups = (
        scope.rows(Employer)
        .fund_paid_unorganized(scope.year)
        .with_status(scope.year_end, whole_sets=True)
        .annotate(branch=branch("owner__path"), closed=closed)
        .order_by()
        .values("branch", "status", "closed")
        .annotate(n=Count("pk"))
    )
    rows: dict[str, dict[str, int]] = {}
    for g in groups:
        row = rows.setdefault(g["branch"], {"branch": g["branch"]})
        add(row, fund_at_start=g["n"], **{dual_outcome(g["status"], g["closed"]): g["n"]})
        add(row, fund_unionized=g["n"] * (g["status"] != OrganizingStatus.NONE))
    return rows.values()


def dual_outcome(status: str, closed: bool) -> str:
    """Where a 双措并举 employer stands: unionized (own, covered), closed without a union
    (its own outcome, not 尚未建会), or still open."""
    if status == OrganizingStatus.OWN:
        return "fund_own"
    if status == OrganizingStatus.COVERED:
        return "fund_covered"
    return "fund_closed" if closed else "fund_open"


register(
    Family(
        "dual_measures",
        "双措并举",
        (
            Figure("fund_at_start", "年初已缴筹备金未建会", "个", EMPLOYERS, dual_measures()),
            Figure("fund_own", "其中本年单独建会", "个", EMPLOYERS, dual_status("own")),
            Figure("fund_covered", "其中本年涵盖", "个", EMPLOYERS, dual_status("covered")),
            Figure("fund_closed", "其中未建会已注销", "个", EMPLOYERS, dual_status("none", "1")),
            Figure("fund_open", "已缴筹备金尚未建会", "个", EMPLOYERS, dual_status("none", "0")),
            Figure("fund_unionized", "其中本年已建会", "个", EMPLOYERS, dual_status("organized")),
            Figure(
                "fund_unionized_rate",
                "已缴筹备金单位建会率",
                "%",
                rate=("fund_unionized", "fund_at_start"),
            ),  # fmt: skip
        ),
        dual_measure_figures,
    )
)
