"""目标管理 pages: drafting, editing and signing letters (the city only), the PDF, the
published ranking and a county's score page with its drill-down."""

import datetime
import re
import shutil
import subprocess

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.targets.models import ContactPoint, LetterTemplate, TargetItem, TargetLetter
from apps.targets.scoring import ranking
from tests.conftest import make_county
from tests.unions.factories import EmployerFactory, grassroots_union

from .conftest import MID_YEAR, YEAR, letter

LIST = "/targets/letters/"
SCORING = "/targets/scoring/"


@pytest.fixture(autouse=True)
def in_2026(monkeypatch):
    """The pages take today for the default year and cap the as-of day at today."""
    today = datetime.date(2026, 12, 2)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)


def draft(world):
    return letter(
        world.a.county,
        [("new_unions", 2, 60), ("fund_unionized", 100, 40)],
        status=TargetLetter.Status.DRAFT,
    )


def item_data(letter_, **changes):
    """The edit form's POST: the header and every item as shown, with `changes` applied."""
    data = {
        "deposit_amount": "20000",
        "deposit_paid_on": "",
        "city_signatory": "",
        "county_signatory": "",
        "note": "",
    }
    items = list(letter_.items.order_by("position"))
    data.update(
        {
            "items-TOTAL_FORMS": str(len(items)),
            "items-INITIAL_FORMS": str(len(items)),
            "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000",
        }
    )
    for n, i in enumerate(items):
        data.update(
            {
                f"items-{n}-id": i.pk,
                f"items-{n}-letter": letter_.pk,
                f"items-{n}-indicator": i.indicator,
                f"items-{n}-target": str(i.target),
                f"items-{n}-weight": str(i.weight),
                f"items-{n}-rule": i.rule,
            }
        )
    data.update(changes)
    return data


def test_anonymous_is_sent_to_login(client, world):
    assert client.get(LIST)["Location"].startswith("/accounts/login/")


def test_city_drafts_every_countys_letter_from_the_template(client, world):
    client.force_login(world.admin)
    page = client.get(LIST, {"year": YEAR}).content.decode()
    assert "按模板起草各县市区目标责任书（2份）" in page
    response = client.post("/targets/letters/draft/", {"year": YEAR})
    assert response.status_code == 302
    assert TargetLetter.objects.filter(year=YEAR, status="draft").count() == 2
    assert LetterTemplate.objects.get(year=YEAR).items.count() == 9
    page = client.get(LIST, {"year": YEAR}).content.decode()
    assert "沙市区总工会" in page and "荆州区总工会" in page and "按模板起草" not in page


def test_county_cannot_draft_edit_or_sign(client, world):
    own = draft(world)
    client.force_login(world.clerk_a)
    assert client.post("/targets/letters/draft/", {"year": YEAR}).status_code == 403
    assert TargetLetter.objects.count() == 1
    edit = f"/targets/letters/{own.pk}/edit/"
    assert client.get(edit)["Location"] == f"/targets/letters/{own.pk}/"
    assert client.post(edit, item_data(own, **{"items-0-target": "9"})).status_code == 403
    sign = {"city_signatory": "王", "county_signatory": "李", "signed_on": "2026-02-20"}
    assert client.post(f"/targets/letters/{own.pk}/sign/", sign).status_code == 403
    own.refresh_from_db()
    assert own.status == "draft" and own.items.get(indicator="new_unions").target == 2
    assert client.get(f"/targets/templates/{YEAR}/").status_code == 403


def test_county_sees_only_its_own_letters(client, world, signed):
    client.force_login(world.clerk_a)
    page = client.get(LIST, {"year": YEAR}).content.decode()
    assert "沙市区总工会" in page and "荆州区" not in page and "按模板起草" not in page
    detail = client.get(f"/targets/letters/{signed[0].pk}/").content.decode()
    assert (
        "新建基层工会" in detail and "修改目标和权重" not in detail and "签订</button" not in detail
    )
    assert client.get(f"/targets/letters/{signed[1].pk}/").status_code == 404


