"""The statistics table as an .xlsx in the formal layout: title, reporting unit, as-of date,
merged multi-level headers, units, the rows and their total, notes and signature lines, set
up to print on A4 landscape (fit to width, header rows repeated on every page)."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins

from apps.core.exchange.excel import put

from .layout import COLUMNS, HEADER_DEPTH, NOTE, SIGNATURES, TITLE, header_cells
from .statistics import StatisticsTable, TableRow

FIRST_HEADER_ROW = 4
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
CORRECTED = PatternFill("solid", fgColor="FFF2CC")
HEADER_FILL = PatternFill("solid", fgColor="F2F2F2")


def day_text(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def units_row() -> int:
    return FIRST_HEADER_ROW + HEADER_DEPTH


def first_data_row() -> int:
    return units_row() + 1


def write_value(cell, row: TableRow, column) -> None:
    value = row.cell(column.key)
    cell.value = float(value) if column.is_rate and value is not None else value
    cell.number_format = "0.0" if column.is_rate else "#,##0"
    cell.alignment = Alignment(horizontal="right", vertical="center")
    cell.border = BOX
    if column.key in row.corrections:
        cell.fill = CORRECTED


def build(table: StatisticsTable) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "统计表"
    last_col = len(COLUMNS) + 1
    last_letter = get_column_letter(last_col)

    sheet.merge_cells(f"A1:{last_letter}1")
    put(sheet, 1, 1, TITLE)
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = CENTER
    sheet.row_dimensions[1].height = 30

    half = last_col // 2
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=half)
    put(sheet, 2, 1, f"填报单位（盖章）：{table.org.name}")
    sheet.merge_cells(start_row=2, start_column=half + 1, end_row=2, end_column=last_col)
    status = f"　　状态：{table.status}" if table.status else ""
    info = f"统计年度：{table.year}年　　统计截止日期：{day_text(table.as_of)}{status}"
    put(sheet, 2, half + 1, info)
    sheet.cell(2, half + 1).alignment = Alignment(horizontal="right")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last_col)
    put(
        sheet,
        3,
        1,
        "数据来源：工会组织建设管理系统台帐"
        + ("（含填报单位更正，见“更正说明”）" if any(r.corrections for r in table.rows) else ""),
    )
    sheet.cell(3, 1).font = Font(size=9, color="555555")

    # Header: the row-name column spans the header rows; then the merged figure headers.
    top = FIRST_HEADER_ROW
    sheet.merge_cells(start_row=top, start_column=1, end_row=top + HEADER_DEPTH - 1, end_column=1)
    put(sheet, top, 1, table.unit_label)
    for h in header_cells():
        row, col = top + h.row, 2 + h.col
        if h.rows > 1 or h.cols > 1:
            sheet.merge_cells(
                start_row=row,
                start_column=col,
                end_row=row + h.rows - 1,
                end_column=col + h.cols - 1,
            )
        put(sheet, row, col, h.text)
    for r in range(top, top + HEADER_DEPTH):
        for c in range(1, last_col + 1):
            cell = sheet.cell(r, c)
            cell.alignment, cell.border, cell.fill = CENTER, BOX, HEADER_FILL
            cell.font = Font(bold=True, size=9)
    units = units_row()
    put(sheet, units, 1, "计量单位")
    for i, column in enumerate(COLUMNS, start=2):
        put(sheet, units, i, column.unit)
    for c in range(1, last_col + 1):
        cell = sheet.cell(units, c)
        cell.alignment, cell.border, cell.font = CENTER, BOX, Font(size=9)

    r = first_data_row()
    for row in [*table.rows, table.total]:
        name = put(sheet, r, 1, row.label)
        name.border, name.alignment = BOX, Alignment(vertical="center", wrap_text=True)
        if row.key == "total":
            name.alignment = CENTER
            name.font = Font(bold=True)
        for i, column in enumerate(COLUMNS, start=2):
            write_value(sheet.cell(r, i), row, column)
            if row.key == "total":
                sheet.cell(r, i).font = Font(bold=True)
        r += 1

    r += 1
    sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last_col)
    put(sheet, r, 1, NOTE).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(r, 1).font = Font(size=9)
    sheet.row_dimensions[r].height = 28
    r += 2
    step = max(last_col // 4, 1)
    for i, label in enumerate([*SIGNATURES, "填报日期："]):
        put(sheet, r, 1 + i * step, label + "　" * 6)

    sheet.column_dimensions["A"].width = 24
    for c in range(2, last_col + 1):
        sheet.column_dimensions[get_column_letter(c)].width = 9
    for r_ in range(top, top + HEADER_DEPTH):
        sheet.row_dimensions[r_].height = 32
    sheet.freeze_panes = sheet.cell(first_data_row(), 2)

    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{top}:{units}"
    sheet.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.print_options.horizontalCentered = True

    corrections = [(row, key, c) for row in table.rows for key, c in row.corrections.items()]
    if corrections:
        notes = book.create_sheet("更正说明")
        labels = {c.key: c.label for c in COLUMNS}
        lines = [["单位", "栏目", "台帐数", "填报数", "差额", "更正理由"]]
        for row, key, (ledger, reason) in corrections:
            value = row.values.get(key, 0)
            lines.append([row.label, labels.get(key, key), ledger, value, value - ledger, reason])
        for r_, line in enumerate(lines, start=1):
            for c, value in enumerate(line, start=1):
                put(notes, r_, c, value)
        for letter, width in zip("ABCDEF", (24, 28, 10, 10, 10, 50), strict=True):
            notes.column_dimensions[letter].width = width

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
