"""A bulletin's PDF (A4 landscape, the Chinese font embedded), rendered from the data stored
at publication (apps.targets.bulletin_content.bulletin_data)."""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from apps.core.exchange.pdf import font, text

from .bulletin_content import (
    BEHIND_HEADER,
    ISSUER,
    behind_rows,
    day_text,
    introduction,
    ranking_header,
    ranking_rows,
)

RED = colors.HexColor("#C00000")


def build(data: dict) -> bytes:
    f = font()
    title = ParagraphStyle(
        "t", fontName=f, fontSize=20, leading=28, alignment=TA_CENTER, textColor=RED
    )
    center = ParagraphStyle("c", fontName=f, fontSize=11, leading=16, alignment=TA_CENTER)
    body = ParagraphStyle(
        "b", fontName=f, fontSize=11, leading=17, firstLineIndent=22, wordWrap="CJK"
    )
    heading = ParagraphStyle("h", fontName=f, fontSize=12, leading=20, spaceBefore=8)
    cell = ParagraphStyle("cell", fontName=f, fontSize=9, leading=12, wordWrap="CJK")
    right = ParagraphStyle("r", fontName=f, fontSize=11, leading=18, alignment=TA_RIGHT)

    def table(header, rows, widths, *, stripes: bool) -> Table:
        head = [text(h, cell) for h in header]
        body_rows = [[text(v, cell) for v in row] for row in rows]
        t = Table([head, *body_rows], colWidths=widths, repeatRows=1)
        style = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2")),
        ]
        if stripes:
            style += [
                ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#FAFAFA"))
                for r in range(2, len(rows) + 1, 2)
            ]
        t.setStyle(TableStyle(style))
        return t

    out = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(
        out,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=14 * mm,
        title=data["title"],
        author=ISSUER,
    )
    width = page[0] - 30 * mm
    areas = len(data["areas"])
    fixed = 14 * mm + 30 * mm + 22 * mm
    contact = 80 * mm
    area_width = (width - fixed - contact) / max(areas, 1)
    story = [
        text("目标责任制工作通报", title),
        text(f"{data['number']}", center),
        Spacer(1, 2 * mm),
        Table([[""]], colWidths=[width], style=[("LINEABOVE", (0, 0), (-1, 0), 1.5, RED)]),
        text(data["title"], ParagraphStyle("st", parent=center, fontSize=14, leading=22)),
        Spacer(1, 2 * mm),
        text(introduction(data), body),
        text("一、各县市区得分及排名", heading),
        table(
            ranking_header(data),
            ranking_rows(data),
            [14 * mm, 30 * mm, *[area_width] * areas, 22 * mm, contact],
            stripes=True,
        ),
        text("二、完成率低于时间进度的指标", heading),
    ]
    behind = behind_rows(data)
    if behind:
        story.append(
            table(
                BEHIND_HEADER,
                behind,
                [40 * mm, width - 40 * mm - 3 * 32 * mm, 32 * mm, 32 * mm, 32 * mm],
                stripes=False,
            )
        )
    else:
        story.append(text("各县市区各项指标完成率均达到时间进度。", body))
    story += [
        Spacer(1, 4 * mm),
        text("请各县市区对照通报，查找差距，确保全面完成年度目标任务。", body),
        Spacer(1, 6 * mm),
        text(ISSUER, right),
        text(day_text(data["published_on"]), right),
    ]
    doc.build(story)
    return out.getvalue()
