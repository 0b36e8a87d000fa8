"""Figures against hand-counted ledgers (tests/stats/conftest.py): as of a day before and a
day after a dissolution, the end of a coverage, a transfer and a new coverage.

The expected figures keep `# fmt: skip`: laid out as tables, a county a block, they
are read against the statistics table."""

import datetime
from decimal import Decimal

import pytest

from apps.stats import figures as figures_module
from apps.stats.figures import DIRECT, TOTAL, Family, Figure, Scope, compute, figures, register
from tests.unions.factories import EmployerFactory, grassroots_union

from .conftest import AFTER, BEFORE

# County A by rows: its township (中山街道), the county's own employer and union (直属), total.
A_AFTER = {
    "township": dict(
        employers=5, non_public=4, new_social=1, taxi=0, labour_dispatch=0, unionized=3, own=1,
        covered=2, non_public_unionized=2, new_social_unionized=1, employees=209,
        women_employees=103, migrant_workers=53, unionized_employees=105,
        unionized_migrant_workers=21, unions=2, joint=1, unions_domestic_enterprise=1,
        unions_new_social=0, new_unions=0, members=2,
        women_members=1, migrant_members=1, dispatched_members=0, joint_members=1, new_members=1,
        new_migrant_members=1, new_covered=1, fund_at_start=1, fund_own=0, fund_covered=1,
        fund_open=0,
    ),
    DIRECT: dict(
        employers=1, non_public=0, new_social=0, unionized=1, own=1, covered=0, employees=200,
        unionized_employees=200, unionized_migrant_workers=40, unions=1, joint=0,
        unions_domestic_enterprise=1, new_unions=1,
        women_committees=1, funds_audit_committees=0, members=1, women_members=0,
        dispatched_members=1, joint_members=0, new_members=1, new_migrant_members=0,
        new_covered=0, fund_at_start=0,
    ),
    TOTAL: dict(
        employers=6, unionized=4, own=2, covered=2, employees=409, women_employees=183,
        migrant_workers=93, unionized_employees=305, unionized_migrant_workers=61, unions=3,
        joint=1, new_unions=1, members=3, women_members=1, migrant_members=1,
        dispatched_members=1, new_members=2, new_migrant_members=1, new_covered=1,
        fund_at_start=1, fund_covered=1, fund_open=0,
        establishment_rate=Decimal("66.7"), membership_rate=Decimal("1.0"),
        migrant_membership_rate=Decimal("1.6"), new_social_rate=Decimal("100.0"),
        non_public_rate=Decimal("50.0"),
    ),
}  # fmt: skip
A_BEFORE = {
    "township": dict(
        employers=5, unionized=4, own=2, covered=2, non_public_unionized=4,
        new_social_unionized=0, unionized_employees=159, unionized_migrant_workers=43,
        unions=3, joint=1, unions_domestic_enterprise=2, new_unions=0, members=3,
        women_members=1, migrant_members=1,
        new_members=1, new_migrant_members=1, new_covered=0, fund_at_start=1, fund_open=1,
        fund_covered=0,
    ),
    DIRECT: dict(employers=1, unionized=1, unions=1, unions_domestic_enterprise=1, new_unions=1,
                 members=0, new_members=0),
    TOTAL: dict(
        employers=6, unionized=5, unions=4, members=3, new_members=1,
        establishment_rate=Decimal("83.3"), new_social_rate=Decimal("0.0"),
    ),
}  # fmt: skip


def row_values(table, world, key):
    if key == "township":
        key = str(world.a.township.pk)
    return table.row(key).values


@pytest.mark.parametrize(("as_of", "expected"), [(AFTER, A_AFTER), (BEFORE, A_BEFORE)])
def test_county_figures_match_the_hand_count(stats_world, as_of, expected):
    world = stats_world.world
    table = compute(Scope(world.a.county, as_of, 2026, world.clerk_a))
    assert [r.label for r in table.rows] == ["中山街道工会", "本级及直属基层工会"]
    for row_key, values in expected.items():
        got = row_values(table, world, row_key)
        assert {k: got[k] for k in values} == values, row_key


