"""The dashboards as their users see them: the city's counties, a county's townships and
to-do list, the as-of day, sorting, scoping, and a query count that does not grow with the
number of counties or townships."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.accounts.models import User
from apps.cadres.models import Election
from apps.unions.models import Union
from tests.conftest import make_county

from .conftest import AFTER, WORK_MEM_SETS

URL = "/stats/"


def page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_user_is_sent_to_login(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_city_dashboard_compares_the_counties(client, stats_world):
    world = stats_world.world
    client.force_login(world.admin)
    html = page(client.get(URL, {"as_of": AFTER.isoformat()}))
    assert "荆州市总工会 · 数据看板" in html
    assert "沙市区总工会" in html and "荆州区总工会" in html
    assert "较去年同期" in html and "2025年6月30日" in html
    assert "待办事项" not in html  # the to-do list is the county's
    # Every cell of the county table links to a ledger list.
    table = html.split('id="compare-table"')[1].split("</table>")[0]
    cells = re.findall(r'<td class="text-end"><a href="([^"]+)">', table)
    assert len(cells) == 3 * 13 and all(c.startswith(("/unions/", "/stats/")) for c in cells)


def test_county_dashboard_lists_townships_and_to_dos(client, stats_world):
    world = stats_world.world
    client.force_login(world.clerk_b)
    html = page(client.get(URL))
    assert "荆州区总工会 · 数据看板" in html and "西城街道工会" in html
    assert "待办事项" in html and "待办会籍接转" in html
    # County B's pending transfer (conftest) is on its list, with a link to the transfer.
    assert "荆州会员" in html and f"/members/transfers/{world.b_transfer.pk}/" in html
    assert "任期届满未换届" in html
    assert "协理员待遇未达标（上月）" in html and "协理员台帐上线后在此列出" not in html


def test_county_to_do_counts_overdue_follow_ups(client, world):
    follow_up = world.a.follow_up
    follow_up.on, follow_up.next_on = datetime.date(2026, 1, 5), datetime.date(2026, 1, 15)
    follow_up.save()
    client.force_login(world.clerk_a)
    html = page(client.get(URL))
    block = html.split('data-todo="follow_ups"')[1].split('data-todo="transfers"')[0]
    assert "沙市区民营医院" in block and "应于 2026-01-15 跟进" in block
    assert "/unions/employers/unorganized/?within=" in block and "overdue=1" in block


def test_follow_up_not_yet_due_is_no_to_do(client, world):
    follow_up = world.a.follow_up
    follow_up.next_on = datetime.date(2099, 1, 15)
    follow_up.save()
    client.force_login(world.clerk_a)
    html = page(client.get(URL))
    block = html.split('data-todo="follow_ups"')[1].split('data-todo="transfers"')[0]
    assert "沙市区民营医院" not in block and "暂无" in block


def test_county_to_do_lists_expired_terms_of_its_own_unions_only(client, world):
    for union in (world.a.union, world.b.union):
        Election.objects.create(
            union=union,
            held_on=datetime.date(2020, 6, 1),
            eligible_voters=30,
            votes_cast=28,
            term_end=datetime.date(2025, 6, 1),
        )
    Election.objects.create(
        union=world.a.joint,
        held_on=datetime.date(2024, 6, 1),
        eligible_voters=30,
        votes_cast=28,
        term_end=datetime.date(2029, 6, 1),
    )
    client.force_login(world.clerk_a)
    html = page(client.get(URL))
    block = html.split('data-todo="expired_terms"')[1].split('data-todo="unpaid_assistants"')[0]
    assert world.a.union.name in block and "主席任期届满 2025-06-01" in block
    assert world.a.joint.name not in block and "荆州区" not in block
    assert "/cadres/findings/?rule=election.term_expired" in block


def test_city_user_opens_a_countys_dashboard(client, stats_world):
    world = stats_world.world
    client.force_login(world.admin)
    html = page(client.get(URL, {"org": world.a.county.pk}))
    assert "沙市区总工会 · 数据看板" in html and "中山街道工会" in html
    assert "西城街道工会" not in html


@pytest.mark.parametrize("other", ["b.county", "b.township", "city"])
def test_county_user_cannot_open_another_organizations_dashboard(client, stats_world, other):
    world = stats_world.world
    target = world.city if other == "city" else getattr(world.b, other.split(".")[1])
    client.force_login(world.clerk_a)
    assert client.get(URL, {"org": target.pk}).status_code == 404


def test_county_dashboard_shows_nothing_of_another_county(client, stats_world):
    world = stats_world.world
    client.force_login(world.clerk_a)
    html = page(client.get(URL, {"as_of": AFTER.isoformat()}))
    assert "荆州区" not in html and "西城街道" not in html


def test_as_of_day_changes_the_figures_and_bad_dates_fall_back_to_today(client, stats_world):
    world = stats_world.world
    client.force_login(world.clerk_a)
    before = client.get(URL, {"as_of": "2026-03-31"}).context["cards"]
    after = client.get(URL, {"as_of": "2026-06-30"}).context["cards"]
    unions = [
        next(c["shown"] for c in cards if c["figure"].key == "unions") for cards in (before, after)
    ]
    assert unions == ["4", "3"]  # the textile union was dissolved on 1 April
    response = client.get(URL, {"as_of": "2026-13-45"})
    assert response.context["as_of"] == response.context["today"]


def test_table_sorts_by_a_column_descending_then_ascending(client, stats_world):
    world = stats_world.world
    client.force_login(world.admin)
    query = {"as_of": AFTER.isoformat()}
    descending = client.get(URL, {**query, "sort": "-employers"}).context["rows"]
    ascending = client.get(URL, {**query, "sort": "employers"}).context["rows"]
    assert [r.label for r, *_ in descending] == ["沙市区总工会", "荆州区总工会"]
    assert [r.label for r, *_ in ascending] == ["荆州区总工会", "沙市区总工会"]


def test_chart_numbers_are_also_a_table(client, stats_world):
    world = stats_world.world
    client.force_login(world.admin)
    html = page(client.get(URL, {"as_of": AFTER.isoformat()}))
    for chart in ("chart-members", "chart-rate", "chart-monthly", "chart-fund"):
        assert f'id="{chart}"' in html and f'id="{chart}-data"' in html
    assert "vendor/echarts/echarts.min.js" in html and "@media print" in html


def test_home_page_links_the_dashboard(client, world):
    client.force_login(world.reader_a)
    html = page(client.get("/"))
    assert 'id="dashboard-link"' in html and "各乡镇（街道）对比" in html


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"as_of": AFTER.isoformat()}).status_code == 200
    return len(captured.captured_queries)


def test_query_count_does_not_grow_with_counties_or_townships(client, stats_world):
    world = stats_world.world
    client.force_login(world.admin)
    city_queries = queries(client)
    client.force_login(world.clerk_a)
    county_queries = queries(client)
    for n, (name, region) in enumerate([("公安县", "421022"), ("江陵县", "421024")]):
        county = make_county(world.city, name, region, f"{name}第{n}街道工会")
        Union.objects.create(name=f"{name}新区街道工会", level="township", parent=county.county)
    Union.objects.create(name="沙市区新建街道工会", level="township", parent=world.a.county)
    client.force_login(world.admin)
    # One query per family (the 队伍与规范化建设 table's without last year) and the to-dos'.
    assert queries(client) == city_queries <= 29 + WORK_MEM_SETS
    client.force_login(world.clerk_a)
    assert queries(client) == county_queries <= 40 + WORK_MEM_SETS


def test_user_without_a_role_is_refused(client, world):
    user = User.objects.create_user("norole", password="x-Pass-123", union=world.a.county)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert 'id="dashboard-link"' not in client.get("/").content.decode()
