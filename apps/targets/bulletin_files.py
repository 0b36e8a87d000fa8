"""A bulletin's PDF (A4 landscape, the Chinese font embedded) and workbook (xlsxwriter), both
rendered from the data stored at publication (apps.targets.bulletins.bulletin_data)."""

from __future__ import annotations

import datetime
import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from apps.core.excel import xlsx_book
from apps.core.pdf import font, text

ISSUER = "荆州市总工会组织部"
RED = colors.HexColor("#C00000")


def day_text(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def ranking_header(data: dict) -> list[str]:
    return ["排名", "县市区", *(f"{a}\n得分/满分" for a in data["areas"]), "总分", "联系人"]


def ranking_rows(data: dict) -> list[list[str]]:
    return [
        [str(c["rank"]), c["name"],
         *("—" if a is None else f"{a[0]}/{a[1]}" for a in c["areas"]),
         f"{c['total']}/{c['weight']}", c["contact"] or "—"]
        for c in data["counties"]
    ]  # fmt: skip


def behind_rows(data: dict) -> list[list[str]]:
    return [
        [c["name"], b["label"], f"{b['actual']}{b['unit']}", f"{b['target']}{b['unit']}",
         "—" if b["completion"] == "—" else f"{b['completion']}%"]
        for c in data["counties"]
        for b in c["behind"]
    ]  # fmt: skip


BEHIND_HEADER = ["县市区", "滞后指标", "完成数", "目标值", "完成率"]


def introduction(data: dict) -> str:
    behind = sum(1 for c in data["counties"] if c["behind"])
    return (
        f"截至{day_text(data['as_of'])}，全年时间进度为{data['elapsed']}%。根据工会组织建设管理"
        f"系统台帐数据，对{len(data['counties'])}个县市区目标责任书各项指标完成情况通报如下，"
        f"其中{behind}个县市区有指标完成率低于时间进度。"
    )


def pdf(data: dict) -> bytes:
    f = font()
    title = ParagraphStyle("t", fontName=f, fontSize=20, leading=28, alignment=TA_CENTER,
                           textColor=RED)  # fmt: skip
    center = ParagraphStyle("c", fontName=f, fontSize=11, leading=16, alignment=TA_CENTER)
    body = ParagraphStyle("b", fontName=f, fontSize=11, leading=17, firstLineIndent=22,
                          wordWrap="CJK")  # fmt: skip
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
            style += [("BACKGROUND", (0, r), (-1, r), colors.HexColor("#FAFAFA"))
                      for r in range(2, len(rows) + 1, 2)]  # fmt: skip
        t.setStyle(TableStyle(style))
        return t

    out = io.BytesIO()
    page = landscape(A4)
    doc = SimpleDocTemplate(out, pagesize=page, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=data["title"],
                            author=ISSUER)  # fmt: skip
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
        table(ranking_header(data), ranking_rows(data),
              [14 * mm, 30 * mm, *[area_width] * areas, 22 * mm, contact], stripes=True),
        text("二、完成率低于时间进度的指标", heading),
    ]  # fmt: skip
    behind = behind_rows(data)
    if behind:
        story.append(table(BEHIND_HEADER, behind,
                           [40 * mm, width - 40 * mm - 3 * 32 * mm, 32 * mm, 32 * mm, 32 * mm],
                           stripes=False))  # fmt: skip
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


def xlsx(data: dict) -> bytes:
    out = io.BytesIO()
    book = xlsx_book(out, in_memory=True)
    title = book.add_format({"bold": True, "font_size": 16, "align": "center"})
    note = book.add_format({"font_size": 10, "text_wrap": True, "valign": "top"})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter",
                            "text_wrap": True, "bg_color": "#F2F2F2"})  # fmt: skip
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
