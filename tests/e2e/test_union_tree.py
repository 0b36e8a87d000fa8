"""The city's administrator walks the union tree down to a township."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e


def test_city_admin_expands_a_county_and_sees_its_townships(page: Page, world, log_in):
    log_in("admin")
    page.get_by_role("link", name="组织树").click()
    expect(page.get_by_role("heading", name="工会组织树")).to_be_visible()
    county_row = page.locator("tr.tree-row", has_text="沙市区总工会")
    expect(county_row).to_be_visible()
    expect(page.get_by_role("link", name="中山街道工会")).to_have_count(0)
    county_row.get_by_role("button", name="展开沙市区总工会").click()
    township_row = page.locator("tr.tree-row", has_text="中山街道工会")
    expect(township_row).to_be_visible()
    # Its grassroots unions (the single one and the joint one) and its three employers.
    expect(township_row.locator("td").nth(3)).to_have_text("2")
    expect(township_row.locator("td").nth(4)).to_have_text("3")
    expect(page.locator("tr.tree-row", has_text="西城街道工会")).to_have_count(0)
    township_row.get_by_role("link", name="中山街道工会").click()
    expect(page.get_by_role("navigation", name="位置")).to_contain_text("荆州市总工会")