def test_city_edits_targets_inline(client, world):
    own = draft(world)
    client.force_login(world.admin)
    data = item_data(
        own,
        **{
            "items-0-target": "5",
            "items-1-rule": "penalty",
            "items-1-param_1": "50",
            "note": "开发任务较重",
        },
    )
    response = client.post(f"/targets/letters/{own.pk}/edit/", data)
    assert response.status_code == 302
    first, second = own.items.order_by("position")
    assert first.target == 5 and second.rule == "penalty" and second.params == {"floor": "50"}
    own.refresh_from_db()
    assert own.note == "开发任务较重"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"items-1-target": "120"}, "比例类指标的目标值不能超过100%"),
        ({"items-1-indicator": "new_unions"}, "同一指标只能列一次"),
        ({"items-0-param_2": "3"}, "没有参数二"),
        ({"items-0-weight": "-1"}, "确保该值大于或等于0"),
    ],
)
def test_bad_items_are_refused_at_the_field_and_nothing_is_written(client, world, changes, message):
    own = draft(world)
    client.force_login(world.admin)
    data = item_data(own, note="不应保存", **changes)
    response = client.post(f"/targets/letters/{own.pk}/edit/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and 'value="不应保存"' in page  # what was typed is kept
    own.refresh_from_db()
    assert own.note == "" and [i.target for i in own.items.order_by("position")] == [2, 100]


def test_signing_fixes_the_items(client, world):
    own = draft(world)
    client.force_login(world.admin)
    missing = client.post(f"/targets/letters/{own.pk}/sign/", {"signed_on": "2026-02-20"})
    assert missing.status_code == 400 and "这个字段是必填项" in missing.content.decode()
    future = {"city_signatory": "王", "county_signatory": "李", "signed_on": "2026-12-20"}
    assert (
        "不能晚于今天" in client.post(f"/targets/letters/{own.pk}/sign/", future).content.decode()
    )
    sign = {
        "city_signatory": "王主席",
        "county_signatory": "李主席",
        "signed_on": "2026-02-20",
        "deposit_paid_on": "2026-02-25",
    }
    assert client.post(f"/targets/letters/{own.pk}/sign/", sign).status_code == 302
    own.refresh_from_db()
    assert (own.status, own.county_signatory, own.deposit_paid_on) == (
        "signed",
        "李主席",
        datetime.date(2026, 2, 25),
    )
    edit = f"/targets/letters/{own.pk}/edit/"
    assert client.get(edit)["Location"] == f"/targets/letters/{own.pk}/"
    client.post(edit, item_data(own, **{"items-0-target": "9"}))
    assert own.items.get(indicator="new_unions").target == 2
    page = client.get(f"/targets/letters/{own.pk}/").content.decode()
    assert "指标不能再修改" in page and "修改目标和权重" not in page


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_letter_pdf_has_the_formal_parts_in_chinese(client, world, signed, tmp_path):
    client.force_login(world.clerk_a)
    response = client.get(f"/targets/letters/{signed[0].pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    parts = [
        "《2026年度工会组织建设目标责任书》",
        "甲方：荆州市总工会",
        "乙方：沙市区总工会",
        "新建基层工会",
        "已缴筹备金单位建会率",
        "风险抵押金人民币20,000元",
        "负责人（签字）",
        "签订日期：2026年2月20日",
    ]
    for part in parts:
        assert part in text, part


def test_published_ranking_for_a_county_links_only_its_own_rows(client, world, signed):
    grassroots_union(
        EmployerFactory(name="荆州区新厂", owner=world.b.township),
        founded_on=datetime.date(2026, 3, 1),
    )
    client.force_login(world.clerk_a)
    page = client.get(SCORING, {"year": YEAR, "as_of": "2026-06-30"}).content.decode()
    ranks = re.findall(r'data-county="([^"]+)">\s*<td[^>]*>(\d+)</td>', page)
    assert ranks == [("荆州区总工会", "1"), ("沙市区总工会", "2")]
    assert f"/targets/letters/{signed[0].pk}/score/" in page
    assert f"/targets/letters/{signed[1].pk}/score/" not in page
    assert f"within={world.b.county.pk}" not in page and f"within={world.a.county.pk}" in page
    # Even typed in, B's drill-down shows A's clerk none of B's rows: the ledgers are scoped.
    b_link = ranking(YEAR, MID_YEAR).of(world.b.county).items[0].link
    assert "荆州区新厂" not in client.get(b_link).content.decode()
    client.force_login(world.clerk_b)
    assert "荆州区新厂" in client.get(b_link).content.decode()


def test_scoring_page_colours_items_behind_the_year(client, world, signed):
    client.force_login(world.admin)
    page = client.get(SCORING, {"year": YEAR, "as_of": "2026-06-30"}).content.decode()
    assert '全年时间进度 <strong id="elapsed">49.6%</strong>' in page
    assert page.count("table-danger") == 4 and "table-success" not in page


def test_county_score_page_drills_down_and_names_the_contact(client, world, signed):
    ContactPoint.objects.create(
        year=YEAR, county=world.a.county, name="王建国", title="组织部部长", area=1
    )
    ContactPoint.objects.create(year=YEAR, county=world.b.county, name="李红梅")
    grassroots_union(
        EmployerFactory(name="沙市区新厂", owner=world.a.township),
        founded_on=datetime.date(2026, 3, 1),
    )
    client.force_login(world.clerk_a)
    page = client.get(f"/targets/letters/{signed[0].pk}/score/", {"as_of": "2026-06-30"})
    html = page.content.decode()
    assert "王建国（组织部部长） · 责任区：组建工会和发展会员" in html and "李红梅" not in html
    assert 'id="rank">1</strong>' in html and 'id="total">30.00</strong>' in html
    link = re.search(r'<a href="([^"]+)" title="查看计入的台帐明细">1个</a>', html).group(1)
    assert "沙市区新厂" in client.get(link.replace("&amp;", "&")).content.decode()


def test_scoring_page_queries_do_not_grow_with_counties(client, world, signed):
    client.force_login(world.admin)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SCORING, {"year": YEAR}).status_code == 200
        return len(captured.captured_queries)

    before = queries()
    for n, (name, region) in enumerate([("公安县", "421022"), ("江陵县", "421024")]):
        county = make_county(world.city, name, region, f"{name}第{n}街道工会").county
        letter(county, [("new_unions", 2, 60), ("fund_unionized", 100, 40)])
    assert queries() == before


