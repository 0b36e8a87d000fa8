"""Yearly parameters: the numbers the city sets for a year — thresholds, standards, county quotas.

The app whose rules read a parameter registers it at import time, and reads it for a year:

    FULL_TIME_CHAIR = parameters.register(
        "cadres.full_time_chair_employees", "须配备专职主席的职工人数", default=200, unit="人"
    )
    threshold = parameters.value(FULL_TIME_CHAIR, 2026)
    quotas = parameters.county_values(AGREEMENT_QUOTA, 2026)   # per_county=True: {county pk: …}

A year without a value of its own takes the latest earlier year's, then the registered default,
so the city edits only what changed (page: unions:parameters). A county's own value, where one
is set, wins over the city-wide value of the same key.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured

from .models import Union, YearlyParameter

# The units that sign target letters with the city and receive quotas.
COUNTY_LEVELS = (Union.Level.COUNTY, Union.Level.INDUSTRY)


@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    default: Decimal
    unit: str = ""
    per_county: bool = False
    help_text: str = ""


_registry: dict[str, Parameter] = {}


def register(
    key: str, label: str, *, default, unit: str = "", per_county: bool = False, help_text: str = ""
) -> str:
    """Declare a parameter (once, at import time); returns its key for the caller to keep."""
    parameter = Parameter(key, label, Decimal(str(default)), unit, per_county, help_text)
    if _registry.setdefault(key, parameter) != parameter:
        raise ImproperlyConfigured(f"Yearly parameter {key!r} is registered twice, differently.")
    return key


def registered() -> list[Parameter]:
    """Every parameter, in the order the apps registered them (an app's own in its order)."""
    return list(_registry.values())


def in_force(year: int, keys) -> dict[tuple[str, int | None], YearlyParameter]:
    """The rows in force in a year: per key and county (None: city-wide), the latest row of
    that year or an earlier one."""
    rows = YearlyParameter.objects.filter(key__in=keys, year__lte=year).order_by("year")
    return {(row.key, row.county_id): row for row in rows}  # later years overwrite earlier


def value(key: str, year: int) -> Decimal:
    """The city-wide value of a parameter for a year."""
    row = in_force(year, [key]).get((key, None))
    return _registry[key].default if row is None else row.value


def county_values(key: str, year: int) -> dict[int, Decimal]:
    """Every county's value of a parameter for a year, by the county union's pk (two queries)."""
    rows = in_force(year, [key])
    citywide = rows[key, None].value if (key, None) in rows else _registry[key].default
    counties = Union.objects.filter(level__in=COUNTY_LEVELS).values_list("pk", flat=True)
    return {pk: rows[key, pk].value if (key, pk) in rows else citywide for pk in counties}
