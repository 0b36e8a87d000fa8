"""保留会籍, 恢复, 退会: dated steps on the current membership, with their reasons."""

import datetime


def post(client, member, **data):
    return client.post(f"/members/members/{member.pk}/status/", data)


def test_clerk_retains_then_restores_a_member(client_a, world):
    person = world.a.member
    response = post(client_a, person, status="retained", on="2025-06-30", reason="退休")
    assert response.url == person.get_absolute_url()
    person.refresh_from_db()
    membership = person.memberships.get()
    assert (person.status, membership.status, membership.reason) == ("retained", "retained", "退休")
    assert membership.left_on is None
    post(client_a, person, status="active", on="2025-09-01", reason="返聘")
    person.refresh_from_db()
    assert person.status == "active" and person.memberships.get().status == "active"
    assert [h.history_change_reason for h in person.history.all()[:2]] == ["返聘", "退休"]


def test_withdrawal_ends_the_membership_on_its_date(client_a, world):
    person = world.a.member
    post(client_a, person, status="withdrawn", on="2025-12-31", reason="本人申请退会")
    membership = person.memberships.get()
    assert (membership.status, membership.left_on) == ("withdrawn", datetime.date(2025, 12, 31))
    page = client_a.get(f"/members/members/{person.pk}/status/").content.decode()
    assert "不能再变更状态" in page


def test_date_before_joining_or_in_the_future_is_refused(client_a, world):
    person = world.a.member
    page = post(client_a, person, status="withdrawn", on="2019-01-01", reason="退会")
    assert "日期不能早于入会日期（2020-05-01）" in page.content.decode()
    page = post(client_a, person, status="withdrawn", on="2099-01-01", reason="退会")
    assert "日期不能晚于今天" in page.content.decode()
    person.refresh_from_db()
    assert person.status == "active"


def test_read_only_user_cannot_change_status(client, world):
    client.force_login(world.reader_a)
    assert client.get(f"/members/members/{world.a.member.pk}/status/").status_code == 403
    assert (
        post(client, world.a.member, status="withdrawn", on="2025-01-01", reason="x").status_code
        == 403
    )
    detail = client.get(world.a.member.get_absolute_url()).content.decode()
    assert "变更会籍状态" not in detail
