"""队伍 and 规范化与载体: figures from the cadres and campaigns ledgers against a hand count
(tests/stats/conftest.py `work_world`), as of a day before and after a full-time post ends, an
assistant leaves and another is hired, a review, an acceptance and a title withdrawn; and
their drill-down lists hold exactly the rows counted.

The expected figures keep `# fmt: skip`: laid out as tables, a county a block, they
are read against the statistics table."""

import pytest

from apps.stats.figures import DIRECT, TOTAL, Scope, compute, families, figures

from .conftest import AFTER, BEFORE
from .test_drilldown import check_table

WORK = ("cadres", "assistants", "reviews", "model_unions", "workers_homes", "elections")
ZERO = dict(
    full_time_cadres=0, part_time_cadres=0, assistants=0, reviews=0, reviews_one=0,
    reviews_two=0, reviews_three=0, reviews_below=0, new_model_unions=0, model_unions=0,
    homes=0, homes_national=0, homes_provincial=0, homes_city=0, homes_county=0, homes_small=0,
    elections=0,
)  # fmt: skip


def counts(**values):
    return {**ZERO, **values}


A_AFTER = {
    "township": counts(
        full_time_cadres=1, part_time_cadres=1, assistants=1, reviews=2, reviews_one=1,
        reviews_three=1, model_unions=1, homes=1, homes_provincial=1, elections=2,
    ),
    DIRECT: counts(
        full_time_cadres=1, assistants=1, reviews=1, reviews_below=1, new_model_unions=1,
        model_unions=1, homes=1, homes_small=1,
    ),
    TOTAL: counts(
        full_time_cadres=2, part_time_cadres=1, assistants=2, reviews=3, reviews_one=1,
        reviews_three=1, reviews_below=1, new_model_unions=1, model_unions=2, homes=2,
        homes_provincial=1, homes_small=1, elections=2,
    ),
}  # fmt: skip
A_BEFORE = {
    "township": counts(
        full_time_cadres=2, assistants=2, model_unions=1, homes=2, homes_city=1,
        homes_provincial=1, elections=1,
    ),
    DIRECT: counts(reviews=1, reviews_below=1, homes=1, homes_small=1),
    TOTAL: counts(
        full_time_cadres=2, assistants=2, reviews=1, reviews_below=1, model_unions=1, homes=3,
        homes_city=1, homes_provincial=1, homes_small=1, elections=1,
    ),
}  # fmt: skip


def work_table(scope):
    keys = [g.key for family in families() if family.key in WORK for g in family.figures]
    return compute(scope, only=keys)


@pytest.mark.parametrize(("as_of", "expected"), [(AFTER, A_AFTER), (BEFORE, A_BEFORE)])
def test_county_work_figures_match_the_hand_count(work_world, as_of, expected):
    world = work_world.stats.world
    table = work_table(Scope(world.a.county, as_of, 2026, world.clerk_a))
    for key, values in expected.items():
        row = table.row(str(world.a.township.pk) if key == "township" else key)
        assert {k: row[k] for k in values} == values, key


def test_city_counts_each_county_apart(work_world):
    world = work_world.stats.world
    table = work_table(Scope(world.city, AFTER, 2026, world.admin))
    b = table.row(str(world.b.county.pk))
    assert {k: b[k] for k in ZERO} == counts(
        full_time_cadres=1, assistants=1, reviews=1, reviews_one=1, new_model_unions=1,
        model_unions=1, homes=1, homes_county=1, elections=1,
    )  # fmt: skip
    a = table.row(str(world.a.county.pk))
    assert {k: a[k] for k in ZERO} == A_AFTER[TOTAL]
    assert table.total["full_time_cadres"] == 3 and table.total["elections"] == 3


def test_a_cadre_with_two_full_time_posts_counts_once(work_world):
    world = work_world.stats.world
    table = work_table(Scope(world.a.county, AFTER, 2026, world.clerk_a))
    assert work_world.two_full_time.positions.count() == 2
    assert table.row(DIRECT)["full_time_cadres"] == 1


def test_a_county_clerk_sees_none_of_another_countys_rows(work_world):
    world = work_world.stats.world
    table = work_table(Scope(world.city, AFTER, 2026, world.clerk_a))
    assert {k: table.total[k] for k in ZERO} == A_AFTER[TOTAL]


def test_last_years_events_are_not_this_years(work_world):
    world = work_world.stats.world
    table = work_table(Scope(world.a.county, AFTER, 2025, world.clerk_a))
    # 2025: the joint union's level-two review, the county union's election, an acceptance.
    assert table.total["reviews_two"] == 1 and table.total["reviews"] == 1
    assert table.total["elections"] == 1 and table.total["new_model_unions"] == 1


WORK_FIGURES = [f for f in figures().values() if f.key in ZERO]


@pytest.mark.parametrize("as_of", [AFTER, BEFORE])
def test_county_drill_down_lists_are_the_rows_counted(client, work_world, as_of):
    world = work_world.stats.world
    client.force_login(world.clerk_a)
    table = work_table(Scope(world.a.county, as_of, 2026, world.clerk_a))
    check_table(client, table, WORK_FIGURES)


def test_city_drill_down_lists_are_the_rows_counted(client, work_world):
    world = work_world.stats.world
    client.force_login(world.admin)
    check_table(client, work_table(Scope(world.city, AFTER, 2026, world.admin)), WORK_FIGURES)


def test_every_work_figure_is_registered_with_a_list():
    assert {f.key for f in WORK_FIGURES} == set(ZERO)
    assert all(f.list_url.startswith(("cadres:", "campaigns:")) for f in WORK_FIGURES)
