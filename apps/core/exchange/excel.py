"""Reading the spreadsheets clerks keep, and writing large ones in constant memory.

Readers were chosen by measurement (docs/benchmarks.md): python-calamine reads .xlsx and
.xls about 15 times faster than openpyxl's read-only mode but holds the whole sheet, so a
.xlsx sheet of more than STREAM_CELLS cells streams through openpyxl instead; .csv comes in
UTF-8 (with or without BOM) or GBK, the default of Excel on Chinese Windows. Writers: xlsxwriter's
constant_memory mode streams rows to a temporary file, so exporting a million rows keeps
memory flat.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import re
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import openpyxl
import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from python_calamine import CalamineError, CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# calamine holds a sheet as a dense grid of 32-byte cells sized from its first to its last
# used cell, and aborts the process (not an exception) when that grid cannot be allocated:
# one stray cell at XFD1048576 claims 512 GiB. So a sheet's extent is measured from the file
# before calamine sees it, and a sheet claiming more than these is refused.
MAX_COLUMNS = 200
MAX_ROWS = 1_000_000
MAX_CELLS = 12_000_000  # a 50 MB roster is about 6 million
# calamine holds the sheet at about 85 bytes a cell; a larger sheet is read by openpyxl in
# constant memory, much more slowly. The bound keeps a roster of 100,000 rows in calamine
# (the figures: docs/benchmarks.md, memory of a large roster import).
STREAM_CELLS = 2_000_000
SCAN_CHUNK = 4 * 1024 * 1024
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d+)"')
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})\d')
_CELL_ROW = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]{1,3}(\d+)"')


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message is Chinese and says what to do."""


def column_number(letters: bytes | str) -> int:
    """1 for A, 27 for AA, 16384 for XFD."""
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode():
        number = number * 26 + ord(letter) - 64
    return number


def check_xlsx_extent(fileobj: IO[bytes]) -> int:
    """Refuse a .xlsx whose sheets claim more rows, columns or cells than may be read;
    return the cells (rows × columns) of its largest sheet.

    Streams each worksheet's XML (constant memory) and reads the rows' and cells' positions;
    rows written without a position are counted. Not a .xlsx zip: nothing to check here (0).
    """
    largest = 0
    try:
        archive = zipfile.ZipFile(fileobj)
    except zipfile.BadZipFile:
        return largest
    with archive:
        parts = [
            n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")
        ]
        for part in parts:
            rows, columns = _sheet_extent(archive, part)
            if columns > MAX_COLUMNS or rows > MAX_ROWS or rows * columns > MAX_CELLS:
                raise SpreadsheetError(
                    f"工作表的数据区域过大（约{rows}行×{columns}列，最多可读{MAX_ROWS}行、"
                    f"{MAX_COLUMNS}列）：表格末尾或右边很远处可能有误填的单元格。请在 Excel 中"
                    "按 Ctrl+End 找到最后一个单元格，删除多余的行和列后另存再导入。"
                )
            largest = max(largest, rows * columns)
    fileobj.seek(0)
    return largest


def _sheet_extent(archive: zipfile.ZipFile, part: str) -> tuple[int, int]:
    max_row = row_tags = max_column = 0
    tail = b""
    with archive.open(part) as xml:
        while True:
            chunk = xml.read(SCAN_CHUNK)
            data = tail + chunk
            # A tag cut by the chunk boundary is read whole with the next chunk.
            cut = data.rfind(b"<") if chunk else -1
            data, tail = (data, b"") if cut < 0 else (data[:cut], data[cut:])
            tags = len(_ROW_TAG.findall(data))
            refs = _ROW_REF.findall(data)
            if len(refs) < tags:  # rows without a position: their cells' positions count
                refs += _CELL_ROW.findall(data)
            row_tags += tags
            if refs:
                max_row = max(max_row, *map(int, refs))
            for letters in set(_CELL_COLUMN.findall(data)):
                max_column = max(max_column, column_number(letters))
            if not chunk:
                return max(max_row, row_tags), max_column


