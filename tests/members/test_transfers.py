"""会籍接转: asked by the receiving union, decided by the releasing one, each step dated."""

import datetime

from django.utils import timezone

from apps.members.models import Member, Transfer


def ask(client, member, to_union, on="2026-03-01"):
    return client.post(
        "/members/transfers/add/",
        {"id_number": member.id_number, "to_union": to_union.pk, "on": on},
    )


def test_transfer_inside_one_county_is_done_at_once(client_a, world):
    person = world.a.member
    response = ask(client_a, person, world.a.joint)
    transfer = Transfer.objects.get(member=person, status="accepted")
    assert response.url == transfer.get_absolute_url()
    person.refresh_from_db()
    assert person.union == world.a.joint and person.union_path == world.a.joint.path
    old, new = person.memberships.order_by("joined_on")
    assert (old.status, old.left_on) == ("transferred_out", datetime.date(2026, 3, 1))
    assert (new.union, new.status, new.joined_on) == (
        world.a.joint,
        "active",
        datetime.date(2026, 3, 1),
    )
    assert person.joined_on == datetime.date(2020, 5, 1)  # 入会日期 is kept


def test_cross_county_transfer_waits_for_the_releasing_union(client, world):
    person = world.a.member
    client.force_login(world.clerk_b)
    ask(client, person, world.b.union)
    transfer = Transfer.objects.get(member=person)
    assert transfer.status == "pending"
    assert Member.objects.get(pk=person.pk).union == world.a.union
    # The asking side sees it but cannot decide for the other county.
    assert client.get(transfer.get_absolute_url()).status_code == 200
    assert (
        client.post(f"/members/transfers/{transfer.pk}/accept/", {"on": "2026-03-02"}).status_code
        == 403
    )
    client.force_login(world.clerk_a)
    assert person.name in client.get("/members/transfers/").content.decode()
    client.post(f"/members/transfers/{transfer.pk}/accept/", {"on": "2026-03-02"})
    transfer.refresh_from_db()
    assert (transfer.status, transfer.decided_by) == ("accepted", world.clerk_a)
    assert person.name not in client.get("/members/members/").content.decode()
    client.force_login(world.clerk_b)
    assert person.name in client.get("/members/members/").content.decode()


def test_refusal_needs_a_reason_and_leaves_the_member_where_they_are(client, world):
    transfer = world.b_transfer
    client.force_login(world.clerk_b)
    page = client.post(f"/members/transfers/{transfer.pk}/refuse/", {"on": "2026-01-06"})
    assert "拒绝接转须写明原因" in page.content.decode()
    client.post(
        f"/members/transfers/{transfer.pk}/refuse/",
        {"on": "2026-01-06", "note": "该会员仍在本单位工作"},
    )
    transfer.refresh_from_db()
    assert (transfer.status, transfer.note) == ("refused", "该会员仍在本单位工作")
    assert world.b.member.memberships.get().status == "active"


def test_requests_that_cannot_be_done_say_why(client_a, world):
    page = client_a.post(
        "/members/transfers/add/",
        {"id_number": "11010519491231002X", "to_union": world.a.joint.pk, "on": "2026-03-01"},
    )
    assert "没有以此身份证号登记的会员" in page.content.decode()
    page = ask(client_a, world.a.member, world.a.union)
    assert "该会员已在此工会" in page.content.decode()
    page = ask(client_a, world.b.member, world.a.union)
    assert "该会员已有待办理的接转申请" in page.content.decode()
    page = ask(client_a, world.a.member, world.b.union)
    assert "选择一个有效的选项" in page.content.decode()  # the receiving union must be one's own


def test_city_admin_decides_for_either_side(client, world):
    client.force_login(world.admin)
    client.post(f"/members/transfers/{world.b_transfer.pk}/accept/", {"on": "2026-01-10"})
    world.b_transfer.refresh_from_db()
    assert world.b_transfer.status == "accepted"
    assert Member.objects.get(pk=world.b.member.pk).union == world.b.joint


def test_a_transfer_cannot_be_decided_on_a_future_date(client, world):
    import datetime

    transfer = world.b_transfer
    client.force_login(world.clerk_b)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    page = client.post(f"/members/transfers/{transfer.pk}/accept/", {"on": tomorrow})
    assert "日期不能晚于今天" in page.content.decode()
    transfer.refresh_from_db()
    assert transfer.status == "pending"
