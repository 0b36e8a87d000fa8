"""年度更新: the county sees which rosters are confirmed, unconfirmed or unchanged for a year;
a clerk confirms a union's roster once a year, with the date and the active member count."""

import datetime
import re

import pytest
from django.utils import timezone

from apps.members.models import RosterConfirmation
from apps.members.services import change_status
from tests.unions.factories import EmployerFactory, grassroots_union, member

LIST = "/members/rosters/"


def this_year() -> int:
    return timezone.localdate().year


def counts(page) -> dict[str, int]:
    """The figures above the list, as the user reads them: {"应确认": 3, …}."""
    text = page.content.decode()
    found = re.findall(r'>\s*(\S+) <strong class="roster-count">(\d+)</strong>', text)
    return {label: int(n) for label, n in found}


def has_actions_column(text: str) -> bool:
    return re.search(r"<th[^>]*>\s*操作\s*</th>", text) is not None


def confirm_url(union, year=None) -> str:
    return f"/members/rosters/{union.pk}/confirm/?year={year or this_year()}"


def confirm(client, union, **data):
    today = timezone.localdate()
    form = {"year": this_year(), "confirmed_on": f"{today:%Y-%m-%d}", "note": "", **data}
    return client.post(f"/members/rosters/{union.pk}/confirm/", form)


@pytest.fixture
def fresh(world):
    """A union of county A whose roster changed ten days ago (a member joined)."""
    employer = EmployerFactory(name="沙市区新建电子有限公司", owner=world.a.township)
    union = grassroots_union(employer)
    member(union, seq=70, name="新会员", joined_on=timezone.localdate() - datetime.timedelta(10))
    return union


def test_county_sees_counts_and_stale_rosters(client_a, world, fresh):
    page = client_a.get(LIST)
    text = page.content.decode()
    # County A owes three rosters: its grassroots union, its joint union and the new one.
    assert counts(page) == {"应确认": 3, "已确认": 0, "未确认": 3, "一年以上未变动": 2}
    assert world.a.union.name in text and fresh.name in text and world.a.joint.name in text
    assert world.a.township.name in text and has_actions_column(text)
    assert "荆州区" not in text
    assert text.count("超过一年未变动") == 2  # the old union and the joint union without members
    assert "2020-05-01" in text  # the old union's last change: its member joined


def test_confirmed_union_counts_as_confirmed_with_date_and_person(client_a, world, fresh):
    confirm(client_a, fresh, confirmed_on=f"{timezone.localdate():%Y-%m-%d}")
    page = client_a.get(LIST)
    assert counts(page) == {"应确认": 3, "已确认": 1, "未确认": 2, "一年以上未变动": 2}
    text = client_a.get(LIST + "?status=confirmed").content.decode()
    assert fresh.name in text and world.a.union.name not in text
    assert "clerk_a" in text and f"{timezone.localdate():%Y-%m-%d}" in text


def test_filters_by_status_and_township(client_a, world, fresh):
    stale = client_a.get(LIST + "?status=stale").content.decode()
    assert world.a.union.name in stale and fresh.name not in stale
    unconfirmed = client_a.get(LIST + "?status=unconfirmed")
    assert fresh.name in unconfirmed.content.decode()
    # The counts ignore the status filter, so the user sees every figure while filtering.
    assert counts(unconfirmed)["应确认"] == 3
    elsewhere = grassroots_union(EmployerFactory(name="沙市区直属单位", owner=world.a.county))
    page = client_a.get(LIST + f"?within={world.a.township.pk}")
    assert elsewhere.name not in page.content.decode()
    assert counts(page)["应确认"] == 3


def test_year_is_selectable(client_a, world):
    last_year = this_year() - 1
    RosterConfirmation.objects.create(
        union=world.a.union,
        year=last_year,
        confirmed_on=datetime.date(last_year, 12, 1),
        confirmed_by=world.clerk_a,
        members=1,
    )
    assert counts(client_a.get(LIST))["已确认"] == 0
    page = client_a.get(LIST + f"?year={last_year}")
    assert counts(page)["已确认"] == 1
    assert f"年度更新（{last_year}年）" in page.content.decode()


