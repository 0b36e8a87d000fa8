"""County A of the shared world, with a year of events around two days of 2026 (hand-counted
in test_figures.py): BEFORE (31 March) and AFTER (30 June) a dissolution (1 April), the end of
a coverage (1 May), a transfer of A's member to county B (15 May) and a new coverage of the
fund-paying 民营医院 (15 June); a grassroots union directly under the county founded on
10 March (with a women workers' committee); new members on 10 February, 1 June and 1 August,
and a member of the joint union since 2021."""

import datetime
from dataclasses import dataclass

import pytest
from django.db import connection

from apps.core.validators import make_id_number
from apps.members.models import Member, Transfer
from apps.members.services import accept_transfer, enroll
from apps.unions.models import Union
from tests.unions.factories import EmployerFactory, coverage, grassroots_union

BEFORE = datetime.date(2026, 3, 31)
AFTER = datetime.date(2026, 6, 30)


@dataclass
class StatsWorld:
    world: object
    county_employer: object
    county_union: Union
    textile: object
    dissolved: Union
    shop: object
    new_women_migrant: Member
    new_dispatched: Member
    new_in_august: Member


def new_member(union, seq, joined_on, **fields) -> Member:
    female = fields.pop("female", False)
    person = Member(
        name=fields.pop("name"),
        id_number=make_id_number(seq, region="421002", female=female),
        **fields,
    )
    return enroll(person, union, joined_on, actor=None)


@pytest.fixture
def stats_world(world) -> StatsWorld:
    a, b = world.a, world.b
    county_employer = EmployerFactory(
        name="沙市区热电有限公司",
        owner=a.county,
        nature="state",
        employees=200,
        women=80,
        migrant_workers=40,
    )
    county_union = grassroots_union(
        county_employer, founded_on=datetime.date(2026, 3, 10), has_women_committee=True
    )
    textile = EmployerFactory(
        name="沙市区纺织厂", owner=a.township, employees=100, women=60, migrant_workers=30
    )
    dissolved = grassroots_union(
        textile, founded_on=datetime.date(2018, 1, 1), dissolved_on=datetime.date(2026, 4, 1)
    )
    shop = EmployerFactory(
        name="沙市区五金店",
        owner=a.township,
        nature="individual",
        employees=4,
        women=1,
        migrant_workers=2,
    )
    coverage(a.joint, shop, start_on=datetime.date(2022, 1, 1), end_on=datetime.date(2026, 5, 1))
    coverage(a.joint, a.unorganized, start_on=datetime.date(2026, 6, 15))
    new_women_migrant = new_member(
        a.union,
        201,
        datetime.date(2026, 2, 10),
        name="新会员甲",
        female=True,
        household_type=Member.HouseholdType.AGRICULTURAL,
    )
    new_dispatched = new_member(
        county_union,
        202,
        datetime.date(2026, 6, 1),
        name="新会员乙",
        employment_form=Member.EmploymentForm.DISPATCH,
    )
    new_in_august = new_member(a.union, 203, datetime.date(2026, 8, 1), name="新会员丙")
    new_member(a.joint, 204, datetime.date(2021, 6, 1), name="联合工会会员丁")
    transfer = Transfer.objects.create(
        member=a.member,
        from_union=a.union,
        to_union=b.union,
        requested_on=datetime.date(2026, 5, 10),
        requested_by=world.clerk_b,
    )
    accept_transfer(transfer, on=datetime.date(2026, 5, 15), actor=world.clerk_a)
    return StatsWorld(
        world,
        county_employer,
        county_union,
        textile,
        dissolved,
        shop,
        new_women_migrant,
        new_dispatched,
        new_in_august,
    )


@dataclass
class WorkWorld:
    stats: StatsWorld
    two_full_time: object


