"""Exports with personal data: masked for read-only users, every one logged, the log shown
to the city admin only."""

import io

from python_calamine import CalamineWorkbook

from apps.core.models import ExportLog
from apps.core.validators import mask_id_number


def export_rows(client, query=""):
    response = client.get(f"/members/members/export/{query}")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    return book.get_sheet_by_index(0).to_python()


def test_clerk_exports_full_values_and_it_is_logged(client, world):
    client.force_login(world.clerk_a)
    rows = export_rows(client, "?q=沙市")
    id_col = rows[0].index("身份证号")
    assert [r[id_col] for r in rows[1:]] == [world.a.member.id_number]
    log = ExportLog.objects.get()
    assert (log.user, log.rows, log.masked, log.filters) == (world.clerk_a, 1, False, "q=沙市")


def test_reader_exports_masked_values(client, world):
    client.force_login(world.reader_a)
    rows = export_rows(client)
    id_col = rows[0].index("身份证号")
    assert [r[id_col] for r in rows[1:]] == [mask_id_number(world.a.member.id_number)]
    assert ExportLog.objects.get().masked is True


def test_export_is_scoped(client, world):
    client.force_login(world.clerk_b)
    names = [r[0] for r in export_rows(client)[1:]]
    assert world.a.member.name not in names and world.b.member.name in names


def test_only_the_city_admin_reads_the_export_log(client, world):
    client.force_login(world.clerk_a)
    export_rows(client)
    assert client.get("/export-logs/").status_code == 403
    client.force_login(world.admin)
    page = client.get("/export-logs/").content.decode()
    assert "clerk_a" in page and "会员" in page


def test_exported_roster_imports_back_unchanged(client, world):
    from apps.members.importers import MemberImporter
    from tests.unions.files import xlsx

    client.force_login(world.clerk_a)
    result = MemberImporter(world.clerk_a).run(xlsx(export_rows(client)), "导出.xlsx", commit=True)
    assert (result.errors, result.unchanged, result.updated) == ([], 1, 0)