def test_clerk_confirms_a_roster(client_a, world):
    change_status(
        world.a.member, "retained", on=datetime.date(2024, 1, 1), reason="退休", actor=world.clerk_a
    )
    member(world.a.union, seq=71, name="王五")
    page = client_a.get(confirm_url(world.a.union))
    assert "确认花名册" in page.content.decode() and "王五" in page.content.decode()
    response = confirm(client_a, world.a.union, note="已核对")
    assert response.status_code == 302
    confirmation = RosterConfirmation.objects.get(union=world.a.union, year=this_year())
    assert confirmation.confirmed_by == world.clerk_a
    assert confirmation.confirmed_on == timezone.localdate()
    assert confirmation.members == 1  # the retired member is not counted
    assert confirmation.note == "已核对"
    assert confirmation.history.get().history_user == world.clerk_a
    followed = client_a.get(response.url).content.decode()
    assert f"已确认“{world.a.union}”{this_year()}年的花名册（正常会员1人）" in followed


def test_confirming_twice_says_who_already_did(client, world):
    client.force_login(world.admin)
    confirm(client, world.a.union, confirmed_on=f"{timezone.localdate():%Y-%m-%d}")
    client.force_login(world.clerk_a)
    response = confirm(client, world.a.union)
    followed = client.get(response.url).content.decode()
    assert "无需重复确认" in followed and "admin" in followed
    assert RosterConfirmation.objects.get(union=world.a.union).confirmed_by == world.admin
    page = client.get(confirm_url(world.a.union)).content.decode()
    assert "无需重复确认" in page and 'type="submit"' not in page.split("最近的会籍变动")[0]


def test_confirmation_date_is_not_in_the_future_nor_before_the_year(client_a, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page = confirm(client_a, world.a.union, confirmed_on=f"{tomorrow:%Y-%m-%d}")
    assert "日期不能晚于今天" in page.content.decode()
    page = confirm(client_a, world.a.union, confirmed_on=f"{this_year() - 1}-12-31")
    assert f"确认日期不能早于{this_year()}年1月1日" in page.content.decode()
    assert not RosterConfirmation.objects.exists()


def test_other_countys_union_is_not_found(client_a, world):
    assert client_a.get(confirm_url(world.b.union)).status_code == 404
    assert confirm(client_a, world.b.union).status_code == 404
    assert not RosterConfirmation.objects.exists()


def test_reader_sees_the_page_but_cannot_confirm(client, world):
    client.force_login(world.reader_a)
    page = client.get(LIST)
    assert page.status_code == 200 and world.a.union.name in page.content.decode()
    assert not has_actions_column(page.content.decode())
    assert client.get(confirm_url(world.a.union)).status_code == 403
    assert confirm(client, world.a.union).status_code == 403
    assert not RosterConfirmation.objects.exists()


def test_county_undoes_a_confirmation(client_a, world):
    confirm(client_a, world.a.union)
    undo = f"/members/rosters/{world.a.union.pk}/undo/"
    assert "撤销确认" in client_a.get(f"{undo}?year={this_year()}").content.decode()
    client_a.post(undo, {"year": this_year()})
    assert not RosterConfirmation.objects.exists()
    assert counts(client_a.get(LIST))["已确认"] == 0


def test_reader_cannot_undo(client, world):
    client.force_login(world.clerk_a)
    confirm(client, world.a.union)
    client.force_login(world.reader_a)
    undo = f"/members/rosters/{world.a.union.pk}/undo/"
    assert client.post(undo, {"year": this_year()}).status_code == 403
    assert RosterConfirmation.objects.count() == 1


def test_sidebar_links_to_the_page(client_a, world):
    assert 'href="/members/rosters/"' in client_a.get("/members/members/").content.decode()


def add_unions(world, n: int, start: int) -> None:
    for i in range(n):
        employer = EmployerFactory(owner=world.a.township)
        union = grassroots_union(employer)
        member(union, seq=100 + start + i)
        if i % 2:
            RosterConfirmation.objects.create(
                union=union,
                year=this_year(),
                confirmed_on=timezone.localdate(),
                confirmed_by=world.clerk_a,
                members=1,
            )


def test_query_count_does_not_grow_with_the_unions(client_a, world, django_assert_max_num_queries):
    add_unions(world, 3, start=0)
    client_a.get(LIST)  # the session and permission caches
    with django_assert_max_num_queries(12) as few:
        client_a.get(LIST + "?per_page=100")
    add_unions(world, 30, start=3)
    with django_assert_max_num_queries(len(few)):
        page = client_a.get(LIST + "?per_page=100")
    assert counts(page)["应确认"] == 35