@pytest.fixture
def work_world(stats_world) -> WorkWorld:
    """The cadres and campaigns ledgers of county A around BEFORE and AFTER (hand-counted in
    test_cadres_figures.py), and one row of each in county B that A's figures never count."""
    from apps.cadres.models import Assistant, Cadre, Election, Position
    from apps.campaigns.models import HomeInspection, ModelUnion, StandardReview, WorkersHome
    from tests.cadres.factories import election

    world = stats_world.world
    a, b, county_union = world.a, world.b, stats_world.county_union
    d = datetime.date

    def cadre(union, name):
        return Cadre.objects.create(name=name, union=union)

    def held(person, union, start, end=None, *, full_time, role=Position.Role.COMMITTEE):
        Position.objects.create(
            cadre=person, union=union, role=role, full_time=full_time, start_on=start, end_on=end
        )

    # 队伍. Township: 甲 full-time throughout; 乙 full-time until 1 May, part-time throughout;
    # 丙 left at the end of 2025. 直属: 丁 two full-time posts from 1 April (one person).
    held(cadre(a.union, "专职甲"), a.union, d(2025, 1, 1), full_time=True, role="chair")
    second = cadre(a.union, "兼职乙")
    held(second, a.union, d(2024, 1, 1), d(2026, 5, 1), full_time=True, role="vice_chair")
    held(second, a.joint, d(2024, 1, 1), full_time=False)
    held(cadre(a.union, "离任丙"), a.union, d(2023, 1, 1), d(2025, 12, 31), full_time=False)
    two_full_time = cadre(a.county, "专职丁")
    held(two_full_time, a.county, d(2026, 4, 1), full_time=True, role="vice_chair")
    held(two_full_time, county_union, d(2026, 4, 1), full_time=True, role="chair")
    held(cadre(b.union, "荆州专职"), b.union, d(2020, 1, 1), full_time=True, role="chair")

    def assistant(post, name, seq, hired_on, left_on=None):
        Assistant.objects.create(
            name=name,
            id_number=make_id_number(300 + seq, region="421002"),
            post=post,
            hired_on=hired_on,
            left_on=left_on,
            route=Assistant.Route.PUBLIC_RECRUITMENT,
        )

    assistant(a.township, "协理员甲", 1, d(2024, 1, 1))
    assistant(a.county, "协理员乙", 2, d(2026, 4, 15))
    assistant(a.township, "协理员丙", 3, d(2023, 1, 1), d(2026, 3, 31))  # last day: 31 March
    assistant(b.township, "荆州协理员", 4, d(2024, 1, 1))

    # 规范化与载体.
    def review(union, year, reviewed_on, level):
        StandardReview.objects.create(
            union=union, year=year, reviewed_on=reviewed_on, reviewer="检查组", level=level
        )

    review(a.union, 2026, d(2026, 5, 10), "one")
    review(county_union, 2026, d(2026, 3, 12), "below")
    review(a.joint, 2025, d(2025, 6, 1), "two")
    review(a.joint, 2026, d(2026, 6, 1), "three")
    review(b.union, 2026, d(2026, 3, 1), "one")

    def candidate(union, year, status, accepted_on=None, nominated_on=None):
        ModelUnion.objects.create(
            union=union,
            year=year,
            status=status,
            nominated_on=nominated_on or d(year, 1, 10),
            accepted_on=accepted_on,
        )

    candidate(a.union, 2025, "accepted", d(2025, 11, 1))
    candidate(county_union, 2026, "rewarded", d(2026, 5, 20), nominated_on=d(2026, 3, 15))
    candidate(a.joint, 2026, "cultivating")
    candidate(a.joint, 2025, "rejected")
    candidate(b.union, 2026, "accepted", d(2026, 2, 1))

    withdrawn = WorkersHome.objects.create(union=a.union, level="city", year=2024)
    HomeInspection.objects.create(
        home=withdrawn, inspected_on=d(2026, 5, 1), result="整改未到位", title_kept=False
    )
    kept = WorkersHome.objects.create(union=a.union, level="provincial", year=2025)
    HomeInspection.objects.create(home=kept, inspected_on=d(2026, 2, 1), result="良好")
    WorkersHome.objects.create(union=county_union, level="small", year=2026)
    # Named after 2026: only a stored row can be (a title of next year is refused today).
    WorkersHome.objects.bulk_create([WorkersHome(union=a.joint, level="national", year=2027)])
    WorkersHome.objects.create(union=b.union, level="county", year=2020)

    election(a.union, held_on=d(2026, 6, 10))
    # Last year's election of a union founded this year: only a row stored before the date
    # rules can say so, and the figures must still date it by its own day.
    Election.objects.bulk_create(
        [Election(union=county_union, held_on=d(2025, 10, 10), eligible_voters=60, votes_cast=55)]
    )
    election(a.joint, held_on=d(2026, 2, 1))
    election(b.union, held_on=d(2026, 3, 1))
    return WorkWorld(stats_world, two_full_time)


# On PostgreSQL each figure table (apps.stats.figures.compute) first raises work_mem for its
# transaction: one more statement per table, two tables on a dashboard.
WORK_MEM_SETS = 2 if connection.vendor == "postgresql" else 0