def test_transfer_moves_the_member_between_counties_on_its_date(stats_world):
    world = stats_world.world
    a, b = str(world.a.county.pk), str(world.b.county.pk)
    before = compute(Scope(world.city, datetime.date(2026, 5, 14), 2026, world.admin))
    after = compute(Scope(world.city, datetime.date(2026, 5, 15), 2026, world.admin))
    # A: its old member, 新会员甲 and the joint union's; B: its own. On the 15th A's old
    # member is B's.
    assert (before.row(a)["members"], before.row(b)["members"]) == (3, 1)
    assert (after.row(a)["members"], after.row(b)["members"]) == (2, 2)
    # A transfer is not a new member of the receiving union.
    assert after.row(b)["new_members"] == 0
    assert after.total["members"] == before.total["members"] == 4


def test_dissolved_union_counts_until_the_day_before_dissolution(stats_world):
    world = stats_world.world
    township = str(world.a.township.pk)
    on_eve = compute(Scope(world.a.county, datetime.date(2026, 3, 31), 2026, world.clerk_a))
    on_day = compute(Scope(world.a.county, datetime.date(2026, 4, 1), 2026, world.clerk_a))
    assert (on_eve.row(township)["unions"], on_day.row(township)["unions"]) == (3, 2)
    assert (on_eve.row(township)["own"], on_day.row(township)["own"]) == (2, 1)


def test_ended_coverage_leaves_the_employer_unorganized(stats_world):
    world = stats_world.world
    township = str(world.a.township.pk)
    on_eve = compute(Scope(world.a.county, datetime.date(2026, 4, 30), 2026, world.clerk_a))
    on_day = compute(Scope(world.a.county, datetime.date(2026, 5, 1), 2026, world.clerk_a))
    assert (on_eve.row(township)["covered"], on_day.row(township)["covered"]) == (2, 1)


def test_union_founded_later_is_not_counted_before_its_founding(stats_world):
    world = stats_world.world
    table = compute(Scope(world.a.county, datetime.date(2026, 3, 9), 2026, world.clerk_a))
    direct = table.row(DIRECT)
    assert (direct["unions"], direct["own"], direct["new_unions"]) == (0, 0, 0)


def test_year_figures_count_only_events_of_the_year_up_to_the_day(stats_world):
    world = stats_world.world
    year_end = compute(Scope(world.a.county, datetime.date(2026, 11, 30), 2026, world.clerk_a))
    assert year_end.total["new_members"] == 3  # 新会员丙 joined on 1 August
    last_year = compute(Scope(world.a.county, AFTER, 2026, world.clerk_a).last_year())
    assert last_year.scope.as_of == datetime.date(2025, 6, 30)
    assert (last_year.total["new_members"], last_year.total["new_unions"]) == (0, 0)


def test_city_rows_are_the_counties_and_total_is_their_sum(stats_world):
    world = stats_world.world
    table = compute(Scope(world.city, AFTER, 2026, world.admin))
    assert [r.label for r in table.rows] == ["沙市区总工会", "荆州区总工会"]
    a, b = table.row(str(world.a.county.pk)), table.row(str(world.b.county.pk))
    assert a["employers"] == 6 and b["employers"] == 3
    assert table.total["employers"] == 9
    # B's 民营医院 paid in 2025 and is still open; A's was covered in June.
    assert (a["fund_open"], b["fund_open"], table.total["fund_at_start"]) == (0, 1, 2)


def test_totals_only_gives_the_same_total_in_one_branch(stats_world):
    world = stats_world.world
    scope = Scope(world.city, AFTER, 2026, world.admin)
    assert compute(scope, by_row=False).total.values == compute(scope).total.values


def test_county_user_figures_never_include_another_county(stats_world):
    world = stats_world.world
    # Asked for the whole city, a county clerk's figures still hold only her county's rows.
    table = compute(Scope(world.city, AFTER, 2026, world.clerk_a))
    assert table.total["employers"] == 6
    assert [r.label for r in table.rows] == ["沙市区总工会"]


