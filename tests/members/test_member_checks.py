"""会员核查: open conflicts, lost members (流失) and roster-only members (花名册会员), each in
the user's scope with the action that resolves it."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core.validators import mask_id_number
from apps.members.models import MemberConflict, MembershipStatus
from apps.members.services import change_status
from apps.unions.models import Employer, Union
from tests.unions.factories import member

CONFLICTS, LOST, ROSTER = "/members/checks/", "/members/checks/lost/", "/members/checks/roster/"
YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


def conflict(union, person, found_by, kind=MemberConflict.Kind.ACTIVE_ELSEWHERE, **kwargs):
    return MemberConflict.objects.create(
        member=person,
        union=union,
        kind=kind,
        typed_name=kwargs.pop("typed_name", person.name),
        detail=kwargs.pop("detail", "导入时发现"),
        source=kwargs.pop("source", "花名册2026.xlsx"),
        found_on=kwargs.pop("found_on", datetime.date(2026, 3, 1)),
        found_by=found_by,
        **kwargs,
    )


def carded(union, seq, name, **kwargs):
    """A member with application and card: not a roster-only member."""
    return member(
        union, seq=seq, name=name, application_submitted=True, card_number=f"HB{seq:06d}", **kwargs
    )


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# ------------------------------------------------------------------ 冲突记录


@pytest.fixture
def conflicts(world):
    """A imported B's member (cross-county); A typed its own member's number with another
    name; B met a conflict inside B; an old conflict of A already resolved."""
    elsewhere = conflict(world.a.union, world.b.member, world.clerk_a, source="沙市花名册.xlsx")
    differ = conflict(
        world.a.joint,
        world.a.member,
        world.clerk_a,
        typed_name="沙市会员甲",
        kind=MemberConflict.Kind.FACTS_DIFFER,
        detail="姓名不一致",
    )
    inside_b = conflict(world.b.joint, world.b.member, world.clerk_b, detail="荆州区内部冲突")
    resolved = conflict(
        world.a.union,
        world.a.member,
        world.clerk_a,
        detail="早已处理",
        resolved_on=datetime.date(2026, 3, 2),
        resolved_by=world.clerk_a,
        resolution="已核对",
    )
    return {"elsewhere": elsewhere, "differ": differ, "inside_b": inside_b, "resolved": resolved}


def test_anonymous_user_is_sent_to_login(client, world):
    for url in (CONFLICTS, LOST, ROSTER):
        assert client.get(url).url.startswith("/accounts/login/")


def test_clerk_sees_open_conflicts_that_touch_their_county(client_a, world, conflicts):
    html = page(client_a, CONFLICTS)
    assert "沙市花名册.xlsx" in html  # A's import that met B's member
    assert "姓名不一致" in html
    assert "荆州区内部冲突" not in html
    assert "早已处理" not in html


def test_the_members_county_sees_the_conflict_too(client, world, conflicts):
    client.force_login(world.clerk_b)
    html = page(client, CONFLICTS)
    assert "沙市花名册.xlsx" in html and "荆州区内部冲突" in html
    assert "姓名不一致" not in html


def test_active_elsewhere_offers_a_transfer_prefilled_with_number_and_union(
    client_a, world, conflicts
):
    person = world.b.member
    query = urlencode({"member": person.pk, "to_union": world.a.union.pk})
    link = f"/members/transfers/add/?{query}"
    html = page(client_a, CONFLICTS)
    assert link.replace("&", "&amp;") in html
    # The ID number is personal data: it is not in any link (links end up in access logs).
    assert f"id_number={person.id_number}" not in html
    form = page(client_a, link)
    assert f'value="{person.id_number}"' in form
    assert f'<option value="{world.a.union.pk}" selected>' in form


def test_transfer_prefill_reaches_only_members_the_user_may_ask_for(client_a, world, conflicts):
    # County B's member is reachable through A's open conflict; another B member is not.
    other = member(world.b.joint, seq=45, name="荆州会员丙")
    assert client_a.get(f"/members/transfers/add/?member={other.pk}").status_code == 404
    assert client_a.get("/members/transfers/add/?member=abc").status_code == 404
    MemberConflict.objects.filter(member=world.b.member).update(resolved_on=YESTERDAY)
    assert client_a.get(f"/members/transfers/add/?member={world.b.member.pk}").status_code == 404
    # A member of the user's own scope is always reachable.
    form = page(client_a, f"/members/transfers/add/?member={world.a.member.pk}")
    assert f'value="{world.a.member.id_number}"' in form


def test_only_the_importing_side_is_offered_the_transfer(client, world, conflicts):
    client.force_login(world.clerk_b)
    html = page(client, CONFLICTS)
    # B holds the member; only A, the union that asks, can request the transfer.
    assert f"to_union={world.a.union.pk}" not in html
    assert f"to_union={world.b.joint.pk}" in html  # B's own import inside B
    assert f"/members/checks/{conflicts['elsewhere'].pk}/resolve/" in html


def test_facts_differ_offers_the_members_edit_page(client_a, world, conflicts):
    html = page(client_a, CONFLICTS)
    assert "核对修改" in html
    assert f"/members/members/{world.a.member.pk}/edit/" in html


def test_id_numbers_are_masked_except_for_roles_that_may_change_the_member(
    client, world, conflicts
):
    own = world.a.member
    client.force_login(world.clerk_a)
    assert own.id_number in page(client, f"{CONFLICTS}?kind=facts_differ")
    client.force_login(world.reader_a)
    html = page(client, CONFLICTS)
    assert mask_id_number(own.id_number) in html
    assert own.id_number not in html and world.b.member.id_number not in html
    assert "/resolve/" not in html and "发起接转" not in html


def test_conflicts_filter_by_kind_name_and_township(client_a, world, conflicts):
    html = page(client_a, f"{CONFLICTS}?kind=facts_differ")
    assert "姓名不一致" in html and "沙市花名册.xlsx" not in html
    html = page(client_a, f"{CONFLICTS}?q=荆州")  # the B member's name starts so
    assert "沙市花名册.xlsx" in html and "姓名不一致" not in html
    assert "沙市花名册.xlsx" in page(client_a, f"{CONFLICTS}?within={world.a.township.pk}")


def test_resolving_records_note_person_and_date_and_removes_it_from_the_list(
    client_a, world, conflicts
):
    row = conflicts["differ"]
    url = f"/members/checks/{row.pk}/resolve/"
    assert "姓名不一致" in page(client_a, url)
    response = client_a.post(url, {"resolution": "经核对为录入错误", "return_url": CONFLICTS})
    assert response.status_code == 302 and response.url == CONFLICTS
    row.refresh_from_db()
    assert row.resolution == "经核对为录入错误"
    assert row.resolved_by == world.clerk_a
    assert row.resolved_on == timezone.localdate()
    assert "姓名不一致" not in page(client_a, CONFLICTS)


def test_resolving_needs_a_note(client_a, world, conflicts):
    row = conflicts["differ"]
    response = client_a.post(f"/members/checks/{row.pk}/resolve/", {"resolution": "  "})
    assert response.status_code == 200
    assert "这个字段是必填项" in response.content.decode()
    row.refresh_from_db()
    assert row.resolved_on is None


def test_a_resolved_conflict_is_not_resolved_again(client_a, world, conflicts):
    row = conflicts["resolved"]
    response = client_a.post(f"/members/checks/{row.pk}/resolve/", {"resolution": "再次处理"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.resolution == "已核对"


def test_read_only_role_may_not_resolve(client, world, conflicts):
    row = conflicts["differ"]
    client.force_login(world.reader_a)
    url = f"/members/checks/{row.pk}/resolve/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"resolution": "试图处理"}).status_code == 403
    row.refresh_from_db()
    assert row.resolved_on is None


def test_clerk_cannot_resolve_other_countys_conflict(client_a, world, conflicts):
    row = conflicts["inside_b"]
    url = f"/members/checks/{row.pk}/resolve/"
    assert client_a.get(url).status_code == 404
    assert client_a.post(url, {"resolution": "越权处理"}).status_code == 404
    row.refresh_from_db()
    assert row.resolved_on is None


# ------------------------------------------------------------------ 流失会员


def test_lost_members_are_active_members_of_dissolved_unions_or_closed_employers(client_a, world):
    union = world.a.joint
    stays = carded(union, 10, "沙市留守")
    leaves = carded(union, 11, "沙市退会")
    change_status(
        leaves,
        MembershipStatus.WITHDRAWN,
        on=datetime.date(2025, 1, 1),
        reason="本人申请",
        actor=None,
    )
    Union.objects.filter(pk=union.pk).update(dissolved_on=YESTERDAY)
    closed = Employer.objects.filter(pk=world.a.covered.pk)
    closed.update(closed_on=YESTERDAY)
    worker = carded(world.a.union, 12, "沙市店员", employer=world.a.covered)
    carded(world.a.union, 13, "沙市在岗", employer=world.a.employer)
    b_lost = carded(world.b.joint, 14, "荆州流失")
    Union.objects.filter(pk=world.b.joint.pk).update(dissolved_on=YESTERDAY)

    html = page(client_a, LOST)
    assert "沙市留守" in html and "工会已撤销" in html
    assert "沙市店员" in html and "单位已注销" in html
    assert "沙市退会" not in html and "沙市在岗" not in html
    assert b_lost.name not in html
    assert f"/members/members/{stays.pk}/status/" in html
    assert f"/members/transfers/add/?member={stays.pk}" in html  # 接转, without the ID number
    assert stays.id_number not in html
    assert "沙市店员" not in page(client_a, f"{LOST}?cause=union")
    assert "沙市留守" not in page(client_a, f"{LOST}?cause=employer")
    assert worker.name in page(client_a, f"{LOST}?cause=employer")


def test_a_union_dissolved_only_in_the_future_loses_nobody_yet(client_a, world):
    carded(world.a.joint, 10, "沙市未来")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Union.objects.filter(pk=world.a.joint.pk).update(dissolved_on=tomorrow)
    assert "沙市未来" not in page(client_a, LOST)


# ------------------------------------------------------------------ 花名册会员


def test_roster_members_lack_an_application_or_a_card(client, world):
    no_card = member(world.a.union, seq=20, name="沙市无证", application_submitted=True)
    no_form = member(world.a.union, seq=21, name="沙市无申请", card_number="HB1")
    carded(world.a.union, 22, "沙市齐全")
    gone = member(world.a.union, seq=23, name="沙市已退")
    change_status(
        gone,
        MembershipStatus.WITHDRAWN,
        on=datetime.date(2025, 1, 1),
        reason="本人申请",
        actor=None,
    )

    client.force_login(world.clerk_a)
    html = page(client, ROSTER)
    assert no_card.name in html and no_form.name in html
    assert "沙市齐全" not in html and "沙市已退" not in html
    assert world.b.member.name not in html
    assert f"/members/members/{no_card.pk}/edit/" in html
    assert no_form.name not in page(client, f"{ROSTER}?missing=card")
    assert no_card.name not in page(client, f"{ROSTER}?missing=application")
    client.force_login(world.reader_a)
    html = page(client, ROSTER)
    assert no_card.name in html and "/edit/" not in html


# ------------------------------------------------------------------ the page as a whole


def test_tabs_count_each_section_in_scope(client_a, world, conflicts):
    Union.objects.filter(pk=world.a.union.pk).update(dissolved_on=YESTERDAY)
    html = page(client_a, ROSTER)
    # County A: 2 open conflicts; its one member (world.a.member, no card) is lost and roster.
    assert '冲突记录 <span class="badge rounded-pill text-bg-danger">2</span>' in html
    assert '流失会员 <span class="badge rounded-pill text-bg-danger">1</span>' in html
    assert '花名册会员 <span class="badge rounded-pill text-bg-danger">1</span>' in html


def test_the_sidebar_links_the_page(client_a, world):
    html = page(client_a, LOST)
    assert 'href="/members/checks/"' in html and "会员核查" in html


def add_rows(world, seqs):
    """Members of dissolved unions, without cards, each with a conflict."""
    Union.objects.filter(pk__in=[world.a.joint.pk, world.b.joint.pk]).update(dissolved_on=YESTERDAY)
    for seq in seqs:
        person = member(world.a.joint if seq % 2 else world.b.joint, seq=seq, name=f"会员{seq}")
        conflict(
            world.b.union if seq % 2 else world.a.union,
            person,
            world.admin,
            kind=MemberConflict.Kind.FACTS_DIFFER if seq % 3 else "active_elsewhere",
        )


@pytest.mark.parametrize("url", [CONFLICTS, LOST, ROSTER])
def test_query_count_does_not_grow_with_rows(client, world, url, django_assert_max_num_queries):
    client.force_login(world.admin)
    add_rows(world, [30, 31, 32])
    with CaptureQueriesContext(connection) as few:
        page(client, url)
    add_rows(world, range(33, 60))
    with django_assert_max_num_queries(len(few)):
        html = page(client, url)
    assert "会员59" in html