def read_sheets(fileobj: IO[bytes], filename: str = "") -> Iterator[Iterator[list[Any]]]:
    """Yield each sheet of the file as an iterator of rows (lists of cell values, as
    calamine gives them: numbers as float, dates as date or datetime).

    The kind of file is told from its first bytes, not its name: a .xlsx that is really
    something else gets a clear message instead of a stack trace.
    """
    head = fileobj.read(8)
    fileobj.seek(0)
    name = filename.lower()
    if head.startswith(XLSX_MAGIC) and check_xlsx_extent(fileobj) > STREAM_CELLS:
        yield from _stream_xlsx(fileobj)
        return
    if head.startswith(XLSX_MAGIC) or head == XLS_MAGIC:
        try:
            workbook = CalamineWorkbook.from_filelike(fileobj)
        except (CalamineError, ValueError, OSError) as exc:
            raise SpreadsheetError(UNREADABLE) from exc
        for index in range(len(workbook.sheet_names)):
            try:
                sheet = workbook.get_sheet_by_index(index)
                yield iter(sheet.iter_rows())
            except (CalamineError, ValueError) as exc:
                raise SpreadsheetError("无法读取 Excel 工作表，请另存为 .xlsx 后重试。") from exc
        return
    if name.endswith((".xlsx", ".xls", ".xlsm", ".ods")):
        raise SpreadsheetError(
            f"文件“{filename}”的扩展名是 Excel，但内容不是 Excel 表格，请确认选择了正确的文件。"
        )
    yield _read_csv(fileobj)


UNREADABLE = (
    "无法读取该 Excel 文件（文件可能已损坏或设置了密码），请用 Excel 打开后另存为 .xlsx 再导入。"
)


def _stream_xlsx(fileobj: IO[bytes]) -> Iterator[Iterator[list[Any]]]:
    """The sheets of a large .xlsx read row by row by openpyxl, its cells given as calamine
    gives them. openpyxl raises what its parts raise on a broken file (KeyError, XML and
    zip errors…): each is the same answer to the clerk."""
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise SpreadsheetError(UNREADABLE) from exc
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # a <dimension> written wrong would cut rows off
            yield _streamed_rows(sheet)
    finally:
        workbook.close()


def _streamed_rows(sheet: Any) -> Iterator[list[Any]]:
    try:
        for row in sheet.iter_rows(values_only=True):
            yield [_as_calamine(value) for value in row]
    except Exception as exc:  # noqa: BLE001  (see _stream_xlsx)
        raise SpreadsheetError(UNREADABLE) from exc


def _as_calamine(value: Any) -> Any:
    """openpyxl's cell value as calamine reads the same cell: a whole number as float, a
    date cell (a midnight datetime) as date, an empty cell as ""."""
    if value is None:
        return ""
    if value.__class__ is int:
        return float(value)
    if value.__class__ is datetime.datetime and value.time() == datetime.time():
        return value.date()
    return value


def _read_csv(fileobj: IO[bytes]) -> Iterator[list[Any]]:
    """Rows of a CSV file, decoded as they are read: a 50 MB file is never held whole."""
    if b"\x00" in fileobj.read(4096):
        raise SpreadsheetError("文件不是 Excel（.xlsx、.xls）或 CSV 表格，请检查所选文件。")
    encoding = _csv_encoding(fileobj)
    fileobj.seek(0)
    return iter(csv.reader(codecs.getreader(encoding)(fileobj)))


