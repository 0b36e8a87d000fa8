"""年底考核: the city freezes a year's ranking as of 31 December, adjusts a county's score only
with a reason, and decides each county's outcome (which marks its letter 已考核).

    freeze(2026, actor=admin)            # once, from 31 December on
    adjust(assessed, Decimal("88"), reason="…", actor=admin)
    standings(assessment)               # the final table: adjusted totals, final ranks
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import TargetLetter
from .records import AssessedCounty, AssessedItem, Assessment, CountyOutcome, ScoreAdjustment
from .scoring import ranking


@transaction.atomic
def freeze(year: int, *, actor, today: datetime.date | None = None) -> Assessment:
    """Store the ranking of the year's signed letters as of 31 December. Refused before the
    year's last day, without a signed letter, and a second time."""
    today = today or timezone.localdate()
    year_end = datetime.date(year, 12, 31)
    done = Assessment.objects.filter(year=year).select_related("frozen_by").first()
    if done is not None:
        raise ValidationError(
            f"{year}年度的考核结果已于{timezone.localtime(done.frozen_at):%Y年%m月%d日 %H:%M}"
            f"由{done.frozen_by}冻结，不能再次冻结"
        )
    if today < year_end:
        raise ValidationError(f"{year}年度尚未结束，12月31日起才能冻结年底考核结果")
    result = ranking(year, year_end)
    if not result.counties:
        raise ValidationError(f"{year}年度没有已签订的目标责任书，无法考核")
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                year=year, as_of=year_end, elapsed=result.elapsed, frozen_by=actor
            )
    except IntegrityError as exc:  # another request froze it a moment ago
        raise ValidationError(f"{year}年度的考核结果已冻结，不能再次冻结") from exc
    for score in result.counties:
        county = AssessedCounty.objects.create(
            assessment=assessment, county=score.county, letter=score.letter, total=score.total,
            weight=score.weight, rank=score.rank, deposit_amount=score.letter.deposit_amount,
        )  # fmt: skip
        AssessedItem.objects.bulk_create(
            AssessedItem(
                county=county, position=n, indicator=s.indicator.code, label=s.indicator.label,
                area=s.indicator.area, unit=s.indicator.unit, target=s.item.target,
                weight=s.item.weight, actual=s.actual, completion=s.completion,
                points=s.points, on_track=s.on_track, link=s.link,
            )
            for n, s in enumerate(score.items, start=1)
        )  # fmt: skip
    return assessment


def final_points(county: AssessedCounty) -> Decimal:
    """The frozen total, or the latest adjustment's points (adjustments prefetched in order)."""
    adjustments = list(county.adjustments.all())
    return adjustments[-1].new_points if adjustments else county.total


@transaction.atomic
def adjust(county: AssessedCounty, new_points: Decimal, *, reason: str, actor) -> ScoreAdjustment:
    """Record an adjustment of a frozen county's score; the reason is required."""
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "调整得分须写明理由"
    old = final_points(county)
    if new_points is None or new_points < 0 or new_points > county.weight:
        errors["new_points"] = f"调整后得分应在0到{county.weight.normalize():f}分之间"
    elif new_points == old:
        errors["new_points"] = f"调整后得分与现得分（{old.normalize():f}分）相同"
    if errors:
        raise ValidationError(errors)
    return ScoreAdjustment.objects.create(
        county=county, old_points=old, new_points=new_points, reason=reason, adjusted_by=actor
    )


@transaction.atomic
def decide(outcome: CountyOutcome, *, actor) -> CountyOutcome:
    """Save the city's decision on a county (validated by the form) and mark its letter
    已考核."""
    outcome.decided_by = actor
    outcome.full_clean()
    outcome.save()
    TargetLetter.objects.filter(pk=outcome.county.letter_id).update(
        status=TargetLetter.Status.ASSESSED
    )
    return outcome


@dataclass
class Standing:
    county: AssessedCounty
    points: Decimal  # after adjustments
    rank: int  # by the final points; ties share a rank
    outcome: CountyOutcome | None

    @property
    def adjusted(self) -> bool:
        return self.points != self.county.total


def standings(assessment: Assessment) -> list[Standing]:
    """Every county of the assessment with its final points and rank (three queries)."""
    counties = list(
        assessment.counties.select_related("county", "outcome").prefetch_related("adjustments")
    )
    rows = [
        Standing(c, final_points(c), 0, getattr(c, "outcome", None))
        for c in sorted(counties, key=lambda c: c.county.path)
    ]
    rows.sort(key=lambda r: -r.points)
    for position, row in enumerate(rows, start=1):
        previous = rows[position - 2] if position > 1 else None
        row.rank = previous.rank if previous and previous.points == row.points else position
    return rows
