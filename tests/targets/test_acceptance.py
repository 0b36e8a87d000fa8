"""专项考核验收: the city records checks with attachments; counties see their own only."""

import datetime
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.targets.models import AcceptanceAttachment, AcceptanceRecord
from tests.core.test_upload_policy import docx

LIST = reverse("targets:acceptancerecord_list")
DOCX = docx()  # the upload policy reads a Word file's content types
ADD = reverse("targets:acceptancerecord_add")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def record(county, area=1, conclusion="passed", file=None) -> AcceptanceRecord:
    made = AcceptanceRecord.objects.create(
        county=county,
        year=2026,
        area=area,
        checked_on=datetime.date(2026, 12, 1),
        inspectors=f"{county.name}验收组",
        conclusion=conclusion,
        notes="台帐齐全",
    )
    if file:
        attachment = AcceptanceAttachment(record=made, name="report.pdf")
        attachment.file.save("report.pdf", ContentFile(file))
    return made


def download(client, attachment) -> bytes:
    response = client.get(reverse("targets:acceptanceattachment_file", args=[attachment.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def form(county, **extra):
    return {
        "county": county.pk,
        "year": 2026,
        "area": 2,
        "checked_on": "2026-12-01",
        "inspectors": "张检查、李验收",
        "conclusion": "mostly",
        "notes": "已缴筹备金单位建会2家尚未挂牌",
        **extra,
    }


def test_the_city_records_a_check_with_several_attachments(client, world):
    client.force_login(world.admin)
    report = SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 report", "application/pdf")
    photo = SimpleUploadedFile("现场照片.jpg", b"\xff\xd8\xff photo", "image/jpeg")
    response = client.post(ADD, form(world.a.county, new_files=[report, photo]))
    assert response.status_code == 302
    made = AcceptanceRecord.objects.get()
    assert (made.county, made.area, made.conclusion) == (world.a.county, 2, "mostly")
    assert made.history.first().history_user == world.admin
    page = client.get(made.get_absolute_url()).content.decode()
    assert "基本合格" in page and "双措并举，二次覆盖" in page
    assert "附件（2）" in page and "验收报告.pdf" in page and "现场照片.jpg" in page
    first, second = made.attachments.order_by("pk")
    assert download(client, first) == b"%PDF-1.4 report"
    response = client.get(reverse("targets:acceptanceattachment_file", args=[second.pk]))
    # Downloaded under the name it was uploaded with.
    assert quote("现场照片.jpg") in response["Content-Disposition"]
    assert "2个" in client.get(LIST).content.decode()  # the list counts them


def test_editing_adds_and_removes_attachments(client, world):
    made = record(world.a.county, file=b"%PDF-1.4 old")
    old = made.attachments.get()
    client.force_login(world.admin)
    edit = reverse("targets:acceptancerecord_edit", args=[made.pk])
    assert "report.pdf" in client.get(edit).content.decode()  # offered for removal
    added = SimpleUploadedFile("整改材料.docx", DOCX, "application/octet-stream")
    response = client.post(edit, form(world.a.county, new_files=[added], removed_files=[old.pk]))
    assert response.status_code == 302
    assert [a.name for a in made.attachments.all()] == ["整改材料.docx"]
    assert download(client, made.attachments.get()) == DOCX
    # Saving without touching the files keeps them.
    assert client.post(edit, form(world.a.county, conclusion="passed")).status_code == 302
    assert made.attachments.count() == 1


def test_bad_input_is_refused_at_the_field_and_nothing_written(client, world):
    client.force_login(world.admin)
    good = SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4", "application/pdf")
    bad = SimpleUploadedFile("a.exe", b"MZ")
    response = client.post(ADD, form(world.a.county, new_files=[good, bad]))
    assert "exe" in response.content.decode() and not AcceptanceRecord.objects.exists()
    assert not AcceptanceAttachment.objects.exists()  # not the good file either
    response = client.post(ADD, form(world.a.county, inspectors=""))
    assert "这个字段是必填项" in response.content.decode()
    response = client.post(ADD, form(world.a.county, checked_on="2024-05-01"))
    assert "验收日期应在2026年或次年年初" in response.content.decode()
    assert "已缴筹备金单位建会2家尚未挂牌" in response.content.decode()  # what was typed stays
    assert not AcceptanceRecord.objects.exists()


def test_a_county_sees_its_own_records_only(client, world):
    own = record(world.a.county, file=b"%PDF-1.4 a")
    other = record(world.b.county, area=3, conclusion="failed", file=b"%PDF-1.4 b")
    client.force_login(world.clerk_a)
    page = client.get(LIST).content.decode()
    assert "沙市区总工会" in page and "荆州区" not in page
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    b_file = reverse("targets:acceptanceattachment_file", args=[other.attachments.get().pk])
    assert client.get(b_file).status_code == 404
    assert download(client, own.attachments.get()) == b"%PDF-1.4 a"


def test_counties_cannot_record_or_change_checks(client, world):
    own = record(world.a.county)
    client.force_login(world.clerk_a)
    assert client.post(ADD, form(world.a.county)).status_code == 403
    edit = reverse("targets:acceptancerecord_edit", args=[own.pk])
    assert client.post(edit, form(world.a.county, conclusion="passed")).status_code == 403
    delete = reverse("targets:acceptancerecord_delete", args=[own.pk])
    assert client.post(delete, {"_confirm": "1"}).status_code == 403
    own.refresh_from_db()
    assert own.conclusion == "passed" and AcceptanceRecord.objects.count() == 1
    assert "登记验收" not in client.get(LIST).content.decode()


def test_the_city_filters_the_checks_by_county_and_conclusion(client, world):
    record(world.a.county)
    record(world.b.county, area=3, conclusion="failed")
    client.force_login(world.admin)
    page = client.get(f"{LIST}?conclusion=failed").content.decode()
    assert "荆州区总工会" in page and "沙市区总工会验收组" not in page
    page = client.get(f"{LIST}?within={world.a.county.pk}").content.decode()
    assert "沙市区总工会验收组" in page and "荆州区总工会验收组" not in page
