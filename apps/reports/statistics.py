"""The statistics table's figures: rows of counts from apps.stats (one grouped query per
figure family, never a recount here), a total row that is the sum of the rows, and the rates
recomputed from the counts (so a corrected count moves its rate)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from apps.stats.figures import Scope, compute, figures, percent
from apps.unions.models import Union

from .layout import COLUMNS, Column, count_keys

TOTAL_LABEL = "合计"


@dataclass
class TableRow:
    key: str  # a union's pk, "direct" or "total"
    label: str
    values: dict[str, int] = field(default_factory=dict)
    # Corrected cells of an annual report: key → (ledger value, reason).
    corrections: dict[str, tuple[int, str]] = field(default_factory=dict)

    def cell(self, key: str) -> int | Decimal | None:
        """A column's value: a count, a rate from this row's counts, or None (a rate without a
        base)."""
        figure = figures()[key]
        if figure.rate:
            num, den = figure.rate
            return percent(self.values.get(num), self.values.get(den))
        return self.values.get(key, 0)

    def text(self, column: Column) -> str:
        """A column's value as printed: counts with thousands separators, rates with one
        decimal, "—" for a rate without a base."""
        value = self.cell(column.key)
        if value is None:
            return "—"
        return f"{value}" if column.is_rate else f"{value:,}"


@dataclass
class StatisticsTable:
    org: Union
    as_of: datetime.date
    year: int
    rows: list[TableRow]
    status: str = ""  # the annual report's status, or "" for a table straight from the ledgers

    @property
    def total(self) -> TableRow:
        total = TableRow("total", TOTAL_LABEL)
        for row in self.rows:
            for key, value in row.values.items():
                total.values[key] = total.values.get(key, 0) + value
        return total

    @property
    def unit_label(self) -> str:
        return "县（市、区）及产业工会" if self.org.level == Union.Level.CITY else "乡镇（街道）"


def needed_keys() -> list[str]:
    """The counts to store: the table's counts and the counts its rates divide."""
    keys = count_keys()
    for column in COLUMNS:
        if column.is_rate:
            keys += [k for k in column.figure.rate if k not in keys]
    return keys


def from_ledgers(org: Union, as_of: datetime.date, year: int, user=None) -> StatisticsTable:
    """The table as the ledgers give it on the day: rows are the organization's counties (or
    townships and industry unions, then 本级及直属) from stats.compute."""
    table = compute(Scope(org, as_of, year, user), only=needed_keys())
    keys = needed_keys()
    rows = [
        TableRow(row.key, row.label, {k: int(row.values.get(k) or 0) for k in keys})
        for row in table.rows
    ]
    return StatisticsTable(org, as_of, year, rows)


def default_as_of(year: int, today: datetime.date) -> datetime.date:
    """A year's table counts on 31 December, or today while the year runs."""
    return min(datetime.date(year, 12, 31), today)
