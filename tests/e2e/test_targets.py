"""The city drafts the year's target letters from the template, sets a county's target,
signs both letters; a county founds a union and its score moves; the county's clerk sees the
published ranking and follows only her own county's figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.targets.models import TargetLetter
from tests.unions.factories import EmployerFactory, grassroots_union

pytestmark = pytest.mark.e2e


def sign(page: Page, county: str) -> None:
    page.locator("#letters").get_by_role("link", name=county).click()
    page.get_by_label("甲方签字人（市总工会）").fill("王主席")
    page.get_by_label("乙方签字人（县级工会）").fill(f"{county[:3]}主席")
    page.locator("#sign-letter").click()
    expect(page.get_by_text("已签订，指标自此不能修改。")).to_be_visible()
    page.get_by_role("link", name="返回目标责任书").click()


def test_draft_sign_and_score_moves_with_the_ledger(page: Page, world, log_in, screenshot):
    today = timezone.localdate()
    log_in("admin")
    page.get_by_role("link", name="目标责任书").click()
    page.locator("#draft-letters").click()
    expect(page.get_by_text("已按")).to_be_visible()
    expect(page.locator("#letters [data-status=draft]")).to_have_count(2)

    # 沙市区's target of new unions: 2, weighed as in the template (15 points).
    page.locator("#letters").get_by_role("link", name="沙市区总工会").click()
    page.get_by_role("link", name="修改目标和权重").click()
    row = page.locator("#item-formset tbody tr").filter(
        has=page.locator("option[selected][value=new_unions]")
    )
    row.locator("input[name$=target]").fill("2")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("已保存目标责任书。")).to_be_visible()
    page.get_by_role("link", name="返回目标责任书").click()
    sign(page, "沙市区总工会")
    sign(page, "荆州区总工会")
    expect(page.locator("#letters [data-status=signed]")).to_have_count(2)

    page.get_by_role("link", name="目标考核").first.click()
    county = page.locator("#ranking tr[data-county=沙市区总工会]")
    before = county.locator("td").last.inner_text()
    grassroots_union(EmployerFactory(name="沙市区新建厂", owner=world.a.township), founded_on=today)
    page.reload()
    after = county.locator("td").last.inner_text()
    assert float(after) == pytest.approx(float(before) + 7.5)  # one of two: half of 15 points
    screenshot("targets-ranking", full_page=True)

    # The county's clerk: the whole ranking, her own figures' rows, none of 荆州区's.
    page.get_by_role("button", name="admin").click()
    page.get_by_role("button", name="退出登录").click()
    log_in("clerk_a")
    page.get_by_role("link", name="目标考核").click()
    expect(page.locator("#ranking tr[data-county=荆州区总工会]")).to_be_visible()
    expect(page.locator("#ranking tr[data-county=荆州区总工会] a")).to_have_count(0)
    page.locator("#ranking").get_by_role("link", name="沙市区总工会").click()
    expect(
        page.get_by_role("heading", name=f"沙市区总工会 · {today.year}年度目标考核")
    ).to_be_visible()
    page.locator("#score-items").get_by_role("link", name="1个").first.click()
    expect(page.get_by_role("link", name="沙市区新建厂工会委员会")).to_be_visible()
    assert TargetLetter.objects.filter(status="signed").count() == 2


def test_bulletins_are_published_archived_and_the_year_frozen(
    page: Page, world, log_in, screenshot, monkeypatch
):
    """Early January: the city publishes June's bulletin and downloads it; a late entry in
    a county's ledger moves July's bulletin but not June's; the city freezes the year and
    adjusts a score with a reason; the county's clerk reads the bulletins."""
    import datetime

    from tests.targets.conftest import letter

    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2027, 1, 5))
    items = [("new_unions", 2, 60), ("fund_unionized", 100, 40)]
    letter(world.a.county, items), letter(world.b.county, items)

    log_in("admin")
    page.get_by_role("link", name="定期通报").click()
    page.get_by_label("年度").fill("2026")
    page.get_by_label("通报周期").select_option("month")
    page.get_by_label("月份或季度").fill("6")
    page.get_by_role("button", name="生成并发布").click()
    expect(page.get_by_role("heading", name="2026年第1期")).to_be_visible()
    a_row = page.locator("#ranking tr[data-county=沙市区总工会]")
    expect(a_row.locator("td").nth(4)).to_have_text("0/100")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载PDF").click()
    assert download.value.suggested_filename.endswith("（2026年第1期）.pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    # A union founded in May is entered late: July's bulletin counts it, June's stays.
    grassroots_union(
        EmployerFactory(name="沙市区补录厂", owner=world.a.township),
        founded_on=datetime.date(2026, 5, 1),
    )
    page.get_by_role("link", name="全部通报").click()
    page.get_by_label("月份或季度").fill("7")
    page.get_by_role("button", name="生成并发布").click()
    expect(page.get_by_role("heading", name="2026年第2期")).to_be_visible()
    expect(a_row.locator("td").nth(4)).to_have_text("30/100")
    expect(page.locator("#behind")).to_contain_text("荆州区总工会")
    screenshot("targets-bulletin", full_page=True)
    page.get_by_role("link", name="全部通报").click()
    page.get_by_role("link", name="2026年第1期").click()
    expect(a_row.locator("td").nth(4)).to_have_text("0/100")

    # Year end: freeze, then adjust 荆州区's score with a reason.
    page.goto(page.url.split("/targets/")[0] + "/targets/assessment/?year=2026")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="冻结2026年度考核结果").click()
    expect(page.get_by_text("已冻结2026年度考核结果")).to_be_visible()
    expect(page.locator("#standings tr[data-county=沙市区总工会] td").first).to_have_text("1")
    page.locator("#standings").get_by_role("link", name="荆州区总工会").click()
    page.get_by_label("调整后得分").fill("40")
    page.get_by_label("调整理由").fill("验收确认2家已建会单位台帐补录滞后")
    page.get_by_role("button", name="记录调整").click()
    expect(page.locator("#adjustments")).to_contain_text("0.00 → 40.00")
    screenshot("targets-assessment-county", full_page=True)

    # The county's clerk reads the bulletins; only the city publishes.
    page.get_by_role("button", name="admin").click()
    page.get_by_role("button", name="退出登录").click()
    log_in("clerk_a")
    page.get_by_role("link", name="定期通报").click()
    expect(page.locator("#bulletins tbody tr")).to_have_count(2)
    expect(page.locator("#publish-form")).to_have_count(0)
