"""A member moves from county B to county A: A's clerk asks, B's clerk accepts."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from apps.members.models import Member

pytestmark = pytest.mark.e2e


def test_cross_county_transfer_is_asked_and_accepted(page: Page, world, log_in, screenshot):
    person = world.b.member
    # County A's clerk asks for county B's member, naming them by the ID number.
    log_in("clerk_a")
    page.get_by_role("link", name="会籍接转").click()
    page.get_by_role("link", name="接转申请").click()
    page.get_by_label("会员身份证号").fill(person.id_number.lower())
    page.locator("#id_to_union-ts-control").press_sequentially("机械")
    page.get_by_role("option", name=world.a.union.name, exact=True).click()
    expect(page.locator("#id_to_union")).to_have_value(str(world.a.union.pk))
    page.get_by_label("接转日期").fill("2026-03-01")
    page.get_by_role("button", name="提交申请").click()
    # B has a pending transfer of this member already (conftest): A is told so, in Chinese.
    expect(page.get_by_text("该会员已有待办理的接转申请")).to_be_visible()
    world.b_transfer.delete()
    page.get_by_role("button", name="提交申请").click()
    expect(page.get_by_text("已提交接转申请，待转出工会确认。")).to_be_visible()
    expect(page.locator(".detail-table")).to_contain_text("待转出工会确认")
    assert Member.objects.get(pk=person.pk).union == world.b.union

    # County B's clerk sees it and lets the member go.
    page.get_by_role("button", name="clerk_a").click()
    page.get_by_role("button", name="退出登录").click()
    log_in("clerk_b")
    page.get_by_role("link", name="会籍接转").click()
    page.get_by_role("link", name="2026-03-01").click()  # the request, by its date
    page.get_by_role("link", name="同意转出").click()
    screenshot("10-transfer-accept")
    page.get_by_role("button", name="确认").click()
    expect(page.get_by_text("已同意接转。")).to_be_visible()
    expect(page.locator(".detail-table")).to_contain_text("已接转")
    assert Member.objects.get(pk=person.pk).union == world.a.union
