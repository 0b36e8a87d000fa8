"""定期通报's content: what a bulletin shows — the ranking at the period's end, each county's
points per area, the counties behind the year's time, each county's contact person — built
as plain data at publication (`bulletin_data`, stored as JSON for the web page), and the texts
and table rows its PDF and workbook print from that stored data. A published bulletin never
changes when the ledgers do.

The data holds no drill-down links: the bulletin goes to every county alike."""

from __future__ import annotations

import datetime
from decimal import Decimal

from . import indicators
from .models import ContactPoint
from .scoring import Ranking


def number(value: Decimal | None) -> str:
    """A figure as the bulletin prints it: 12, 12.5, 1,200; '—' for none."""
    if value is None:
        return "—"
    value = Decimal(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():f}"


def contacts(year: int) -> dict[int, str]:
    """county pk → its contact persons of the year (the whole-county one first)."""
    names: dict[int, list[str]] = {}
    points = ContactPoint.objects.filter(year=year).order_by("county", "area", "pk")
    for point in points:
        text = point.name + (f"（{point.title}）" if point.title else "")
        text += f" {point.phone}" if point.phone else ""
        names.setdefault(point.county_id, []).append(text)
    return {county: "；".join(texts) for county, texts in names.items()}


def bulletin_data(result: Ranking, *, title: str) -> dict:
    """What a bulletin shows, as plain JSON-able data."""
    areas = sorted({s.indicator.area for c in result.counties for s in c.items})
    contact = contacts(result.year)
    counties = []
    for score in result.counties:
        per_area = score.area_points()
        counties.append(
            {
                "name": score.county.name,
                "rank": score.rank,
                "total": number(score.total),
                "weight": number(score.weight),
                "areas": [
                    [number(per_area[a][0]), number(per_area[a][1])] if a in per_area else None
                    for a in areas
                ],
                "behind": [
                    {
                        "label": s.indicator.label,
                        "actual": number(s.actual),
                        "unit": s.indicator.unit,
                        "target": number(s.item.target),
                        "completion": number(s.completion),
                    }
                    for s in score.behind
                ],
                "contact": contact.get(score.county.pk, ""),
            }
        )
    return {
        "title": title,
        "as_of": result.as_of.isoformat(),
        "elapsed": number(result.elapsed),
        "areas": [indicators.AREAS[a] for a in areas],
        "counties": counties,
    }


# ------------------------------------------------------------------ printed from the data

ISSUER = "荆州市总工会组织部"


def day_text(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def ranking_header(data: dict) -> list[str]:
    return ["排名", "县市区", *(f"{a}\n得分/满分" for a in data["areas"]), "总分", "联系人"]


def ranking_rows(data: dict) -> list[list[str]]:
    return [
        [
            str(c["rank"]),
            c["name"],
            *("—" if a is None else f"{a[0]}/{a[1]}" for a in c["areas"]),
            f"{c['total']}/{c['weight']}",
            c["contact"] or "—",
        ]
        for c in data["counties"]
    ]


def behind_rows(data: dict) -> list[list[str]]:
    return [
        [
            c["name"],
            b["label"],
            f"{b['actual']}{b['unit']}",
            f"{b['target']}{b['unit']}",
            "—" if b["completion"] == "—" else f"{b['completion']}%",
        ]
        for c in data["counties"]
        for b in c["behind"]
    ]


BEHIND_HEADER = ["县市区", "滞后指标", "完成数", "目标值", "完成率"]


def introduction(data: dict) -> str:
    behind = sum(1 for c in data["counties"] if c["behind"])
    return (
        f"截至{day_text(data['as_of'])}，全年时间进度为{data['elapsed']}%。根据工会组织建设管理"
        f"系统台帐数据，对{len(data['counties'])}个县市区目标责任书各项指标完成情况通报如下，"
        f"其中{behind}个县市区有指标完成率低于时间进度。"
    )
