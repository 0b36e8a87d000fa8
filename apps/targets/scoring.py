"""The scoring engine: every signed county's items as of a day — actual (from apps.stats),
completion, points, whether it keeps pace with the year — its total and its rank.

    ranking(2026, date(2026, 6, 30)).counties[0].total

A fixed number of queries whatever the number of counties: the letters with their items (two),
then one `compute` over the city's counties for the indicators the letters hold (the counties'
names and one grouped query per figure family). Drafts are not scored.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch

from apps.unions.models import Union

from . import indicators, rules
from .indicators import Indicator
from .models import TargetItem, TargetLetter

HUNDRED = Decimal(100)


@dataclass
class ItemScore:
    indicator: Indicator
    item: TargetItem
    actual: Decimal | None
    completion: Decimal | None  # percent of target; target 0 → 100 if actual >= 0
    points: Decimal
    on_track: bool  # completion >= share of the year elapsed at as_of
    link: str  # drill-down URL of the counted rows


@dataclass
class CountyScore:
    county: Union
    letter: TargetLetter
    items: list[ItemScore]
    total: Decimal
    rank: int  # ties share a rank (1, 2, 2, 4)

    def area_points(self) -> dict[int, tuple[Decimal, Decimal]]:
        """area → (points, weight) of the county's items in that area, areas in order."""
        result: dict[int, tuple[Decimal, Decimal]] = {}
        for score in sorted(self.items, key=lambda s: s.indicator.area):
            points, weight = result.get(score.indicator.area, (Decimal(0), Decimal(0)))
            result[score.indicator.area] = (points + score.points, weight + score.item.weight)
        return result

    @property
    def weight(self) -> Decimal:
        return sum((s.item.weight for s in self.items), Decimal(0))

    @property
    def behind(self) -> list[ItemScore]:
        return [s for s in self.items if not s.on_track]


@dataclass
class Ranking:
    year: int
    as_of: datetime.date
    counties: list[CountyScore]  # by rank

    @property
    def elapsed(self) -> Decimal:
        return year_elapsed(self.year, self.as_of)

    def of(self, county: Union | int) -> CountyScore | None:
        pk = getattr(county, "pk", county)
        return next((c for c in self.counties if c.county.pk == pk), None)


def year_elapsed(year: int, as_of: datetime.date) -> Decimal:
    """The share of the year gone by at the end of the as-of day, in percent (0.1)."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if as_of < first:
        return Decimal(0)
    if as_of >= last:
        return HUNDRED
    days = Decimal((as_of - first).days + 1) * HUNDRED / Decimal((last - first).days + 1)
    return days.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def scored_letters(year: int, user=None) -> list[TargetLetter]:
    """The year's signed and assessed letters the user may see (all with user None), with
    their counties and items: two queries."""
    manager = TargetLetter.objects
    letters = manager.all() if user is None else manager.visible_to(user)
    return list(
        letters.filter(year=year, status__in=TargetLetter.SCORED)
        .select_related("county__parent")
        .prefetch_related(Prefetch("items", TargetItem.objects.order_by("position", "pk")))
    )


def score_item(item: TargetItem, actual: indicators.Actual, elapsed: Decimal) -> ItemScore:
    done = rules.completion(actual.value, item.target)
    if done is None:
        # A rate without a base (no employer on the county's list): nothing left to do.
        points, on_track = item.weight, True
    else:
        points = item.rule_def.points(done, item.weight, item.params)
        on_track = done >= elapsed
    return ItemScore(item.indicator_def, item, actual.value, done, points, on_track, actual.link)


def rank(scores: list[CountyScore]) -> list[CountyScore]:
    """Highest total first; equal totals share the rank, the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(scores, key=lambda s: (-s.total, s.county.path))
    for position, score in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        score.rank = previous.rank if previous and previous.total == score.total else position
    return ordered


def ranking(
    year: int,
    as_of: datetime.date,
    user=None,
    letters: Iterable[TargetLetter] | None = None,
) -> Ranking:
    """Score the year's signed (and assessed) letters as of a day and rank the counties.
    `user` scopes the letters and the ledgers counted (None: all, for the published ranking
    and the bulletins); `letters` (loaded with `scored_letters`) skips loading them again."""
    letters = scored_letters(year, user) if letters is None else list(letters)
    if not letters:
        return Ranking(year, as_of, [])
    root = letters[0].county.parent
    codes = [item.indicator for letter in letters for item in letter.items.all()]
    values = indicators.actuals(codes, root, year, as_of, user)
    elapsed = year_elapsed(year, as_of)
    missing = indicators.Actual(Decimal(0), "")
    scores = []
    for letter in letters:
        county_values = values.get(letter.county_id, {})
        items = [
            score_item(item, county_values.get(item.indicator, missing), elapsed)
            for item in letter.items.all()
        ]
        total = sum((s.points for s in items), Decimal(0))
        scores.append(CountyScore(letter.county, letter, items, total, 0))
    return Ranking(year, as_of, rank(scores))
