"""The positions roster: one row per person and office (see `importers.cadres`).

The column declarations keep `# fmt: skip`: a column a line, they read as the template."""

from __future__ import annotations

from typing import Any

from simple_history.utils import bulk_create_with_history

from apps.core import foreign
from apps.core.exchange.columns import Column, parse_bool, parse_choice, parse_date, text_max
from apps.core.exchange.engine import WRITE_BATCH, LedgerImporter
from apps.core.validators import id_number_facts
from apps.unions.importers import UnionNameResolver

from ..models import Cadre, Position
from ..models.positions import sync_chair_names
from .cadres import ALL_LEVELS, members_by_id_number, person_columns


class PositionImporter(LedgerImporter):
    """One row per person and office; a person new to the ledger becomes a cadre of the union
    named in the row (see `importers.cadres`)."""

    name, model = "positions", Position
    # A person holds several offices: one row each, matched on the person, the union, the
    # office and the day it started.
    key = ("id_number", "union", "role", "start_on")
    repeated_key_message = ("role", "与第{row}行是同一人同一职务同一任职日期")
    columns = [
        *person_columns(of_position=True),
        Column("union", "任职工会", ("工会名称", "所在工会"), parse=text_max(100), required=True,
               example="荆州市示例机械有限公司工会委员会", export=lambda p: str(p.union)),
        Column("role", "职务", ("工会职务", "担任职务"), required=True, example="主席",
               parse=parse_choice(Position.Role, {"工会主席": "chair", "副主席": "vice_chair",
                                                  "委员": "committee", "经审委员": "funds_audit",
                                                  "经费审查委员": "funds_audit",
                                                  "女职委委员": "women"})),
        Column("full_time", "是否专职", ("专职", "专兼职"), example="是",
               parse=lambda v: {"专职": True, "兼职": False}.get(str(v).strip())
               if str(v).strip() in ("专职", "兼职") else parse_bool(v)),
        Column("came_by", "产生方式", example="选举产生",
               parse=parse_choice(Position.CameBy, {"选举": "elected", "委派": "appointed",
                                                    "任命": "appointed", "协议": "agreement"})),
        Column("start_on", "任职日期", ("任职时间", "到任日期"), parse=parse_date, required=True,
               example="2023-05-10"),
        Column("end_on", "离任日期", ("离任时间",), parse=parse_date),
        Column("employer_post", "在单位所任职务", ("单位职务", "行政职务"), example="普通职工",
               parse=parse_choice(Position.EmployerPost, {"职工": "worker", "法定代表人": "head",
                                                          "行政负责人": "head", "负责人": "head",
                                                          "近亲属": "relative",
                                                          "劳资人事负责人": "hr",
                                                          "人事负责人": "hr"})),
    ]  # fmt: skip

    def prepare(self, records):
        numbers = {r["id_number"] for r in records if r.get("id_number")}
        self.unions = UnionNameResolver(self.user, ALL_LEVELS, (r["union"] for r in records))
        self.by_pk: dict[int, Any] = {}
        self.cadres = {c.id_number: c for c in Cadre.objects.filter(id_number__in=numbers)}
        self.in_scope = set(
            Cadre.objects.visible_to(self.user, "change")
            .filter(id_number__in=numbers)
            .values_list("id_number", flat=True)
        )
        self.members = members_by_id_number(numbers)
        outside = set(self.cadres) - self.in_scope
        self.answerable = foreign.note(self.user, outside, "干部任职导入")
        self.new_cadres: dict[str, Cadre] = {}

    def natural_key(self, record, error):
        """(ID number, union pk, office, start day); the union is None when its name is not
        found (listed as an error), and the row's other cells are still checked."""
        if any(record.get(k) is None for k in ("id_number", "name", "union", "role", "start_on")):
            return None  # the engine has listed the empty or unreadable cell
        union = self.unions.resolve(record["union"], "union", error)
        if union is not None:
            self.by_pk[union.pk] = union
        pk = union.pk if union is not None else None
        return record["id_number"], pk, record["role"], record["start_on"]

    def find_existing(self, keys):
        rows = Position.objects.filter(cadre__id_number__in=list(self.cadres))
        return {
            (p.cadre.id_number, p.union_id, p.role, p.start_on): p
            for p in rows.select_related("cadre")
        }

    def keys_in_scope(self, existing):
        return set(existing)  # the scope is the cadre's, checked by to_fields

    def check_row(self, fields, obj, error):
        pass  # the dates are checked by to_fields, for rows with other errors too

    def to_fields(self, record, error):
        problems = []

        def report(key: str, message: str) -> None:
            problems.append(key)
            error(key, message)

        number, union = record["id_number"], self.by_pk.get(self.row_key[1])
        cadre = self.cadres.get(number) or self.new_cadres.get(number)
        if number in self.cadres and number not in self.in_scope:
            report(
                "id_number",
                foreign.ELSEWHERE if number in self.answerable else foreign.over_bound_message(),
            )
        elif cadre is not None and cadre.name != record["name"]:
            report("name", f"与该身份证号已登记的姓名“{cadre.name}”不一致")
        dated = {"union": union, "start_on": record["start_on"], "end_on": record.get("end_on")}
        self.check_dates(Position, dated, self.existing.get(self.row_key), report)
        if problems or union is None:
            return {}
        if cadre is None:
            cadre = self.new_cadres[number] = Cadre(
                name=record["name"],
                id_number=number,
                union=union,
                sex=id_number_facts(number, validated=True)[1],
                mobile=record.get("mobile") or "",
                member_id=self.members.get(number),
            )
        return {
            "cadre": cadre,
            "union": union,
            "role": record["role"],
            "start_on": record["start_on"],
            "full_time": bool(record.get("full_time")),
            "came_by": record.get("came_by") or Position.CameBy.ELECTED,
            "end_on": record.get("end_on"),
            "employer_post": record.get("employer_post") or Position.EmployerPost.WORKER,
        }

    def planned(self, result):
        if self.new_cadres:
            result.notes.append(f"其中{len(self.new_cadres)}人是新登记的干部，将同时加入干部台帐。")

    def write(self, new, changed, fields, reason) -> None:
        if self.new_cadres:
            bulk_create_with_history(
                list(self.new_cadres.values()),
                Cadre,
                batch_size=WRITE_BATCH,
                default_user=self.user,
                default_change_reason=reason,
            )
            by_number = dict(
                Cadre.objects.filter(id_number__in=list(self.new_cadres)).values_list(
                    "id_number", "pk"
                )
            )
            for cadre in self.new_cadres.values():  # the positions hold these instances
                cadre.pk = by_number[cadre.id_number]
        super().write(new, changed, fields, reason)
        sync_chair_names({p.union_id for p in (*new, *changed) if p.role == Position.Role.CHAIR})
