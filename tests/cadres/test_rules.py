"""The check rules (findings): a positive and a negative case each, the evidence a user reads,
and a fixed number of queries whatever the number of unions."""

import datetime

import pytest

from apps.cadres import rules
from apps.cadres.models import Position
from apps.unions.models import Union, YearlyParameter
from tests.unions.factories import EmployerFactory, grassroots_union

from .factories import TODAY, YEAR_AGO, committee, election, position

Role, CameBy, Post = Position.Role, Position.CameBy, Position.EmployerPost


@pytest.fixture(autouse=True)
def long_founded_union(world):
    """These committees and elections go back further than the world's union (2020)."""
    world.a.union.founded_on = datetime.date(2010, 1, 1)
    world.a.union.save()


def found(union, code):
    return [f.evidence for f in rules.findings(Union.objects.filter(pk=union.pk), codes=[code])]


def big_union(world, employees):
    employer = EmployerFactory(
        name=f"大厂{employees}",
        owner=world.a.township,
        employees=employees,
        women=0,
        migrant_workers=0,
    )
    return grassroots_union(employer)


def test_every_rule_has_a_code_label_and_category():
    assert len(rules.RULES) == 8
    for code, rule in rules.RULES.items():
        assert rule.code == code and rule.label and rule.category in rules.CATEGORY_LABELS


# ---- 干部配备


def test_full_time_cadres_below_three_per_thousand(world):
    union = big_union(world, 1200)
    committee(union, full_time=True)
    assert found(union, "cadres.full_time_ratio") == ["职工1200人，应配专职干部4人，实有1人"]


def test_three_per_thousand_rounds_up_to_whole_persons(world):
    """500 employees need 1.5 full-time cadres: two, so one is a finding (⌊1.5⌋ hid it)."""
    union = big_union(world, 500)
    committee(union, full_time=True)
    assert found(union, "cadres.full_time_ratio") == ["职工500人，应配专职干部2人，实有1人"]


def test_unions_below_the_years_size_need_no_full_time_cadre(world):
    from apps.unions.models import YearlyParameter

    union = big_union(world, 150)
    assert found(union, "cadres.full_time_ratio") == []  # below the default 200
    YearlyParameter.objects.create(key="cadres.full_time_ratio_employees", year=2026, value=100)
    assert found(union, "cadres.full_time_ratio") == ["职工150人，应配专职干部1人，实有0人"]


def test_three_full_time_cadres_for_a_thousand_employees_are_enough(world):
    union = big_union(world, 1000)
    committee(union, full_time=True)
    for i in range(2):
        position(union, Role.COMMITTEE, name=f"专职{i}", full_time=True)
    assert found(union, "cadres.full_time_ratio") == []


def test_small_union_needs_no_full_time_cadre(world):
    assert found(world.a.union, "cadres.full_time_ratio") == []  # 50 employees


def test_joint_union_counts_the_employees_of_the_employers_it_covers(world):
    world.b.covered.employees = 700
    world.b.covered.save()
    assert found(world.b.joint, "cadres.full_time_ratio") == ["职工700人，应配专职干部3人，实有0人"]


def test_no_full_time_chair_at_the_threshold(world):
    union = big_union(world, 200)
    committee(union, full_time=False)
    assert found(union, "cadres.no_full_time_chair") == ["职工200人（≥200人），无专职主席"]


def test_full_time_chair_or_fewer_employees_is_not_a_finding(world):
    union = big_union(world, 260)
    committee(union, full_time=True)
    assert found(union, "cadres.no_full_time_chair") == []
    assert found(big_union(world, 199), "cadres.no_full_time_chair") == []


def test_threshold_is_the_yearly_parameter(world):
    union = big_union(world, 150)
    YearlyParameter.objects.create(key=rules.FULL_TIME_CHAIR_EMPLOYEES, year=TODAY.year, value=100)
    assert found(union, "cadres.no_full_time_chair") == ["职工150人（≥100人），无专职主席"]


def test_chair_who_heads_hr_is_a_finding(world):
    committee(world.a.union, employer_post=Post.HR)
    assert found(world.a.union, "cadres.forbidden_post") == ["主席赵主席系劳资人事部门负责人"]


def test_forbidden_post_after_leaving_office_or_in_women_committee_is_not(world):
    committee(world.a.union, employer_post=Post.HEAD, end_on=TODAY - datetime.timedelta(days=1))
    position(world.a.union, Role.WOMEN, name="女委员", employer_post=Post.RELATIVE)
    assert found(world.a.union, "cadres.forbidden_post") == []


