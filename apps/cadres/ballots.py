"""Ballot (选票) and tally sheet (计票单) of a chair election, as PDFs for printing.

The Chinese font is embedded (WenQuanYi Micro Hei, Debian's fonts-wqy-microhei), so the file
prints the same on any PC. Candidates are listed in pinyin order of surnames, standing in for
the customary stroke order of surnames (姓氏笔画); the page says so.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from apps.core.exchange.pdf import font

from .models import Candidate, Election
from .services import ballot_key

# The box a voter marks: the tests count boxes of exactly this size, one per candidate.
BOX = 12 * mm
ORDER_NOTE = "候选人按姓氏拼音顺序排列（以拼音顺序代替按姓氏笔画排列的惯例）。"
WIDTH, HEIGHT = A4
MARGIN = 20 * mm


def ballot_candidates(election: Election) -> list[Candidate]:
    return sorted(election.candidates.all(), key=lambda c: (ballot_key(c.name), c.pk))


def _date(election: Election) -> str:
    day = election.held_on
    return f"{day.year}年{day.month}月{day.day}日"


def _header(c: Canvas, title: str, election: Election) -> float:
    """Union name, title and date at the top; returns the y below them."""
    y = HEIGHT - MARGIN - 8 * mm
    c.setFont(font(), 18)
    c.drawCentredString(WIDTH / 2, y, election.union.name)
    y -= 11 * mm
    c.setFont(font(), 16)
    c.drawCentredString(WIDTH / 2, y, title)
    y -= 8 * mm
    c.setFont(font(), 11)
    c.drawCentredString(
        WIDTH / 2, y, f"选举日期：{_date(election)}　　选举方式：{election.get_method_display()}"
    )
    return y - 10 * mm


def _paragraphs(c: Canvas, lines: list[str], y: float, size: int = 10.5) -> float:
    c.setFont(font(), size)
    for line in lines:
        c.drawString(MARGIN, y, line)
        y -= size * 1.7
    return y


def _box(c: Canvas, x: float, y: float) -> None:
    c.rect(x, y, BOX, BOX, stroke=1, fill=0)


def ballot_pdf(election: Election) -> bytes:
    """The ballot: instructions, then one row per candidate with a box to mark."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setTitle(f"{election.union.name}主席选举选票")
    y = _header(c, "工会主席选举选票", election)
    y = _paragraphs(
        c,
        [
            "填写说明：",
            "1. 本次选举应选工会主席1名。",
            "2. 同意的候选人，在其姓名右侧的方框内划“○”；不同意的划“×”；弃权的不划任何符号。",
            "3. 划“○”的人数多于应选人数的选票无效；符号不清、无法辨认的，该候选人的选票作弃权。",
            "4. 请用黑色或蓝色笔填写，不得涂改。",
            ORDER_NOTE,
        ],
        y,
    )
    y -= 6 * mm
    row_h = BOX + 8 * mm
    left, right = MARGIN + 20 * mm, WIDTH - MARGIN - 20 * mm
    c.setFont(font(), 11)
    c.drawString(left + 4 * mm, y, "序号")
    c.drawString(left + 24 * mm, y, "候选人姓名")
    c.drawRightString(right - 2 * mm, y, "表决（划○或×）")
    y -= 4 * mm
    c.line(left, y, right, y)
    for index, candidate in enumerate(ballot_candidates(election), start=1):
        if y - row_h < MARGIN + 20 * mm:
            c.showPage()
            y = HEIGHT - MARGIN
        y -= row_h
        c.setFont(font(), 13)
        c.drawString(left + 6 * mm, y + row_h / 2 - 2 * mm, str(index))
        c.setFont(font(), 16)
        c.drawString(left + 24 * mm, y + row_h / 2 - 2.5 * mm, candidate.name)
        _box(c, right - 30 * mm, y + (row_h - BOX) / 2)
        c.line(left, y, right, y)
    c.setFont(font(), 10)
    c.drawCentredString(WIDTH / 2, MARGIN, f"{election.union.name}　{_date(election)}")
    c.showPage()
    c.save()
    return buf.getvalue()


def tally_pdf(election: Election) -> bytes:
    """The tally sheet: the numbers to fill in, one row per candidate with a box for the total."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.setTitle(f"{election.union.name}主席选举计票单")
    y = _header(c, "工会主席选举计票单", election)
    y = _paragraphs(
        c,
        [
            f"应参加选举人数：{election.eligible_voters}人　　实到人数：______人",
            "发出选票：______张　　收回选票：______张　　有效票：______张　　无效票：______张",
            f"当选须得票超过应参加选举人数的半数，即不少于{election.votes_needed}票。",
            "计票方法：唱票人每唱一票，计票人在该候选人的计票栏内划一笔，每五票成一个“正”字。",
            ORDER_NOTE,
        ],
        y,
    )
    y -= 6 * mm
    row_h = BOX + 10 * mm
    left, right = MARGIN, WIDTH - MARGIN
    c.setFont(font(), 11)
    c.drawString(left + 2 * mm, y, "序号")
    c.drawString(left + 14 * mm, y, "候选人姓名")
    c.drawString(left + 50 * mm, y, "计票（划“正”字）")
    c.drawRightString(right - 2 * mm, y, "得票数")
    y -= 4 * mm
    c.line(left, y, right, y)
    for index, candidate in enumerate(ballot_candidates(election), start=1):
        if y - row_h < MARGIN + 40 * mm:
            c.showPage()
            y = HEIGHT - MARGIN
        y -= row_h
        c.setFont(font(), 12)
        c.drawString(left + 4 * mm, y + row_h / 2 - 2 * mm, str(index))
        c.setFont(font(), 14)
        c.drawString(left + 14 * mm, y + row_h / 2 - 2.5 * mm, candidate.name)
        c.line(left + 48 * mm, y, left + 48 * mm, y + row_h)
        c.line(right - 24 * mm, y, right - 24 * mm, y + row_h)
        _box(c, right - 18 * mm, y + (row_h - BOX) / 2)
        c.line(left, y, right, y)
    y -= 14 * mm
    _paragraphs(
        c,
        [
            "监票人（签名）：____________　　计票人（签名）：____________　　"
            "唱票人（签名）：____________"
        ],
        y,
    )
    c.setFont(font(), 10)
    c.drawCentredString(WIDTH / 2, MARGIN, f"{election.union.name}　{_date(election)}")
    c.showPage()
    c.save()
    return buf.getvalue()
