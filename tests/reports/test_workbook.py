"""The statistics table as .xlsx, read back: title and reporting unit, merged multi-level
headers, units, a total row equal to the sum of the rows, the unions by employer kind, A4
landscape print setup, and scoping (a county gets only its county)."""

from django.db import connection

from apps.reports.layout import COLUMNS, HEADER_DEPTH, TITLE
from apps.reports.workbook import FIRST_HEADER_ROW, first_data_row, units_row
from tests.unions.factories import EmployerFactory, grassroots_union

from .conftest import workbook_of


def data_rows(sheet):
    """(label, values) of the rows under the headers, down to and including 合计."""
    rows = []
    for r in range(first_data_row(), sheet.max_row + 1):
        label = sheet.cell(r, 1).value
        rows.append((label, [sheet.cell(r, c).value for c in range(2, len(COLUMNS) + 2)]))
        if label == "合计":
            return rows
    raise AssertionError("no 合计 row")


def test_county_table_has_the_formal_layout(client_a, world):
    sheet = workbook_of(client_a.get("/reports/table/xlsx/?year=2026")).active
    assert sheet["A1"].value == TITLE
    assert "A1:" in " ".join(str(m) for m in sheet.merged_cells.ranges)
    assert "沙市区总工会" in sheet["A2"].value
    info = " ".join(str(sheet.cell(2, c).value or "") for c in range(1, sheet.max_column + 1))
    assert "统计年度：2026年" in info and "统计截止日期" in info
    top = FIRST_HEADER_ROW
    assert sheet.cell(top, 1).value == "乡镇（街道）"
    merged = {str(m) for m in sheet.merged_cells.ranges}
    # 单位 spans its seven columns (B..H); 已建会单位数 its three; 单位总数 spans down.
    assert sheet.cell(top, 2).value == "单位" and f"B{top}:H{top}" in merged
    assert sheet.cell(top + 1, 5).value == "已建会单位数" and f"E{top + 1}:G{top + 1}" in merged
    assert sheet.cell(top + 2, 5).value == "合计"
    assert f"B{top + 1}:B{top + HEADER_DEPTH - 1}" in merged
    groups = [sheet.cell(top, c).value for c in range(2, len(COLUMNS) + 2)]
    assert [g for g in groups if g] == [
        "单位",
        "基层工会",
        "职工与会员",
        "本年新增",
        "双措并举",
        "队伍",
        "规范化与载体",
    ]
    units = [sheet.cell(units_row(), c).value for c in range(1, len(COLUMNS) + 2)]
    assert units[0] == "计量单位" and units[1] == "个" and "人" in units and "%" in units


def test_total_row_is_the_sum_of_the_rows(client, world):
    client.force_login(world.admin)
    sheet = workbook_of(client.get("/reports/table/xlsx/?year=2026")).active
    rows = data_rows(sheet)
    labels = [label for label, _ in rows]
    assert labels[:2] == ["沙市区总工会", "荆州区总工会"] and labels[-1] == "合计"
    *body, (_, total) = rows
    for i, column in enumerate(COLUMNS):
        if not column.is_rate:
            assert total[i] == sum(values[i] or 0 for _, values in body), column.headers
    members = next(i for i, c in enumerate(COLUMNS) if c.key == "members")
    assert total[members] == 2  # one member in each county
    employers = next(i for i, c in enumerate(COLUMNS) if c.key == "employers")
    assert total[employers] == 6


def test_rates_are_recomputed_on_the_total(client, world):
    client.force_login(world.admin)
    sheet = workbook_of(client.get("/reports/table/xlsx/?year=2026")).active
    *_, (_, total) = data_rows(sheet)
    index = {c.key: i for i, c in enumerate(COLUMNS)}
    expected = round(total[index["unionized"]] * 100 / total[index["employers"]], 1)
    assert total[index["establishment_rate"]] == expected


def test_unions_by_employer_kind_fill_their_columns(client_a, world):
    """沙市区: its 机械有限公司's union is 内资 (私营); add a 机关 and a 社会团体 union, and
    the joint union counts in 基层工会数 but in no kind."""
    for nature in ("organ", "social_group"):
        employer = EmployerFactory(name=f"沙市区{nature}", owner=world.a.township, nature=nature)
        grassroots_union(employer)
    sheet = workbook_of(client_a.get("/reports/table/xlsx/")).active
    *_, (_, total) = data_rows(sheet)
    got = {c.key: total[i] for i, c in enumerate(COLUMNS) if c.headers[0] == "基层工会"}
    assert got == {
        "unions": 4,
        "unions_domestic_enterprise": 1,
        "unions_hmt_enterprise": 0,
        "unions_foreign_enterprise": 0,
        "unions_institution": 0,
        "unions_government": 1,
        "unions_individual": 0,
        "unions_new_social": 1,
        "joint": 1,
        "covered": 1,
    }
    header = [sheet.cell(FIRST_HEADER_ROW + 2, c).value for c in range(2, len(COLUMNS) + 2)]
    assert "机关" in header and "新社会组织" in header
    everything = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "基层工会按所在单位的性质分列" in everything


def test_signature_lines_and_a4_landscape_print_setup(client_a, world):
    sheet = workbook_of(client_a.get("/reports/table/xlsx/")).active
    everything = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    for label in ("填表人", "审核人", "负责人"):
        assert label in everything
    assert sheet.page_setup.orientation == "landscape"
    assert str(sheet.page_setup.paperSize) == "9"  # A4
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert sheet.print_title_rows == f"${FIRST_HEADER_ROW}:${units_row()}"


def test_county_user_gets_only_their_county(client_a, world):
    sheet = workbook_of(client_a.get("/reports/table/xlsx/")).active
    everything = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    assert "中山街道工会" in everything
    assert "荆州区" not in everything and "西城街道" not in everything
    assert client_a.get(f"/reports/table/xlsx/?org={world.b.county.pk}").status_code == 404
    assert client_a.get(f"/reports/table/pdf/?org={world.b.county.pk}").status_code == 404
    assert client_a.get(f"/reports/table/?org={world.b.county.pk}").status_code == 404


def test_one_query_per_figure_family_whatever_the_rows(
    client, world, django_assert_max_num_queries
):
    from apps.reports.statistics import needed_keys
    from apps.stats.figures import families, wanted

    keys = wanted(needed_keys())
    needed = [f for f in families() if any(g.key in keys for g in f.figures)]

    client.force_login(world.admin)
    # One per family the table's columns need, plus session, user, two permission reads, the
    # org, the rows' names, and the savepoint around the figures (and on PostgreSQL the
    # statement that raises work_mem for it).
    extra = 1 if connection.vendor == "postgresql" else 0
    with django_assert_max_num_queries(len(needed) + 8 + extra):
        response = client.get("/reports/table/xlsx/")
        b"".join(response.streaming_content)


def test_query_count_does_not_grow_with_the_townships(client_a, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from apps.unions.models import Union
    from tests.unions.factories import UnionFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            b"".join(client_a.get("/reports/table/xlsx/").streaming_content)
        return len(queries)

    before = count()
    for n in range(3):
        UnionFactory(name=f"新镇{n}工会", level=Union.Level.TOWNSHIP, parent=world.a.county)
    assert count() == before
    sheet = workbook_of(client_a.get("/reports/table/xlsx/")).active
    assert [label for label, _ in data_rows(sheet)][-4:] == [
        "新镇0工会",
        "新镇1工会",
        "新镇2工会",
        "合计",
    ]
