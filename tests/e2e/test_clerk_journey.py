"""A county clerk's day with the employer ledger (单位台帐), in the browser.

clerk_a of 沙市区总工会 logs in, adds an employer by hand (and first mistypes its USCC),
imports a spreadsheet that has one wrong row, fixes it and imports it, then filters the
ledger and exports exactly what she sees. A read-only leader sees no buttons to change it.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from apps.core.validators import USCC_CHARSET, make_uscc
from apps.unions.models import Employer

pytestmark = pytest.mark.e2e

# Sequence numbers far above the factories' counter, so these codes never collide.
NEW_USCC = make_uscc(900_000_001, prefix="91421002")
IMPORT_USCCS = [make_uscc(900_000_000 + n, prefix="91421002") for n in (11, 12, 13)]
NEW_NAME = "荆州市楚风电子科技有限公司"
IMPORT_ROWS = [
    # 单位名称, 所属工会组织, 单位性质, 职工人数, 女职工
    ("荆州市楚风纺织有限公司", "中山街道工会", "私营", 86, 52),
    ("荆州市江汉物流有限公司", "中山街道", "民营企业", 40, 8),
    ("荆州市楚风建材有限公司", "中山街道工会", "国有", 210, 35),
]
# What the search box "楚风" finds in 沙市区's ledger after the day's work.
CHUFENG = sorted([NEW_NAME, IMPORT_ROWS[0][0], IMPORT_ROWS[2][0]])


def wrong_check_char(uscc: str) -> str:
    """The same code with another (wrong) check character."""
    wrong = USCC_CHARSET[(USCC_CHARSET.index(uscc[-1]) + 1) % len(USCC_CHARSET)]
    return uscc[:-1] + wrong


def employer_sheet(path: Path, usccs: list[str]) -> Path:
    """沙市区's ledger as a county sends it: a title row above the header row."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "单位台帐"
    sheet.append(["沙市区单位台帐"])
    sheet.append(["统一社会信用代码", "单位名称", "所属工会组织", "单位性质", "职工人数", "女职工"])
    for uscc, row in zip(usccs, IMPORT_ROWS, strict=True):
        sheet.append([uscc, *row])
    book.save(path)
    return path


def open_employer_ledger(page: Page) -> None:
    # Not 未建会单位台帐. (The accessible name may start with the Bootstrap icon's glyph.)
    page.locator("#sidenav").get_by_role("link", name=re.compile(r"(^|\s)单位台帐$")).click()
    expect(page.get_by_role("heading", name="单位台帐", exact=True)).to_be_visible()


