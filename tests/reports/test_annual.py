"""Annual submission: a county opens its table prefilled from the ledgers, corrects a figure
only with a reason (ledger figure and difference stay visible), passes the logic checks and
submits; the city's reviewer approves (the table is frozen) or returns it with a comment;
every step is recorded; the city sees who submitted, was returned or is late."""

import pytest
from django.core.exceptions import ValidationError

from apps.reports.models import AnnualReport, Correction, ReportEvent
from tests.unions.factories import member

from .conftest import workbook_of

Status = AnnualReport.Status


def open_table(client, year=2026) -> AnnualReport:
    response = client.post("/reports/annual/open/", {"year": year})
    assert response.status_code == 302
    return AnnualReport.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def township_key(report) -> str:
    return next(r["key"] for r in report.ledger["rows"] if r["label"] == "中山街道工会")


def correct(client, report, key, value, reason="", row=None):
    return client.post(
        f"/reports/annual/{report.pk}/correct/",
        {"row_key": row or township_key(report), "key": key, "value": value, "reason": reason},
    )


def cell_of(sheet, row_label, key):
    from apps.reports.layout import COLUMNS

    col = 2 + next(i for i, c in enumerate(COLUMNS) if c.key == key)
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == row_label)
    return sheet.cell(row, col).value


@pytest.fixture
def report(client_a, world) -> AnnualReport:
    return open_table(client_a)


def test_county_opens_its_table_prefilled_from_the_ledgers(client_a, world, report):
    assert report.union == world.a.county and report.status == Status.DRAFT
    row = next(r for r in report.ledger["rows"] if r["label"] == "中山街道工会")
    assert row["values"]["members"] == 1 and row["values"]["employers"] == 3
    assert [e.action for e in report.events.all()] == [ReportEvent.Action.OPEN]
    # Opening again returns the same table.
    assert open_table(client_a).pk == report.pk
    page = client_a.get(f"/reports/annual/{report.pk}/").content.decode()
    assert "中山街道工会" in page and "草稿" in page and "逻辑检查全部通过" in page


def test_only_a_countys_own_staff_open_its_table(client, world, reviewer):
    client.force_login(world.reader_a)
    assert client.post("/reports/annual/open/", {"year": 2026}).status_code == 403
    client.force_login(world.admin)  # the city does not report to itself
    assert client.post("/reports/annual/open/", {"year": 2026}).status_code == 403
    assert not AnnualReport.objects.exists()


def test_a_correction_needs_a_reason(client_a, world, report):
    response = correct(client_a, report, "members", 2)
    assert response.status_code == 400
    page = response.content.decode()
    assert "更正数据必须填写更正理由" in page
    assert 'value="2"' in page  # what was typed is kept
    assert not Correction.objects.exists()


def test_a_corrected_figure_keeps_the_ledger_figure_and_difference(client_a, world, report):
    response = correct(client_a, report, "members", 3, "新入会2人台帐未及录入")
    assert response.status_code == 302
    c = Correction.objects.get()
    assert (c.ledger_value, c.value, c.difference) == (1, 3, 2)
    page = client_a.get(f"/reports/annual/{report.pk}/").content.decode()
    assert "台帐 1（+2）" in page and "新入会2人台帐未及录入" in page
    sheet_book = workbook_of(client_a.get(f"/reports/annual/{report.pk}/xlsx/"))
    assert cell_of(sheet_book["统计表"], "中山街道工会", "members") == 3
    assert cell_of(sheet_book["统计表"], "合计", "members") == 3  # the total follows
    notes = [[c.value for c in row] for row in sheet_book["更正说明"].iter_rows(min_row=2)]
    assert notes == [["中山街道工会", "职工与会员·会员人数", 1, 3, 2, "新入会2人台帐未及录入"]]
    events = report.events.filter(action=ReportEvent.Action.CORRECT)
    assert "台帐数 1，更正为 3" in events.get().comment


def test_correcting_back_to_the_ledger_withdraws_the_correction(client_a, world, report):
    correct(client_a, report, "members", 3, "理由")
    correct(client_a, report, "members", 1)
    assert not Correction.objects.exists()


