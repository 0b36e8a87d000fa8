"""The statistics table as a PDF on A4 landscape, the Chinese font embedded. Forty-odd
columns do not fit one page's width legibly, so the table prints in two parts split between
column groups (单位 · 基层工会 · 职工与会员, then the rest), each with the rows' names, the
merged headers and the units; notes and signature lines close it."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from apps.core.exchange.pdf import font, text

from .layout import COLUMNS, HEADER_DEPTH, NOTE, SIGNATURES, TITLE, header_cells
from .statistics import StatisticsTable
from .workbook import day_text

PAGE = landscape(A4)
MARGIN = 10 * mm
NAME_WIDTH = 30 * mm
FIRST_PART_GROUPS = ("单位", "基层工会", "职工与会员")


def styles() -> dict[str, ParagraphStyle]:
    f = font()
    return {
        "title": ParagraphStyle("title", fontName=f, fontSize=16, leading=22, alignment=TA_CENTER),
        "info": ParagraphStyle("info", fontName=f, fontSize=9, leading=12, alignment=TA_LEFT),
        "head": ParagraphStyle(
            "head", fontName=f, fontSize=6.5, leading=8, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "name": ParagraphStyle("name", fontName=f, fontSize=7, leading=8.5, wordWrap="CJK"),
        "note": ParagraphStyle("note", fontName=f, fontSize=8, leading=11, wordWrap="CJK"),
    }


def part(table: StatisticsTable, first: int, last: int, st) -> Table:
    """Columns [first, last) of the layout as one table with its own headers."""
    columns = COLUMNS[first:last]
    width = (PAGE[0] - 2 * MARGIN - NAME_WIDTH) / len(columns)
    n = len(columns) + 1
    data = [[""] * n for _ in range(HEADER_DEPTH)]
    style = [
        ("FONT", (0, 0), (-1, -1), font(), 7),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, HEADER_DEPTH), colors.HexColor("#F2F2F2")),
        ("ALIGN", (1, HEADER_DEPTH), (-1, -1), "RIGHT"),
        ("ALIGN", (0, HEADER_DEPTH), (-1, HEADER_DEPTH), "CENTER"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ("SPAN", (0, 0), (0, HEADER_DEPTH - 1)),
    ]
    data[0][0] = text(table.unit_label, st["head"])
    for h in header_cells():
        if not first <= h.col < last:
            continue
        col = 1 + h.col - first
        data[h.row][col] = text(h.text, st["head"])
        if h.rows > 1 or h.cols > 1:
            style.append(("SPAN", (col, h.row), (col + h.cols - 1, h.row + h.rows - 1)))
    data.append(["计量单位", *[c.unit for c in columns]])
    for row in [*table.rows, table.total]:
        data.append([text(row.label, st["name"]), *[row.text(c) for c in columns]])
        r = len(data) - 1
        for i, c in enumerate(columns, start=1):
            if c.key in row.corrections:
                style.append(("BACKGROUND", (i, r), (i, r), colors.HexColor("#FFF2CC")))
    style.append(("FONT", (0, -1), (-1, -1), font(), 7.5))
    style.append(("LINEABOVE", (0, -1), (-1, -1), 1, colors.black))
    result = Table(
        data, colWidths=[NAME_WIDTH, *[width] * len(columns)], repeatRows=HEADER_DEPTH + 1
    )
    result.setStyle(TableStyle(style))
    return result


def build(table: StatisticsTable) -> bytes:
    st = styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=TITLE,
        author=table.org.name,
    )
    split = next(i for i, c in enumerate(COLUMNS) if c.headers[0] not in FIRST_PART_GROUPS)
    status = f"　　状态：{table.status}" if table.status else ""
    info = (
        f"填报单位（盖章）：{table.org.name}　　统计年度：{table.year}年　　"
        f"统计截止日期：{day_text(table.as_of)}{status}"
    )
    story = []
    for n, (first, last) in enumerate([(0, split), (split, len(COLUMNS))]):
        if n:
            story.append(PageBreak())
        story.append(text(TITLE + ("（续）" if n else ""), st["title"]))
        story.append(text(info, st["info"]))
        story.append(Spacer(1, 2 * mm))
        story.append(part(table, first, last, st))
    story.append(Spacer(1, 3 * mm))
    story.append(text(NOTE, st["note"]))
    corrected = [(r, k, c) for r in table.rows for k, c in r.corrections.items()]
    if corrected:
        labels = {c.key: c.label for c in COLUMNS}
        lines = "；".join(
            f"{r.label}·{labels.get(k, k)}：台帐 {ledger:,}，填报 {r.values[k]:,}"
            f"（{r.values[k] - ledger:+,}），理由：{reason}"
            for r, k, (ledger, reason) in corrected
        )
        story.append(text(f"更正说明（底色标出的单元格）：{lines}", st["note"]))
    story.append(Spacer(1, 8 * mm))
    blank = "_" * 14
    story.append(
        text("　　　　".join(f"{s}{blank}" for s in [*SIGNATURES, "填报日期："]), st["info"])
    )

    def page_number(canvas, doc_):
        canvas.setFont(font(), 8)
        canvas.drawCentredString(PAGE[0] / 2, 6 * mm, f"第 {doc_.page} 页")

    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()
