"""工会协理员: the ledger, monthly pay (never before hiring), the pay-sheet import (all or
nothing) and the county page of who was paid below standard, uninsured or not at all."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from apps.cadres.importers.assistants import (
    AssistantImporter,
    AssistantPaymentImporter,
    parse_month,
)
from apps.cadres.models import Assistant, AssistantPayment
from apps.cadres.rules import STANDARD_SALARY, monthly_findings
from apps.core.validators import make_id_number
from apps.unions.models import YearlyParameter
from tests.unions.files import xlsx

THIS_YEAR = timezone.localdate().year
YEAR = THIS_YEAR - 1  # a whole year, whatever today's month
HEADER = ["序号", "姓名", "身份证号", "月份", "实发工资（元）", "当月缴纳社保"]


def assistant(union, seq, *, name="李协理", hired_on=datetime.date(2024, 1, 1), **kwargs):
    region = "421003" if "荆州区" in str(union) or "西城" in str(union) else "421002"
    return Assistant.objects.create(
        name=name,
        id_number=make_id_number(seq, region=region),
        post=union,
        hired_on=hired_on,
        route=Assistant.Route.PUBLIC_RECRUITMENT,
        **kwargs,
    )


def pay(person, month, salary=3000, *, insured=True):
    return AssistantPayment.objects.create(
        assistant=person, month=datetime.date(YEAR, month, 1), salary=salary, insured=insured
    )


def pay_whole_year(person, salary=3000):
    for month in range(1, 13):
        pay(person, month, salary)


# ------------------------------------------------------------------ rules


def test_month_is_read_as_people_write_it():
    for text in ("2026-03", "2026/3", "2026.3", "2026年3月", "202603", "2026-03-15"):
        assert parse_month(text) == datetime.date(2026, 3, 1), text
    with pytest.raises(ValueError, match="月份应在1到12之间"):
        parse_month("2026-13")


def test_findings_name_below_standard_uninsured_and_unpaid_months(world):
    fine = assistant(world.a.township, 1, name="达标者")
    low = assistant(world.a.township, 2, name="低薪者")
    bare = assistant(world.a.township, 3, name="未参保者")
    gap = assistant(world.a.township, 4, name="漏发者")
    late = assistant(world.a.township, 5, name="新聘者", hired_on=datetime.date(YEAR, 7, 10))
    pay_whole_year(fine)
    pay_whole_year(low)
    AssistantPayment.objects.filter(assistant=low, month__month=3).update(salary=2800)
    pay_whole_year(bare)
    AssistantPayment.objects.filter(assistant=bare, month__month=5).update(insured=False)
    pay_whole_year(gap)
    AssistantPayment.objects.filter(assistant=gap, month__month=9).delete()
    for month in range(7, 13):  # paid from the month of hiring on: nothing missing
        pay(late, month)
    months = [datetime.date(YEAR, m, 1) for m in range(1, 13)]
    found = monthly_findings(
        list(Assistant.objects.all()), list(AssistantPayment.objects.all()), months, Decimal(3000)
    )
    by_month = {f.month.month: f for f in found}
    assert [(a.name, s) for a, s in by_month[3].below] == [("低薪者", Decimal("2800.00"))]
    assert [a.name for a in by_month[5].uninsured] == ["未参保者"]
    assert [a.name for a in by_month[9].missing] == ["漏发者"]
    assert sum(f.count for f in found) == 3  # 达标者 and 新聘者 (before July) are not named
    # The current month's pay may not be out yet: not missing, still checked when recorded.
    december = monthly_findings([gap, low], [], months[-1:], Decimal(3000), current=months[-1])
    assert december[0].count == 0


def test_payment_before_hiring_is_refused_at_the_field(client_a, world):
    person = assistant(world.a.township, 1, hired_on=datetime.date(2025, 4, 15))
    response = client_a.post(
        "/cadres/assistant-payments/add/",
        {
            "assistant": person.pk,
            "month": "2025-03",
            "salary": "3000",
            "insured": "on",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "月份（2025年03月）早于" in page and "的聘用日期（2025-04-15）" in page
    assert 'value="2025-03"' in page  # what was typed stays
    assert not AssistantPayment.objects.exists()
    # The month of hiring itself is fine.
    response = client_a.post(
        "/cadres/assistant-payments/add/",
        {
            "assistant": person.pk,
            "month": "2025-04",
            "salary": "3000",
            "insured": "on",
        },
    )
    assert response.status_code == 302
    payment = AssistantPayment.objects.get()
    assert (payment.month, payment.salary) == (datetime.date(2025, 4, 1), Decimal("3000"))
    assert payment.history.get().history_user == world.clerk_a


def test_second_payment_for_the_same_month_is_refused(client_a, world):
    person = assistant(world.a.township, 1)
    pay(person, 3)
    response = client_a.post(
        "/cadres/assistant-payments/add/",
        {
            "assistant": person.pk,
            "month": f"{YEAR}-03",
            "salary": "3100",
        },
    )
    assert "该协理员这个月的工资已经登记" in response.content.decode()
    assert AssistantPayment.objects.count() == 1


def test_bad_id_number_and_duplicate_assistant_are_explained(client_a, world):
    existing = assistant(world.a.township, 1)
    data = {
        "name": "王五",
        "post": world.a.township.pk,
        "hired_on": "2024-01-01",
        "route": "social_worker",
        "insurance": "insured",
    }
    page = client_a.post("/cadres/assistants/add/", {**data, "id_number": "42100219850101001"})
    assert "身份证号应为18位，当前为17位" in page.content.decode()
    page = client_a.post("/cadres/assistants/add/", {**data, "id_number": existing.id_number})
    assert "该身份证号已登记为工会协理员" in page.content.decode()
    assert Assistant.objects.count() == 1
    response = client_a.post(
        "/cadres/assistants/add/",
        {**data, "id_number": make_id_number(2), "mobile": "139 0000 1111"},
    )
    assert response.status_code == 302
    assert Assistant.objects.get(name="王五").mobile == "13900001111"


def test_list_masks_id_numbers_and_mobiles(client_a, world):
    person = assistant(world.a.township, 1, mobile="13912345678")
    page = client_a.get("/cadres/assistants/?columns=name&columns=id_number&columns=mobile")
    page = page.content.decode()
    assert person.name in page and person.id_number not in page
    assert f"{person.id_number[:4]}**********{person.id_number[-4:]}" in page
    assert "139****5678" in page


def test_clerk_cannot_post_to_other_countys_union(client_a, world):
    response = client_a.post(
        "/cadres/assistants/add/",
        {
            "name": "越权",
            "id_number": make_id_number(3),
            "post": world.b.township.pk,
            "hired_on": "2024-01-01",
            "route": "social_worker",
            "insurance": "insured",
        },
    )
    assert response.status_code == 200
    assert not Assistant.objects.filter(name="越权").exists()


# ------------------------------------------------------------------ pay-sheet import


def sheet_rows(people, months=(1, 2, 3), salary=3000):
    pairs = [(p, m) for p in people for m in months]
    return [
        [i, p.name, p.id_number, f"{YEAR}年{m}月", salary, "是"]
        for i, (p, m) in enumerate(pairs, start=1)
    ]


def test_pay_sheet_import_writes_every_month_and_reimport_changes_nothing(world):
    people = [assistant(world.a.township, 1, name="甲"), assistant(world.a.joint, 2, name="乙")]
    file = lambda: xlsx([HEADER, *sheet_rows(people)], title="沙市区协理员工资发放表")  # noqa: E731
    result = AssistantPaymentImporter(world.clerk_a).run(file(), "工资表.xlsx", commit=True)
    assert (result.errors, result.created, result.committed) == ([], 6, True)
    assert AssistantPayment.objects.filter(assistant=people[0]).count() == 3
    again = AssistantPaymentImporter(world.clerk_a).run(file(), "工资表.xlsx", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 6)
    # A corrected amount replaces the month's row.
    rows = sheet_rows(people[:1], months=(2,), salary=3200)
    fixed = AssistantPaymentImporter(world.clerk_a).run(
        xlsx([HEADER, *rows]), "更正.xlsx", commit=True
    )
    assert (fixed.created, fixed.updated) == (0, 1)
    assert AssistantPayment.objects.get(assistant=people[0], month__month=2).salary == 3200


def test_pay_sheet_with_bad_rows_lists_every_error_and_writes_nothing(world):
    hired_late = assistant(world.a.township, 1, name="晚聘", hired_on=datetime.date(YEAR, 3, 1))
    good = assistant(world.a.township, 2, name="正常")
    other = assistant(world.b.township, 3, name="荆州区协理员")
    rows = [
        [1, "正常", good.id_number, f"{YEAR}-01", 3000, "是"],
        [2, "晚聘", hired_late.id_number, f"{YEAR}-02", 3000, "是"],  # before hiring
        [3, "荆州区协理员", other.id_number, f"{YEAR}-01", 3000, "是"],  # other county
        [4, "张冠李戴", good.id_number, f"{YEAR}-02", 3000, "是"],  # name differs
        [5, "无此人", make_id_number(9), f"{YEAR}-01", 3000, "是"],  # not in the ledger
        [6, "正常", good.id_number, f"{YEAR}-01", 3100, "否"],  # same month twice
        [7, "正常", good.id_number, f"{YEAR}-13", "三千", "也许"],  # unreadable cells
    ]
    result = AssistantPaymentImporter(world.clerk_a).run(
        xlsx([HEADER, *rows]), "工资表.xlsx", commit=True
    )
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[3, "月份"] == "月份（2025年02月）早于“晚聘”的聘用日期（2025-03-01）"
    assert messages[4, "身份证号"] == "该人员已在其他工会组织登记，不在您的管辖范围内。"
    assert "不一致" in messages[5, "姓名"] and "正常" in messages[5, "姓名"]
    assert "请先登记协理员" in messages[6, "身份证号"]
    assert messages[7, "月份"] == "与第2行是同一人同一月份"
    assert messages[8, "月份"] == "月份应在1到12之间"
    assert messages[8, "实发工资（元）"] == "应为金额数字"
    assert "是" in messages[8, "当月缴纳社保"]
    assert not result.committed and not AssistantPayment.objects.exists()


def test_pay_sheet_upload_in_the_browser_and_export_masks_for_readers(client, world):
    person = assistant(world.a.township, 1)
    client.force_login(world.clerk_a)
    file = xlsx([HEADER, *sheet_rows([person])])
    file.name = "工资表.xlsx"
    record_url = client.post("/cadres/assistant-payments/import/", {"file": file}).url
    assert "校验通过" in client.get(record_url).content.decode()
    done = client.post(f"{record_url}commit/", follow=True).content.decode()
    assert "已导入" in done
    assert AssistantPayment.objects.filter(assistant=person).count() == 3
    client.force_login(world.reader_a)
    pay(person, 4)
    export = client.get("/cadres/assistant-payments/export/")
    content = b"".join(export.streaming_content)
    assert export.status_code == 200 and person.id_number.encode() not in content


# ------------------------------------------------------------------ 协理员待遇核查


def test_county_page_names_the_months_and_people(client_a, world):
    YearlyParameter.objects.create(key=STANDARD_SALARY, year=YEAR, value=3200)
    person = assistant(world.a.township, 1, name="低薪者")
    pay_whole_year(person, salary=3200)
    AssistantPayment.objects.filter(assistant=person, month__month=6).update(salary=3000)
    assistant(world.b.township, 2, name="荆州区协理员")
    page = client_a.get(f"/cadres/assistants/check/?year={YEAR}").content.decode()
    assert "3200.00元/月" in page
    assert f"{YEAR}年6月" in page and "低薪者" in page and "实发3000.00元，标准3200.00元" in page
    assert f"{YEAR}年5月" not in page
    assert "荆州区" not in page


def test_county_page_for_a_county_outside_the_scope_is_404(client_a, world):
    response = client_a.get(f"/cadres/assistants/check/?county={world.b.county.pk}")
    assert response.status_code == 404


def test_city_sees_one_line_per_county(client, world):
    pay(assistant(world.a.township, 1), 1, salary=100)
    assistant(world.b.township, 2, name="荆州区协理员")  # no payment at all
    client.force_login(world.admin)
    page = client.get(f"/cadres/assistants/check/?year={YEAR}").content.decode()
    assert "沙市区总工会" in page and "荆州区总工会" in page
    page_b = client.get(f"/cadres/assistants/check/?year={YEAR}&county={world.b.county.pk}")
    assert "无发放记录" in page_b.content.decode()


@pytest.mark.parametrize("who", ["clerk_a", "admin"])
def test_county_page_query_count_does_not_grow(client, world, who, django_assert_max_num_queries):
    client.force_login(getattr(world, who))
    for seq in range(3):
        pay(assistant(world.a.township, seq), 1, salary=100)
    url = f"/cadres/assistants/check/?year={YEAR}"
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for seq in range(3, 30):
        pay(assistant(world.a.joint if seq % 2 else world.a.township, seq), 2, insured=False)
    with django_assert_max_num_queries(len(few)):
        assert "未缴社保" in client.get(url).content.decode() or who == "admin"


def test_roster_import_resolves_posts_in_scope_and_reimport_changes_nothing(world):
    header = ["姓名", "身份证号", "手机号", "派驻工会", "聘用日期", "招聘渠道", "社保状态"]
    rows = [
        ["甲", make_id_number(11), "139-0000-1111", "中山街道工会", "2024.3.1", "公招", "是"],
        ["乙", make_id_number(12), "", world.a.joint.name, "2024年5月6日", "社工岗位", ""],
    ]
    first = AssistantImporter(world.clerk_a).run(xlsx([header, *rows]), "协理员.xlsx", commit=True)
    assert (first.errors, first.created) == ([], 2)
    person = Assistant.objects.get(name="甲")
    assert (person.post, person.mobile, person.route) == (
        world.a.township,
        "13900001111",
        Assistant.Route.PUBLIC_RECRUITMENT,
    )
    assert Assistant.objects.get(name="乙").insurance == Assistant.Insurance.INSURED
    again = AssistantImporter(world.clerk_a).run(xlsx([header, *rows]), "协理员.xlsx", commit=True)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    bad = [["丙", make_id_number(13), "", "西城街道工会", "2024-01-01", "社工岗位", "已参保"]]
    result = AssistantImporter(world.clerk_a).run(xlsx([header, *bad]), "协理员.xlsx", commit=True)
    assert [e.message.split("；")[0] for e in result.errors] == [
        "“西城街道工会”不存在或不在您的管辖范围内"
    ]
    assert not Assistant.objects.filter(name="丙").exists()