def test_logic_checks_list_the_cells_and_block_submission(client_a, world, report):
    correct(client_a, report, "women_members", 5, "按妇联口径")
    page = client_a.get(f"/reports/annual/{report.pk}/").content.decode()
    assert "女会员（5） 大于 职工与会员·会员人数（1）" in page
    assert "中山街道工会 · 职工与会员·会员人数" in page  # the cells involved
    client_a.post(f"/reports/annual/{report.pk}/submit/")
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    assert not report.events.filter(action=ReportEvent.Action.SUBMIT).exists()


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("new_members", 9, "本年新增·新发展会员（9） 大于 职工与会员·会员人数（1）"),
        ("joint_members", 2, "联合工会会员人数（2） 大于"),
        ("members", 60, "会员人数（60） 大于 职工与会员·已建会单位职工人数（55）"),
        ("own", 5, "不等于 单位·已建会单位数"),
    ],
)
def test_each_part_never_exceeds_its_whole(client_a, world, report, key, value, words):
    correct(client_a, report, key, value, "核对")
    assert words in client_a.get(f"/reports/annual/{report.pk}/").content.decode()


def test_submit_approve_and_the_table_is_frozen(client, client_a, world, report, reviewer):
    correct(client_a, report, "members", 2, "补录1人")
    assert client_a.post(f"/reports/annual/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED and report.submitted_at
    # Submitted: the county can no longer change it.
    assert correct(client_a, report, "members", 4, "再改").status_code == 403
    client.force_login(reviewer)
    response = client.post(f"/reports/annual/{report.pk}/review/", {"decision": "approve"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Status.APPROVED
    # Frozen: no correction, no refresh, and the ledgers moving change nothing downloaded.
    client.force_login(world.clerk_a)
    assert correct(client, report, "members", 4, "再改").status_code == 403
    assert client.post(f"/reports/annual/{report.pk}/refresh/").status_code == 403
    assert client.post(f"/reports/annual/{report.pk}/submit/").status_code == 403
    # 关账: the ledgers cannot move under it either (apps.core.closing; test_closing walks them).
    with pytest.raises(ValidationError, match="已审核的“沙市区总工会 2026年统计表”"):
        member(world.a.union, seq=77, name="新会员")
    sheet = workbook_of(client.get(f"/reports/annual/{report.pk}/xlsx/"))["统计表"]
    assert cell_of(sheet, "中山街道工会", "members") == 2
    assert any("状态：已审核" in str(c.value) for c in sheet[2])
    assert Correction.objects.get().value == 2
    actions = [e.action for e in report.events.all()]
    assert actions == ["open", "correct", "submit", "approve"]


def test_return_needs_a_comment_and_reopens_the_table(client, client_a, world, report, reviewer):
    client_a.post(f"/reports/annual/{report.pk}/submit/")
    client.force_login(reviewer)
    response = client.post(f"/reports/annual/{report.pk}/review/", {"decision": "return"})
    assert response.status_code == 400 and "退回时必须填写退回意见" in response.content.decode()
    client.post(
        f"/reports/annual/{report.pk}/review/",
        {"decision": "return", "comment": "会员数与花名册不符，请核对"},
    )
    report.refresh_from_db()
    assert report.status == Status.RETURNED
    client.force_login(world.clerk_a)
    page = client.get(f"/reports/annual/{report.pk}/").content.decode()
    assert "会员数与花名册不符，请核对" in page and "退回" in page
    assert correct(client, report, "members", 2, "已核对花名册").status_code == 302
    assert client.post(f"/reports/annual/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_who_may_review(client, world, report, reviewer):
    """`client` is the one browser of the test: each step logs in who acts."""
    url = f"/reports/annual/{report.pk}/review/"
    # A draft is not for review, even for the city.
    client.force_login(reviewer)
    assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(world.clerk_a)
    client.post(f"/reports/annual/{report.pk}/submit/")
    # The county cannot approve its own table; a read-only leader cannot either.
    assert client.post(url, {"decision": "approve"}).status_code == 403
    client.force_login(world.reader_a)
    assert client.post(url, {"decision": "approve"}).status_code == 403
    # The city's reviewer cannot correct a county's figures.
    client.force_login(reviewer)
    assert correct(client, report, "members", 5, "城市改").status_code == 403
    # The city admin may approve.
    client.force_login(world.admin)
    client.post(url, {"decision": "approve"})
    report.refresh_from_db()
    assert report.status == Status.APPROVED


def test_other_county_cannot_reach_the_report(client, world, report):
    client.force_login(world.clerk_b)
    for suffix in ("", "xlsx/", "pdf/"):
        assert client.get(f"/reports/annual/{report.pk}/{suffix}").status_code == 404
    assert correct(client, report, "members", 5, "x").status_code == 404


def test_city_sees_who_submitted_was_returned_or_is_late(client, client_a, world, reviewer):
    report_2025 = open_table(client_a, 2025)
    client_a.post(f"/reports/annual/{report_2025.pk}/submit/")
    client.force_login(reviewer)
    page = client.get("/reports/annual/?year=2025").content.decode()
    assert "沙市区总工会" in page and "荆州区总工会" in page
    assert "已上报" in page
    assert page.count('<span class="badge text-bg-warning">逾期</span>') == 1  # 荆州区 never opened
    assert "逾期未上报 1" in page
    client.force_login(world.clerk_a)
    own = client.get("/reports/annual/?year=2025").content.decode()
    assert "沙市区总工会" in own and "荆州区" not in own


def test_the_list_takes_a_fixed_number_of_queries(
    client, world, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    with django_assert_max_num_queries(10):
        assert client.get("/reports/annual/?year=2025").status_code == 200


def approved_last_year(world, **totals) -> AnnualReport:
    return AnnualReport.objects.create(
        union=world.a.county,
        year=2025,
        as_of="2025-12-31",
        status=Status.APPROVED,
        ledger={"rows": [{"key": "1", "label": "中山街道工会", "values": totals}]},
    )


def test_totals_reconcile_with_last_years_approved_table(client_a, world, report):
    # Last year 1 union approved; this year 2 exist and none was founded in the year.
    approved_last_year(world, unions=1, new_unions=0, covered=1, new_covered=0, members=1)
    page = client_a.get(f"/reports/annual/{report.pk}/").content.decode()
    assert "基层工会·基层工会数（2）多于 2025年审核数（1）+ 本年新增·新建基层工会（0）" in page
    assert "会员人数（1）多于" not in page  # members reconcile
    # A notice, not a blocker.
    assert client_a.post(f"/reports/annual/{report.pk}/submit/").status_code == 302
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_no_notice_when_totals_reconcile(client_a, world, report):
    approved_last_year(world, unions=2, new_unions=0, covered=1, new_covered=0, members=1)
    page = client_a.get(f"/reports/annual/{report.pk}/").content.decode()
    assert "与上年审核数核对" not in page


def test_city_summary_takes_the_approved_figures(client, world, report, reviewer):
    client.force_login(world.clerk_a)
    correct(client, report, "members", 2, "补录1人")
    client.post(f"/reports/annual/{report.pk}/submit/")
    client.force_login(reviewer)
    client.post(f"/reports/annual/{report.pk}/review/", {"decision": "approve"})
    sheet = workbook_of(client.get("/reports/annual/summary/xlsx/?year=2026"))["统计表"]
    assert cell_of(sheet, "沙市区总工会", "members") == 2  # approved, corrected
    assert cell_of(sheet, "荆州区总工会（未审核，台帐数）", "members") == 1
    assert cell_of(sheet, "合计", "members") == 3
    # A county's own summary is its approved table; another county's is out of reach.
    client.force_login(world.clerk_a)
    own = workbook_of(client.get("/reports/annual/summary/xlsx/?year=2026"))["统计表"]
    assert cell_of(own, "中山街道工会", "members") == 2
    url = f"/reports/annual/summary/xlsx/?year=2026&org={world.b.county.pk}"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-1", "请填写不小于 0 的整数。"),
        ("abc", "请填写不小于 0 的整数。"),
        ("1000000000", "数值过大，请核对。"),
    ],
)
def test_a_corrected_figure_must_be_a_sensible_whole_number(
    client_a, world, report, value, message
):
    response = correct(client_a, report, "members", value, "理由")
    assert response.status_code == 400 and message in response.content.decode()
    assert not Correction.objects.exists()
