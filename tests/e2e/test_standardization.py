"""A county clerk finds a union failing a standardization check, fixes its data from the
finding's link, and sees the finding disappear."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from apps.campaigns import rules

pytestmark = pytest.mark.e2e


def test_clerk_fixes_a_failing_union_and_the_finding_disappears(
    page: Page, world, log_in, screenshot
):
    union = world.a.union
    before = rules.evaluate_one(union).score
    log_in("clerk_a")
    page.get_by_role("link", name="规范化检查").click()
    expect(page.get_by_role("heading", name="规范化检查")).to_be_visible()
    page.get_by_label("检查项").select_option(label="没有工会牌子")
    page.get_by_role("button", name="筛选").click()
    results = page.locator(".ledger-table")
    expect(results).to_contain_text(union.name)
    expect(results).to_contain_text("未挂工会牌子")
    expect(page.locator(".ledger-table")).not_to_contain_text("荆州区")
    screenshot("20-standardization-results")

    # The union's own page lists its findings, each with where to fix it.
    page.get_by_role("link", name=union.name).click()
    findings = page.locator(".union-findings")
    expect(findings).to_contain_text("未挂工会牌子")
    expect(page.get_by_text(f"规范化检查：得分 {before}")).to_be_visible()
    findings.get_by_role("row", name="没有工会牌子").get_by_role(
        "link", name="修改工会信息"
    ).click()
    page.get_by_label("有工会牌子").check()
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存")).to_be_visible()
    expect(page.locator(".union-findings")).not_to_contain_text("未挂工会牌子")
    expect(page.get_by_text(f"规范化检查：得分 {before + 3}")).to_be_visible()
    screenshot("21-standardization-fixed")

    # And the results filtered by that check no longer list it.
    page.get_by_role("link", name="规范化检查").click()
    page.get_by_label("检查项").select_option(label="没有工会牌子")
    page.get_by_role("button", name="筛选").click()
    expect(page.locator(".result-count")).to_have_text("1")  # the joint union still has none
    expect(page.locator(".ledger-table")).not_to_contain_text(union.name)