def test_city_edits_the_template(client, world):
    client.force_login(world.admin)
    page = client.get(f"/targets/templates/{YEAR}/")
    assert page.status_code == 200 and "树千家示范工会验收" in page.content.decode()
    template = LetterTemplate.objects.get(year=YEAR)
    items = list(template.items.order_by("position"))
    data = {
        "deposit_amount": "30000",
        "note": "",
        "items-TOTAL_FORMS": str(len(items)),
        "items-INITIAL_FORMS": str(len(items)),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for n, i in enumerate(items):
        data.update(
            {
                f"items-{n}-id": i.pk,
                f"items-{n}-template": template.pk,
                f"items-{n}-indicator": i.indicator,
                f"items-{n}-target": str(i.target),
                f"items-{n}-weight": str(i.weight),
                f"items-{n}-rule": i.rule,
            }
        )
    data["items-0-target"] = "25"
    data["items-8-DELETE"] = "on"
    assert client.post(f"/targets/templates/{YEAR}/", data).status_code == 302
    template.refresh_from_db()
    assert template.deposit_amount == 30000 and template.items.count() == 8
    client.post("/targets/letters/draft/", {"year": YEAR})
    made = TargetItem.objects.filter(letter__county=world.a.county, indicator="new_unions").get()
    assert made.target == 25 and made.letter.deposit_amount == 30000


def test_city_admin_assigns_contact_points_in_the_admin(client, world):
    world.admin.is_staff = True
    world.admin.save()
    client.force_login(world.admin)
    page = client.get("/admin/targets/contactpoint/add/").content.decode()
    assert "沙市区总工会" in page and world.a.township.name not in page  # counties only
    response = client.post(
        "/admin/targets/contactpoint/add/",
        {
            "year": YEAR,
            "county": world.a.county.pk,
            "area": "",
            "name": "王建国",
            "title": "组织部部长",
            "phone": "",
        },
    )
    assert response.status_code == 302
    assert ContactPoint.objects.get().county == world.a.county
