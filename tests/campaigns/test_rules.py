"""The standardization engine: every rule found where it should be and nowhere else, the
score and level, and a fixed number of queries whatever the number of unions."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.cadres import rules as cadre_rules
from apps.cadres.models import Cadre, Position
from apps.campaigns import rules
from apps.campaigns.models import EvaluationRound, Level, level_bounds, level_for
from apps.members.models import Member, MemberConflict
from apps.unions.models import Employer, Union, YearlyParameter
from tests.campaigns.factories import TODAY, chair, standard_union
from tests.unions.factories import EmployerFactory, member

YESTERDAY = TODAY - datetime.timedelta(days=1)
_seq = itertools.count(480)  # ID numbers the standard unions' members do not use


def codes_of(union: Union) -> set[str]:
    result = rules.evaluate_one(union)
    return {f.rule.code for f in result.findings}


def evidence_of(union: Union, code: str) -> str:
    return next(f.evidence for f in rules.evaluate_one(union).findings if f.rule.code == code)


def roster_only(union, world):
    member(union, seq=next(_seq), name="花名册甲", application_submitted=True)  # no card


def lost(union, world):
    closed = EmployerFactory(name="已注销单位", owner=union.parent, closed_on=YESTERDAY)
    seq = next(_seq)
    member(
        union,
        seq=seq,
        name="流失乙",
        employer=closed,
        application_submitted=True,
        card_number=f"HB{seq}",
    )


def duplicate(union, world):
    MemberConflict.objects.create(
        member=world.b.member,
        union=union,
        kind=MemberConflict.Kind.ACTIVE_ELSEWHERE,
        typed_name=world.b.member.name,
        detail="导入时发现",
        found_on=TODAY,
        found_by=world.clerk_a,
    )


def no_members(union, world):
    Member.objects.filter(union=union).update(status="withdrawn")


def end_position(union, role):
    Position.objects.filter(union=union, role=role).update(end_on=YESTERDAY - datetime.timedelta(1))


def set_election(union, **fields):
    chair(union).election.__class__.objects.filter(union=union).update(**fields)


def fact(name):
    return lambda union, world: Union.objects.filter(pk=union.pk).update(**{name: False})


def employees(n):
    return lambda union, world: Employer.objects.filter(pk=union.employer_id).update(employees=n)


def forbidden_post(union, world):
    Position.objects.filter(union=union, role=Position.Role.VICE_CHAIR).update(
        employer_post=Position.EmployerPost.HR
    )


def appointed_not_elected(union, world):
    Position.objects.filter(pk=chair(union).pk).update(came_by="appointed", election=None)


def appointed_before_elected(union, world):
    position = chair(union)
    Position.objects.filter(pk=position.pk).update(
        start_on=position.election.held_on - datetime.timedelta(days=30)
    )


def no_activity(union, world):
    EvaluationRound.objects.filter(union=union).delete()


# What breaks each rule in a union that passes them all, and a word of its evidence.
BREAKS = {
    "membership.roster_only": (roster_only, "1名会员未交入会申请或无会员证"),
    "membership.lost": (lost, "单位已注销"),
    "membership.duplicate": (duplicate, "1人同时是其他工会的正常会员"),
    "membership.no_members": (no_members, "没有正常会员"),
    "election.no_chair": (lambda u, w: end_position(u, Position.Role.CHAIR), "没有现任主席"),
    "election.term_expired": (lambda u, w: set_election(u, term_end=YESTERDAY), "任期届满"),
    "election.appointed_before_elected": (appointed_before_elected, "到任"),
    "election.appointed_not_elected": (appointed_not_elected, "未经选举"),
    "election.not_approved": (lambda u, w: set_election(u, approved_on=None), "未经上级工会批复"),
    "structure.no_sign": (fact("has_sign"), "未挂工会牌子"),
    "structure.no_venue": (fact("has_venue"), "无职工活动场所"),
    "structure.no_funds_audit": (fact("has_funds_audit_committee"), "经费审查委员会"),
    "structure.no_women_committee": (fact("has_women_committee"), "女职工委员会"),
    "structure.chair_only": (lambda u, w: end_position(u, Position.Role.VICE_CHAIR), "仅有主席"),
    "cadres.full_time_ratio": (employees(1500), "应配专职干部"),
    "cadres.no_full_time_chair": (employees(250), "无专职主席"),
    "cadres.forbidden_post": (forbidden_post, "劳资人事部门负责人"),
    "rules.no_work_rules": (fact("has_work_rules"), "工会工作制度"),
    "rules.no_committee_meeting_rules": (fact("has_committee_meeting_rules"), "议事制度"),
    "rules.no_congress_rules": (fact("has_congress_rules"), "大会制度"),
    "finance.no_independent_account": (fact("has_independent_account"), "无独立经费账户"),
    "archives.incomplete": (fact("has_archives"), "档案资料不齐全"),
    "archives.no_activity": (no_activity, f"{TODAY.year}年无会员发展"),
}


def test_every_rule_has_a_case_and_the_points_add_up_to_100():
    assert set(BREAKS) == set(rules.RULES)
    assert len(rules.RULES) >= 20
    assert set(rules.CATEGORIES) == {r.category for r in rules.RULES.values()}
    assert sum(r.points for r in rules.RULES.values()) == 100


def test_every_cadres_rule_is_in_the_engine_with_its_evaluation():
    """The cadres app's rules are referenced, not copied: a rule added there must be given its
    points here (this test fails until it is)."""
    for code, source in cadre_rules.RULES.items():
        assert rules.RULES[code].source is source
        assert rules.RULES[code].label == source.label


@pytest.mark.parametrize("code", list(BREAKS))
def test_rule_finds_the_broken_union_and_not_the_standard_one(world, code):
    broken = standard_union(world.a.township, name="待整改机械有限公司")
    standard = standard_union(world.a.township, name="标准化示范有限公司")
    assert codes_of(broken) == set()  # negative: nothing to find in a standard union
    breaker, evidence = BREAKS[code]
    breaker(broken, world)
    assert code in codes_of(broken)  # positive
    assert evidence in evidence_of(broken, code)
    assert code not in codes_of(standard)


def test_score_and_level_follow_the_points_and_the_years_bounds(world):
    union = standard_union(world.a.township)
    result = rules.evaluate_one(union)
    assert (result.score, result.level) == (100, Level.ONE)
    fact("has_independent_account")(union, world)  # −8
    fact("has_sign")(union, world)  # −3
    result = rules.evaluate_one(union)
    assert (result.score, result.level) == (89, Level.TWO)
    YearlyParameter.objects.create(key="campaigns.level_one_min", year=TODAY.year, value=85)
    assert rules.evaluate_one(union).level == Level.ONE


def test_level_derivation_at_the_boundaries(db):
    bounds = level_bounds(2026)  # the defaults: 90, 75, 60
    assert [level_for(s, bounds) for s in (100, 90, 89, 75, 74, 60, 59, 0)] == [
        Level.ONE,
        Level.ONE,
        Level.TWO,
        Level.TWO,
        Level.THREE,
        Level.THREE,
        Level.BELOW,
        Level.BELOW,
    ]


def test_a_dissolved_union_and_the_tree_nodes_are_not_checked(world):
    Union.objects.filter(pk=world.a.joint.pk).update(dissolved_on=YESTERDAY)
    checked = {r.pk for r in rules.evaluate(world.a.county.subtree())}
    assert checked == {world.a.union.pk}


def county_with(world, n: int):
    for i in range(n):
        union = standard_union(world.a.township, name=f"批量{n}-{i}有限公司")
        BREAKS[list(BREAKS)[i % len(BREAKS)]][0](union, world)
    Cadre.objects.create(name="无任职干部", union=world.a.union)


def queries_for(world) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        results = rules.evaluate(world.a.county.subtree())
    return len(ctx.captured_queries), len(results)


def test_the_engine_runs_a_fixed_number_of_queries_whatever_the_number_of_unions(world):
    county_with(world, 3)
    few, checked_few = queries_for(world)
    county_with(world, 20)
    many, checked_many = queries_for(world)
    assert checked_many - checked_few == 20
    assert few == many
    # One for the unions, one per rule, one for the level bounds, one per yearly parameter
    # a rule reads (the review threshold, the 3‰ size, the term length, the full-time chair).
    assert many <= len(rules.RULES) + 6
