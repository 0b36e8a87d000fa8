"""Grassroots unions, coverage, follow-ups and payments through HTTP."""

import datetime

from django.utils import timezone

from apps.core.validators import make_uscc
from apps.unions.models import Coverage, FollowUp, FundPayment, Union

from .factories import EmployerFactory


def union_data(world, **overrides):
    data = {
        "name": "新建工会委员会",
        "level": "grassroots",
        "parent": world.a.township.pk,
        "uscc": make_uscc(31337, prefix="81421002"),
        "employer": world.a.unorganized.pk,
        "founded_on": "2026-03-01",
        "phone": "0716-8123456",
        "has_sign": "on",
    }
    data.update(overrides)
    return data


def test_clerk_founds_a_union_for_an_employer_without_one(client_a, world):
    response = client_a.post("/unions/unions/add/", union_data(world))
    union = Union.objects.get(name="新建工会委员会")
    assert response.url == union.get_absolute_url()
    assert union.path.startswith(world.a.township.path) and union.has_sign
    assert world.a.unorganized.organizing_status() == "own"
    page = client_a.get(union.get_absolute_url()).content.decode()
    assert "中山街道工会" in page and "变更记录" in page


def test_union_form_explains_wrong_parent_and_missing_employer(client_a, world):
    data = union_data(world, parent=world.a.union.pk, employer="", uscc="91421002MA4F00000X")
    page = client_a.post("/unions/unions/add/", data).content.decode()
    assert "选择一个有效的选项" in page  # a grassroots union cannot be a parent
    assert "单独建会的基层工会须选择所在单位" in page
    assert 'value="新建工会委员会"' in page
    assert not Union.objects.filter(name="新建工会委员会").exists()


def test_autocomplete_narrows_to_the_levels_a_field_accepts(client_a, world):
    results = client_a.get("/unions/unions/autocomplete/?level=joint&q=工会").json()["results"]
    assert [r["text"] for r in results] == [world.a.joint.name]
    form = client_a.get("/unions/coverages/add/").content.decode()
    assert "/unions/unions/autocomplete/?level=joint" in form


def test_coverage_by_a_joint_union_makes_the_employer_covered(client_a, world):
    employer = EmployerFactory(owner=world.a.township)
    response = client_a.post(
        "/unions/coverages/add/",
        {"union": world.a.joint.pk, "employer": employer.pk, "start_on": "2026-04-01"},
    )
    assert response.url == employer.get_absolute_url()
    assert employer.organizing_status() == "covered"
    assert employer.organizing_status(on=datetime.date(2026, 3, 31)) == "none"


def test_an_employer_cannot_be_covered_twice_at_once(client_a, world):
    page = client_a.post(
        "/unions/coverages/add/",
        {"union": world.a.joint.pk, "employer": world.a.covered.pk, "start_on": "2026-04-01"},
    )
    assert "该单位已被其他联合工会涵盖" in page.content.decode()
    assert Coverage.objects.filter(employer=world.a.covered).count() == 1


def test_follow_up_is_logged_from_the_employer_page(client_a, world):
    employer = world.a.unorganized
    page = client_a.get(f"/unions/follow-ups/add/?employer={employer.pk}").content.decode()
    assert employer.name in page  # the employer is preselected
    client_a.post(
        "/unions/follow-ups/add/",
        {
            "employer": employer.pk,
            "on": timezone.localdate().isoformat(),
            "action": "约谈负责人",
            "person": "李干事",
            "next_step": "筹备建会",
            "next_on": "2030-12-01",
        },
    )
    assert FollowUp.objects.filter(employer=employer, action="约谈负责人").exists()
    ledger = client_a.get("/unions/employers/unorganized/").content.decode()
    assert "2030年12月1日" in ledger


def test_fund_payment_year_must_be_a_real_year(client_a, world):
    page = client_a.post(
        "/unions/fund-payments/add/", {"employer": world.a.employer.pk, "year": 26, "amount": "100"}
    ).content.decode()
    assert "年度应为四位年份" in page
    assert not FundPayment.objects.filter(employer=world.a.employer).exists()


def test_oversized_import_file_is_refused_before_reading(client_a, world, settings):
    import io

    settings.IMPORT_MAX_FILE_SIZE = 10
    big = io.BytesIO(b"x" * 100)
    big.name = "大文件.csv"
    response = client_a.post("/unions/employers/import/", {"file": big}, follow=True)
    assert "超过0MB" in response.content.decode() or "请分成几个文件导入" in (
        response.content.decode()
    )
