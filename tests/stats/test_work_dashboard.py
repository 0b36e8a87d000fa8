"""The dashboards' 队伍与规范化建设 table and the county's unpaid-assistants to-do, as their
users see them, and a query count that does not grow with counties or townships."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.cadres.models import Assistant, AssistantPayment, Cadre, Position
from apps.campaigns.models import StandardReview
from apps.core.validators import make_id_number
from apps.stats.todo import last_complete_month
from apps.stats.views import WORK_FIGURES
from tests.conftest import make_county

from .conftest import AFTER, WORK_MEM_SETS

URL = "/stats/"


def page(client, **params) -> str:
    response = client.get(URL, {"as_of": AFTER.isoformat(), **params})
    assert response.status_code == 200
    return response.content.decode()


def table_html(html: str, table_id: str) -> str:
    return html.split(f'id="{table_id}"')[1].split("</table>")[0]


def test_city_dashboard_shows_the_work_table_every_cell_a_link(client, work_world):
    world = work_world.stats.world
    client.force_login(world.admin)
    html = page(client)
    assert "队伍与规范化建设" in html
    table = table_html(html, "work-table")
    labels = [
        "专职工会工作人员",
        "兼职工会工作人员",
        "工会协理员",
        "规范化一级",
        "规范化未达标",
        "本年验收示范工会",
        "累计验收示范工会",
        "模范职工之家（小家）",
        "本年主席选举",
    ]
    assert all(label in table for label in labels)
    cells = re.findall(r'<td class="text-end"><a href="([^"]+)">([^<]*)</a>', table)
    # Two counties and the total, each a link to a cadres or campaigns ledger list.
    assert len(cells) == 3 * len(WORK_FIGURES)
    assert all(url.startswith(("/cadres/", "/campaigns/")) for url, _ in cells)
    total = table.split('data-row="total"')[1]
    assert re.search(r'full_time_on=2026-06-30[^"]*">3<', total)  # A's 2 and B's 1


def test_county_dashboard_work_table_has_its_townships_and_direct_row(client, work_world):
    world = work_world.stats.world
    client.force_login(world.clerk_a)
    table = table_html(page(client), "work-table")
    assert "中山街道工会" in table and "本级及直属基层工会" in table and "荆州" not in table


def test_work_table_sorts_by_its_own_columns(client, work_world):
    world = work_world.stats.world
    client.force_login(world.admin)
    names = ["沙市区总工会", "荆州区总工会"]

    def order(sort):
        table = table_html(page(client, sort=sort), "work-table")
        return sorted(names, key=table.index)

    # A has 2 elections this year, B 1; A 2 assistants, B 1: descending first.
    assert order("-elections") == names and order("elections") == names[::-1]
    # Sorting the work table leaves the comparison table as it was.
    compare = table_html(page(client, sort="elections"), "compare-table")
    assert compare.index("沙市区总工会") < compare.index("荆州区总工会")


def assistant(post, name, seq, hired_on, *, pay=None, insured=True):
    person = Assistant.objects.create(
        name=name,
        id_number=make_id_number(400 + seq, region="421002"),
        post=post,
        hired_on=hired_on,
        route=Assistant.Route.SOCIAL_WORKER,
    )
    if pay is not None:
        AssistantPayment.objects.create(
            assistant=person,
            month=last_complete_month(timezone.localdate()),
            salary=pay,
            insured=insured,
        )
    return person


def test_county_to_do_lists_assistants_short_of_standard_last_month(client, world):
    a, b, hired = world.a, world.b, datetime.date(2024, 1, 1)
    below = assistant(a.township, "低薪协理员", 1, hired, pay=2000)
    assistant(a.township, "未发协理员", 2, hired)
    assistant(a.county, "未保协理员", 3, hired, pay=3500, insured=False)
    assistant(a.county, "足额协理员", 4, hired, pay=3500)
    assistant(a.township, "新聘协理员", 5, timezone.localdate().replace(day=1))
    assistant(b.township, "荆州未发协理员", 6, hired)
    client.force_login(world.clerk_a)
    html = page(client, as_of=timezone.localdate().isoformat())
    block = html.split('data-todo="unpaid_assistants"')[1].split("</section>")[0]
    month = last_complete_month(timezone.localdate())
    assert f"?year={month.year}&amp;county={a.county.pk}" in block and ">3</a>" in block
    assert "低薪协理员" in block and "实发2000.00元低于标准" in block
    assert f"/cadres/assistants/{below.pk}/" in block
    assert "未发协理员" in block and "未登记工资" in block
    assert "未保协理员" in block and "未缴社保" in block
    # Paid in full and insured, hired this month, or another county's: not to do.
    assert "足额协理员" not in block and "新聘协理员" not in block and "荆州" not in block


def test_no_assistant_short_is_no_to_do(client, world):
    assistant(world.a.township, "足额协理员", 1, datetime.date(2024, 1, 1), pay=3000)
    client.force_login(world.clerk_a)
    block = page(client).split('data-todo="unpaid_assistants"')[1].split("</section>")[0]
    assert "足额协理员" not in block and "暂无" in block


def queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"as_of": AFTER.isoformat()}).status_code == 200
    return len(captured.captured_queries)


def test_query_count_with_cadres_and_campaigns_rows_does_not_grow(client, work_world):
    world = work_world.stats.world
    client.force_login(world.admin)
    city_queries = queries(client)
    client.force_login(world.clerk_a)
    county_queries = queries(client)
    for n, (name, region) in enumerate([("公安县", "421022"), ("江陵县", "421024")]):
        county = make_county(world.city, name, region, f"{name}第{n}街道工会")
        cadre = Cadre.objects.create(name=f"{name}专职", union=county.union)
        Position.objects.create(
            cadre=cadre,
            union=county.union,
            role="chair",
            full_time=True,
            start_on=datetime.date(2025, 1, 1),
        )
        StandardReview.objects.create(
            union=county.union,
            year=2026,
            level="one",
            reviewed_on=datetime.date(2026, 3, 1),
            reviewer="检查组",
        )
        assistant(county.township, f"{name}协理员", 10 + n, datetime.date(2024, 1, 1))
    client.force_login(world.admin)
    assert queries(client) == city_queries <= 29 + WORK_MEM_SETS
    client.force_login(world.clerk_a)
    assert queries(client) == county_queries <= 40 + WORK_MEM_SETS