# ---- 组织机构


def test_chair_alone_is_a_finding(world):
    committee(world.a.union, members=0)
    assert found(world.a.union, "structure.chair_only") == ["仅有主席赵主席，无副主席和委员"]


def test_chair_with_committee_members_is_not(world):
    committee(world.a.union, members=1)
    assert found(world.a.union, "structure.chair_only") == []


# ---- 民主选举


def test_expired_term_without_re_election(world):
    election(world.a.union, held_on=datetime.date(2016, 6, 30), term_end=datetime.date(2021, 6, 30))
    assert found(world.a.union, "election.term_expired") == ["主席任期届满 2021-06-30，未换届选举"]


def test_re_election_after_the_term_clears_it(world):
    election(world.a.union, held_on=datetime.date(2016, 6, 30), term_end=datetime.date(2021, 6, 30))
    election(world.a.union)  # a year ago, for five years
    assert found(world.a.union, "election.term_expired") == []


def test_chair_in_office_before_the_election_is_appointed_before_elected(world):
    made = election(world.a.union)
    start = made.held_on - datetime.timedelta(days=30)
    committee(world.a.union, election=made, came_by=CameBy.APPOINTED, start_on=start)
    assert found(world.a.union, "election.appointed_before_elected") == [
        f"主席赵主席 {start:%Y-%m-%d} 到任，选举在 {made.held_on:%Y-%m-%d}"
    ]


def test_chair_taking_office_on_election_day_is_not(world):
    made = election(world.a.union)
    committee(world.a.union, election=made, start_on=made.held_on)
    assert found(world.a.union, "election.appointed_before_elected") == []


def test_appointed_chair_without_election(world):
    committee(world.a.union, came_by=CameBy.APPOINTED, start_on=datetime.date(2019, 1, 1))
    assert found(world.a.union, "election.appointed_not_elected") == [
        "主席赵主席 2019-01-01 起委派任职，未经选举"
    ]


def test_elected_chair_is_not_appointed_without_election(world):
    committee(world.a.union, came_by=CameBy.ELECTED, election=election(world.a.union))
    assert found(world.a.union, "election.appointed_not_elected") == []


def test_election_not_approved(world):
    made = election(world.a.union)
    assert found(world.a.union, "election.not_approved") == [
        f"{made.held_on:%Y-%m-%d} 选举结果未经上级工会批复"
    ]


def test_approved_election_is_not(world):
    election(world.a.union, approved_on=YEAR_AGO, approval_number="荆工组〔2025〕3号")
    assert found(world.a.union, "election.not_approved") == []


# ---- many unions at once


def many_unions(world, count):
    for i in range(count):
        union = big_union(world, 300 + i)
        chair = committee(
            union,
            members=i % 2,
            came_by=CameBy.APPOINTED if i % 3 else "elected",
            employer_post=Post.HR if i % 4 == 0 else Post.WORKER,
        )
        if i % 3 == 0:
            chair.election = election(union, held_on=chair.start_on)
            chair.save()


@pytest.mark.parametrize("count", [3, 12])
def test_findings_take_a_fixed_number_of_queries(world, django_assert_max_num_queries, count):
    many_unions(world, count)
    # One per rule (two for 届满: unions with an election, and without), one per yearly
    # parameter (full-time chair, 3‰ size, term length).
    with django_assert_max_num_queries(12):
        found_all = rules.findings(Union.objects.all())
    codes = {f.rule.code for f in found_all}
    assert {
        "cadres.no_full_time_chair",
        "structure.chair_only",
        "cadres.forbidden_post",
        "election.appointed_not_elected",
        "election.not_approved",
    } <= codes


def test_findings_leave_out_dissolved_unions_and_organizing_levels(world):
    committee(world.a.township, members=0)
    committee(world.b.union, members=0)
    world.b.union.dissolved_on = TODAY - datetime.timedelta(days=3)
    world.b.union.save()
    assert rules.findings(Union.objects.all(), codes=["structure.chair_only"]) == []


def test_expired_term_from_the_committees_start_when_no_election_is_on_record(world):
    union = world.a.union
    union.committee_since = datetime.date(2019, 3, 1)
    union.save()
    assert found(union, "election.term_expired") == [
        "本届委员会 2019-03-01 任职，5年任期已于 2024-03-01 届满，未换届选举"
    ]
    union.committee_since = datetime.date(2023, 3, 1)  # within its five years
    union.save()
    assert found(union, "election.term_expired") == []
