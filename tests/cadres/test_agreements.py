"""工会主席协议管理: the pilot kind follows from the union, the agreement file is kept in
Django's storage and given only within scope, and each county's progress against its quotas."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from python_calamine import CalamineWorkbook

from apps.cadres.models import ChairAgreement
from apps.cadres.rules import QUOTA_NON_PUBLIC, QUOTA_REGIONAL
from apps.unions.models import Nature, YearlyParameter
from tests.unions.factories import EmployerFactory, grassroots_union

YEAR = timezone.localdate().year


def form_data(union, **overrides):
    data = {
        "union": union.pk,
        "kind": "",
        "upper_party": "中山街道工会",
        "chair_name": "刘主席",
        "employer_party": "沙市区机械有限公司",
        "status": "signed",
        "signed_on": f"{YEAR}-03-01",
        "term_start": f"{YEAR}-03-01",
        "term_end": f"{YEAR + 3}-02-28",
    }
    data.update(overrides)
    return data


def pilot(union, kind, *, status="signed", signed_on=datetime.date(YEAR, 3, 1), **kwargs):
    return ChairAgreement.objects.create(
        union=union,
        kind=kind,
        upper_party="上级工会",
        employer_party="企业方",
        chair_name="刘主席",
        status=status,
        signed_on=signed_on,
        **kwargs,
    )


# ------------------------------------------------------------------ the kind of pilot


def test_kind_is_derived_from_the_union(client_a, world):
    assert client_a.post("/cadres/agreements/add/", form_data(world.a.union)).status_code == 302
    assert client_a.post("/cadres/agreements/add/", form_data(world.a.joint)).status_code == 302
    kinds = dict(ChairAgreement.objects.values_list("union", "kind"))
    assert kinds == {world.a.union.pk: "non_public", world.a.joint.pk: "regional"}


def test_union_of_a_state_enterprise_is_refused(client_a, world):
    state = EmployerFactory(name="沙市区国有公司", owner=world.a.township, nature=Nature.STATE)
    union = grassroots_union(state)
    page = client_a.post("/cadres/agreements/add/", form_data(union)).content.decode()
    assert "单位性质为国有，不是非公企业" in page
    assert "刘主席" in page  # what was typed stays
    assert not ChairAgreement.objects.exists()


def test_chosen_kind_contradicting_the_union_is_refused(client_a, world):
    data = form_data(world.a.joint, kind="non_public")
    page = client_a.post("/cadres/agreements/add/", data).content.decode()
    assert "应为“区域性、行业性工会”试点，与所选类别不符" in page
    assert not ChairAgreement.objects.exists()


def test_union_without_employer_needs_the_kind_chosen(client_a, world):
    world.a.union.employer = None
    world.a.union.save()
    page = client_a.post("/cadres/agreements/add/", form_data(world.a.union)).content.decode()
    assert "无法从工会判断试点类别" in page
    data = form_data(world.a.union, kind="non_public")
    assert client_a.post("/cadres/agreements/add/", data).status_code == 302


def test_signed_agreement_needs_its_date_and_a_term_that_ends_after_it_starts(client_a, world):
    data = form_data(world.a.union, signed_on="", term_end=f"{YEAR - 1}-01-01")
    page = client_a.post("/cadres/agreements/add/", data).content.decode()
    assert "已签订的协议须填写签订日期" in page
    assert "协议期限止应晚于协议期限起" in page
    assert not ChairAgreement.objects.exists()


# ------------------------------------------------------------------ the agreement file


def test_file_is_stored_and_given_only_within_scope(client, world):
    client.force_login(world.clerk_a)
    upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 agreement", content_type="application/pdf")
    response = client.post("/cadres/agreements/add/", {**form_data(world.a.union), "file": upload})
    assert response.status_code == 302
    agreement = ChairAgreement.objects.get()
    assert agreement.file.name.startswith("agreements/")
    page = client.get(agreement.get_absolute_url()).content.decode()
    assert "下载协议文本" in page
    download = client.get(f"/cadres/agreements/{agreement.pk}/file/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 agreement"
    assert "attachment" in download["Content-Disposition"]
    client.force_login(world.clerk_b)
    assert client.get(f"/cadres/agreements/{agreement.pk}/file/").status_code == 404


def test_a_file_of_another_type_is_refused(client_a, world):
    upload = SimpleUploadedFile("协议.exe", b"MZ", content_type="application/octet-stream")
    page = client_a.post("/cadres/agreements/add/", {**form_data(world.a.union), "file": upload})
    assert "只能上传PDF、Word 或图片文件（按文件内容判断），“协议.exe”不是" in page.content.decode()
    assert not ChairAgreement.objects.exists()


# ------------------------------------------------------------------ progress against quotas


def test_progress_counts_signed_pilots_of_the_year_against_each_quota(client, world):
    YearlyParameter.objects.create(key=QUOTA_NON_PUBLIC, year=YEAR, value=1)
    YearlyParameter.objects.create(key=QUOTA_REGIONAL, year=YEAR, county=world.b.county, value=2)
    pilot(world.a.union, "non_public")
    pilot(world.a.joint, "regional")
    pilot(world.a.joint, "regional", signed_on=datetime.date(YEAR - 1, 5, 1))  # last year
    pilot(world.b.joint, "regional")
    pilot(world.b.union, "non_public", status="preparing", signed_on=None)
    client.force_login(world.admin)
    response = client.get(f"/cadres/agreements/progress/?year={YEAR}")
    rows = {r["county"].name: r for r in response.context["rows"]}
    a, b = rows["沙市区总工会"], rows["荆州区总工会"]
    assert [(k["quota"], k["signed"], k["preparing"]) for k in a["kinds"]] == [(1, 1, 0), (1, 1, 0)]
    assert a["met"] is True
    assert [(k["quota"], k["signed"], k["preparing"]) for k in b["kinds"]] == [(1, 0, 1), (2, 1, 0)]
    assert b["met"] is False
    page = response.content.decode()
    assert "已完成" in page and "未完成" in page


def test_county_clerk_sees_only_own_county(client_a, world):
    pilot(world.b.joint, "regional")
    page = client_a.get("/cadres/agreements/progress/").content.decode()
    assert "沙市区总工会" in page and "荆州区" not in page
    assert (
        client_a.get(f"/cadres/agreements/progress/?county={world.b.county.pk}").status_code == 404
    )


def test_progress_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.admin)
    pilot(world.a.union, "non_public")
    with django_assert_max_num_queries(12) as few:
        client.get("/cadres/agreements/progress/")
    for _ in range(10):
        pilot(world.b.joint, "regional")
        pilot(world.a.union, "non_public", status="preparing", signed_on=None)
    with django_assert_max_num_queries(len(few)):
        client.get("/cadres/agreements/progress/")


@pytest.mark.parametrize("who", ["clerk_a", "reader_a"])
def test_export_lists_the_pilots_of_the_scope(client, world, who):
    pilot(world.a.union, "non_public")
    pilot(world.b.union, "non_public")
    client.force_login(getattr(world, who))
    response = client.get("/cadres/agreements/export/")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["试点工会", "试点类别", "甲方（上级工会）"]
    assert [r[0] for r in rows[1:]] == [world.a.union.name]
    assert rows[1][1] == "非公企业" and rows[1][9] == "未上传"
