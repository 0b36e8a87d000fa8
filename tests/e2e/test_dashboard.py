"""The city's administrator opens the dashboard, follows a county's number to the ledger rows
it counts, then goes down to the county's own dashboard and a township's members."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_city_dashboard_to_a_countys_drill_down_list(page: Page, world, log_in, screenshot):
    log_in("admin")
    page.locator("#dashboard-link").click()
    expect(page.get_by_role("heading", name="荆州市总工会 · 数据看板")).to_be_visible()
    expect(page.locator("#chart-members svg")).to_be_visible()  # ECharts drew the chart
    screenshot("dashboard-city", full_page=True)

    # 沙市区: a grassroots union of its own and a covered employer, the hospital not yet.
    row = page.locator("#compare-table tbody tr", has_text="沙市区总工会")
    unionized = row.locator("td").nth(1)
    expect(unionized).to_have_text("2")
    unionized.get_by_role("link").click()
    expect(page.get_by_role("heading", name="单位台帐")).to_be_visible()
    expect(page.locator(".result-count")).to_have_text("2")
    expect(page.get_by_role("link", name="沙市区机械有限公司")).to_be_visible()
    expect(page.get_by_role("link", name="沙市区小微便利店")).to_be_visible()
    expect(page.get_by_text("沙市区民营医院")).to_have_count(0)
    expect(page.get_by_text("荆州区机械有限公司")).to_have_count(0)

    # Back up, down into the county's own dashboard, and a township's members.
    page.go_back()
    page.locator("#compare-table tbody tr").get_by_role("link", name="沙市区总工会").click()
    expect(page.get_by_role("heading", name="沙市区总工会 · 数据看板")).to_be_visible()
    expect(page.get_by_role("heading", name="待办事项")).to_be_visible()
    township = page.locator("#compare-table tbody tr", has_text="中山街道工会")
    members = township.locator("td").nth(5)
    expect(members).to_have_text("1")
    members.get_by_role("link").click()
    expect(page.get_by_role("heading", name="会籍记录")).to_be_visible()
    expect(page.locator(".result-count")).to_have_text("1")
    expect(page.get_by_role("link", name="沙市会员")).to_be_visible()
