"""ranking(): actuals from the ledgers as of a day, completion, points, totals, ranks."""

import datetime
from decimal import Decimal as D

from apps.targets.models import TargetLetter
from apps.targets.scoring import CountyScore, rank, ranking
from apps.unions.models import Employer, Union
from tests.conftest import make_county
from tests.unions.factories import EmployerFactory, grassroots_union

from .conftest import MID_YEAR, WORK_MEM_SETS, YEAR, letter

d = datetime.date


def found(county, name, on, **kwargs):
    return grassroots_union(
        EmployerFactory(name=name, owner=county.township), founded_on=on, **kwargs
    )


def item(score, code):
    return next(i for i in score.items if i.item.indicator == code)


def test_only_signed_letters_are_scored_and_counties_tie(world, signed):
    letter(
        make_county(world.city, "公安县", "421022", "斗湖堤镇工会").county,
        [("new_unions", 2, 100)],
        status=TargetLetter.Status.DRAFT,
    )
    result = ranking(YEAR, MID_YEAR)
    assert [c.county for c in result.counties] == [world.a.county, world.b.county]
    # Nothing founded in 2026 and nobody's paid-fund employer unionized yet: both 0, rank 1.
    assert [(c.total, c.rank) for c in result.counties] == [(0, 1), (0, 1)]


def test_new_unions_count_as_of_the_day(world, signed):
    found(world.a, "沙市区新厂一", d(2026, 3, 1))
    found(world.a, "沙市区新厂二", d(2026, 7, 15))  # after the as-of day
    found(world.a, "沙市区老厂", d(2025, 12, 31))  # last year
    score = ranking(YEAR, MID_YEAR).of(world.a.county)
    new = item(score, "new_unions")
    assert (new.actual, new.completion, new.points) == (1, D("50.0"), D("30.00"))
    assert new.on_track  # 50 % done, 49.6 % of the year gone
    later = item(ranking(YEAR, d(2026, 12, 31)).of(world.a.county), "new_unions")
    assert (later.actual, later.completion, later.points) == (2, 100, D("60.00"))


def test_totals_rank_the_counties(world, signed):
    found(world.b, "荆州区新厂", d(2026, 2, 1))
    # A's paid-fund employer founds its union: a new union (30) and the fund item (40).
    grassroots_union(world.a.unorganized, founded_on=d(2026, 5, 1))
    result = ranking(YEAR, MID_YEAR)
    a, b = result.of(world.a.county), result.of(world.b.county)
    assert (a.total, a.rank, b.total, b.rank) == (D(70), 1, D(30), 2)
    assert result.counties == [a, b]
    assert a.area_points() == {1: (D(30), D(60)), 2: (D(40), D(40))}
    assert [s.item.indicator for s in b.behind] == ["fund_unionized"]


def test_ties_share_a_rank_and_the_next_rank_skips(world):
    def score(name, total):
        return CountyScore(Union(name=name, path=name), None, [], D(total), 0)

    ranked = rank([score("4", 70), score("1", 90), score("2", 80), score("3", 80)])
    assert [(s.county.name, s.rank) for s in ranked] == [("1", 1), ("2", 2), ("3", 2), ("4", 4)]


def test_a_dissolution_lowers_the_actual(world, signed):
    hospital = grassroots_union(
        world.a.unorganized, founded_on=d(2026, 5, 1), dissolved_on=d(2026, 9, 1)
    )
    assert hospital.dissolved_on
    before = item(ranking(YEAR, MID_YEAR).of(world.a.county), "fund_unionized")
    after = item(ranking(YEAR, d(2026, 10, 31)).of(world.a.county), "fund_unionized")
    assert (before.actual, before.points) == (100, D(40))
    assert (after.actual, after.completion, after.points, after.on_track) == (0, 0, 0, False)


def test_a_rate_without_base_is_full_points(world):
    letter(world.a.county, [("new_social_rate", 60, 10)])
    Employer.objects.filter(pk=world.a.unorganized.pk).update(nature="private")  # A had one
    score = ranking(YEAR, MID_YEAR).of(world.a.county)
    assert (score.items[0].actual, score.items[0].completion, score.total) == (None, None, 10)


def test_quota_indicators_read_model_unions_and_agreements(world):
    from apps.cadres.models import ChairAgreement
    from apps.campaigns.models import ModelUnion

    pilots = [
        ("model_unions", 2, 10),
        ("agreements_non_public", 1, 10, "all_or_nothing"),
        ("agreements_regional", 1, 5, "all_or_nothing"),
    ]
    letter(world.a.county, pilots)
    ModelUnion.objects.create(
        union=world.a.union,
        year=YEAR,
        status="accepted",
        nominated_on=d(2026, 1, 5),
        accepted_on=d(2026, 5, 1),
    )
    ChairAgreement.objects.create(
        union=world.a.union,
        kind="non_public",
        upper_party="沙市区总工会",
        employer_party="甲方",
        chair_name="张主席",
        signed_on=d(2026, 4, 1),
        status="signed",
    )
    ChairAgreement.objects.create(
        union=world.a.joint,
        kind="regional",
        upper_party="沙市区总工会",
        employer_party="乙方",
        chair_name="李主席",
        signed_on=d(2026, 8, 1),
        status="signed",
    )
    score = ranking(YEAR, MID_YEAR).of(world.a.county)
    assert [(i.actual, i.points) for i in score.items] == [(1, 5), (1, 10), (0, 0)]
    assert "kind=non_public" in score.items[1].link and "signed_before=2026-06-30" in (
        score.items[1].link
    )


def test_the_user_scopes_letters(world, signed):
    result = ranking(YEAR, MID_YEAR, user=world.clerk_a)
    assert [c.county for c in result.counties] == [world.a.county]


def test_query_count_does_not_grow_with_counties(world, signed, django_assert_num_queries):
    items = [
        ("new_unions", 2, 20),
        ("new_members", 10, 20),
        ("fund_unionized", 100, 20),
        ("new_social_rate", 50, 10),
        ("model_unions", 1, 10),
        ("new_covered", 3, 10),
        ("agreements_non_public", 1, 10),
    ]
    TargetLetter.objects.all().delete()
    letter(world.a.county, items), letter(world.b.county, items)
    # Letters, items, the counties, one query per family (unions, members, dual measures,
    # employers, model unions, coverage, agreements) inside a savepoint (two statements).
    with django_assert_num_queries(12 + WORK_MEM_SETS):
        assert len(ranking(YEAR, MID_YEAR).counties) == 2
    for n, (name, region) in enumerate([("公安县", "421022"), ("江陵县", "421024")]):
        letter(make_county(world.city, name, region, f"{name}第{n}街道工会").county, items)
    with django_assert_num_queries(12 + WORK_MEM_SETS):
        assert len(ranking(YEAR, MID_YEAR).counties) == 4
