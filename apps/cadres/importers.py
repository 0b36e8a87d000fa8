"""Cadre rosters from Excel: the cadres ledger, and positions (one row per office held).

Clerks keep their union cadres in a workbook with one row per person and office. Rows are
matched on the ID number (a cadre) and on ID number, union, office and start date (a
position): importing the same file again changes nothing. A person new to the ledger is
registered as a cadre of the union named in the row.
"""

from __future__ import annotations

from typing import Any

from simple_history.utils import bulk_create_with_history

from apps.core import foreign
from apps.core.importing import (
    LOOKUP_CHUNK,
    WRITE_BATCH,
    Column,
    LedgerImporter,
    RowError,
    parse_bool,
    parse_choice,
    parse_date,
    parse_id_number,
    parse_phone,
    text_max,
)
from apps.core.validators import id_number_facts
from apps.members.models import Member
from apps.unions.importers import UnionNameResolver
from apps.unions.models import Union

from .models import Cadre, Position
from .models.positions import sync_chair_names

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
            "name": record["name"], "id_number": number,
            "sex": id_number_facts(number, validated=True)[1],
            "mobile": record.get("mobile") or "", "union": union,
            "note": record.get("note") or "", "member_id": self.members.get(number),
        }  # fmt: skip

    def write(self, new, changed, fields, reason) -> None:
        super().write(new, changed, fields, reason)
        if "name" in fields:  # a chair renamed by the roster renames the union's chair column
            sync_chair_names(Position.objects.filter(cadre__in=changed).values("union"))


class PositionImporter(LedgerImporter):
    """One row per person and office; see the module docstring."""

    name, model, key = "positions", Position, "id_number"
    unique_keys = False  # a person holds several offices: one row each
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

    def _plan(self, records, result, progress):
        headers = self.headers
        numbers = {r["id_number"] for _, r, _ in records if r.get("id_number")}
        unions = UnionNameResolver(self.user, ALL_LEVELS, (r["union"] for _, r, _ in records))
        cadres = {c.id_number: c for c in Cadre.objects.filter(id_number__in=numbers)}
        in_scope = set(
            Cadre.objects.visible_to(self.user, "change")
            .filter(id_number__in=numbers)
            .values_list("id_number", flat=True)
        )
        existing = {
            (p.cadre.id_number, p.union_id, p.role, p.start_on): p
            for p in Position.objects.filter(cadre__id_number__in=numbers).select_related("cadre")
        }
        members = members_by_id_number(numbers)
        answerable = foreign.note(self.user, set(cadres) - in_scope, "干部任职导入")
        self.new_cadres: dict[str, Cadre] = {}
        new, changed, changed_fields, seen = [], [], set(), {}
        for row_no, record, raw in records:
            before = len(result.errors)

            def error(key: str, message: str, row_no=row_no, raw=raw) -> None:
                result.errors.append(RowError(row_no, headers[key], raw.get(key, ""), message))

            if any(record.get(k) is None for k in ("id_number", "name", "union", "role",
                                                    "start_on")):  # fmt: skip
                continue  # the engine has listed the empty or unreadable cell
            number = record["id_number"]
            union = unions.resolve(record["union"], "union", error)
            cadre = cadres.get(number) or self.new_cadres.get(number)
            if number in cadres and number not in in_scope:
                error("id_number", foreign.ELSEWHERE if number in answerable
                      else foreign.over_bound_message())  # fmt: skip
            elif cadre is not None and cadre.name != record["name"]:
                error("name", f"与该身份证号已登记的姓名“{cadre.name}”不一致")
            dated = {
                "union": union,
                "start_on": record["start_on"],
                "end_on": record.get("end_on"),
            }
            stored = union and existing.get((number, union.pk, record["role"], record["start_on"]))
            self.check_dates(Position, dated, stored or None, error)
            if len(result.errors) > before:
                continue
            key = (number, union.pk, record["role"], record["start_on"])
            if key in seen:
                error("role", f"与第{seen[key]}行是同一人同一职务同一任职日期")
                continue
            seen[key] = row_no
            if cadre is None:
                cadre = self.new_cadres[number] = Cadre(
                    name=record["name"], id_number=number, union=union,
                    sex=id_number_facts(number, validated=True)[1],
                    mobile=record.get("mobile") or "", member_id=members.get(number),
                )  # fmt: skip
            fields = {
                "full_time": bool(record.get("full_time")),
                "came_by": record.get("came_by") or Position.CameBy.ELECTED,
                "end_on": record.get("end_on"),
                "employer_post": record.get("employer_post") or Position.EmployerPost.WORKER,
            }
            position = existing.get(key)
            if position is None:
                new.append(Position(cadre=cadre, union=union, role=record["role"],
                                    start_on=record["start_on"], **fields))  # fmt: skip
                result.created += 1
                continue
            diff = [name for name, value in fields.items() if getattr(position, name) != value]
            for name in diff:
                setattr(position, name, fields[name])
            changed_fields.update(diff)
            if diff:
                changed.append(position)
                result.updated += 1
            else:
                result.unchanged += 1
        if self.new_cadres:
            result.notes.append(f"其中{len(self.new_cadres)}人是新登记的干部，将同时加入干部台帐。")
        return new, changed, sorted(changed_fields)

    def write(self, new, changed, fields, reason) -> None:
        if self.new_cadres:
            bulk_create_with_history(
                list(self.new_cadres.values()), Cadre, batch_size=WRITE_BATCH,
                default_user=self.user, default_change_reason=reason,
            )  # fmt: skip
            by_number = dict(
                Cadre.objects.filter(id_number__in=list(self.new_cadres)).values_list(
                    "id_number", "pk"
                )
            )
            for cadre in self.new_cadres.values():  # the positions hold these instances
                cadre.pk = by_number[cadre.id_number]
        super().write(new, changed, fields, reason)
        sync_chair_names({p.union_id for p in (*new, *changed) if p.role == Position.Role.CHAIR})
