"""会员评家 votes from Excel: one row per union and year with the three totals, matched on
(union, year), so importing the same sheet again changes nothing.

The natural key is composite: the union, once its name is resolved, and the year.

The column declarations keep `# fmt: skip`: a column a line, they read as the template.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from apps.core.exchange.columns import Column, parse_date, parse_int, text_max
from apps.core.exchange.engine import LedgerImporter
from apps.core.validators import validate_ledger_year
from apps.unions.importers import UnionNameResolver
from apps.unions.models import Union

from .models import EvaluationRound

ALL_LEVELS = tuple(Union.Level.values)


def parse_year(value: Any) -> int:
    year = parse_int(str(value).removesuffix("年"))
    try:
        validate_ledger_year(year)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from exc
    return year


class EvaluationRoundImporter(LedgerImporter):
    name, model, key = "evaluations", EvaluationRound, ("union", "year")
    repeated_key_message = ("year", "与第{row}行是同一工会同一年度")
    columns = [
        Column("union", "工会名称", ("所在工会", "工会"), parse=text_max(100), required=True,
               example="荆州市示例机械有限公司工会委员会", export=lambda r: str(r.union)),
        Column("year", "年度", ("测评年度",), parse=parse_year, required=True, example="2026"),
        Column("held_on", "测评日期", ("评家日期", "日期"), parse=parse_date, required=True,
               example="2026-06-30"),
        Column("satisfied", "满意", ("满意票", "满意票数"), parse=parse_int, required=True,
               example="120"),
        Column("basically_satisfied", "基本满意", ("基本满意票", "基本满意票数"),
               parse=parse_int, required=True, example="30"),
        Column("dissatisfied", "不满意", ("不满意票", "不满意票数"), parse=parse_int,
               required=True, example="5"),
    ]  # fmt: skip

    def prepare(self, records):
        self.unions = UnionNameResolver(self.user, ALL_LEVELS, (r["union"] for r in records))
        self.by_pk: dict[int, Union] = {}

    def natural_key(self, record, error):
        """(union pk, year), the union found by its name once per row."""
        if record.get("union") is None or record.get("year") is None:
            return None  # the engine has listed the empty or unreadable cell
        union = self.unions.resolve(record["union"], "union", error)
        if union is None:
            return None
        self.by_pk[union.pk] = union
        return union.pk, record["year"]

    def to_fields(self, record, error):
        union = self.by_pk[self.row_key[0]]
        if record["held_on"].year != record["year"]:
            error("held_on", f"测评日期应在{record['year']}年内")
        if record["satisfied"] + record["basically_satisfied"] + record["dissatisfied"] == 0:
            error("satisfied", "各项票数不能都为0")
        return {
            "union": union, "year": record["year"], "held_on": record["held_on"],
            "satisfied": record["satisfied"],
            "basically_satisfied": record["basically_satisfied"],
            "dissatisfied": record["dissatisfied"],
        }  # fmt: skip
