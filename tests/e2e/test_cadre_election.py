"""A county clerk records a chair election, prints the ballot, approves the result, and sees
the elected chair on the union's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from apps.cadres.models import Election, Position

pytestmark = pytest.mark.e2e


def test_record_election_print_ballot_approve_and_see_the_chair(
    page: Page, world, log_in, screenshot
):
    log_in("clerk_a")
    page.get_by_role("link", name="主席选举").click()
    page.get_by_role("link", name="新增").click()
    page.locator("#id_union-ts-control").press_sequentially("机械")
    page.get_by_role("option", name=world.a.union.name, exact=True).click()
    page.get_by_label("选举日期").fill("2026-03-05")
    page.get_by_label("应参加选举人数").fill("60")
    page.get_by_label("实际投票人数").fill("65")
    page.get_by_label("任期届满日期").fill("2031-03-04")
    page.locator("#id_candidates-0-name").fill("王五")
    page.locator("#id_candidates-0-votes").fill("20")
    page.locator("#id_candidates-1-name").fill("李四")
    page.locator("#id_candidates-1-votes").fill("38")
    page.get_by_role("button", name="保存").click()
    # More votes than voters: told at the field, what was typed is kept.
    expect(page.get_by_text("实际投票人数（65）不能超过应参加选举人数（60）")).to_be_visible()
    expect(page.locator("#id_candidates-1-name")).to_have_value("李四")
    page.get_by_label("实际投票人数").fill("58")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".election-result")).to_contain_text("李四当选")
    screenshot("cadres-election-detail", full_page=True)
    election = Election.objects.get()

    # 打印选票 opens the ballot PDF in a new tab; fetched here with the browser's session
    # (headless Chromium has no PDF viewer to look at).
    for link, title in (("打印选票", "工会主席选举选票"), ("打印计票单", "工会主席选举计票单")):
        href = page.get_by_role("link", name=link).get_attribute("href")
        response = page.request.get(href)
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF"), title
    assert href.startswith(f"/cadres/elections/{election.pk}/")

    page.get_by_role("link", name="登记上级批复").click()
    page.get_by_label("上级工会批复日期").fill("2026-03-20")
    page.get_by_label("批复文号").fill("沙工组〔2026〕8号")
    page.get_by_role("button", name="保存批复").click()
    expect(page.get_by_text(f"已登记批复，李四任{world.a.union.name}主席。")).to_be_visible()
    assert Position.objects.get(election=election).cadre.name == "李四"

    page.goto(world.a.union.get_absolute_url())
    committee = page.locator(".card", has_text="本届委员会（现任干部）")
    expect(committee).to_contain_text("李四")
    expect(committee).to_contain_text("主席")
    screenshot("cadres-union-committee", full_page=True)
