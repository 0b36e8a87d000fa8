"""Reading the spreadsheets clerks keep, and writing large ones in constant memory.

Readers were chosen by measurement (see README): python-calamine reads .xlsx and .xls about
9× faster than openpyxl's read-only mode; .csv comes in UTF-8 (with or without BOM) or GBK,
the default of Excel on Chinese Windows. Writers: xlsxwriter's constant_memory mode streams
rows to a temporary file, so exporting a million rows keeps memory flat.
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook
from xlsxwriter.utility import xl_col_to_name

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(Exception):
    """The file cannot be read as a table; the message is Chinese and says what to do."""


def read_sheets(fileobj: IO[bytes], filename: str = "") -> Iterator[Iterator[list[Any]]]:
    """Yield each sheet of the file as an iterator of rows (lists of cell values).

    The kind of file is told from its first bytes, not its name: a .xlsx that is really
    something else gets a clear message instead of a stack trace.
    """
    head = fileobj.read(8)
    fileobj.seek(0)
    name = filename.lower()
    if head.startswith(XLSX_MAGIC) or head == XLS_MAGIC:
        try:
            workbook = CalamineWorkbook.from_filelike(fileobj)
        except (CalamineError, ValueError, OSError) as exc:
            raise SpreadsheetError(
                "无法读取该 Excel 文件（文件可能已损坏或设置了密码），"
                "请用 Excel 打开后另存为 .xlsx 再导入。"
            ) from exc
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
    yield _read_csv(fileobj.read())


def _read_csv(data: bytes) -> Iterator[list[Any]]:
    if b"\x00" in data[:4096]:
        raise SpreadsheetError("文件不是 Excel（.xlsx、.xls）或 CSV 表格，请检查所选文件。")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise SpreadsheetError("无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK 编码的 CSV。")
    return iter(csv.reader(io.StringIO(text)))


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
    book = xlsxwriter.Workbook(
        out, {"constant_memory": True, "in_memory": False, "strings_to_numbers": False}
    )
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
    book = xlsxwriter.Workbook(out, {"in_memory": False, "strings_to_numbers": False})
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
            sheet.data_validation(1, col, TEMPLATE_ROWS, col, {
                "validate": "list",
                "source": f"=选项!${letter}$1:${letter}${len(column.choices)}",
                "error_title": column.header,
                "error_message": "请从下拉列表中选择",
            })  # fmt: skip
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
        last, 2,
        f"第2行是示例，导入前请删除。标*的列必须填写。{name}按文本格式保存身份证号、统一社会信用代码"
        "和手机号，请勿把这些列改成“数值”或“常规”格式，否则Excel会丢失号码的最后几位。"
        "表格下方的合计行、填表人和说明行不会作为数据导入。",
    )  # fmt: skip
    book.close()
    out.seek(0)
    return out
