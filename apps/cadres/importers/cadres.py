"""Cadre rosters from Excel: the cadres ledger, and positions (one row per office held).

Clerks keep their union cadres in a workbook with one row per person and office. Rows are
matched on the ID number (a cadre) and on ID number, union, office and start date (a
position): importing the same file again changes nothing. A person new to the ledger is
registered as a cadre of the union named in the row.

The column declarations keep `# fmt: skip`: a column a line, they read as the template.
"""

from __future__ import annotations

from typing import Any

from apps.core.exchange.columns import Column, parse_id_number, parse_phone, text_max
from apps.core.exchange.engine import LOOKUP_CHUNK, LedgerImporter
from apps.core.validators import id_number_facts
from apps.members.models import Member
from apps.unions.importers import UnionNameResolver
from apps.unions.models import Union

from ..models import Cadre, Position
from ..models.positions import sync_chair_names

ALL_LEVELS = tuple(Union.Level.values)


def person_columns(*, of_position: bool) -> list[Column]:
    """姓名, 身份证号, 手机号: a cadre's own fields, or read through a position's cadre."""

    def through(key):
        return (lambda p: getattr(p.cadre, key) or "") if of_position else None

    return [
        Column("name", "姓名", ("干部姓名",), parse=text_max(30), required=True, example="张伟",
               export=through("name")),
        Column("id_number", "身份证号", ("公民身份号码", "身份证号码"), parse=parse_id_number,
               required=True, example="421002198501010011", export=through("id_number")),
        Column("mobile", "手机号", ("手机", "联系电话", "手机号码"), parse=parse_phone,
               example="13871234567", export=through("mobile")),
    ]  # fmt: skip


def members_by_id_number(numbers: set[str]) -> dict[str, int]:
    """Member pks by ID number, to link cadres to their real-name records."""
    found: dict[str, int] = {}
    ordered = sorted(numbers)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found.update(Member.objects.filter(id_number__in=chunk).values_list("id_number", "pk"))
    return found


class CadreImporter(LedgerImporter):
    name, model, key = "cadres", Cadre, "id_number"
    columns = [
        *person_columns(of_position=False),
        Column("union", "登记工会", ("所在工会", "工会名称", "任职工会"), parse=text_max(100),
               required=True, example="荆州市示例机械有限公司工会委员会"),
        Column("note", "备注", parse=text_max(200)),
    ]  # fmt: skip

    def prepare(self, records: list[dict[str, Any]]) -> None:
        self.unions = UnionNameResolver(self.user, ALL_LEVELS, (r["union"] for r in records))
        self.members = members_by_id_number({r["id_number"] for r in records if r["id_number"]})

    def to_fields(self, record, error):
        union = self.unions.resolve(record["union"], "union", error)
        number = record["id_number"]
        return {
            "name": record["name"],
            "id_number": number,
            "sex": id_number_facts(number, validated=True)[1],
            "mobile": record.get("mobile") or "",
            "union": union,
            "note": record.get("note") or "",
            "member_id": self.members.get(number),
        }

    def write(self, new, changed, fields, reason) -> None:
        super().write(new, changed, fields, reason)
        if "name" in fields:  # a chair renamed by the roster renames the union's chair column
            sync_chair_names(Position.objects.filter(cadre__in=changed).values("union"))
