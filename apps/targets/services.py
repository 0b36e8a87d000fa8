"""Writes that touch several rows: a year's template from the indicators' defaults, drafting
every county's letter from the template, signing a letter (which fixes its items)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.unions import parameters
from apps.unions.models import Union

from . import indicators
from .models import LetterTemplate, TargetItem, TargetLetter, TemplateItem


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
            TemplateItem(template=template, indicator=i.indicator, target=i.target,
                         weight=i.weight, rule=i.rule, params=i.params, position=i.position)
            for i in previous.items.all()
        ]  # fmt: skip
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
            letter=letter, indicator=i.indicator, weight=i.weight, rule=i.rule,
            params=i.params, position=i.position,
            target=quotas[i.indicator].get(letter.county_id, i.target)
            if i.indicator in quotas else i.target,
        )
        for letter in letters
        for i in items
    )  # fmt: skip
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
