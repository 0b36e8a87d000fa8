"""The import reader is bounded (issue 19 §3): no sheet's claimed size drives an allocation,
an import that fails unexpectedly or loses its worker ends 失败 with a Chinese message, and
one county's broken file leaves the other county's imports alone."""

import datetime
import io
import resource
import subprocess
import sys
import textwrap
import zipfile

import openpyxl
import pytest
import xlsxwriter
from django.utils import timezone

from apps.core.exchange import excel
from apps.core.exchange.engine import LedgerImporter
from apps.core.exchange.excel import SpreadsheetError, check_xlsx_extent, read_sheets
from apps.core.exchange.tasks import INTERRUPTED, STALE_AFTER
from apps.core.models import ImportRecord
from apps.members.models import Member
from tests.members.test_member_import import HEADER, roster_rows, run
from tests.unions.files import xlsx


def stray_cell_file() -> bytes:
    """5 KB: a header, and one stray cell at the last cell Excel has (XFD1048576)."""
    book = openpyxl.Workbook()
    book.active["A1"] = "姓名"
    book.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(client, url, data: bytes, name="花名册.xlsx"):
    file = io.BytesIO(data)
    file.name = name
    return client.post(url, {"file": file}, follow=True)


def test_stray_far_cell_is_refused_with_chinese_message():
    with pytest.raises(SpreadsheetError, match="数据区域过大.*Ctrl\\+End"):
        [list(sheet) for sheet in read_sheets(io.BytesIO(stray_cell_file()), "花名册.xlsx")]


def test_stray_far_cell_is_refused_within_a_small_address_space(tmp_path):
    """calamine would allocate 512 GiB for this sheet and abort the process: under a 1 GiB
    limit the reader must still answer with its message."""
    path = tmp_path / "stray.xlsx"
    path.write_bytes(stray_cell_file())
    code = textwrap.dedent(f"""
        from apps.core.exchange.excel import SpreadsheetError, read_sheets
        try:
            [list(s) for s in read_sheets(open({str(path)!r}, "rb"), "x.xlsx")]
        except SpreadsheetError as exc:
            print("refused", exc)
    """)

    def limit_memory():
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        preexec_fn=limit_memory,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("refused 工作表的数据区域过大")


def test_ordinary_sheet_is_still_read_whole():
    rows = [["姓名", "身份证号"], *[[f"人{i}", str(i)] for i in range(300)]]
    [sheet] = list(read_sheets(xlsx(rows), "名单.xlsx"))
    assert [list(r) for r in sheet] == rows


def test_stray_cell_upload_ends_with_the_message_and_the_other_county_imports(client, world):
    client.force_login(world.clerk_a)
    page = upload(client, "/members/members/import/", stray_cell_file())
    refused = page.context["object"]
    assert refused.status == ImportRecord.Status.INVALID
    assert "数据区域过大" in page.content.decode()
    client.force_login(world.clerk_b)
    rows = roster_rows(world)
    page = upload(client, "/members/members/import/", xlsx([HEADER, *rows]).getvalue())
    assert page.context["object"].status != ImportRecord.Status.CHECKING