def _csv_encoding(fileobj: IO[bytes]) -> str:
    """The first of UTF-8 (with or without BOM) and GBK that decodes the whole file."""
    for encoding in ("utf-8-sig", "gb18030"):
        fileobj.seek(0)
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            while chunk := fileobj.read(SCAN_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise SpreadsheetError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV。")


# Writing: user text stays text. A township or a correction reason typed as
# `=HYPERLINK("http://x","y")` must reach every copy of the file as those characters, never as
# a formula the reader's Excel runs. An apostrophe prefix would change the data, so every
# writer stores strings as the string type: xlsxwriter books through `xlsx_book`, openpyxl
# cells through `put`.
INERT_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def xlsx_book(out: Any, **options: Any) -> xlsxwriter.Workbook:
    """An xlsxwriter workbook whose write(), write_row(), write_column() and merge_range()
    store every str as text (by default they turn "=…" into a formula and "http…" into a
    link)."""
    return xlsxwriter.Workbook(out, {**options, **INERT_OPTIONS})


def put(sheet: Any, row: int, column: int, value: Any) -> Any:
    """Set an openpyxl cell and return it; a str stays text even when it starts with "="
    (openpyxl would store a formula) or reads like an error code such as "#N/A". Control
    characters pasted into a name (which XML cannot hold; openpyxl would raise) are left out."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def write_xlsx(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    sheet_name: str = "Sheet1",
    widths: Sequence[int] | None = None,
    title: str | None = None,
) -> IO[bytes]:
    """Write rows to a temporary .xlsx file in constant memory; return it rewound.

    Header row bold and frozen, column widths set, dates formatted. The caller streams the
    returned file (FileResponse) and it is deleted when closed.
    """
    out = tempfile.TemporaryFile()  # noqa: SIM115  (returned open; the response closes it)
    book = xlsx_book(out, constant_memory=True, in_memory=False)
    sheet = book.add_worksheet(sheet_name[:31])
    header_fmt = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, header in enumerate(headers):
        width = widths[col] if widths else max(10, len(header) * 2 + 2)
        sheet.set_column(col, col, width)
    first = 0
    if title:
        sheet.write(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
        first = 1
    sheet.write_row(first, 0, headers, header_fmt)
    sheet.freeze_panes(first + 1, 0)
    row_no = first + 1
    for row in rows:
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(row_no, col, value, date_fmt)
            elif isinstance(value, bool):
                sheet.write_string(row_no, col, "是" if value else "否")
            elif isinstance(value, int | float):
                sheet.write_number(row_no, col, value)
            else:
                sheet.write_string(row_no, col, str(value))
        row_no += 1
    book.close()
    out.seek(0)
    return out


@dataclass(frozen=True)
class TemplateColumn:
    """One column of an import template: what a clerk reads and may type there."""

    header: str
    required: bool
    example: Any
    text: bool  # kept as text (ID numbers, USCCs, mobiles, names): Excel would round numbers
    choices: Sequence[str]  # offered as a drop-down list
    note: str


TEMPLATE_ROWS = 5000  # rows of the template that carry the text format and the drop-downs


def write_template(columns: Sequence[TemplateColumn], *, name: str) -> IO[bytes]:
    """An import template that keeps data intact: code and name columns formatted as text
    (an ID number typed there is never turned into 4.21002E+17), choice columns with
    drop-down lists, required headers marked with *, an example row, and a 填写说明 sheet."""
    out = tempfile.TemporaryFile()  # noqa: SIM115  (returned open; the response closes it)
    book = xlsx_book(out, in_memory=False)
    sheet = book.add_worksheet("导入模板")
    lists = book.add_worksheet("选项")
    notes = book.add_worksheet("填写说明")
    header_fmt = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    required_fmt = book.add_format({"bold": True, "bg_color": "#FCE4D6", "border": 1})
    text_fmt = book.add_format({"num_format": "@"})
    date_fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for col, column in enumerate(columns):
        width = max(12, len(column.header) * 2 + 4)
        sheet.set_column(col, col, width, text_fmt if column.text else None)
        label = f"{column.header}*" if column.required else column.header
        sheet.write_string(0, col, label, required_fmt if column.required else header_fmt)
        example = column.example
        if isinstance(example, datetime.date):
            sheet.write_datetime(1, col, example, date_fmt)
        elif isinstance(example, int | float) and not column.text:
            sheet.write_number(1, col, example)
        elif example not in (None, ""):
            sheet.write_string(1, col, str(example))
        if column.choices:
            lists.write_column(0, col, list(column.choices))
            letter = xl_col_to_name(col)
            sheet.data_validation(
                1,
                col,
                TEMPLATE_ROWS,
                col,
                {
                    "validate": "list",
                    "source": f"=选项!${letter}$1:${letter}${len(column.choices)}",
                    "error_title": column.header,
                    "error_message": "请从下拉列表中选择",
                },
            )
    sheet.freeze_panes(1, 0)
    lists.hide()
    notes.set_column(0, 0, 24)
    notes.set_column(1, 1, 8)
    notes.set_column(2, 2, 70)
    notes.write_row(0, 0, ["列名", "必填", "填写要求"], header_fmt)
    for row, column in enumerate(columns, start=1):
        notes.write_string(row, 0, column.header)
        notes.write_string(row, 1, "是" if column.required else "")
        notes.write_string(row, 2, column.note)
    last = len(columns) + 2
    notes.write_string(last, 0, "说明")
    notes.write_string(
        last,
        2,
        f"第2行是示例，导入前请删除。标*的列必须填写。{name}按文本格式保存身份证号、统一社会信用代码"
        "和手机号，请勿把这些列改成“数值”或“常规”格式，否则Excel会丢失号码的最后几位。"
        "表格下方的合计行、填表人和说明行不会作为数据导入。",
    )
    book.close()
    out.seek(0)
    return out
