"""County A's clerk opens the year's statistics table, corrects a figure (first without a
reason, which is refused), submits it; the city's admin returns it, the clerk resubmits, the
admin approves and downloads the frozen table."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_county_submits_and_city_approves(page: Page, world, log_in, screenshot):
    log_in("clerk_a")
    page.get_by_role("link", name="年度报送").click()
    page.get_by_role("button", name="开始填报").click()
    expect(page.get_by_role("heading", name="沙市区总工会", exact=False)).to_be_visible()
    expect(page.locator("#report-status")).to_have_text("草稿")

    page.get_by_label("栏目").select_option(label="职工与会员·会员人数")
    page.get_by_label("填报数").fill("2")
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_text("更正数据必须填写更正理由。")).to_be_visible()
    expect(page.get_by_label("填报数")).to_have_value("2")
    page.get_by_label("更正理由").fill("新入会1人台帐未及录入")
    page.get_by_role("button", name="保存更正").click()
    expect(page.get_by_text("台帐 1（+1）").first).to_be_visible()
    screenshot("annual-report-corrected", full_page=True)
    page.get_by_role("button", name="上报市总工会").click()
    expect(page.locator("#report-status")).to_have_text("已上报")
    url = page.url

    page.context.clear_cookies()
    log_in("admin")
    page.goto("/reports/annual/")
    row = page.locator("tbody tr", has_text="沙市区总工会")
    expect(row).to_contain_text("已上报")
    row.get_by_role("link", name="查看").click()
    page.get_by_label("退回修改").check()
    page.get_by_label("意见说明").fill("请核对会员人数")
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.locator("#report-status")).to_have_text("退回")

    page.context.clear_cookies()
    log_in("clerk_a")
    page.goto(url)
    expect(page.get_by_text("请核对会员人数")).to_be_visible()
    page.get_by_role("button", name="上报市总工会").click()
    expect(page.locator("#report-status")).to_have_text("已上报")

    page.context.clear_cookies()
    log_in("admin")
    page.goto(url)
    page.get_by_label("审核通过").check()
    page.get_by_role("button", name="提交审核意见").click()
    expect(page.locator("#report-status")).to_have_text("已审核")
    expect(page.get_by_role("button", name="保存更正")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="下载 Excel").click()
    book = io.BytesIO(download.value.path().read_bytes())  # the download has no suffix
    sheet = load_workbook(book)["统计表"]
    assert any("状态：已审核" in str(c.value) for c in sheet[2])
    screenshot("annual-report-approved", full_page=True)
