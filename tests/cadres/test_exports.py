"""Excel exports of the election ledger and the course list: read back, one row per election
or course, only the user's scope, and the list's filters applied."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from apps.cadres.models import Attendance

from .factories import election
from .test_training import cadre, course


def export_rows(client, url: str) -> list[list]:
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def by_header(rows: list[list]) -> list[dict]:
    return [dict(zip(rows[0], row, strict=False)) for row in rows[1:]]


# ------------------------------------------------------------------ elections


def test_election_export_gives_each_election_with_its_result(client_a, world):
    approved = election(
        world.a.union, approved_on=datetime.date(2026, 1, 8), approval_number="沙工复〔2026〕3号"
    )
    election(
        world.a.joint,
        candidates=(("钱七", 20), ("孙八", 20)),
        held_on=approved.held_on - datetime.timedelta(days=30),
    )
    rows = by_header(export_rows(client_a, "/cadres/elections/export/"))
    assert len(rows) == 2
    won, lost = (r for r in sorted(rows, key=lambda r: r["工会"] != world.a.union.name))
    assert won["工会"] == world.a.union.name and won["当选人"] == "李四"
    assert won["当选人得票"] == 40 and won["应参加选举人数"] == 60 and won["实际投票人数"] == 55
    assert won["候选人及得票"] == "李四（40票）；王五（10票）"
    assert won["上级工会批复"] == "已批复" and won["批复文号"] == "沙工复〔2026〕3号"
    assert won["批复日期"].date() == datetime.date(2026, 1, 8)
    assert won["选举日期"].date() == approved.held_on
    # A tie elects nobody, and the export says why.
    assert lost["当选人"] is None and lost["上级工会批复"] == "未批复"
    assert lost["选举结果"].startswith("无人当选")


def test_election_export_is_scoped_and_filtered(client, world):
    election(world.a.union)
    election(world.b.union, candidates=(("周九", 50),))
    client.force_login(world.clerk_b)
    rows = by_header(export_rows(client, "/cadres/elections/export/"))
    assert [r["工会"] for r in rows] == [world.b.union.name]
    client.force_login(world.admin)
    assert len(by_header(export_rows(client, "/cadres/elections/export/"))) == 2
    filtered = by_header(
        export_rows(client, f"/cadres/elections/export/?within={world.a.county.pk}")
    )
    assert [r["工会"] for r in filtered] == [world.a.union.name]


def test_election_list_offers_the_export_but_no_import(client_a, world):
    page = client_a.get("/cadres/elections/").content.decode()
    assert "/cadres/elections/export/" in page
    assert client_a.get("/cadres/elections/import/").status_code == 404


def test_election_export_queries_do_not_grow_with_elections(
    client_a, world, django_assert_max_num_queries
):
    election(world.a.union)
    with django_assert_max_num_queries(12) as few:
        export_rows(client_a, "/cadres/elections/export/")
    for _ in range(5):
        election(world.a.union)
    with django_assert_max_num_queries(len(few)):
        export_rows(client_a, "/cadres/elections/export/")


# ------------------------------------------------------------------ training courses


@pytest.mark.parametrize("who", ["clerk_a", "reader_a"])
def test_course_export_lists_the_courses_of_the_scope(client, world, who):
    county_course = course(world.a.county, "沙市区新任工会干部培训班")
    course(world.b.county, "荆州区新任工会干部培训班")
    Attendance.objects.create(course=county_course, cadre=cadre(world.a.union, 1, "张主席"))
    client.force_login(getattr(world, who))
    rows = export_rows(client, "/cadres/training/export/")
    assert rows[0][:3] == ["培训班名称", "主办单位", "培训类型"]
    found = by_header(rows)
    assert [r["培训班名称"] for r in found] == ["沙市区新任工会干部培训班"]
    assert found[0]["主办单位"] == world.a.county.name and found[0]["学员人数"] == 1
    assert found[0]["学时"] == 16 and found[0]["培训类型"] == "新任工会干部"


def test_course_export_follows_the_list_filter(client_a, world):
    course(world.a.county, "沙市区新任工会干部培训班")
    course(world.a.county, "沙市区乡镇工会主席培训班", kind="township_chairs")
    rows = by_header(export_rows(client_a, "/cadres/training/export/?kind=township_chairs"))
    assert [r["培训班名称"] for r in rows] == ["沙市区乡镇工会主席培训班"]
    assert "/cadres/training/export/" in client_a.get("/cadres/training/").content.decode()
