"""The positions roster: one row per person and office (see `importers.cadres`).

The column declarations keep `# fmt: skip`: a column a line, they read as the template."""

from __future__ import annotations

from simple_history.utils import bulk_create_with_history

from apps.core import foreign
from apps.core.importing import (
    WRITE_BATCH,
    Column,
    LedgerImporter,
    RowError,
    parse_bool,
    parse_choice,
    parse_date,
    text_max,
)
from apps.core.validators import id_number_facts
from apps.unions.importers import UnionNameResolver

from ..models import Cadre, Position
from ..models.positions import sync_chair_names
from .cadres import ALL_LEVELS, members_by_id_number, person_columns


class PositionImporter(LedgerImporter):
    """One row per person and office; a person new to the ledger becomes a cadre of the union
    named in the row (see `importers.cadres`)."""

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

            if any(
                record.get(k) is None for k in ("id_number", "name", "union", "role", "start_on")
            ):
                continue  # the engine has listed the empty or unreadable cell
            number = record["id_number"]
            union = unions.resolve(record["union"], "union", error)
            cadre = cadres.get(number) or self.new_cadres.get(number)
            if number in cadres and number not in in_scope:
                error(
                    "id_number",
                    foreign.ELSEWHERE if number in answerable else foreign.over_bound_message(),
                )
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
                    name=record["name"],
                    id_number=number,
                    union=union,
                    sex=id_number_facts(number, validated=True)[1],
                    mobile=record.get("mobile") or "",
                    member_id=members.get(number),
                )
            fields = {
                "full_time": bool(record.get("full_time")),
                "came_by": record.get("came_by") or Position.CameBy.ELECTED,
                "end_on": record.get("end_on"),
                "employer_post": record.get("employer_post") or Position.EmployerPost.WORKER,
            }
            position = existing.get(key)
            if position is None:
                new.append(
                    Position(
                        cadre=cadre,
                        union=union,
                        role=record["role"],
                        start_on=record["start_on"],
                        **fields,
                    )
                )
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