def test_unexpected_error_marks_the_record_failed_in_chinese(client_a, world, monkeypatch):
    importer = LedgerImporter.registry["members"]

    def broken(self, *args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(importer, "run", broken)
    page = upload(client_a, "/members/members/import/", xlsx([HEADER]).getvalue())
    record = ImportRecord.objects.get(pk=page.context["object"].pk)
    assert record.status == ImportRecord.Status.FAILED
    assert "导入时发生意外错误，未导入任何数据" in record.message
    assert "导入失败" in page.content.decode()


def stuck(user, *, age: datetime.timedelta, status=ImportRecord.Status.CHECKING):
    record = ImportRecord.objects.create(
        ledger="members",
        user=user,
        filename="大文件.xlsx",
        stored_name="imports/gone.xlsx",
        union_path=user.union.path,
        status=status,
    )
    ImportRecord.objects.filter(pk=record.pk).update(started_at=timezone.now() - age)
    return record


def test_record_whose_worker_vanished_is_failed_when_shown(client_a, world):
    lost = stuck(world.clerk_a, age=STALE_AFTER + datetime.timedelta(minutes=1))
    fresh = stuck(world.clerk_a, age=datetime.timedelta(minutes=1))
    page = client_a.get("/imports/").content.decode()
    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.status == ImportRecord.Status.FAILED and lost.message == INTERRUPTED
    assert lost.finished_at is not None
    assert fresh.status == ImportRecord.Status.CHECKING
    assert "导入失败" in page


def test_stale_record_detail_page_shows_the_interruption(client_a, world):
    lost = stuck(world.clerk_a, age=STALE_AFTER * 2)
    page = client_a.get(f"/imports/{lost.pk}/").content.decode()
    assert "处理中断（服务器重启或文件过大），请重新上传" in page


def test_stale_check_stays_in_scope(client, world):
    theirs = stuck(world.clerk_b, age=STALE_AFTER * 2)
    client.force_login(world.clerk_a)
    client.get("/imports/")
    theirs.refresh_from_db()
    assert theirs.status == ImportRecord.Status.CHECKING  # county A's page leaves B's rows


def test_far_cell_in_a_row_without_position_is_refused():
    """Rows may omit their position (r): then their cells' positions give the extent."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            '<worksheet><sheetData><row><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
            '<row><c r="GR999999"><v>1</v></c></row></sheetData></worksheet>',
        )
    with pytest.raises(SpreadsheetError, match="约999999行×200列"):
        check_xlsx_extent(buffer)


def test_csv_is_decoded_as_it_is_read(monkeypatch):
    """GBK and UTF-8 CSVs are read in chunks: a character cut by a chunk's end still counts."""
    monkeypatch.setattr("apps.core.exchange.excel.SCAN_CHUNK", 7)
    rows = [["姓名", "备注"], ["张三", "第一行\n第二行"], ["李四", ""]]
    for encoding in ("gbk", "utf-8-sig"):
        text = "".join(f'{a},"{b}"\r\n' for a, b in rows)
        [sheet] = list(read_sheets(io.BytesIO(text.encode(encoding)), "名单.csv"))
        assert list(sheet) == rows


def varied_book() -> bytes:
    """Cells of every kind a clerk's sheet holds: whole and fractional numbers, a mobile
    typed as a number, text that looks like a number, yes/no, dates with and without a
    time, a formula's cached value, empty cells and a cell far to the right."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    stamp = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(0, 0, ["姓名", "人数", "比例", "手机号", "编号", "是否", "日期", "时间"])
    sheet.write_row(1, 0, ["张三", 12, 0.5, 13871234567, "0012", True])
    sheet.write_datetime(1, 6, datetime.datetime(2021, 3, 5), day)
    sheet.write_datetime(1, 7, datetime.datetime(2021, 3, 5, 8, 30), stamp)
    sheet.write_formula(2, 1, "=1+1", None, 2)
    sheet.write_string(2, 0, "李四")
    sheet.write_string(4, 11, "远处")
    book.close()
    return buffer.getvalue()


def trimmed(sheets) -> list[list[list]]:
    """The rows without the empty cells at their ends (calamine pads every row to the
    sheet's width, openpyxl stops at a row's last cell)."""
    out = []
    for sheet in sheets:
        rows = [list(row) for row in sheet]
        for row in rows:
            while row and row[-1] == "":
                row.pop()
        out.append(rows)
    return out


def test_a_sheet_too_large_for_calamine_streams_with_the_same_cells(monkeypatch):
    data = varied_book()
    whole = trimmed(read_sheets(io.BytesIO(data), "名单.xlsx"))
    monkeypatch.setattr(excel, "STREAM_CELLS", 0)
    streamed = trimmed(read_sheets(io.BytesIO(data), "名单.xlsx"))
    assert streamed == whole
    assert whole[0][1][:4] == ["张三", 12.0, 0.5, 13871234567.0]
    assert whole[0][1][6] == datetime.date(2021, 3, 5)


def test_a_streamed_roster_imports_as_a_read_one_does(world, monkeypatch):
    rows = roster_rows(world, count=40)
    checked = run(world, xlsx([HEADER, *rows]), commit=False)
    monkeypatch.setattr(excel, "STREAM_CELLS", 0)
    streamed = run(world, xlsx([HEADER, *rows]))
    assert streamed.committed and not streamed.errors
    assert (streamed.rows, streamed.created) == (checked.rows, checked.created) == (40, 40)
    member = Member.objects.get(id_number=rows[7][3])
    assert (member.name, member.joined_on) == ("会员7", datetime.date(2021, 3, 5))


def test_a_broken_large_workbook_is_refused_in_chinese(monkeypatch):
    data = bytearray(varied_book())
    monkeypatch.setattr(excel, "STREAM_CELLS", 0)
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"][:-300]  # cut off
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(SpreadsheetError, match="无法读取该 Excel 文件"):
        trimmed(read_sheets(io.BytesIO(broken.getvalue()), "名单.xlsx"))
