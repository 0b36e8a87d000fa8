"""The standardization check engine (规范化建设; DESIGN.md "Rules as data").

One registry of rules across DOMAIN.md's seven categories, each with its points (all points
add up to 100): a union's score is 100 less the points of the rules that found it at fault,
and its level follows from the score by the year's boundaries (yearly parameters).

The cadre and election rules live in apps.cadres.rules and are referenced here by code, with
their points; the others are evaluated here the same way — a function that receives a
queryset of unions and a date, runs one query, and yields (union pk, evidence) for every union
at fault. (The cadres rules also yield the union's name and path, for their own findings page;
the engine has those already and drops them: a city's facts rules each find some 30,000
unions, and reading only their keys keeps the whole engine fast.) Adding a rule is
adding one entry:

    @rule("structure.no_sign", "无工会牌子", category="structure", points=3, fix=UNION_EDIT)
    def no_sign(unions, on): ...

The rule declarations keep `# fmt: skip`: a rule a line, they read as the checklist.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.cadres import rules as cadre_rules
from apps.cadres.models import Election
from apps.core.scoping import PATH_SEGMENT_WIDTH
from apps.members.filtersets import lost_members
from apps.members.models import (
    Member,
    MemberConflict,
    Membership,
    MembershipStatus,
    RosterConfirmation,
)
from apps.members.views.member_checks import ConflictListView, RosterMemberListView
from apps.unions.models import Nature, Union

from .models import EvaluationRound, Level, county_pk, level_bounds, level_for

Hit = tuple[int, str]  # union pk, evidence
Evaluate = Callable[[QuerySet, datetime.date], Iterable[Hit]]

CATEGORIES = {
    "membership": "会员入会",
    "election": "民主选举",
    "structure": "组织机构",
    "cadres": "干部配备",
    "rules": "工作制度",
    "finance": "经费账户",
    "archives": "档案资料",
}
FULL_SCORE = 100


@dataclass(frozen=True)
class Fix:
    """Where a user fixes what a rule found: a label and the URL for one union."""

    label: str
    url: Callable[[int, int | None], str]  # (union pk, parent pk) → URL


@dataclass(frozen=True)
class StandardRule:
    code: str
    label: str
    category: str
    points: int
    evaluate: Evaluate
    fix: Fix
    source: cadre_rules.Rule | None = None  # the cadres app's rule this entry stands for

    @property
    def category_label(self) -> str:
        return CATEGORIES[self.category]


RULES: dict[str, StandardRule] = {}


def rule(code: str, label: str, *, category: str, points: int, fix: Fix):
    def register(evaluate: Evaluate) -> Evaluate:
        RULES[code] = StandardRule(code, label, category, points, evaluate, fix)
        return evaluate

    return register


def cadre_rule(code: str, *, points: int, fix: Fix) -> None:
    """Take a rule of apps.cadres into the engine with its points (label, category and the
    evaluation stay the cadres app's)."""
    source = cadre_rules.RULES[code]

    def evaluate(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
        for pk, _name, _path, evidence in source.evaluate(unions, on):
            yield pk, evidence

    RULES[code] = StandardRule(code, source.label, source.category, points, evaluate, fix, source)


# ---------------------------------------------------------------- where each is fixed


def _url(name: str, query: str = "") -> Callable[[int, int | None], str]:
    return lambda pk, parent: reverse(name) + query.format(pk=pk, parent=parent or "")


def _union_edit(anchor: str) -> Callable[[int, int | None], str]:
    return lambda pk, parent: reverse("unions:union_edit", args=[pk]) + f"#id_{anchor}"


UNION_FACT = {name: Fix("修改工会信息", _union_edit(name)) for name in Union.STANDARDIZATION_FIELDS}
ROSTER = Fix("补登入会申请、会员证", _url("members:checks_roster", "?within={parent}"))
LOST = Fix("办理退会或接转", _url("members:checks_lost", "?within={parent}"))
CONFLICTS = Fix("处理冲突记录", _url("members:memberconflict_list", "?within={parent}"))
ENROL = Fix("登记会员", _url("members:member_add", "?union={pk}"))
POSITION = Fix("登记任职", _url("cadres:position_add", "?union={pk}"))
POSITIONS = Fix("调整任职", _url("cadres:position_list", "?within={parent}"))
ELECTION = Fix("登记主席选举", _url("cadres:election_add", "?union={pk}"))
APPROVAL = Fix("登记上级批复", _url("cadres:election_list", "?within={parent}"))
ROSTER_CONFIRM = Fix("年度花名册确认", _url("members:rosterconfirmation_list", "?within={parent}"))


# ---------------------------------------------------------------- 会员入会


def _member_counts(members: QuerySet, evidence: Callable[[int], str]) -> Iterable[Hit]:
    rows = (
        members.order_by().values("union_id").annotate(n=Count("pk")).values_list("union_id", "n")
    )
    for pk, n in rows:
        yield pk, evidence(n)


@rule("membership.roster_only", "会员未交入会申请或未发会员证（花名册会员）",
      category="membership", points=6, fix=ROSTER)  # fmt: skip
def roster_only(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    # Grouped on the members' copy of their union's path: SQLite then reads the partial index
    # of roster-only members alone (member_roster_only), not a million rows; a path ends with
    # its union's primary key.
    members = RosterMemberListView.found(
        Member.objects.filter(union_path__in=unions.values("path"))
    )
    rows = members.order_by().values("union_path").annotate(n=Count("pk"))
    for path, n in rows.values_list("union_path", "n"):
        yield int(path[-PATH_SEGMENT_WIDTH:]), f"{n}名会员未交入会申请或无会员证"


@rule("membership.lost", "流失会员未处理（工会撤销或单位注销）", category="membership", points=4,
      fix=LOST)  # fmt: skip
def lost(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    members = Member.objects.filter(
        status=MembershipStatus.ACTIVE, pk__in=lost_members(on), union__in=unions.values("pk")
    )
    yield from _member_counts(members, lambda n: f"{n}名会员的工会已撤销或单位已注销，会籍未处理")


@rule("membership.duplicate", "重复会员未接转", category="membership", points=4, fix=CONFLICTS)
def duplicate(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    conflicts = ConflictListView.found(
        MemberConflict.objects.filter(union__in=unions.values("pk"))
    ).filter(kind=MemberConflict.Kind.ACTIVE_ELSEWHERE)
    yield from _member_counts(conflicts, lambda n: f"{n}人同时是其他工会的正常会员，未办理接转")


@rule("membership.no_members", "没有会员", category="membership", points=8, fix=ENROL)
def no_members(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    active = Member.objects.filter(union=OuterRef("pk"), status=MembershipStatus.ACTIVE)
    for pk in unions.filter(~Exists(active)).values_list("pk", flat=True):
        yield pk, "会员台帐中没有正常会员"


# ---------------------------------------------------------------- 民主选举


@rule("election.no_chair", "没有经选举产生的现任主席", category="election", points=5,
      fix=ELECTION)  # fmt: skip
def no_chair(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    rows = (
        unions.annotate(chair=cadre_rules.chair_name(on))
        .filter(chair__isnull=True)
        .values_list("pk", flat=True)
    )
    for pk in rows:
        yield pk, "任职台帐中没有现任主席"


cadre_rule("election.term_expired", points=5, fix=ELECTION)
cadre_rule("election.appointed_before_elected", points=4, fix=ELECTION)
cadre_rule("election.appointed_not_elected", points=5, fix=ELECTION)
cadre_rule("election.not_approved", points=3, fix=APPROVAL)


# ---------------------------------------------------------------- facts a clerk ticks


def missing_fact(code: str, label: str, *, category: str, points: int, fact: str, evidence: str):
    """A rule over one of Union.STANDARDIZATION_FIELDS: at fault where it is not ticked."""

    def evaluate(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
        for pk in unions.filter(**{fact: False}).values_list("pk", flat=True):
            yield pk, evidence

    rule(code, label, category=category, points=points, fix=UNION_FACT[fact])(evaluate)


# 组织机构
missing_fact("structure.no_sign", "没有工会牌子", category="structure", points=3,
             fact="has_sign", evidence="未挂工会牌子")  # fmt: skip
missing_fact("structure.no_venue", "没有活动场所", category="structure", points=4,
             fact="has_venue", evidence="无职工活动场所")  # fmt: skip
missing_fact("structure.no_funds_audit", "没有经费审查委员会", category="structure", points=4,
             fact="has_funds_audit_committee", evidence="未建立经费审查委员会")  # fmt: skip
missing_fact("structure.no_women_committee", "没有女职工委员会", category="structure",
             points=4, fact="has_women_committee", evidence="未建立女职工委员会")  # fmt: skip
cadre_rule("structure.chair_only", points=4, fix=POSITION)

# 干部配备
cadre_rule("cadres.full_time_ratio", points=4, fix=POSITION)
cadre_rule("cadres.no_full_time_chair", points=4, fix=POSITION)
cadre_rule("cadres.forbidden_post", points=4, fix=POSITIONS)

# 工作制度
missing_fact("rules.no_work_rules", "没有工会工作制度", category="rules", points=3,
             fact="has_work_rules", evidence="未建立工会工作制度")  # fmt: skip
missing_fact("rules.no_committee_meeting_rules", "没有委员会议事制度", category="rules",
             points=3, fact="has_committee_meeting_rules",
             evidence="未建立委员会议事制度")  # fmt: skip
missing_fact("rules.no_congress_rules", "没有会员（代表）大会制度", category="rules", points=3,
             fact="has_congress_rules", evidence="未建立会员（代表）大会制度")  # fmt: skip

# 经费账户
missing_fact("finance.no_independent_account", "没有独立的工会经费账户", category="finance",
             points=8, fact="has_independent_account", evidence="无独立经费账户")  # fmt: skip

# 档案资料
missing_fact("archives.incomplete", "档案资料不全", category="archives", points=4,
             fact="has_archives", evidence="工会档案资料不齐全")  # fmt: skip


@rule("archives.no_activity", "本年度没有工作记录（空转工会）", category="archives", points=4,
      fix=ROSTER_CONFIRM)  # fmt: skip
def no_activity(unions: QuerySet, on: datetime.date) -> Iterable[Hit]:
    """空转: in the year up to `on`, no member joined, the roster was not confirmed, no
    election was held and the members did not evaluate their home."""
    year_start = datetime.date(on.year, 1, 1)
    in_year = {"union": OuterRef("pk")}
    joined = Membership.objects.filter(**in_year, joined_on__gte=year_start, joined_on__lte=on)
    confirmed = RosterConfirmation.objects.filter(**in_year, year=on.year)
    elected = Election.objects.filter(**in_year, held_on__gte=year_start, held_on__lte=on)
    evaluated = EvaluationRound.objects.filter(**in_year, year=on.year)
    quiet = unions.filter(
        ~Exists(joined), ~Exists(confirmed), ~Exists(elected), ~Exists(evaluated)
    ).values_list("pk", flat=True)
    for pk in quiet:
        yield pk, f"{on.year}年无会员发展、花名册确认、选举或会员评家记录"


# Rules in the order of DOMAIN.md's categories, whatever order they were registered in.
RULES = dict(sorted(RULES.items(), key=lambda item: list(CATEGORIES).index(item[1].category)))


# ---------------------------------------------------------------- evaluation


class Finding(NamedTuple):
    # A tuple, not a dataclass: a city's evaluation makes some 200,000 of them.
    rule: StandardRule
    evidence: str


@dataclass
class UnionResult:
    """One checked union: its findings, score and level."""

    pk: int
    name: str
    path: str
    parent_id: int | None
    parent_name: str
    employees: int
    nature: str
    findings: list[Finding] = field(default_factory=list)
    score: int = FULL_SCORE
    level: Level = Level.ONE

    @property
    def county_id(self) -> int | None:
        return county_pk(self.path)

    @property
    def nature_label(self) -> str:
        return Nature(self.nature).label if self.nature else "—"

    def fixes(self) -> list[tuple[Finding, str]]:
        return [(f, f.rule.fix.url(self.pk, self.parent_id)) for f in self.findings]


def checked_unions(unions: QuerySet) -> QuerySet:
    """The unions the rules apply to (the cadres app's definition: grassroots, not dissolved)."""
    return cadre_rules.checked_unions(unions)


def evaluate(
    unions: QuerySet, on: datetime.date | None = None, *, codes: Iterable[str] | None = None
) -> list[UnionResult]:
    """Every checked union of `unions` (already scoped by the caller) with its findings, score
    and level: one query for the unions, one per rule and one for the level boundaries —
    whatever the number of unions. `codes` limits the rules run (the score then counts only
    those). Sorted in tree order."""
    on = on or timezone.localdate()
    unions = checked_unions(unions).order_by()
    rows = (
        cadre_rules.with_employees(unions, on)
        .order_by("path")
        .values_list("pk", "name", "path", "parent_id", "parent__name", "employees",
                     "employer__nature")
    )  # fmt: skip
    results = {row[0]: UnionResult(*row[:6], nature=row[6] or "") for row in rows}
    wanted = set(codes or RULES)
    # In registry order, so each union's findings come out in that order.
    for r in (r for r in RULES.values() if r.code in wanted):
        for pk, evidence in r.evaluate(unions, on):
            result = results.get(pk)
            if result is not None:
                result.findings.append(Finding(r, evidence))
                result.score -= r.points
    bounds = level_bounds(on.year)
    for result in results.values():
        result.level = level_for(result.score, bounds)
    return list(results.values())


def evaluate_one(union: Union, on: datetime.date | None = None) -> UnionResult | None:
    """The result of one union (None when the rules do not apply to it)."""
    found = evaluate(Union.objects.filter(pk=union.pk), on)
    return found[0] if found else None
