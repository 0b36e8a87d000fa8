"""The member ledger through HTTP: masking per role, adding with a membership, search."""

import datetime

import pytest

from apps.core.models import ForeignLookup
from apps.core.validators import make_id_number
from apps.members.models import Member
from tests.unions.factories import member


def form_data(world, **overrides):
    data = {
        "name": "李四",
        "id_number": make_id_number(50, region="421002", birth=datetime.date(1988, 8, 8)),
        "ethnicity": "汉族",
        "political_status": "masses",
        "employment_form": "contract",
        "mobile": "13907160001",
        "union": world.a.union.pk,
        "joined_on": "2024-03-01",
    }
    data.update(overrides)
    return data


def test_list_masks_id_numbers_and_mobiles_for_every_role(client_a, world):
    person = world.a.member
    person.mobile = "13907161234"
    person.save()
    page = client_a.get("/members/members/?columns=name&columns=id_number&columns=mobile")
    text = page.content.decode()
    assert person.masked_id_number in text and person.id_number not in text
    assert "139****1234" in text and "13907161234" not in text


def test_detail_shows_the_full_id_only_to_roles_that_edit(client, world):
    person = world.a.member
    client.force_login(world.clerk_a)
    assert person.id_number in client.get(person.get_absolute_url()).content.decode()
    client.force_login(world.reader_a)
    page = client.get(person.get_absolute_url()).content.decode()
    assert person.id_number not in page and person.masked_id_number in page


def test_history_masks_personal_data_for_readers(client, world):
    person = world.a.member
    person.mobile = "13907169999"
    person.save()
    client.force_login(world.reader_a)
    page = client.get(f"/members/members/{person.pk}/history/").content.decode()
    assert "13907169999" not in page and "139****9999" in page


def test_clerk_enrolls_a_member_with_an_active_membership(client_a, world):
    response = client_a.post("/members/members/add/", form_data(world))
    person = Member.objects.get(name="李四")
    assert response.url == person.get_absolute_url()
    membership = person.memberships.get()
    assert (membership.union, membership.status) == (world.a.union, "active")
    assert (person.status, person.joined_on) == ("active", datetime.date(2024, 3, 1))
    assert person.history.get().history_user == world.clerk_a


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"id_number": "wrong check character"}, "身份证号校验位错误"),
        ({"joined_on": "2000-01-01"}, "入会日期早于年满16周岁（1988-08-08出生）"),
        ({"joined_on": "2099-01-01"}, "入会日期不能晚于今天"),
        ({"mobile": "1234567"}, "手机号应为以1开头的11位数字"),
    ],
)
def test_bad_input_is_named_at_the_field_and_nothing_is_written(
    client_a, world, overrides, message
):
    if "id_number" in overrides:
        good = form_data(world)["id_number"]
        overrides["id_number"] = good[:17] + ("1" if good[17] != "1" else "2")
    page = client_a.post("/members/members/add/", form_data(world, **overrides))
    text = page.content.decode()
    assert message in text and 'value="李四"' in text
    assert not Member.objects.filter(name="李四").exists()


def test_an_id_already_registered_elsewhere_is_refused(client_a, world):
    data = form_data(world, id_number=world.b.member.id_number.lower())
    text = client_a.post("/members/members/add/", data).content.decode()
    assert "该人员已在其他工会组织登记，不在您的管辖范围内" in text
    assert world.b.member.name not in text and world.b.union.name not in text
    assert Member.objects.filter(id_number=world.b.member.id_number).count() == 1
    lookup = ForeignLookup.objects.get()  # logged for the city
    assert (lookup.user, lookup.key, lookup.source) == (
        world.clerk_a,
        world.b.member.id_number,
        "登记会员",
    )


def test_clerk_cannot_enroll_into_another_countys_union(client_a, world):
    text = client_a.post("/members/members/add/", form_data(world, union=world.b.union.pk))
    assert "选择一个有效的选项" in text.content.decode()


@pytest.mark.parametrize("query", ["ls", "LS", "李", "李四"])
def test_search_by_name_or_pinyin_initials(client_a, world, query):
    member(world.a.union, seq=60, name="李四")
    page = client_a.get("/members/members/", {"q": query}).content.decode()
    assert "李四" in page
    assert world.a.member.name not in page


def test_search_by_the_tail_of_the_id_number(client_a, world):
    person = member(world.a.union, seq=61, name="王五")
    tail = person.id_number[-6:].lower()
    page = client_a.get("/members/members/", {"q": tail}).content.decode()
    assert "王五" in page and world.a.member.name not in page


def test_filters_for_roster_only_members(client_a, world):
    member(world.a.union, seq=62, name="赵六", application_submitted=True, card_number="H001")
    page = client_a.get("/members/members/?no_application=on&no_card=on").content.decode()
    assert world.a.member.name in page and "赵六" not in page


def test_detail_shows_what_the_id_number_says(client_a, world):
    person = world.a.member
    page = client_a.get(person.get_absolute_url()).content.decode()
    assert "出生日期" in page and f"{person.birth_date.year}年" in page
    assert "会籍状态" in page and "正常" in page


def test_bulk_edit_marks_applications_only_in_scope(client_a, world):
    a_member, b_member = world.a.member, world.b.member
    client_a.post(
        "/members/members/bulk-edit/",
        {
            "pk": [a_member.pk, b_member.pk],
            "_apply": "1",
            "application_submitted": "true",
            "household_type": "agricultural",
        },
    )
    a_member.refresh_from_db()
    b_member.refresh_from_db()
    assert a_member.application_submitted and a_member.household_type == "agricultural"
    assert not b_member.application_submitted and b_member.household_type != "agricultural"
    assert a_member.history.first().history_user == world.clerk_a


def test_dispatched_filter(client_a, world):
    from apps.members.models import Member

    Member.objects.filter(pk=world.a.member.pk).update(employment_form="dispatch")
    page = client_a.get("/members/members/?dispatched=1").content.decode()
    assert world.a.member.name in page
    page = client_a.get("/members/members/?dispatched=0").content.decode()
    assert world.a.member.name not in page
