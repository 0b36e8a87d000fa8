"""Cadres and positions through the ledger pages; the union page's committee and findings."""

import datetime

import pytest

from apps.cadres.models import Cadre, Position
from apps.core.validators import make_id_number

from .factories import YEAR_AGO, cadre, committee, election, position


@pytest.fixture(autouse=True)
def long_founded_union(world):
    """These committees and elections go back further than the world's union (2020)."""
    world.a.union.founded_on = datetime.date(2010, 1, 1)
    world.a.union.save()


def position_post(world, person, **overrides):
    data = {
        "cadre": person.pk,
        "union": world.a.union.pk,
        "role": "chair",
        "came_by": "elected",
        "start_on": YEAR_AGO.isoformat(),
        "employer_post": "worker",
    }
    data.update(overrides)
    return data


def test_chair_starting_before_its_election_must_be_marked_appointed(client_a, world):
    made = election(world.a.union)
    person = cadre(world.a.union)
    early = (made.held_on - datetime.timedelta(days=20)).isoformat()
    data = position_post(world, person, start_on=early, election=made.pk)
    page = client_a.post("/cadres/positions/add/", data).content.decode()
    assert f"主席任职日期（{early}）早于产生该职务的选举（{made.held_on:%Y-%m-%d}）" in page
    assert not Position.objects.exists()
    data["came_by"] = "appointed"
    assert client_a.post("/cadres/positions/add/", data).status_code == 302
    assert Position.objects.get().came_by == "appointed"


def test_position_cannot_name_another_unions_election(client_a, world):
    other = election(world.a.joint)
    data = position_post(world, cadre(world.a.union), election=other.pk)
    page = client_a.post("/cadres/positions/add/", data).content.decode()
    assert "不是本工会的选举" in page and not Position.objects.exists()


def test_end_before_start_is_refused(client_a, world):
    data = position_post(world, cadre(world.a.union), end_on="2000-01-01")
    page = client_a.post("/cadres/positions/add/", data).content.decode()
    assert "离任日期不能早于任职日期" in page


def test_cadre_id_number_is_checked_and_links_the_member(client_a, world):
    data = {"name": "沙市会员", "id_number": "421002198501010012", "union": world.a.union.pk}
    page = client_a.post("/cadres/cadres/add/", data).content.decode()
    assert "身份证号校验位错误" in page
    data["id_number"] = world.a.member.id_number
    assert client_a.post("/cadres/cadres/add/", data).status_code == 302
    made = Cadre.objects.get()
    assert made.member == world.a.member and made.sex == "male"


def test_cadre_without_id_number_needs_a_sex(client_a, world):
    data = {"name": "无证干部", "union": world.a.union.pk}
    assert (
        "未填写身份证号时请选择性别" in client_a.post("/cadres/cadres/add/", data).content.decode()
    )
    data["sex"] = "female"
    assert client_a.post("/cadres/cadres/add/", data).status_code == 302


def test_reader_sees_the_cadre_mobile_masked(client, world):
    person = cadre(
        world.a.union, mobile="13871234567", id_number=make_id_number(7, region="421002")
    )
    client.force_login(world.reader_a)
    page = client.get(person.get_absolute_url()).content.decode()
    assert "138****4567" in page and "13871234567" not in page
    client.force_login(world.clerk_a)
    assert "13871234567" in client.get(person.get_absolute_url()).content.decode()


def test_union_page_shows_current_committee_and_its_findings(client_a, world):
    committee(world.a.union, members=0, came_by="appointed", start_on=datetime.date(2019, 1, 1))
    position(
        world.a.union,
        Position.Role.COMMITTEE,
        name="离任委员",
        end_on=datetime.date(2020, 1, 1),
        start_on=datetime.date(2019, 1, 1),
    )
    page = client_a.get(world.a.union.get_absolute_url()).content.decode()
    assert "本届委员会（现任干部）" in page and "赵主席" in page and "离任委员" not in page
    assert "规范化检查：得分" in page  # the findings, once, in the standardization panel
    assert "仅有主席赵主席，无副主席和委员" in page
    assert "主席赵主席 2019-01-01 起委派任职，未经选举" in page


def test_findings_page_filters_by_rule_and_township(client_a, world):
    committee(world.a.union, members=0)
    committee(world.a.joint, members=0, came_by="appointed")
    page = client_a.get("/cadres/findings/?rule=election.appointed_not_elected").content.decode()
    assert world.a.joint.name in page and world.a.union.name not in page
    page = client_a.get(f"/cadres/findings/?within={world.a.township.pk}").content.decode()
    assert world.a.union.name in page and world.a.joint.name in page


def test_findings_page_shows_nothing_of_other_county(client_a, world):
    committee(world.b.union, members=0)
    page = client_a.get(f"/cadres/findings/?within={world.b.county.pk}").content.decode()
    assert world.b.union.name not in page


def test_cadre_list_shows_current_offices(client_a, world, django_assert_max_num_queries):
    for _ in range(6):
        committee(world.a.union, members=1)
    with django_assert_max_num_queries(12):
        page = client_a.get("/cadres/cadres/").content.decode()
    assert ">主席<" in page  # the office held today, in the cadre's own union
