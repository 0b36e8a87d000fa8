"""定期通报: the city publishes a bulletin for a month or a quarter — the ranking at the
period's end, each county's points per area, the counties behind the year's time, each
county's contact person — numbered per year (2026年第3期). Everything the bulletin shows is
written at publication: the data (as JSON, for the web page) and the PDF and workbook made
from it, so a published bulletin never changes when the ledgers do.

The data holds no drill-down links: the bulletin goes to every county alike."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from . import bulletin_files, indicators
from .models import ContactPoint
from .records import Bulletin, period_end, period_label
from .scoring import Ranking, ranking

CITY_NAME = "荆州市总工会"


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
        counties.append({
            "name": score.county.name,
            "rank": score.rank,
            "total": number(score.total),
            "weight": number(score.weight),
            "areas": [
                [number(per_area[a][0]), number(per_area[a][1])] if a in per_area else None
                for a in areas
            ],
            "behind": [
                {"label": s.indicator.label, "actual": number(s.actual), "unit": s.indicator.unit,
                 "target": number(s.item.target), "completion": number(s.completion)}
                for s in score.behind
            ],
            "contact": contact.get(score.county.pk, ""),
        })  # fmt: skip
    return {
        "title": title,
        "as_of": result.as_of.isoformat(),
        "elapsed": number(result.elapsed),
        "areas": [indicators.AREAS[a] for a in areas],
        "counties": counties,
    }


@transaction.atomic
def publish(
    year: int, period: str, period_number: int, *, actor, today: datetime.date | None = None
) -> Bulletin:
    """Number, render and store the bulletin of a period that has ended."""
    today = today or timezone.localdate()
    label = period_label(year, period, period_number)
    end = period_end(year, period, period_number)
    if end > today:
        raise ValidationError(f"{label}尚未结束（截至{end:%Y-%m-%d}），不能发布该期通报")
    if Bulletin.objects.filter(year=year, period=period, period_number=period_number).exists():
        raise ValidationError(f"{label}的通报已经发布过")
    result = ranking(year, end)
    if not result.counties:
        raise ValidationError(f"{year}年度还没有已签订的目标责任书，无可通报")
    last = Bulletin.objects.filter(year=year).aggregate(last=Max("number"))["last"] or 0
    bulletin = Bulletin(
        year=year, number=last + 1, period=period, period_number=period_number, period_end=end,
        published_by=actor,
    )  # fmt: skip
    bulletin.data = bulletin_data(result, title=f"{label}目标责任制工作完成情况通报")
    bulletin.data["published_on"] = today.isoformat()
    bulletin.data["number"] = str(bulletin)
    bulletin.pdf = bulletin_files.pdf(bulletin.data)
    bulletin.xlsx = bulletin_files.xlsx(bulletin.data)
    try:
        with transaction.atomic():
            bulletin.save()
    except IntegrityError as exc:  # another publication took the number or the period
        raise ValidationError("刚有另一期通报发布，请刷新后重试") from exc
    return bulletin
