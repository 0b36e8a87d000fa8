"""Check rules over cadres and chair elections (DESIGN.md "Rules as data").

A rule is a named entry — code, Chinese label, standardization category — with a function
that evaluates many unions at once: it receives a queryset of unions and a date, runs one
query, and yields (union pk, union name, union path, evidence) for every union it finds at
fault. Adding a rule is adding one decorated function; issue 6's standardization engine can
walk `RULES` the same way `findings()` does.

    @rule("cadres.no_full_time_chair", "未配备专职主席", category="cadres")
    def no_full_time_chair(unions, on): ...

The app's yearly parameters are registered here too, and the assistants' pay check
(协理员待遇核查), which looks at every month of every assistant rather than at unions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from apps.unions import parameters
from apps.unions.models import Coverage, Union

from .models import Assistant, AssistantPayment, Election, Position

# The app's yearly parameters, in the order the parameters page lists them.
QUOTA_NON_PUBLIC = parameters.register(
    "cadres.agreement_quota_non_public",
    "主席协议管理试点任务（非公企业）",
    default=2,
    unit="个",
    per_county=True,
)
QUOTA_REGIONAL = parameters.register(
    "cadres.agreement_quota_regional",
    "主席协议管理试点任务（区域性、行业性工会）",
    default=1,
    unit="个",
    per_county=True,
)

STANDARD_SALARY = parameters.register(
    "cadres.assistant_standard_salary", "工会协理员月工资标准", default=3000, unit="元/月"
)

FULL_TIME_CHAIR_EMPLOYEES = parameters.register(
    "cadres.full_time_chair_employees",
    "须配备专职主席的职工人数",
    default=200,
    unit="人",
    help_text="职工人数达到此数的基层工会应配备专职工会主席",
)

FULL_TIME_RATIO_EMPLOYEES = parameters.register(
    "cadres.full_time_ratio_employees",
    "按千分之三配备专职干部的职工人数起点",
    default=200,
    unit="人",
    help_text="达到此职工人数的基层工会，专职干部按职工人数的千分之三配备，不足1人按1人",
)

TERM_YEARS = parameters.register(
    "cadres.term_years",
    "基层工会委员会每届任期",
    default=5,
    unit="年",
    help_text="没有选举记录（或选举未填任期届满日期）时，按本届委员会任职日期加此年数判断届满",
)

MIN_COURSES = parameters.register(
    "cadres.training_min_courses",
    "每年至少举办工会干部培训班",
    default=2,
    unit="期",
    per_county=True,
)

Hit = tuple[int, str, str, str]  # union pk, union name, union path, evidence
Evaluate = Callable[[QuerySet, datetime.date], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    code: str
    label: str
    category: str  # DOMAIN.md's standardization category: cadres, election, structure
    evaluate: Evaluate


class Finding(NamedTuple):  # a tuple: the city's page builds some 20,000 of them
    union_id: int
    union_name: str
    union_path: str
    rule: Rule
    evidence: str


RULES: dict[str, Rule] = {}
CATEGORY_LABELS = {"cadres": "干部配备", "election": "民主选举", "structure": "组织机构"}


def rule(code: str, label: str, *, category: str) -> Callable[[Evaluate], Evaluate]:
    def register(evaluate: Evaluate) -> Evaluate:
        RULES[code] = Rule(code, label, category, evaluate)
        return evaluate

    return register


def checked_unions(unions: QuerySet) -> QuerySet:
    """The unions the rules apply to: grassroots unions (single or joint) not dissolved."""
    return unions.filter(level__in=Union.GRASSROOTS_LEVELS, dissolved_on__isnull=True)


def findings(
    unions: QuerySet, on: datetime.date | None = None, *, codes: Iterable[str] | None = None
) -> list[Finding]:
    """Every rule's findings over `unions` (already scoped by the caller): one query per rule,
    whatever the number of unions. Sorted by union (tree order), then by rule."""
    on = on or timezone.localdate()
    unions = checked_unions(unions).order_by()
    chosen = [RULES[c] for c in codes] if codes else list(RULES.values())
    result = [
        Finding(pk, name, path, r, evidence)
        for r in chosen
        for pk, name, path, evidence in r.evaluate(unions, on)
    ]
    order = {code: i for i, code in enumerate(RULES)}
    result.sort(key=lambda f: (f.union_path, order[f.rule.code]))
    return result


# ---------------------------------------------------------------- helpers


def with_employees(unions: QuerySet, on: datetime.date, *, at_least: int | None = None) -> QuerySet:
    """`employees`: the employer's for a single union, the covered employers' sum for a joint
    union (coverage current on `on`); with `at_least`, only unions that may have that many.

    The bound is checked on the employer's indexed column first, so the city's 30,000 unions
    are narrowed to the large ones before any subquery runs (joint unions are always kept).
    """
    if at_least is not None:
        unions = unions.filter(Q(employer__employees__gte=at_least) | Q(level=Union.Level.JOINT))
    covered = (
        Coverage.objects.current(on)
        .filter(union=OuterRef("pk"))
        .order_by()
        .values("union")
        .annotate(n=Sum("employer__employees"))
        .values("n")
    )
    return unions.annotate(
        employees=Coalesce(
            F("employer__employees"), Subquery(covered), 0, output_field=IntegerField()
        )
    )


def current_positions(on: datetime.date, **filters) -> QuerySet:
    return Position.objects.current(on).filter(union=OuterRef("pk"), **filters)


def chair_name(on: datetime.date) -> Subquery:
    chairs = current_positions(on, role=Position.Role.CHAIR).order_by("-start_on")
    return Subquery(chairs.values("cadre__name")[:1])


def latest_election(field: str) -> Subquery:
    elections = Election.objects.filter(union=OuterRef("pk")).order_by("-held_on", "-pk")
    return Subquery(elections.values(field)[:1])


def fmt(day: datetime.date) -> str:
    return day.strftime("%Y-%m-%d")


def position_hits(positions: QuerySet, evidence: Callable[[dict], str]) -> Iterable[Hit]:
    """Hits from positions; several positions of one union make one finding."""
    rows: dict[int, tuple[str, str, list[str]]] = {}
    for row in positions.order_by("union__path", "role", "start_on").values(
        "union_id",
        "union__name",
        "union__path",
        "role",
        "cadre__name",
        "start_on",
        "employer_post",
        "election__held_on",
    ):
        entry = rows.setdefault(row["union_id"], (row["union__name"], row["union__path"], []))
        entry[2].append(evidence(row))
    for pk, (name, path, texts) in rows.items():
        yield pk, name, path, "；".join(texts)


ROLE_LABELS = dict(Position.Role.choices)
POST_LABELS = dict(Position.EmployerPost.choices)


# ---------------------------------------------------------------- 干部配备


@rule("cadres.full_time_ratio", "专职工会干部不足职工人数的千分之三", category="cadres")
def full_time_ratio(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    # 3 per 1,000 employees, rounded up to whole persons (500 employees need 2, 1,200 need
    # 4), for unions of the size the year's parameter sets.
    threshold = int(parameters.value(FULL_TIME_RATIO_EMPLOYEES, on.year))
    full_time = (
        current_positions(on, full_time=True)
        .order_by()
        .values("union")
        .annotate(n=Count("cadre", distinct=True))
        .values("n")
    )
    rows = (
        with_employees(unions, on, at_least=threshold)
        .filter(employees__gte=threshold)
        .annotate(
            full_time=Coalesce(Subquery(full_time), 0),
            required=(F("employees") * 3 + 999) / 1000,  # integer division: the ceiling
        )
        .filter(full_time__lt=F("required"))
        .values_list("pk", "name", "path", "employees", "required", "full_time")
    )
    for pk, name, path, employees, required, full_time in rows:
        yield pk, name, path, f"职工{employees}人，应配专职干部{required}人，实有{full_time}人"


@rule("cadres.no_full_time_chair", "职工人数达标但未配备专职主席", category="cadres")
def no_full_time_chair(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    threshold = int(parameters.value(FULL_TIME_CHAIR_EMPLOYEES, on.year))
    has_chair = Exists(current_positions(on, role=Position.Role.CHAIR, full_time=True))
    rows = (
        with_employees(unions, on, at_least=threshold)
        .filter(employees__gte=threshold)
        .filter(~has_chair)
        .values_list("pk", "name", "path", "employees")
    )
    for pk, name, path, employees in rows:
        yield pk, name, path, f"职工{employees}人（≥{threshold}人），无专职主席"


@rule(
    "cadres.forbidden_post",
    "主席或委员由单位负责人、合伙人及其近亲属或劳资人事负责人担任",
    category="cadres",
)
def forbidden_post(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    positions = Position.objects.current(on).filter(
        union__in=unions.values("pk"),
        role__in=Position.COMMITTEE_ROLES,
        employer_post__in=Position.FORBIDDEN_POSTS,
    )
    yield from position_hits(
        positions,
        lambda r: f"{ROLE_LABELS[r['role']]}{r['cadre__name']}系{POST_LABELS[r['employer_post']]}",
    )


# ---------------------------------------------------------------- 组织机构


@rule("structure.chair_only", "只有主席没有委员（光杆司令）", category="structure")
def chair_only(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    others = Exists(
        current_positions(on, role__in=[Position.Role.VICE_CHAIR, Position.Role.COMMITTEE])
    )
    rows = (
        unions.annotate(chair=chair_name(on))
        .filter(chair__isnull=False)
        .filter(~others)
        .values_list("pk", "name", "path", "chair")
    )
    for pk, name, path, chair in rows:
        yield pk, name, path, f"仅有主席{chair}，无副主席和委员"


# ---------------------------------------------------------------- 民主选举


@rule("election.term_expired", "任期届满未换届", category="election")
def term_expired(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    """The latest election's term end; without one, its day plus the year's term length;
    without an election on record, the committee's start (本届委员会任职日期) plus it."""
    years = int(parameters.value(TERM_YEARS, on.year))
    started_before = years_after(on, -years)  # a term that began before this day has ended
    elected = unions.annotate(
        term_end=latest_election("term_end"), held=latest_election("held_on")
    ).filter(Q(term_end__lt=on) | Q(term_end__isnull=True, held__lt=started_before))
    for pk, name, path, term_end, held in elected.values_list(
        "pk", "name", "path", "term_end", "held"
    ):
        end = term_end or years_after(held, years)
        yield pk, name, path, f"主席任期届满 {fmt(end)}，未换届选举"
    unelected = unions.filter(
        ~Exists(Election.objects.filter(union=OuterRef("pk"))), committee_since__lt=started_before
    )
    for pk, name, path, since in unelected.values_list("pk", "name", "path", "committee_since"):
        yield (
            pk,
            name,
            path,
            (
                f"本届委员会 {fmt(since)} 任职，{years}年任期已于 {fmt(years_after(since, years))} "
                "届满，未换届选举"
            ),
        )


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@rule("election.appointed_before_elected", "先任后选", category="election")
def appointed_before_elected(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    positions = Position.objects.current(on).filter(
        union__in=unions.values("pk"),
        role=Position.Role.CHAIR,
        election__isnull=False,
        start_on__lt=F("election__held_on"),
    )
    yield from position_hits(
        positions,
        lambda r: (
            f"主席{r['cadre__name']} {fmt(r['start_on'])} 到任，"
            f"选举在 {fmt(r['election__held_on'])}"
        ),
    )


@rule("election.appointed_not_elected", "只任不选", category="election")
def appointed_not_elected(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    positions = Position.objects.current(on).filter(
        union__in=unions.values("pk"),
        role=Position.Role.CHAIR,
        came_by=Position.CameBy.APPOINTED,
        election__isnull=True,
    )
    yield from position_hits(
        positions, lambda r: f"主席{r['cadre__name']} {fmt(r['start_on'])} 起委派任职，未经选举"
    )


@rule("election.not_approved", "选举结果未经上级工会批复", category="election")
def not_approved(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    rows = (
        unions.annotate(
            held_on=latest_election("held_on"), approved_on=latest_election("approved_on")
        )
        .filter(held_on__lte=on, approved_on__isnull=True)
        .values_list("pk", "name", "path", "held_on")
    )
    for pk, name, path, held_on in rows:
        yield pk, name, path, f"{fmt(held_on)} 选举结果未经上级工会批复"


# ---------------------------------------------------------------- 协理员待遇核查
# Per month: assistants paid below the province's standard, not insured, or with no pay
# recorded although in post; the province withdraws the posts of counties that fall short.


@dataclass
class MonthFindings:
    month: datetime.date
    below: list[tuple[Assistant, Decimal]] = field(default_factory=list)
    uninsured: list[Assistant] = field(default_factory=list)
    missing: list[Assistant] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.below) + len(self.uninsured) + len(self.missing)


def months_to_check(year: int, today: datetime.date) -> list[datetime.date]:
    """The months of `year` up to the current one (a later month cannot be paid yet)."""
    last = 12 if year < today.year else today.month if year == today.year else 0
    return [datetime.date(year, m, 1) for m in range(1, last + 1)]


def monthly_findings(
    assistants: list[Assistant],
    payments: list[AssistantPayment],
    months: list[datetime.date],
    standard: Decimal,
    *,
    current: datetime.date | None = None,
) -> list[MonthFindings]:
    """For each month: assistants paid below the standard, not insured, or with no payment
    recorded although in post — except in the `current` month, whose pay may not be out
    yet. Works on rows already loaded (two queries for a county)."""
    paid = {(p.assistant_id, p.month): p for p in payments}
    result = []
    for month in months:
        found = MonthFindings(month)
        for assistant in assistants:
            if not assistant.employed_in(month):
                continue
            payment = paid.get((assistant.pk, month))
            if payment is None:
                if month != current:
                    found.missing.append(assistant)
                continue
            if payment.salary < standard:
                found.below.append((assistant, payment.salary))
            if not payment.insured:
                found.uninsured.append(assistant)
        result.append(found)
    return result


def assistants_of_year(scope, year: int) -> tuple[list[Assistant], list[AssistantPayment]]:
    """Assistants in post during the year under a scope queryset, and their payments of it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    in_post = scope.filter(hired_on__lte=end).filter(
        Q(left_on__isnull=True) | Q(left_on__gte=start)
    )
    assistants = list(in_post.select_related("post").order_by("post__path", "name", "pk"))
    payments = list(
        AssistantPayment.objects.filter(
            assistant__in=in_post.values("pk"), month__range=(start, end)
        ).only("assistant_id", "month", "salary", "insured")
    )
    return assistants, payments
