"""The letter as a PDF in the formal layout of a 目标责任书 (A4 portrait, the Chinese font
embedded): title, the parties, a preamble, the items table by area (target, unit, weight,
scoring), the risk-deposit clause, and the signature block. A draft says so in its title."""

from __future__ import annotations

import io
from decimal import Decimal

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle

from apps.core.exchange.pdf import font, text

from . import indicators
from .models import TargetLetter

MARGIN = 18 * mm


def number(value: Decimal) -> str:
    shown = f"{value.normalize():f}"
    return f"{int(value):,}" if value == value.to_integral_value() else shown


def styles() -> dict[str, ParagraphStyle]:
    f = font()
    return {
        "title": ParagraphStyle("title", fontName=f, fontSize=20, leading=30, alignment=TA_CENTER),
        "sub": ParagraphStyle("sub", fontName=f, fontSize=10, leading=14, alignment=TA_CENTER),
        "party": ParagraphStyle("party", fontName=f, fontSize=12, leading=20),
        "body": ParagraphStyle(
            "body", fontName=f, fontSize=11, leading=17, firstLineIndent=22, wordWrap="CJK"
        ),
        "heading": ParagraphStyle("heading", fontName=f, fontSize=12, leading=20, spaceBefore=6),
        "cell": ParagraphStyle("cell", fontName=f, fontSize=9, leading=12, wordWrap="CJK"),
        "sign": ParagraphStyle("sign", fontName=f, fontSize=11, leading=20),
    }


def scoring_text(item) -> str:
    rule = item.rule_def
    params = [
        f"{p.label}{number(Decimal(str(item.params.get(name, p.default))))}{p.unit}"
        for name, p in rule.params.items()
    ]
    return rule.label + (f"（{'，'.join(params)}）" if params else "")


def items_table(letter: TargetLetter, st) -> Table:
    data = [["考核方面", "指标", "目标值", "权重（分）", "评分办法"]]
    style = [
        ("FONT", (0, 0), (-1, -1), font(), 9),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#F2F2F2")),
        ("ALIGN", (0, 0), (-1, 0), "CENTER"),
        ("ALIGN", (2, 1), (3, -1), "RIGHT"),
    ]
    items = sorted(letter.items.all(), key=lambda i: (i.indicator_def.area, i.position, i.pk))
    total = Decimal(0)
    area_start, current = 1, None
    for item in items:
        area = item.indicator_def.area
        row = len(data)
        if area != current:
            if current is not None and row - 1 > area_start:
                style.append(("SPAN", (0, area_start), (0, row - 1)))
            area_start, current = row, area
        unit = item.indicator_def.unit
        data.append(
            [
                text(f"（{'一二三四'[area - 1]}）{indicators.AREAS[area]}", st["cell"]),
                text(item.get_indicator_display(), st["cell"]),
                f"{number(item.target)}{unit}",
                number(item.weight),
                text(scoring_text(item), st["cell"]),
            ]
        )
        total += item.weight
    if len(data) - 1 > area_start:
        style.append(("SPAN", (0, area_start), (0, len(data) - 1)))
    data.append(["合计", "", "", number(total), ""])
    style += [("SPAN", (0, -1), (2, -1)), ("ALIGN", (0, -1), (2, -1), "CENTER")]
    widths = [34 * mm, 44 * mm, 20 * mm, 16 * mm, 60 * mm]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def day(value) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else "　　年　　月　　日"


def build(letter: TargetLetter) -> bytes:
    st = styles()
    city = letter.county.parent.name if letter.county.parent else "市总工会"
    out = io.BytesIO()
    title = f"{letter.year}年度工会组织建设目标责任书"
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=title,
        author=city,
    )
    deposit = number(letter.deposit_amount)
    paid = f"，已于{day(letter.deposit_paid_on)}缴纳" if letter.deposit_paid_on else ""
    story = [
        text(f"《{title}》", st["title"]),
        text(
            "（草稿，未签订）" if letter.editable else f"{letter.get_status_display()}", st["sub"]
        ),
        Spacer(1, 6 * mm),
        text(f"甲方：{city}", st["party"]),
        text(f"乙方：{letter.county.name}", st["party"]),
        Spacer(1, 3 * mm),
        text(
            f"为落实{letter.year}年度全市工会组织建设工作任务，推进“组建工会和发展会员”“双措并举、"
            "二次覆盖”“树千家示范工会”和“工会主席协议管理试点”各项工作，经甲乙双方协商，"
            "签订本目标责任书。",
            st["body"],
        ),
        text("一、目标任务", st["heading"]),
        text(
            f"乙方在{letter.year}年1月1日至12月31日期间完成下列目标任务。各项指标的完成数均以"
            "工会组织建设管理系统中的台帐数据为准，按考核截止日计算。",
            st["body"],
        ),
        Spacer(1, 2 * mm),
        items_table(letter, st),
        text("二、风险抵押", st["heading"]),
        text(
            f"乙方向甲方缴纳风险抵押金人民币{deposit}元{paid}。年终考核完成目标任务的，"
            "甲方全额返还抵押金并给予奖励；未完成目标任务的，按考核结果扣减直至全额扣除抵押金。",
            st["body"],
        ),
        text("三、考核", st["heading"]),
        text(
            "甲方定期通报各县市区目标完成情况，组织专项考核验收，年终按本责任书评分、排名，"
            "考核结果作为评先评优和专项表彰的依据。本责任书一式两份，甲乙双方各执一份，"
            "自签订之日起生效。",
            st["body"],
        ),
    ]
    if letter.note:
        story.append(text(f"备注：{letter.note}", st["body"]))
    signature = Table(
        [
            [
                text(f"甲方（盖章）：{city}", st["sign"]),
                text(f"乙方（盖章）：{letter.county.name}", st["sign"]),
            ],
            [
                text(f"负责人（签字）：{letter.city_signatory or '　' * 6}", st["sign"]),
                text(f"负责人（签字）：{letter.county_signatory or '　' * 6}", st["sign"]),
            ],
            [
                text(f"签订日期：{day(letter.signed_on)}", st["sign"]),
                text(f"签订日期：{day(letter.signed_on)}", st["sign"]),
            ],
        ],
        colWidths=[85 * mm, 85 * mm],
    )
    story += [Spacer(1, 8 * mm), KeepTogether(signature)]

    def page_number(canvas, doc_):
        canvas.setFont(font(), 8)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"第 {doc_.page} 页")

    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()
