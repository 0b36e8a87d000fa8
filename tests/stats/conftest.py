"""County A of the shared world, with a year of events around two days of 2026 (hand-counted
in test_figures.py): BEFORE (31 March) and AFTER (30 June) a dissolution (1 April), the end of
a coverage (1 May), a transfer of A's member to county B (15 May) and a new coverage of the
fund-paying 民营医院 (15 June); a grassroots union directly under the county founded on
10 March (with a women workers' committee); new members on 10 February, 1 June and 1 August,
and a member of the joint union since 2021."""

import datetime
from dataclasses import dataclass

import pytest

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
        name="沙市区热电有限公司", owner=a.county, nature="state",
        employees=200, women=80, migrant_workers=40,
    )  # fmt: skip
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
        name="沙市区五金店", owner=a.township, nature="individual",
        employees=4, women=1, migrant_workers=2,
    )  # fmt: skip
    coverage(a.joint, shop, start_on=datetime.date(2022, 1, 1), end_on=datetime.date(2026, 5, 1))
    coverage(a.joint, a.unorganized, start_on=datetime.date(2026, 6, 15))
    new_women_migrant = new_member(
        a.union, 201, datetime.date(2026, 2, 10), name="新会员甲", female=True,
        household_type=Member.HouseholdType.AGRICULTURAL,
    )  # fmt: skip
    new_dispatched = new_member(
        county_union, 202, datetime.date(2026, 6, 1), name="新会员乙",
        employment_form=Member.EmploymentForm.DISPATCH,
    )  # fmt: skip
    new_in_august = new_member(a.union, 203, datetime.date(2026, 8, 1), name="新会员丙")
    new_member(a.joint, 204, datetime.date(2021, 6, 1), name="联合工会会员丁")
    transfer = Transfer.objects.create(
        member=a.member, from_union=a.union, to_union=b.union,
        requested_on=datetime.date(2026, 5, 10), requested_by=world.clerk_b,
    )  # fmt: skip
    accept_transfer(transfer, on=datetime.date(2026, 5, 15), actor=world.clerk_a)
    return StatsWorld(
        world, county_employer, county_union, textile, dissolved, shop,
        new_women_migrant, new_dispatched, new_in_august,
    )  # fmt: skip
