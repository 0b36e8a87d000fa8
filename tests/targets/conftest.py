"""Letters of the shared world's counties A (沙市区) and B (荆州区) for 2026."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection

from apps.targets.models import TargetItem, TargetLetter

YEAR = 2026
MID_YEAR = datetime.date(2026, 6, 30)

# On PostgreSQL the figures' transaction first raises work_mem: one more statement.
WORK_MEM_SETS = 1 if connection.vendor == "postgresql" else 0


def letter(county, items, *, status=TargetLetter.Status.SIGNED, year=YEAR) -> TargetLetter:
    """A letter with items given as (indicator, target, weight[, rule[, params]])."""
    made = TargetLetter.objects.create(county=county, year=year, deposit_amount=Decimal(20000))
    for n, (indicator, target, weight, *rest) in enumerate(items, start=1):
        rule = rest[0] if rest else "proportional"
        params = rest[1] if len(rest) > 1 else {}
        TargetItem.objects.create(
            letter=made,
            indicator=indicator,
            target=Decimal(target),
            weight=Decimal(weight),
            rule=rule,
            params=params,
            position=n,
        )
    if status != TargetLetter.Status.DRAFT:  # items first: a signed letter's are fixed
        made.status, made.signed_on = status, datetime.date(year, 2, 20)
        made.save()
    return made


@pytest.fixture
def signed(world):
    """Both counties signed the same two items: 2 new unions (60) and 100 % of the
    paid-fund employers unionized (40)."""
    items = [("new_unions", 2, 60), ("fund_unionized", 100, 40)]
    return letter(world.a.county, items), letter(world.b.county, items)
