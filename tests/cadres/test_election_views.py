"""Recording a chair election with its candidates, the result, bad numbers, the approval."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.cadres.models import Election, Position

from .factories import YEAR_AGO, committee, election


@pytest.fixture(autouse=True)
def long_founded_union(world):
    """These committees and elections go back further than the world's union (2020)."""
    world.a.union.founded_on = datetime.date(2010, 1, 1)
    world.a.union.save()


def election_post(world, **overrides):
    data = {
        "union": world.a.union.pk,
        "kind": "re_election",
        "held_on": "2026-03-05",
        "method": "direct",
        "eligible_voters": "60",
        "votes_cast": "55",
        "term_end": "2031-03-04",
        "candidates-TOTAL_FORMS": "3",
        "candidates-INITIAL_FORMS": "0",
        "candidates-MIN_NUM_FORMS": "0",
        "candidates-MAX_NUM_FORMS": "1000",
        "candidates-0-name": "王五",
        "candidates-0-votes": "20",
        "candidates-0-nominated_by_members": "on",
        "candidates-1-name": "李四",
        "candidates-1-votes": "35",
        "candidates-1-nominated_by_members": "on",
        "candidates-2-name": "",
        "candidates-2-votes": "",
    }
    data.update(overrides)
    return data


def test_clerk_records_an_election_with_candidates_and_rules_document(client_a, world):
    data = election_post(world)
    data["rules_document"] = SimpleUploadedFile("选举办法.pdf", b"%PDF-1.4 rules")
    response = client_a.post("/cadres/elections/add/", data)
    made = Election.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    # Ballot order is pinyin order of surnames: 李 (li) before 王 (wang).
    assert [(c.name, c.order) for c in made.candidates.order_by("order")] == [
        ("李四", 1),
        ("王五", 2),
    ]
    assert made.rules_document.name.endswith(".pdf")
    assert made.history.get().history_user == world.clerk_a
    page = client_a.get(made.get_absolute_url()).content.decode()
    assert "李四当选（得票35，超过应参加选举人数半数）" in page
    assert "尚未批复" in page


def test_no_candidate_over_half_of_the_eligible_voters_is_said(client_a, world):
    made = election(world.a.union, candidates=(("李四", 30), ("王五", 25)), eligible_voters=60)
    page = client_a.get(made.get_absolute_url()).content.decode()
    assert "无人当选：没有候选人得票超过应参加选举人数（60）的半数，当选须得票31以上" in page


def test_votes_cast_over_eligible_voters_is_refused_and_typing_kept(client_a, world):
    response = client_a.post("/cadres/elections/add/", election_post(world, votes_cast="61"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "实际投票人数（61）不能超过应参加选举人数（60）" in page
    assert 'value="王五"' in page and not Election.objects.exists()


def test_candidate_votes_over_votes_cast_is_refused_at_the_candidate(client_a, world):
    response = client_a.post(
        "/cadres/elections/add/", election_post(world, **{"candidates-1-votes": "56"})
    )
    page = response.content.decode()
    assert "得票数（56）不能超过实际投票人数（55）" in page
    assert "候选人信息有误" in page and not Election.objects.exists()


def test_an_election_needs_a_candidate(client_a, world):
    data = election_post(world, **{"candidates-0-name": "", "candidates-1-name": ""})
    page = client_a.post("/cadres/elections/add/", data).content.decode()
    assert "请至少登记一名候选人。" in page and not Election.objects.exists()


def test_approval_makes_the_winner_chair_and_ends_the_old_chair(client_a, world):
    old = committee(world.a.union, start_on=datetime.date(2018, 1, 1), chair="钱老主席")
    made = election(world.a.union)
    response = client_a.post(
        f"/cadres/elections/{made.pk}/approve/",
        {
            "approved_on": (YEAR_AGO + datetime.timedelta(days=10)).isoformat(),
            "approval_number": "荆工组〔2025〕12号",
            "term_end": made.term_end.isoformat(),
        },
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.approval_number == "荆工组〔2025〕12号"
    chair = Position.objects.get(election=made)
    assert (chair.cadre.name, chair.role, chair.came_by, chair.start_on) == (
        "李四",
        "chair",
        "elected",
        made.held_on,
    )
    old.refresh_from_db()
    assert old.end_on == made.held_on - datetime.timedelta(days=1)
    world.a.union.refresh_from_db()
    assert (world.a.union.chair_name, world.a.union.committee_since) == ("李四", made.held_on)
    union_page = client_a.get(world.a.union.get_absolute_url()).content.decode()
    assert "本届委员会（现任干部）" in union_page and "李四" in union_page
    assert "钱老主席" not in union_page


def test_approval_before_the_election_day_is_refused(client_a, world):
    made = election(world.a.union)
    response = client_a.post(
        f"/cadres/elections/{made.pk}/approve/",
        {"approved_on": "2000-01-01", "approval_number": "x"},
    )
    assert f"批复日期不能早于选举日期（{made.held_on:%Y-%m-%d}）" in response.content.decode()
    assert not Position.objects.exists()


def test_reader_may_print_but_not_approve(client, world):
    made = election(world.a.union)
    client.force_login(world.reader_a)
    assert client.get(f"/cadres/elections/{made.pk}/ballot/").status_code == 200
    assert client.post(f"/cadres/elections/{made.pk}/approve/", {}).status_code == 403
    assert client.post("/cadres/elections/add/", election_post(world)).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    made = election(world.a.union)
    for url in ("/cadres/elections/", made.get_absolute_url(), "/cadres/findings/"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_election_list_counts_candidates(client_a, world, django_assert_max_num_queries):
    for _ in range(5):
        election(world.a.union)
    with django_assert_max_num_queries(12):
        page = client_a.get("/cadres/elections/").content.decode()
    assert page.count(world.a.union.name) >= 5
