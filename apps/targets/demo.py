"""Demo data of target management for `make run`: this year's template, a letter for every
county with targets set near what its ledgers will give by the year's end (some ahead, some
behind), signed — except the development zone's, left as a draft to show drafting — and a
contact person of the city for each county."""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from apps.core.demo import demo_step

from . import indicators, services
from .models import ContactPoint, TargetLetter
from .scoring import year_elapsed

STAFF = [
    ("王建国", "组织部部长"),
    ("李红梅", "组织部副部长"),
    ("张志强", "基层工作部部长"),
    ("刘芳", "组织部一级主任科员"),
    ("陈浩", "组织部二级主任科员"),
]
DRAFT_REGION = "421071"  # 荆州经济技术开发区


@demo_step(order=50)
@transaction.atomic
def demo_targets() -> dict[str, int]:
    rng = random.Random(2026)
    today = timezone.localdate()
    template = services.default_template(today.year)
    template.deposit_amount = Decimal(20000)
    template.save()
    counties = services.county_units()
    letters = services.draft_letters(template, counties)
    if not letters:
        return {}
    root = counties[0].parent
    counted = [i.code for i in indicators.indicators() if i.unit != "%" and not i.quota]
    actuals = indicators.actuals(counted, root, today.year, today)
    share = max(year_elapsed(today.year, today), Decimal(10)) / 100
    for letter in letters:
        for item in letter.items.filter(indicator__in=counted):
            actual = actuals.get(letter.county_id, {}).get(item.indicator)
            projected = (actual.value if actual and actual.value else Decimal(0)) / share
            factor = Decimal(str(rng.choice([0.8, 0.9, 1.0, 1.1, 1.2, 1.4])))
            item.target = max(Decimal(1), (projected * factor).quantize(0, ROUND_HALF_UP))
            item.save(update_fields=["target"])
        if letter.county.region_code != DRAFT_REGION:
            signed_on = today.replace(month=2, day=20) if today.month > 2 else today
            TargetLetter.objects.filter(pk=letter.pk).update(deposit_paid_on=signed_on)
            services.sign_letter(
                letter,
                city_signatory="荆州市总工会主席",
                county_signatory=f"{letter.county.name}主席",
                signed_on=signed_on,
            )
    ContactPoint.objects.bulk_create(
        ContactPoint(
            year=today.year,
            county=c,
            name=STAFF[n % len(STAFF)][0],
            title=STAFF[n % len(STAFF)][1],
            phone=f"0716-84{n:02d}123",
        )
        for n, c in enumerate(counties)
    )
    return {"target letters": len(letters), "contact points": len(counties)}
