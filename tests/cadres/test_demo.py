"""The demo and benchmark generator: committees, elections and findings, any day of the year."""

import datetime

from apps.cadres import rules
from apps.cadres.demo import generate_cadres, years_after
from apps.cadres.models import Election, Position
from apps.unions.models import Union


def test_years_after_keeps_leap_days_valid():
    assert years_after(datetime.date(2024, 2, 29), -6) == datetime.date(2018, 2, 28)
    assert years_after(datetime.date(2023, 5, 10), 5) == datetime.date(2028, 5, 10)


def test_generator_fills_committees_and_the_union_ledger(world):
    made = generate_cadres(Union.objects.grassroots(), share=1.0, today=datetime.date(2028, 2, 29))
    assert made["positions"] == Position.objects.count() >= 4
    assert made["elections"] == Election.objects.count()
    chair = Position.objects.filter(role="chair").select_related("union", "cadre").first()
    assert chair.union.chair_name == chair.cadre.name
    found = rules.findings(Union.objects.all(), datetime.date(2028, 2, 29))
    assert all(f.evidence for f in found)
