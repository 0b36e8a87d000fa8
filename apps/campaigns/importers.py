"""会员评家 votes from Excel: one row per union and year with the three totals, matched on
(union, year), so importing the same sheet again changes nothing.

The engine matches rows on one key column; here that is the union, whose cell is replaced,
once its name is resolved, by the pair (union pk, year) the rows are matched on.

The column declarations keep `# fmt: skip`: a column a line, they read as the template.
"""

from __future__ import annotations

from typing import Any

from apps.core.importing import (
    Column,
    LedgerImporter,
    RowError,
    parse_date,
    parse_int,
    text_max,
)
from apps.unions.importers import UnionNameResolver
from apps.unions.models import Union

from .models import EvaluationRound

ALL_LEVELS = tuple(Union.Level.values)


def parse_year(value: Any) -> int:
    year = parse_int(str(value).removesuffix("年"))
    if not 2000 <= year <= 2100:
        raise ValueError("年度应为四位年份，如 2026")
    return year


class EvaluationRoundImporter(LedgerImporter):
    name, model, key = "evaluations", EvaluationRound, "union"
    unique_keys = False  # one union, several years: the pair is checked in _plan
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

    def _plan(self, records, result, progress):
        # The natural key is (union, year): resolve the union's name once per row, then let
        # the engine match, scope-check and diff on it.
        headers = {c.key: c.header for c in self.columns}
        self.unions = UnionNameResolver(self.user, ALL_LEVELS, (r["union"] for _, r, _ in records))
        self.by_pk: dict[int, Union] = {}
        seen: dict[tuple[int, int], int] = {}
        for row_no, record, raw in records:
            if record.get("union") is None or record.get("year") is None:
                continue  # the engine has listed the empty or unreadable cell

            def error(key: str, message: str, row_no=row_no, raw=raw) -> None:
                result.errors.append(RowError(row_no, headers[key], raw.get(key, ""), message))

            union = self.unions.resolve(record["union"], "union", error)
            if union is None:
                record["union"] = None  # listed as an error; the engine skips the row
                continue
            key = (union.pk, record["year"])
            if key in seen:
                error("year", f"与第{seen[key]}行是同一工会同一年度")
                record["union"] = None
                continue
            seen[key] = row_no
            self.by_pk[union.pk] = union
            record["union"] = key
        return super()._plan(records, result, progress)

    def _existing(self, keys):
        union_ids = {k[0] for k in keys}
        rows = EvaluationRound.objects.filter(union_id__in=union_ids)
        return {(r.union_id, r.year): r for r in rows if (r.union_id, r.year) in set(keys)}

    def _keys_in_scope(self, existing):
        scoped = EvaluationRound.objects.visible_to(self.user, "change")
        pks = [obj.pk for obj in existing.values()]
        return {(u, y) for u, y in scoped.filter(pk__in=pks).values_list("union_id", "year")}

    def to_fields(self, record, error):
        union = self.by_pk[record["union"][0]]
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
