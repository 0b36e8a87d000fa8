"""Every figure of DOMAIN.md as a function of (organization subtree, as-of date, year).

One source of truth (DESIGN.md): the dashboards, the statistics table, target scoring and the
bulletins all read figures from here. A *family* is one grouped query computing several
figures for every row of a table at once. Rows are the organizing children of the root (the
counties and industry unions of the city, the townships of a county), found by grouping on
the prefix of the owning union's materialized path; whatever belongs to the root itself or to
grassroots unions directly below it falls in the 直属 row. So a table costs one query per
family, whatever the number of counties or townships.

Other apps' figures (cadres, campaigns) join by registering a family with `register()`.
Every count drills down: `FigureTable.link()` is the ledger list filtered to exactly the rows
counted (a sum's link lists the rows summed; a rate's link lists its numerator's rows).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.db.models import Func
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.http import urlencode

from apps.core.scoping import PATH_SEGMENT_WIDTH, ScopedQuerySet
from apps.unions.models import Union

DIRECT = "direct"
TOTAL = "total"


@dataclass(frozen=True)
class Scope:
    """What a figure is computed for: a subtree, the day counts are taken on (as of), and the
    year whose events the 本年 figures count (from 1 January up to the as-of day at most).
    `user` scopes every query through `visible_to`; None only outside requests."""

    root: Union
    as_of: datetime.date
    year: int
    user: Any = None

    @property
    def year_start(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def year_end(self) -> datetime.date:
        return min(datetime.date(self.year, 12, 31), self.as_of)

    def rows(self, model) -> ScopedQuerySet:
        """The model's rows in the root's subtree that the user may see."""
        manager = model.objects
        qs = manager.all() if self.user is None else manager.visible_to(self.user)
        return qs.in_subtree(self.root.path)

    def last_year(self) -> Scope:
        """The same day a year earlier (29 February → 28 February), and the year before."""
        day = self.as_of
        try:
            earlier = day.replace(year=day.year - 1)
        except ValueError:
            earlier = day.replace(year=day.year - 1, day=28)
        return replace(self, as_of=earlier, year=self.year - 1)


@dataclass(frozen=True)
class Figure:
    """One figure: its key (English, DOMAIN.md), Chinese label and unit, and its drill-down —
    the URL name of a ledger list and the filter parameters (besides the row's organization)
    that list exactly the rows counted. `sum_field` marks a sum over those rows (职工人数);
    `rate` a percentage of two other figures (numerator, denominator)."""

    key: str
    label: str
    unit: str
    list_url: str = ""
    params: Callable[[Scope], dict[str, Any]] = lambda scope: {}
    sum_field: str = ""
    rate: tuple[str, str] | None = None


@dataclass(frozen=True)
class Family:
    """Figures computed by one grouped query. `compute(scope, branch)` returns rows of
    {"branch": …, figure key: value}, where `branch(lookup)` is the expression grouping a
    path lookup (e.g. "owner__path") into the table's rows. Rate figures may combine figures of
    any family and are not computed by the query."""

    key: str
    label: str
    figures: tuple[Figure, ...]
    compute: Callable[..., Iterable[dict[str, Any]]]
    # A family over a large table may count a second day in the same pass (the same day last
    # year of the dashboards): its compute then takes `previous=<Scope>` and returns those
    # values too, under the keys `previous_key(key)`.
    compares: bool = False
    # A family whose cost grows with the figures it counts (one filtered count each) may count
    # only those asked for: its compute then takes `keys=<set of figure keys>`.
    selects: bool = False


def previous_key(key: str) -> str:
    return f"{key}@previous"


_families: dict[str, Family] = {}


def register(family: Family) -> Family:
    _families[family.key] = family
    return family


def families() -> list[Family]:
    return list(_families.values())


def figures() -> dict[str, Figure]:
    return {f.key: f for family in _families.values() for f in family.figures}


@dataclass
class Row:
    key: str  # a union's pk, DIRECT or TOTAL
    label: str
    union: Union | None
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        # KeyError for anything else, so templates fall back to attributes (row.label).
        return self.values[key]


@dataclass
class FigureTable:
    scope: Scope
    rows: list[Row]  # the root's organizing children in tree order, then 直属 if not empty
    total: Row
    previous: Row | None = None  # the total on the day asked for with `compute(previous=…)`

    def row(self, key: str) -> Row:
        return self.total if key == TOTAL else next(r for r in self.rows if r.key == key)

    def link(self, row: Row, key: str) -> str:
        """The drill-down list of a cell: exactly the rows its figure counts."""
        figure = figures()[key]
        if figure.rate:
            figure = figures()[figure.rate[0]]
        if row.key == TOTAL:
            target = {"within": self.scope.root.pk}
        elif row.key == DIRECT:
            target = {"direct": self.scope.root.pk}
        else:
            target = {"within": row.key}
        query = {**target, **figure.params(self.scope)}
        return f"{reverse(figure.list_url)}?{urlencode(query, doseq=True)}"


def percent(numerator: int | None, denominator: int | None) -> Decimal | None:
    if not denominator:
        return None
    value = Decimal(numerator or 0) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def wanted(only: Iterable[str] | None) -> set[str] | None:
    """The figure keys to compute for `only` (None: all): a rate brings the two it divides."""
    if only is None:
        return None
    registry = figures()
    asked = set(only)  # `only` may be a generator: read once
    return asked.union(*(registry[key].rate or () for key in asked))


def compute(
    scope: Scope,
    *,
    by_row: bool = True,
    only: Iterable[str] | None = None,
    previous: Scope | None = None,
) -> FigureTable:
    """The registered figures (`only` these keys, if given) for the root's rows (or,
    `by_row=False`, the total only: one branch, the root itself), and with `previous` the total
    for that other scope (same root). One query per family that has a figure asked for (two for
    a family that cannot compare in one pass when `previous` is asked), plus one for the rows'
    names. Figures not asked for are absent from the rows."""
    root_width = len(scope.root.path)
    width = root_width + PATH_SEGMENT_WIDTH if by_row else root_width
    children = []
    if by_row:
        children = list(
            scope.rows(Union)
            .filter(parent=scope.root, level__in=Union.ORGANIZING_LEVELS)
            .order_by("path")
            .only("pk", "name", "path", "level")
        )
    rows = {c.path: Row(str(c.pk), c.name, c) for c in children}
    direct = Row(DIRECT, "本级及直属基层工会", None)
    total = Row(TOTAL, "合计", scope.root)
    before = Row(TOTAL, "合计", scope.root) if previous else None
    keys = wanted(only)

    def asked(figure: Figure) -> bool:
        return keys is None or figure.key in keys

    chosen = [f for f in families() if any(asked(g) for g in f.figures)]

    def branch(lookup: str) -> Func:
        return Substr(lookup, 1, width)

    def whole(lookup: str) -> Func:
        return Substr(lookup, 1, root_width)

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The families join and group a million memberships; with the default 4 MB
            # PostgreSQL hashes and sorts them in batches on disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        for family in chosen:
            counted = [f.key for f in family.figures if not f.rate and asked(f)]
            for r in [*rows.values(), direct, total, *([before] if before else [])]:
                r.values.update(dict.fromkeys(counted, 0))
            together = previous is not None and family.compares
            options = {"keys": set(counted)} if family.selects else {}
            results = (
                family.compute(scope, branch, previous=previous, **options)
                if together
                else family.compute(scope, branch, **options)
            )
            for result in results:
                # A family may group finer than the rows (by union): cut to the row's prefix.
                target = rows.get((result["branch"] or "")[:width], direct)
                for key in counted:
                    value = result.get(key) or 0
                    target.values[key] += value
                    total.values[key] += value
                    if together:
                        before.values[key] += result.get(previous_key(key)) or 0
            if previous is not None and not together:
                for result in family.compute(previous, whole, **options):
                    for key in counted:
                        before.values[key] += result.get(key) or 0
    shown = [*rows.values()]
    if any(direct.values.values()):
        shown.append(direct)
    for family in chosen:
        for figure in family.figures:
            if figure.rate and asked(figure):
                num, den = figure.rate
                for r in [*shown, total, *([before] if before else [])]:
                    r.values[figure.key] = percent(r.values.get(num), r.values.get(den))
    return FigureTable(scope, shown, total, before)
