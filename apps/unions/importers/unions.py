"""The 基层工会台帐 sheet: unions of the tree, keyed on their name under their parent."""

from __future__ import annotations

from typing import Any

from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.core.exchange.columns import (
    Column,
    parse_bool,
    parse_choice,
    parse_date,
    parse_phone,
    parse_uscc,
    text_max,
)
from apps.core.exchange.engine import WRITE_BATCH, LedgerImporter
from apps.core.scoping import path_segment

from ..models import (
    Employer,
    Union,
)
from .lookups import ErrorFn, UnionNameResolver


class UnionImporter(LedgerImporter):
    """Grassroots and joint unions, upserted on their USCC (81…)."""

    name = "unions"
    model = Union
    key = "uscc"
    kept_elsewhere = dict.fromkeys(
        ("主席姓名", "工会主席", "主席"),
        "工会主席由干部任职台帐维护（工会干部 → 任职台帐），请在那里录入或导入主席的任职。",
    )
    columns = [
        Column(
            "uscc",
            "统一社会信用代码",
            ("工会统一社会信用代码", "社会信用代码", "信用代码"),
            parse=parse_uscc,
            required=True,
            example="81421002MC0000000X",
        ),
        Column(
            "name",
            "工会名称",
            ("基层工会名称", "名称"),
            parse=text_max(100),
            required=True,
            example="荆州市示例科技有限公司工会委员会",
        ),
        Column(
            "level",
            "组建形式",
            ("建会形式", "工会类型"),
            parse=parse_choice(
                Union.Level,
                {
                    "单独建会": Union.Level.GRASSROOTS,
                    "单独": Union.Level.GRASSROOTS,
                    "联合建会": Union.Level.JOINT,
                    "联合": Union.Level.JOINT,
                    "基层工会": Union.Level.GRASSROOTS,
                },
            ),
            required=True,
            example="单独建会",
        ),
        Column(
            "parent",
            "上级工会",
            ("所属工会组织", "所属乡镇（街道）", "上级工会名称"),
            required=True,
            example="中山街道工会",
            export=lambda u: u.parent.name,
        ),
        Column(
            "employer",
            "所在单位统一社会信用代码",
            ("单位统一社会信用代码", "所在单位信用代码"),
            parse=parse_uscc,
            example="91421002MA4F0XXX1X",
            export=lambda u: u.employer.uscc if u.employer_id else "",
        ),
        Column(
            "founded_on",
            "成立日期",
            ("建会日期", "成立时间", "建会时间"),
            parse=parse_date,
            example="2021-03-05",
        ),
        Column("dissolved_on", "撤销日期", ("注销日期",), parse=parse_date),
        Column(
            "phone", "联系电话", ("电话", "主席电话"), parse=parse_phone, example="0716-8123456"
        ),
        Column("address", "地址", ("工会地址",), parse=text_max(200)),
        Column(
            "committee_since", "本届委员会任职日期", ("换届日期", "本届任职日期"), parse=parse_date
        ),
        *(
            Column(
                name, str(Union._meta.get_field(name).verbose_name), parse=parse_bool, example="是"
            )
            for name in Union.STANDARDIZATION_FIELDS
        ),
    ]

    def prepare(self, records: list[dict[str, Any]]) -> None:
        self.parents = UnionNameResolver(
            self.user, Union.ORGANIZING_LEVELS, (r.get("parent") for r in records)
        )
        usccs = {r["employer"] for r in records if r.get("employer")}
        self.employers = {
            e.uscc: e for e in Employer.objects.visible_to(self.user).filter(uscc__in=usccs)
        }

    def to_fields(self, record: dict[str, Any], error: ErrorFn) -> dict[str, Any]:
        if not record["uscc"].startswith("81"):
            error("uscc", "工会的统一社会信用代码应以81开头")
        fields = {
            key: record.get(key)
            for key in ("uscc", "name", "level", "founded_on", "dissolved_on", "committee_since")
        }
        for key in ("phone", "address"):
            fields[key] = record.get(key) or ""
        for name in Union.STANDARDIZATION_FIELDS:
            fields[name] = bool(record.get(name))
        fields["parent"] = self.parents.resolve(record.get("parent"), "parent", error)
        employer = None
        if record.get("employer"):
            employer = self.employers.get(record["employer"])
            if employer is None:
                error("employer", "该单位不在本单位台帐中，请先导入或录入单位")
        elif record.get("level") == Union.Level.GRASSROOTS:
            error("employer", "单独建会的基层工会须填写所在单位的统一社会信用代码")
        fields["employer"] = employer
        return fields

    def write(self, new, changed, fields, reason) -> None:
        if new:
            # Paths are made of primary keys, so they are set right after the bulk insert
            # (both databases return the new keys from a bulk insert).
            for union in new:
                union.path = f"new-{id(union)}"
            bulk_create_with_history(
                new,
                Union,
                batch_size=WRITE_BATCH,
                default_user=self.user,
                default_change_reason=reason,
            )
            for union in new:
                union._set_path()
            Union.objects.bulk_update(new, ["path", "depth"], batch_size=WRITE_BATCH)
        if changed:
            bulk_update_with_history(
                changed,
                Union,
                fields=fields,
                batch_size=WRITE_BATCH,
                default_user=self.user,
                default_change_reason=reason,
            )
            for union in changed:
                if union.path != union.parent.path + path_segment(union.pk):
                    union._move_subtree(union.path)
