"""定期通报: numbering, the archived snapshot, PDF and workbook, who publishes and who reads."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from apps.targets import services as bulletins
from apps.targets.models import Bulletin, ContactPoint
from tests.unions.factories import EmployerFactory, grassroots_union

from .conftest import YEAR

TODAY = datetime.date(2026, 11, 2)


def found(county, name, on):
    return grassroots_union(EmployerFactory(name=name, owner=county.township), founded_on=on)


@pytest.fixture
def contact(world):
    return ContactPoint.objects.create(
        year=YEAR, county=world.a.county, name="王联络", title="组织部副部长", phone="0716-8888001"
    )


def publish(world, period="month", n=6):
    return bulletins.publish(YEAR, period, n, actor=world.admin, today=TODAY)


def test_bulletins_are_numbered_in_sequence_per_year(world, signed):
    first, second = publish(world, "month", 5), publish(world, "quarter", 2)
    assert (str(first), str(second)) == ("2026年第1期", "2026年第2期")
    assert second.period_end == datetime.date(2026, 6, 30)
    assert second.period_label == "2026年第二季度"
    assert str(publish(world, "month", 9)) == "2026年第3期"


def test_a_period_is_published_once_and_only_once_it_has_ended(world, signed):
    publish(world, "month", 6)
    with pytest.raises(ValidationError, match="2026年6月的通报已经发布过"):
        publish(world, "month", 6)
    with pytest.raises(ValidationError, match="2026年11月尚未结束"):
        publish(world, "month", 11)
    assert Bulletin.objects.count() == 1


def test_nothing_to_publish_without_signed_letters(world):
    with pytest.raises(ValidationError, match="还没有已签订的目标责任书"):
        publish(world)


def test_the_bulletin_holds_ranking_areas_behind_and_contacts(world, signed, contact):
    found(world.a, "沙市区新厂", datetime.date(2026, 3, 1))
    grassroots_union(world.a.unorganized, founded_on=datetime.date(2026, 5, 1))
    data = publish(world).data
    assert data["elapsed"] == "49.6"
    assert data["areas"] == ["组建工会和发展会员", "双措并举，二次覆盖"]
    a, b = data["counties"]
    # A founded two unions (one the paid-fund employer): 60 + 40; B nothing.
    assert (a["name"], a["rank"], a["total"], a["areas"]) == (
        "沙市区总工会",
        1,
        "100",
        [["60", "60"], ["40", "40"]],
    )
    assert a["contact"] == "王联络（组织部副部长） 0716-8888001" and b["contact"] == ""
    assert a["behind"] == []
    assert [x["label"] for x in b["behind"]] == ["新建基层工会", "已缴筹备金单位建会率"]
    assert b["behind"][0] == {
        "label": "新建基层工会",
        "actual": "0",
        "unit": "个",
        "target": "2",
        "completion": "0",
    }
    assert "link" not in str(data) and "/unions/" not in str(data)  # no drill-down rows


def test_a_published_bulletin_never_changes(client, world, signed):
    bulletin = publish(world)
    pdf, xlsx = bytes(bulletin.pdf), bytes(bulletin.xlsx)
    found(world.b, "荆州区补录新厂", datetime.date(2026, 4, 1))  # a late entry dated in the period
    found(world.b, "荆州区补录新厂二", datetime.date(2026, 4, 2))
    bulletin = Bulletin.objects.get()
    assert (bytes(bulletin.pdf), bytes(bulletin.xlsx)) == (pdf, xlsx)
    assert [c["total"] for c in bulletin.data["counties"]] == ["0", "0"]
    client.force_login(world.clerk_b)
    page = client.get(bulletin.get_absolute_url()).content.decode()
    assert "60/100" not in page and "0/100" in page
    assert b"".join(client.get(reverse("targets:bulletin_pdf", args=[2026, 1]))) == pdf
    bulletin.data["counties"][0]["total"] = "99"
    with pytest.raises(ValidationError, match="已发布的通报不能修改"):
        bulletin.save()
    with pytest.raises(ValidationError, match="已发布的通报不能修改"):
        bulletin.delete()
    # The next bulletin reads the ledgers as they are now.
    later = publish(world, "month", 7)
    first = later.data["counties"][0]
    assert (first["name"], first["rank"], first["total"]) == ("荆州区总工会", 1, "60")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_pdf_text_is_chinese_and_extractable(world, signed, contact):
    bulletin = publish(world)
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=bytes(bulletin.pdf),
        capture_output=True,
        check=True,
    ).stdout.decode()
    for expected in (
        "目标责任制工作通报",
        "2026年第1期",
        "2026年6月目标责任制工作完成情况通报",
        "全年时间进度为49.6%",
        "各县市区得分及排名",
        "沙市区总工会",
        "王联络",
        "完成率低于时间进度的指标",
        "新建基层工会",
        "荆州市总工会组织部",
        "2026年11月2日",
    ):
        assert expected in text, expected


def test_the_workbook_reads_back(world, signed, contact):
    found(world.a, "沙市区新厂", datetime.date(2026, 3, 1))
    book = load_workbook(io.BytesIO(bytes(publish(world).xlsx)))
    assert book.sheetnames == ["排名", "滞后指标"]
    ranking = book["排名"]
    assert ranking["A1"].value == "2026年第1期 2026年6月目标责任制工作完成情况通报"
    assert [c.value for c in ranking[4]] == [
        "排名",
        "县市区",
        "组建工会和发展会员\n得分/满分",
        "双措并举，二次覆盖\n得分/满分",
        "总分",
        "联系人",
    ]
    assert [c.value for c in ranking[5]] == [
        "1",
        "沙市区总工会",
        "30/60",
        "0/40",
        "30/100",
        "王联络（组织部副部长） 0716-8888001",
    ]
    assert [c.value for c in ranking[6]][:5] == ["2", "荆州区总工会", "0/60", "0/40", "0/100"]
    behind = [[c.value for c in row] for row in book["滞后指标"].iter_rows(min_row=5, max_row=8)]
    assert ["荆州区总工会", "新建基层工会", "0个", "2个", "0%"] in behind
    assert ["沙市区总工会", "已缴筹备金单位建会率", "0%", "100%", "0%"] in behind


def test_the_city_publishes_in_the_browser(client, world, signed):
    client.force_login(world.admin)
    url = reverse("targets:bulletin_publish")
    response = client.post(url, {"year": YEAR, "period": "quarter", "period_number": 5})
    assert response.status_code == 400 and "季度应为1–4" in response.content.decode()
    response = client.post(url, {"year": YEAR, "period": "quarter", "period_number": 2})
    assert response.status_code == 302
    assert response.url == reverse("targets:bulletin_detail", args=[2026, 1])
    response = client.post(url, {"year": YEAR, "period": "quarter", "period_number": 2})
    assert "2026年第二季度的通报已经发布过" in response.content.decode()
    assert Bulletin.objects.count() == 1


def test_every_role_reads_the_bulletins_and_only_the_city_publishes(client, world, signed):
    bulletin = publish(world)
    for user in (world.clerk_a, world.reader_a):
        client.force_login(user)
        page = client.get(reverse("targets:bulletin_list")).content.decode()
        assert "2026年第1期" in page and "publish-form" not in page
        detail = client.get(bulletin.get_absolute_url()).content.decode()
        assert "荆州区总工会" in detail  # the published ranking names every county
        assert "founded_after=" not in detail and "within=" not in detail  # but no drill-down
        response = client.get(reverse("targets:bulletin_xlsx", args=[2026, 1]))
        assert response.status_code == 200
        assert "2026%E5%B9%B4%E7%AC%AC1%E6%9C%9F" in response["Content-Disposition"]
        post = {"year": YEAR, "period": "month", "period_number": 7}
        assert client.post(reverse("targets:bulletin_publish"), post).status_code == 403
    assert Bulletin.objects.count() == 1
    assert client.get(reverse("targets:bulletin_detail", args=[2026, 9])).status_code == 404
