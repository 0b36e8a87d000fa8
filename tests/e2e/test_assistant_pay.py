"""A county clerk records an assistant's monthly pay below the standard salary (a month before
hiring is refused at the field, what was typed kept) and sees the assistant listed on
协理员待遇核查 for that month; another county's assistant is not shown."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.cadres.models import Assistant, AssistantPayment
from apps.core.validators import make_id_number

pytestmark = pytest.mark.e2e

# Last year: every month of it is checked (the current month's pay may not be out yet).
YEAR = timezone.localdate().year - 1


def assistant(union, seq: int, name: str, region: str) -> Assistant:
    return Assistant.objects.create(
        name=name,
        id_number=make_id_number(seq, region=region),
        post=union,
        hired_on=datetime.date(YEAR, 3, 15),
        route=Assistant.Route.PUBLIC_RECRUITMENT,
    )


def test_pay_below_standard_is_listed_on_the_check_page(page: Page, world, log_in, screenshot):
    person = assistant(world.a.township, 1, "李协理", "421002")
    other = assistant(world.b.township, 2, "周协理", "421003")
    AssistantPayment.objects.create(assistant=other, month=datetime.date(YEAR, 3, 1), salary=2000)

    log_in("clerk_a")
    page.get_by_role("link", name="协理员工资发放").click()
    page.get_by_role("link", name="登记工资").click()
    page.locator("#id_assistant-ts-control").press_sequentially("李协理")
    page.get_by_role("option", name="李协理", exact=True).click()
    page.get_by_label("月份").fill(f"{YEAR}-02")
    page.get_by_label("实发工资（元）").fill("2500")
    page.get_by_label("备注").fill("绩效未发")
    page.get_by_role("button", name="保存").click()

    # February is before the hiring date (March 15th): said at the month, the rest kept.
    month_field = page.locator("div", has=page.locator("#id_month")).last
    expect(month_field.locator(".invalid-feedback")).to_have_text(
        f"月份（{YEAR}年02月）早于“李协理”的聘用日期（{YEAR}-03-15）"
    )
    expect(page.get_by_label("月份")).to_have_value(f"{YEAR}-02")
    expect(page.get_by_label("实发工资（元）")).to_have_value("2500")
    expect(page.get_by_label("备注")).to_have_value("绩效未发")
    expect(page.locator("#id_assistant")).to_have_value(str(person.pk))
    screenshot("cadres-assistant-pay-error", full_page=True)
    assert not AssistantPayment.objects.filter(assistant=person).exists()

    page.get_by_label("月份").fill(f"{YEAR}-03")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("heading", name="李协理")).to_be_visible()
    payment = AssistantPayment.objects.get(assistant=person)
    assert payment.month == datetime.date(YEAR, 3, 1) and payment.salary == 2500

    page.get_by_role("link", name="协理员待遇核查").click()
    page.locator("#year").select_option(str(YEAR))
    heading = f"协理员待遇核查 · {world.a.county.name} {YEAR}年"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    march = page.locator(".card", has=page.get_by_text(f"{YEAR}年3月", exact=True))
    below = march.locator("tr", has_text="低于标准")
    expect(below).to_contain_text("李协理")
    expect(below).to_contain_text("实发2500.00元，标准3000.00元")
    expect(page.get_by_text("周协理")).to_have_count(0)  # county B's assistant
    screenshot("cadres-assistant-check", full_page=True)
