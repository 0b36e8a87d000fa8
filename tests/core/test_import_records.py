"""Imports run as background tasks and leave an import record: progress, the preview with
every error (and an errors file), the confirm step, the outcome; scoped like the ledgers."""

import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from apps.core.models import ImportRecord
from apps.core.validators import make_uscc
from apps.members.models import Member
from apps.unions.models import Employer
from tests.members.test_member_import import HEADER, roster_rows
from tests.unions.files import xlsx

CONTENT_TYPES = (
    '<Types><Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)


def upload(client, url, file, name="花名册.xlsx"):
    file.name = name
    return client.post(url, {"file": file}, follow=True)


def test_roster_upload_is_checked_then_committed_once(client_a, world):
    page = upload(client_a, "/members/members/import/", xlsx([HEADER, *roster_rows(world)]))
    record = page.context["object"]
    assert record.status == ImportRecord.Status.READY and record.user == world.clerk_a
    assert "将<strong>新增3条</strong>" in page.content.decode()
    assert Member.objects.count() == 2  # nothing written before the confirmation
    done = client_a.post(f"/imports/{record.pk}/commit/", follow=True).content.decode()
    assert "导入完成：共3行，<strong>新增3条</strong>" in done and Member.objects.count() == 5
    again = client_a.post(f"/imports/{record.pk}/commit/", follow=True).content.decode()
    assert "每个文件只能确认一次" in again and Member.objects.count() == 5


def test_errors_are_listed_and_downloadable_and_nothing_is_kept(client_a, world):
    rows = roster_rows(world)
    rows[1][3] = "42100219850101001"  # 17 characters
    page = upload(client_a, "/members/members/import/", xlsx([HEADER, *rows]))
    record = page.context["object"]
    assert record.status == ImportRecord.Status.INVALID and record.error_count == 1
    assert record.created == 0  # the refused file's valid rows are not "created" anywhere
    assert "发现1处错误，未导入任何数据" in page.content.decode()
    assert "确认导入" not in page.content.decode()
    download = client_a.get(f"/imports/{record.pk}/errors/")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(download.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[1][:3] == ["错误", 3, "身份证号"]
    commit = client_a.post(f"/imports/{record.pk}/commit/", follow=True).content.decode()
    assert "只能确认一次" in commit and Member.objects.count() == 2


def test_a_file_that_is_no_table_is_refused_at_upload(client_a, world):
    page = upload(client_a, "/unions/employers/import/", io.BytesIO(b"\x00\x01garbage"), "坏.xlsx")
    assert "只能上传Excel（.xlsx、.xls）或 CSV 表格文件（按文件内容判断），“坏.xlsx”不是" in (
        page.content.decode()
    )
    assert not ImportRecord.objects.exists()


def test_unreadable_file_is_explained(client_a, world):
    # A workbook by its container (an .xlsx's content types) whose sheets are missing.
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
    broken.seek(0)
    page = upload(client_a, "/unions/employers/import/", broken, "坏.xlsx")
    assert "无法读取该 Excel 文件（文件可能已损坏或设置了密码）" in page.content.decode()
    assert page.context["object"].status == ImportRecord.Status.INVALID


def test_records_are_scoped_and_only_the_uploader_confirms(client, world):
    code = make_uscc(9200, prefix="91421002")
    client.force_login(world.clerk_a)
    file = xlsx([["统一社会信用代码", "单位名称"], [code, "网页导入单位"]])
    record = upload(client, "/unions/employers/import/", file).context["object"]
    client.force_login(world.clerk_b)
    assert client.get(f"/imports/{record.pk}/").status_code == 404
    assert client.post(f"/imports/{record.pk}/commit/").status_code == 404
    assert client.get(f"/imports/{record.pk}/errors/").status_code == 404
    assert record.filename not in client.get("/imports/").content.decode()
    client.force_login(world.admin)  # the city sees it but only the uploader confirms
    assert record.filename in client.get("/imports/").content.decode()
    client.post(f"/imports/{record.pk}/commit/")
    assert not Employer.objects.filter(uscc=code).exists()


def test_reader_can_neither_import_nor_read_row_values(client, world):
    client.force_login(world.clerk_a)
    rows = roster_rows(world)
    rows[0][3] = "not-an-id"
    record = upload(client, "/members/members/import/", xlsx([HEADER, *rows])).context["object"]
    client.force_login(world.reader_a)
    assert client.post("/members/members/import/").status_code == 403
    page = client.get(f"/imports/{record.pk}/").content.decode()
    assert "not-an-id" not in page and "发现1处错误" in page
    assert client.get(f"/imports/{record.pk}/errors/").status_code == 403


def test_progress_fragment_polls_while_running_and_refreshes_when_done(client_a, world):
    record = ImportRecord.objects.create(
        ledger="members",
        user=world.clerk_a,
        union_path=world.a.county.path,
        filename="大文件.xlsx",
        stored_name="imports/x.xlsx",
        stage="校验",
        done=4000,
        total=100000,
    )
    fragment = client_a.get(f"/imports/{record.pk}/", headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in text and "第4000行，共100000行" in text
    record.status = ImportRecord.Status.READY
    record.save()
    done = client_a.get(f"/imports/{record.pk}/", headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


@pytest.mark.parametrize("path", ["/imports/", "/members/members/import/"])
def test_import_pages_answer(client_a, world, path):
    assert client_a.get(path).status_code == 200
