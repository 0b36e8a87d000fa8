"""A bulletin's workbook (xlsxwriter), rendered from the data stored at publication
(apps.targets.bulletin_content.bulletin_data)."""

from __future__ import annotations

import io

from apps.core.exchange.excel import xlsx_book

from .bulletin_content import (
    BEHIND_HEADER,
    ISSUER,
    behind_rows,
    day_text,
    introduction,
    ranking_header,
    ranking_rows,
)


def build(data: dict) -> bytes:
    out = io.BytesIO()
    book = xlsx_book(out, in_memory=True)
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    note = book.add_format({"font_size": 10, "text_wrap": True, "valign": "top"})
    head = book.add_format(
        {
            "bold": True,
            "border": 1,
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
            "bg_color": "#F2F2F2",
        }
    )
    wrapped = book.add_format({"border": 1, "valign": "vcenter", "text_wrap": True})
    num = book.add_format({"border": 1, "align": "right", "valign": "vcenter"})

    def sheet(name: str, header: list[str], rows: list[list[str]], widths: list[int]):
        ws = book.add_worksheet(name)
        last = len(header) - 1
        ws.merge_range(0, 0, 0, last, f"{data['number']} {data['title']}", title)
        ws.merge_range(1, 0, 1, last, introduction(data), note)
        ws.set_row(1, 36)
        ws.write_row(3, 0, header, head)
        ws.set_row(3, 32)
        for r, row in enumerate(rows, start=4):
            for c, value in enumerate(row):
                ws.write_string(r, c, value, num if c == 0 or "/" in value else wrapped)
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)
        ws.freeze_panes(4, 0)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(3)
        ws.write_string(len(rows) + 5, 0, f"{ISSUER}　{day_text(data['published_on'])}")
        return ws

    areas = len(data["areas"])
    sheet("排名", ranking_header(data), ranking_rows(data), [6, 16, *[18] * areas, 12, 36])
    sheet("滞后指标", BEHIND_HEADER, behind_rows(data), [16, 36, 12, 12, 10])
    book.close()
    return out.getvalue()
