"""Spreadsheets as clerks keep them, built in the tests: title rows, merged headers, GBK."""

import csv
import io

import openpyxl
import xlwt


def xlsx(rows, *, title=None, merged_header=None) -> io.BytesIO:
    """An .xlsx with an optional title row (merged across) and an optional group header row
    above the header (e.g. 职工人数 merged over 合计 | 女职工)."""
    book = openpyxl.Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
        sheet.append(["填报单位：沙市区总工会", None, None, "填报日期：2026年11月"])
    if merged_header:
        top = sheet.max_row + 1 if title else 1
        sheet.append(merged_header)
        for start, end in _spans(merged_header):
            sheet.merge_cells(start_row=top, start_column=start, end_row=top, end_column=end)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "台帐.xlsx"
    return out


def _spans(cells):
    """1-based column spans of each non-empty cell followed by empty ones."""
    spans, start = [], None
    for index, cell in enumerate([*cells, "end"], start=1):
        if cell != "":
            if start is not None and index - 1 > start:
                spans.append((start, index - 1))
            start = index
    return spans


def xls(rows) -> io.BytesIO:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Sheet1")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    out.name = "台帐.xls"
    return out


def csv_file(rows, encoding="utf-8-sig") -> io.BytesIO:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    out = io.BytesIO(text.getvalue().encode(encoding))
    out.name = "台帐.csv"
    return out
