"""Writes that touch several rows, by family:

- letters: a year's template from the indicators' defaults, drafting every county's letter
  from the template, signing a letter (which fixes its items);
- 年底考核: the city freezes a year's ranking as of 31 December, adjusts a county's score only
  with a reason, and decides each county's outcome (which marks its letter 已考核); the final
  table after the adjustments is `standings`;
- 定期通报: publishing a period's bulletin, its data and files written once.

    freeze(2026, actor=admin)            # once, from 31 December on
    adjust(assessed, Decimal("88"), reason="…", actor=admin)
    standings(assessment)               # the final table: adjusted totals, final ranks
    publish(2026, "quarter", 2, actor=admin)
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from apps.unions import parameters
from apps.unions.models import Union

from . import bulletin_pdf, bulletin_xlsx, indicators
from .bulletin_content import bulletin_data
from .models import (
    AssessedCounty,
    AssessedItem,
    Assessment,
    Bulletin,
    CountyOutcome,
    LetterTemplate,
    ScoreAdjustment,
    TargetItem,
    TargetLetter,
    TemplateItem,
)
from .models.bulletins import period_end, period_label
from .scoring import ranking

# ------------------------------------------------------------------ letters


@transaction.atomic
def default_template(year: int) -> LetterTemplate:
    """The year's template; a year without one starts from the previous year's items, or
    from the indicators' defaults."""
    template, created = LetterTemplate.objects.get_or_create(year=year)
    if not created:
        return template
    previous = LetterTemplate.objects.filter(year__lt=year).order_by("-year").first()
    if previous is not None:
        template.deposit_amount, template.note = previous.deposit_amount, previous.note
        template.save()
        source = [
            TemplateItem(
                template=template,
                indicator=i.indicator,
                target=i.target,
                weight=i.weight,
                rule=i.rule,
                params=i.params,
                position=i.position,
            )
            for i in previous.items.all()
        ]
    else:
        source = [
            TemplateItem(
                template=template,
                indicator=i.code,
                target=i.default_target,
                weight=i.default_weight,
                rule=i.scoring_default[0],
                params=dict(i.scoring_default[1]),
                position=n,
            )
            for n, i in enumerate(indicators.indicators(), start=1)
        ]
    TemplateItem.objects.bulk_create(source)
    return template


def county_units() -> list[Union]:
    """The units that sign letters with the city: counties and the development zone."""
    return list(Union.objects.filter(level=Union.Level.COUNTY).order_by("path"))


@transaction.atomic
def draft_letters(template: LetterTemplate, counties: list[Union]) -> list[TargetLetter]:
    """A draft letter from the template for each county that has no letter for the year yet
    (existing letters are left as they are). A quota indicator's target is the county's
    quota of the year (per-county parameter), the others the template's target."""
    year = template.year
    have = set(
        TargetLetter.objects.filter(year=year, county__in=counties).values_list("county", flat=True)
    )
    new = [c for c in counties if c.pk not in have]
    if not new:
        return []
    items = list(template.items.all())
    quotas = {
        i.indicator: parameters.county_values(i.indicator_def.quota, year)
        for i in items
        if i.indicator_def.quota
    }
    letters = TargetLetter.objects.bulk_create(
        TargetLetter(county=c, year=year, deposit_amount=template.deposit_amount) for c in new
    )
    if not all(letter.pk for letter in letters):  # SQLite before 3.35 returns no keys
        letters = list(TargetLetter.objects.filter(year=year, county__in=new))
    TargetItem.objects.bulk_create(
        TargetItem(
            letter=letter,
            indicator=i.indicator,
            weight=i.weight,
            rule=i.rule,
            params=i.params,
            position=i.position,
            target=quotas[i.indicator].get(letter.county_id, i.target)
            if i.indicator in quotas
            else i.target,
        )
        for letter in letters
        for i in items
    )
    return letters


@transaction.atomic
def sign_letter(
    letter: TargetLetter, *, city_signatory: str, county_signatory: str, signed_on: datetime.date
) -> TargetLetter:
    """Record the signatories and the day; from then on the items cannot change."""
    if letter.status != TargetLetter.Status.DRAFT:
        raise ValidationError("该目标责任书已签订，不能再次签订")
    if not letter.items.exists():
        raise ValidationError("目标责任书没有任何指标，不能签订")
    total = sum((i.weight for i in letter.items.all()), Decimal(0))
    if total <= 0:
        raise ValidationError("指标权重合计应大于0")
    letter.city_signatory, letter.county_signatory = city_signatory, county_signatory
    letter.signed_on, letter.status = signed_on, TargetLetter.Status.SIGNED
    letter.save(update_fields=["city_signatory", "county_signatory", "signed_on", "status"])
    return letter


# ------------------------------------------------------------------ 年底考核


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
            assessment=assessment,
            county=score.county,
            letter=score.letter,
            total=score.total,
            weight=score.weight,
            rank=score.rank,
            deposit_amount=score.letter.deposit_amount,
        )
        AssessedItem.objects.bulk_create(
            AssessedItem(
                county=county,
                position=n,
                indicator=s.indicator.code,
                label=s.indicator.label,
                area=s.indicator.area,
                unit=s.indicator.unit,
                target=s.item.target,
                weight=s.item.weight,
                actual=s.actual,
                completion=s.completion,
                points=s.points,
                on_track=s.on_track,
                link=s.link,
            )
            for n, s in enumerate(score.items, start=1)
        )
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


# ------------------------------------------------------------------ 定期通报


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
        year=year,
        number=last + 1,
        period=period,
        period_number=period_number,
        period_end=end,
        published_by=actor,
    )
    bulletin.data = bulletin_data(result, title=f"{label}目标责任制工作完成情况通报")
    bulletin.data["published_on"] = today.isoformat()
    bulletin.data["number"] = str(bulletin)
    bulletin.pdf = bulletin_pdf.build(bulletin.data)
    bulletin.xlsx = bulletin_xlsx.build(bulletin.data)
    try:
        with transaction.atomic():
            bulletin.save()
    except IntegrityError as exc:  # another publication took the number or the period
        raise ValidationError("刚有另一期通报发布，请刷新后重试") from exc
    return bulletin
