"""The world every test starts from (as Healthchecks' BaseTestCase builds alice, bob and
charlie): the city, county A (沙市区) and county B (荆州区) each with a township, an employer, a
grassroots union, a joint union covering a second employer, a fund payment and a follow-up;
a city admin, a clerk of each county, a read-only leader of county A."""

import datetime
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group

from apps.accounts.models import User
from apps.accounts.roles import CITY_ADMIN, CLERK, READ_ONLY
from apps.members.models import Transfer
from apps.unions.models import Union
from apps.unions.reference import load_reference
from tests.unions.factories import (
    EmployerFactory,
    UnionFactory,
    coverage,
    follow_up,
    fund_payment,
    grassroots_union,
    joint_union,
    member,
)


@dataclass
class County:
    county: Union
    township: Union
    employer: object
    union: Union
    joint: Union
    covered: object
    coverage: object
    payment: object
    follow_up: object
    unorganized: object
    member: object


def make_county(city: Union, name: str, region: str, township_name: str) -> County:
    county = UnionFactory(
        name=f"{name}总工会", level=Union.Level.COUNTY, parent=city, region_code=region
    )
    township = UnionFactory(
        name=township_name, level=Union.Level.TOWNSHIP, parent=county, region_code=region + "001"
    )
    employer = EmployerFactory(name=f"{name}机械有限公司", owner=township)
    covered = EmployerFactory(
        name=f"{name}小微便利店", owner=township, employees=5, women=2, migrant_workers=1
    )
    unorganized = EmployerFactory(
        name=f"{name}民营医院", owner=township, nature="private_nonenterprise"
    )
    joint = joint_union(township, name=f"{township_name}联合工会委员会")
    union = grassroots_union(employer)
    return County(
        county=county,
        township=township,
        employer=employer,
        union=union,
        joint=joint,
        covered=covered,
        coverage=coverage(joint, covered),
        payment=fund_payment(unorganized),
        follow_up=follow_up(unorganized),
        unorganized=unorganized,
        member=member(union, seq=int(region[-2:]), name=f"{name[:2]}会员", employer=employer),
    )


def make_user(username: str, role: str, union: Union) -> User:
    user = User.objects.create_user(
        username, password="Pass-word-123", union=union, display_name=username
    )
    user.groups.add(Group.objects.get(name=role))
    return user


@dataclass
class World:
    city: Union
    a: County
    b: County
    admin: User
    clerk_a: User
    clerk_b: User
    reader_a: User
    b_transfer: object  # a pending transfer inside county B


@pytest.fixture
def world(db) -> World:
    load_reference()
    city = UnionFactory(name="荆州市总工会", level=Union.Level.CITY, region_code="421000")
    a = make_county(city, "沙市区", "421002", "中山街道工会")
    b = make_county(city, "荆州区", "421003", "西城街道工会")
    clerk_b = make_user("clerk_b", CLERK, b.county)
    b_transfer = Transfer.objects.create(
        member=b.member,
        from_union=b.union,
        to_union=b.joint,
        requested_on=datetime.date(2026, 1, 5),
        requested_by=clerk_b,
    )
    return World(
        city=city,
        a=a,
        b=b,
        admin=make_user("admin", CITY_ADMIN, city),
        clerk_a=make_user("clerk_a", CLERK, a.county),
        clerk_b=clerk_b,
        reader_a=make_user("reader_a", READ_ONLY, a.county),
        b_transfer=b_transfer,
    )


@pytest.fixture
def client_a(client, world):
    client.force_login(world.clerk_a)
    return client


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every world has four users; hashing their passwords the production way (PBKDF2, a
    million rounds) cost about two seconds of each test's set-up."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings, tmp_path):
    """Background tasks (imports) run inside the request, so a test sees their outcome; the
    files they keep go to a directory of the test's own."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