def test_clerk_adds_imports_filters_and_exports(page: Page, world, log_in, screenshot, tmp_path):
    clerk = world.clerk_a
    township = world.a.township

    # -- She logs in through the login page and lands on her county's home page.
    log_in("clerk_a")
    expect(page.get_by_role("heading", name="沙市区总工会 · 工作台")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("clerk_a"))).to_be_visible()

    # -- 单位台帐 → 新增: the employer form.
    open_employer_ledger(page)
    screenshot("01-employer-list")
    page.get_by_role("link", name="新增").click()
    expect(page.get_by_role("heading", name="新增单位")).to_be_visible()

    page.get_by_label("单位名称").fill(NEW_NAME)
    page.get_by_label("统一社会信用代码").fill(wrong_check_char(NEW_USCC))
    # 所属工会组织 is an autocomplete (Tom Select): type part of the name, pick the option.
    page.locator("#id_owner-ts-control").press_sequentially("中山街道")
    page.get_by_role("option", name="中山街道工会", exact=True).click()
    expect(page.locator("#id_owner")).to_have_value(str(township.pk))
    page.get_by_label("单位性质").select_option(label="私营")
    page.get_by_label("职工人数").fill("120")
    page.get_by_label("女职工").fill("45")
    page.get_by_label("联系人").fill("刘楚")

    # -- A mistyped USCC: the Chinese reason at the field, and nothing she typed is lost.
    before = Employer.objects.count()
    page.get_by_role("button", name="保存").click()
    uscc_input = page.locator("#id_uscc")
    expect(uscc_input).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.locator("#id_uscc ~ .invalid-feedback")).to_contain_text(
        "统一社会信用代码校验位错误：有字符录错，请对照营业执照（登记证书）逐位核对"
    )
    expect(page.get_by_text("已填写的内容已保留")).to_be_visible()
    expect(page.get_by_label("单位名称")).to_have_value(NEW_NAME)
    expect(uscc_input).to_have_value(wrong_check_char(NEW_USCC))
    expect(page.locator("#id_owner")).to_have_value(str(township.pk))
    expect(page.get_by_label("单位性质")).to_have_value("private")
    expect(page.get_by_label("职工人数")).to_have_value("120")
    expect(page.get_by_label("联系人")).to_have_value("刘楚")
    screenshot("02-employer-form-error", full_page=True)
    assert Employer.objects.count() == before

    # -- She fixes the check character and saves: the detail page says so.
    uscc_input.fill(NEW_USCC)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text(f"已新增单位“{NEW_NAME}”。")
    expect(page.get_by_role("heading", name=NEW_NAME)).to_be_visible()
    details = page.locator("table.detail-table")
    expect(details.locator("tr", has_text="统一社会信用代码")).to_contain_text(NEW_USCC)
    expect(details.locator("tr", has_text="所属工会组织")).to_contain_text("中山街道工会")
    expect(details.locator("tr", has_text="单位性质")).to_contain_text("私营")
    screenshot("03-employer-detail")
    created = Employer.objects.get(uscc=NEW_USCC)
    assert (created.name, created.owner, created.employees, created.women) == (
        NEW_NAME,
        township,
        120,
        45,
    )

    # -- 单位台帐 → 导入 a file with a wrong USCC in its second data row (Excel row 4).
    open_employer_ledger(page)
    page.get_by_role("link", name="导入", exact=True).click()
    expect(page.get_by_role("heading", name="导入单位")).to_be_visible()
    bad_usccs = [IMPORT_USCCS[0], wrong_check_char(IMPORT_USCCS[1]), IMPORT_USCCS[2]]
    bad_file = employer_sheet(tmp_path / "沙市区单位台帐（有错）.xlsx", bad_usccs)
    before = Employer.objects.count()
    page.locator("#id_file").set_input_files(bad_file)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.get_by_text("发现1处错误，未导入任何数据。")).to_be_visible()
    errors = page.locator("table.import-errors tbody tr")
    expect(errors).to_have_count(1)
    expect(errors.locator("td")).to_have_text(
        [
            "第4行",
            "统一社会信用代码",
            bad_usccs[1],
            "统一社会信用代码校验位错误：有字符录错，请对照营业执照（登记证书）逐位核对",
        ]
    )
    screenshot("04-import-error-preview", full_page=True)
    assert Employer.objects.count() == before
    assert not Employer.objects.filter(uscc__in=IMPORT_USCCS).exists()

    # -- The fixed file: a summary first, then the import itself.
    good_file = employer_sheet(tmp_path / "沙市区单位台帐.xlsx", IMPORT_USCCS)
    page.get_by_role("link", name="重新上传").click()
    page.locator("#id_file").set_input_files(good_file)
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator(".import-summary")).to_contain_text("将新增3条")
    assert Employer.objects.count() == before
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".import-summary")).to_contain_text("导入完成：共3行，新增3条，更新0条")
    page.get_by_role("link", name="查看单位").click()
    expect(page.get_by_role("heading", name="单位台帐", exact=True)).to_be_visible()
    assert Employer.objects.count() == before + 3
    imported = Employer.objects.filter(uscc__in=IMPORT_USCCS)
    assert {e.owner for e in imported} == {township}

    # -- She searches her ledger for "楚风": the count, the rows, and their export.
    page.locator("#id_q").fill("楚风")
    page.get_by_role("button", name="筛选").click()
    expect(page).to_have_url(re.compile(r"[?&]q=%E6%A5%9A%E9%A3%8E"))
    expect(page.locator(".result-count")).to_have_text(str(len(CHUFENG)))
    expect(page.get_by_text(f"共 {len(CHUFENG)} 条")).to_be_visible()
    rows = page.locator("table.ledger-table tbody tr")
    expect(rows).to_have_count(len(CHUFENG))
    # The second column (after the tick box) is the name; the order is the database's.
    assert sorted(rows.locator("td:nth-child(2)").all_inner_texts()) == CHUFENG
    screenshot("05-employer-list-filtered")
    visible = Employer.objects.visible_to(clerk).filter(name__icontains="楚风")
    assert sorted(visible.values_list("name", flat=True)) == CHUFENG

    with page.expect_download() as download_info:
        page.get_by_role("link", name="导出当前筛选结果").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    exported = tmp_path / download.suggested_filename
    download.save_as(exported)
    sheet_rows = list(openpyxl.load_workbook(exported, read_only=True).active.values)
    header, data = sheet_rows[0], sheet_rows[1:]
    assert header[:6] == (
        "统一社会信用代码",
        "单位名称",
        "所属工会组织",
        "单位性质",
        "单位类别",
        "行业",
    )
    assert "职工人数" in header and "女职工" in header
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in data}
    assert sorted(by_name) == CHUFENG
    assert len(data) == len(CHUFENG)
    assert by_name[NEW_NAME]["统一社会信用代码"] == NEW_USCC
    assert by_name[NEW_NAME]["所属工会组织"] == "中山街道工会"
    assert int(by_name[IMPORT_ROWS[2][0]]["职工人数"]) == 210


def test_read_only_leader_sees_no_add_or_import(page: Page, world, log_in, screenshot):
    log_in("reader_a")
    open_employer_ledger(page)
    expect(page.get_by_role("link", name="导出当前筛选结果")).to_be_visible()
    expect(page.get_by_text("沙市区机械有限公司")).to_be_visible()
    expect(page.get_by_role("link", name="新增")).to_have_count(0)
    expect(page.get_by_role("link", name="导入", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="批量删除所选")).to_have_count(0)
    screenshot("06-employer-list-read-only")
    # Typing the address of the form does not help either.
    response = page.goto(reverse("unions:employer_add"))
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", name="没有权限")).to_be_visible()