def union_of_every_kind(world):
    """Grassroots unions in A's township whose employers are of every nature but 私营 (which
    a.union has): the kind columns of the statistics table by hand, and a foreign-owned one
    dissolved before AFTER that counts for nothing."""
    natures = ["collective", "hmt", "foreign", "institution", "organ", "individual",
               "social_group", "intermediary"]  # fmt: skip
    for nature in natures:
        grassroots_union(EmployerFactory(name=f"沙市区{nature}单位", owner=world.a.township,
                                         nature=nature))  # fmt: skip
    gone = EmployerFactory(name="沙市区已撤销外资企业", owner=world.a.township, nature="foreign")
    grassroots_union(gone, dissolved_on=datetime.date(2026, 6, 1))


BY_KIND = {
    # 内资: a.union (私营) and the 集体 one; 直属: the county's 国有 热电 (the total adds it).
    "unions_domestic_enterprise": 2, "unions_hmt_enterprise": 1, "unions_foreign_enterprise": 1,
    "unions_institution": 1, "unions_government": 1, "unions_individual": 1,
    "unions_new_social": 2,  # 社会团体, 中介组织 (民办非企业 has no union here)
}  # fmt: skip


def test_unions_by_employer_kind_match_the_hand_count(stats_world):
    world = stats_world.world
    union_of_every_kind(world)
    table = compute(Scope(world.a.county, AFTER, 2026, world.clerk_a))
    township = row_values(table, world, "township")
    assert {k: township[k] for k in BY_KIND} == BY_KIND
    # The joint union has no employer of its own: in 基层工会数, in no kind.
    assert (township["unions"], township["joint"]) == (10, 1)
    assert sum(township[k] for k in BY_KIND) == township["unions"] - township["joint"]
    assert table.total["unions_domestic_enterprise"] == 3


def test_rate_without_a_base_is_none_not_zero(stats_world):
    world = stats_world.world
    table = compute(Scope(world.a.county, AFTER, 2026, world.clerk_a))
    assert table.row(DIRECT)["new_social_rate"] is None


def test_another_app_joins_with_a_family_of_its_own(stats_world, monkeypatch):
    world = stats_world.world
    monkeypatch.setattr(figures_module, "_families", dict(figures_module._families))

    def township_count(scope, branch):
        return [{"branch": world.a.township.path, "other_app_count": 2}]

    register(Family("other", "其他", (Figure("other_app_count", "其他数", "个"),), township_count))
    table = compute(Scope(world.a.county, AFTER, 2026, world.clerk_a))
    assert table.row(str(world.a.township.pk))["other_app_count"] == 2
    assert table.total["other_app_count"] == 2


@pytest.mark.parametrize("as_of", [AFTER, BEFORE, datetime.date(2026, 5, 15)])
def test_previous_day_in_the_same_pass_equals_its_own_computation(stats_world, as_of):
    world = stats_world.world
    scope = Scope(world.city, as_of, 2026, world.admin)
    for previous in (scope.last_year(), Scope(world.city, datetime.date(2026, 5, 14), 2026,
                                              world.admin)):  # fmt: skip
        together = compute(scope, previous=previous)
        alone = compute(previous, by_row=False).total.values
        # The passes count the previous day without the months (no card compares them).
        months = {k for k in alone if k.startswith(("new_members_", "new_unions_"))}
        assert {k: v for k, v in together.previous.values.items() if k not in months} == {
            k: v for k, v in alone.items() if k not in months
        }
        assert together.total.values == compute(scope).total.values


@pytest.mark.parametrize("only", [["migrant_membership_rate"], ["members", "women_members"],
                                  ["new_unions_05", "joint"]])  # fmt: skip
def test_figures_asked_for_equal_the_full_computation_and_nothing_else(stats_world, only):
    world = stats_world.world
    scope = Scope(world.city, AFTER, 2026, world.admin)
    full = compute(scope, previous=scope.last_year())
    some = compute(scope, previous=scope.last_year(), only=only)
    expected = set(only) | set(figures()[only[0]].rate or ())
    for row, whole in zip([*some.rows, some.total], [*full.rows, full.total], strict=True):
        assert row.values == {k: whole[k] for k in expected}, row.label
    assert some.previous.values == {k: full.previous[k] for k in expected}


def test_figures_asked_for_by_a_generator_bring_the_parts_of_their_rates():
    asked = figures_module.wanted(key for key in ["membership_rate"])
    assert asked == {"membership_rate", "members", "unionized_employees"}
