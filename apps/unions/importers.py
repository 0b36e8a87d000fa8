"""Spreadsheet layouts of the unions app's ledgers (import, export and template alike)."""

from __future__ import annotations

import difflib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.core.exchange.columns import (
    Column,
    clean_text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_int,
    parse_phone,
    parse_uscc,
    text_max,
)
from apps.core.exchange.engine import LOOKUP_CHUNK, WRITE_BATCH, LedgerImporter
from apps.core.scoping import path_segment
from apps.core.validators import validate_ledger_year

from .models import (
    EMPLOYEE_PARTS,
    Employer,
    EmployerCategory,
    FundPayment,
    Industry,
    Nature,
    Union,
    parts_over_employees,
)

ErrorFn = Callable[[str, str], None]


class UnionNameResolver:
    """Finds unions in the user's scope by name, full name or region code: only the unions
    `names` can mean, loaded once (not the city's 31,000 unions for a roster that names
    50)."""

    def __init__(self, user: Any, levels: tuple[str, ...], names: Iterable[str | None]) -> None:
        self.by_name: dict[str, list[Union]] = defaultdict(list)
        self.default = getattr(user, "union", None)
        scope = (
            Union.objects.visible_to(user)
            .filter(level__in=levels)
            .only("pk", "name", "region_code", "path", "level")
        )
        self.scope = scope
        self._bigrams: dict[str, set[str]] | None = None
        self._suggested: dict[str, list[str]] = {}
        wanted = sorted({name for name in names if name})
        found: dict[int, Union] = {}  # by pk: one union may be named twice (name, code)
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            # "X" also means "X工会"; a code only when it is digits (no index on region_code)
            named = Q(name__in=chunk + [f"{name}工会" for name in chunk])
            codes = [name for name in chunk if name.isdigit()]
            found.update((u.pk, u) for u in scope.filter(named | Q(region_code__in=codes)))
        for union in found.values():
            for name in {union.name, union.name.removesuffix("工会"), union.region_code}:
                if name:
                    self.by_name[name].append(union)

    def resolve(self, name: str | None, key: str, error: ErrorFn) -> Union | None:
        if not name:
            if self.default is None:
                error(key, "请填写所属工会组织")
            return self.default
        found = self.by_name.get(name, [])
        if len(found) == 1:
            return found[0]
        if found:
            error(key, f"“{name}”有{len(found)}个同名组织，请填写区划代码")
        elif near := self.nearest(name):
            shown = "、".join(f"“{n}”" for n in near)
            error(key, f"“{name}”不存在或不在您的管辖范围内；您要填的是不是：{shown}？")
        else:
            error(key, f"“{name}”不存在或不在您的管辖范围内")
        return None

    def nearest(self, name: str) -> list[str]:
        """Up to three names in scope that look like a mistyped `name`: the unions sharing most
        two-character pieces of it (one pass over the scope's names, on the first miss),
        ranked by difflib's similarity."""
        if name not in self._suggested:
            if self._bigrams is None:
                self._bigrams = defaultdict(set)
                for known in self.scope.values_list("name", flat=True).iterator(chunk_size=5000):
                    for piece in _bigrams(known):
                        self._bigrams[piece].add(known)
            shared = Counter(n for piece in _bigrams(name) for n in self._bigrams.get(piece, ()))
            candidates = [n for n, _ in shared.most_common(30)]
            self._suggested[name] = difflib.get_close_matches(name, candidates, n=3, cutoff=0.5)
        return self._suggested[name]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


class ReferenceLookup:
    """Reference rows (industries, categories) by code, letter or name."""

    def __init__(self, model: type, *attrs: str) -> None:
        self.rows: dict[str, Any] = {}
        for row in model.objects.all():
            for attr in attrs:
                self.rows[str(getattr(row, attr))] = row
            self.rows[str(row)] = row

    def get(self, value: str | None, key: str, label: str, error: ErrorFn):
        if not value:
            return None
        text = clean_text(value)
        row = self.rows.get(text) or self.rows.get(text.zfill(2)) or self.rows.get(text[:1])
        if row is None:
            error(key, f"无法识别的{label}“{text}”")
        return row


NATURE_ALIASES = {
    "国有企业": Nature.STATE,
    "集体企业": Nature.COLLECTIVE,
    "私营企业": Nature.PRIVATE,
    "民营": Nature.PRIVATE,
    "民营企业": Nature.PRIVATE,
    "外商投资": Nature.FOREIGN,
    "外资企业": Nature.FOREIGN,
    "港澳台商投资": Nature.HMT,
    "港澳台企业": Nature.HMT,
    "民非": Nature.PRIVATE_NONENTERPRISE,
    "社会组织": Nature.SOCIAL_GROUP,
    "个体工商户": Nature.INDIVIDUAL,
    "个体经济组织": Nature.INDIVIDUAL,
    "律师事务所": Nature.INTERMEDIARY,
    "会计师事务所": Nature.INTERMEDIARY,
}


class EmployerImporter(LedgerImporter):
    name = "employers"
    model = Employer
    key = "uscc"
    columns = [
        Column(
            "uscc",
            "统一社会信用代码",
            ("社会信用代码", "信用代码", "纳税人识别号"),
            parse=parse_uscc,
            required=True,
            example="91421002MA4F0XXX1X",
        ),
        Column(
            "name",
            "单位名称",
            ("单位全称", "企业名称", "名称"),
            parse=text_max(200),
            required=True,
            example="荆州市示例科技有限公司",
        ),
        Column(
            "owner",
            "所属工会组织",
            (
                "所属乡镇（街道）",
                "所属乡镇",
                "乡镇（街道）",
                "所属乡镇街道",
                "乡镇街道",
                "所属工会",
            ),
            example="中山街道工会",
            export=lambda e: e.owner.name,
        ),
        Column(
            "nature",
            "单位性质",
            ("企业性质", "经济类型"),
            parse=parse_choice(Nature, NATURE_ALIASES),
            required=True,
            example="私营",
        ),
        Column(
            "category",
            "单位类别",
            ("单位类别代码",),
            example="170",
            export=lambda e: e.category.code if e.category_id else "",
        ),
        Column(
            "industry",
            "行业",
            ("行业门类", "所属行业", "国民经济行业"),
            example="C",
            export=lambda e: str(e.industry) if e.industry_id else "",
        ),
        Column(
            "employees",
            "职工人数",
            ("职工数", "职工总数", "职工人数合计", "职工人数总数", "在岗职工"),
            parse=parse_int,
            example=56,
        ),
        Column(
            "women",
            "女职工",
            ("女职工人数", "职工人数女职工", "职工人数女"),
            parse=parse_int,
            example=20,
        ),
        Column(
            "migrant_workers",
            "农民工",
            ("农民工人数", "职工人数农民工"),
            parse=parse_int,
            example=30,
        ),
        Column(
            "dispatched_workers",
            "劳务派遣工",
            ("劳务派遣工人数", "职工人数劳务派遣工", "派遣工"),
            parse=parse_int,
            example=0,
        ),
        Column(
            "taxi_mode",
            "出租车经营模式",
            ("出租车经营方式",),
            parse=parse_choice(Employer.TaxiMode),
            example="",
        ),
        Column(
            "is_labour_dispatch",
            "劳务派遣单位",
            ("是否劳务派遣单位", "劳务派遣公司"),
            parse=parse_bool,
            example="否",
        ),
        Column(
            "address",
            "地址",
            ("单位地址", "详细地址"),
            parse=text_max(200),
            example="荆州市沙市区北京中路1号",
        ),
        Column("contact_person", "联系人", (), parse=text_max(30), example="张三"),
        Column(
            "started_on",
            "成立（登记）日期",
            ("成立日期", "登记日期", "注册日期", "成立时间", "成立（登记）时间"),
            parse=parse_date,
            example="2015-06-01",
        ),
        Column(
            "phone",
            "联系电话",
            ("电话", "手机", "联系方式"),
            parse=parse_phone,
            example="13907161234",
        ),
    ]

    def prepare(self, records: list[dict[str, Any]]) -> None:
        self.owners = UnionNameResolver(
            self.user, Union.ORGANIZING_LEVELS, (r.get("owner") for r in records)
        )
        self.categories = ReferenceLookup(EmployerCategory, "code", "name")
        self.industries = ReferenceLookup(Industry, "code", "letter", "name")

    def to_fields(self, record: dict[str, Any], error: ErrorFn) -> dict[str, Any]:
        fields = {
            "uscc": record["uscc"],
            "name": record["name"],
            "nature": record["nature"],
            "owner": self.owners.resolve(record.get("owner"), "owner", error),
            "category": self.categories.get(record.get("category"), "category", "单位类别", error),
            "industry": self.industries.get(record.get("industry"), "industry", "行业", error),
        }
        for key in ("employees", *EMPLOYEE_PARTS):
            fields[key] = record.get(key) or 0
        if "employees" not in self.unreadable:
            for key in parts_over_employees(fields["employees"], fields):
                shown = "为空" if record.get("employees") is None else f"（{fields['employees']}）"
                error(key, f"不能大于职工人数{shown}：请补填或核对职工人数")
        for key in ("taxi_mode", "address", "contact_person", "phone"):
            fields[key] = record.get(key) or ""
        fields["is_labour_dispatch"] = bool(record.get("is_labour_dispatch"))
        if record.get("started_on"):  # not known: a new row keeps the day it is entered
            fields["started_on"] = record["started_on"]
        return fields


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


class FundPaymentImporter(LedgerImporter):
    """The tax-collection system's list of preparation-fund payers (建会筹备金).

    Rows are matched on the payer's USCC and the year; an unknown payer becomes a new employer
    in the importer's own ledger, marked as coming from the tax list for the county to verify.
    Several payments of one payer in one year are added up (the list has a row per payment).
    """

    name = "fund-payments"
    model = FundPayment
    key = ("uscc", "year")
    columns = [
        Column(
            "uscc",
            "统一社会信用代码",
            ("纳税人识别号", "社会信用代码", "信用代码"),
            parse=parse_uscc,
            required=True,
            example="91421002MA4F0XXX1X",
            export=lambda p: p.employer.uscc,
        ),
        Column(
            "name",
            "单位名称",
            ("纳税人名称", "缴费单位名称", "缴款单位"),
            parse=text_max(200),
            required=True,
            example="荆州市示例科技有限公司",
            export=lambda p: p.employer.name,
        ),
        Column(
            "year",
            "缴纳年度",
            ("年度", "所属年度", "税款所属期"),
            parse=parse_int,
            required=True,
            example=2026,
        ),
        Column(
            "amount",
            "金额（元）",
            ("金额", "缴纳金额", "实缴金额", "实缴金额（元）"),
            parse=parse_decimal,
            required=True,
            example="1200.00",
        ),
    ]

    def natural_key(self, record, error):
        if None in (record.get("uscc"), record.get("year"), record.get("amount")):
            return None  # the engine has listed the empty or unreadable cell
        try:
            validate_ledger_year(record["year"])
        except ValidationError as exc:
            error("year", exc.messages[0])
            return None
        return record["uscc"], record["year"]

    def merge(self, kept, record):
        kept["amount"] += record["amount"]  # one payer's payments of a year add up
        return True

    def find_existing(self, keys):
        usccs = sorted({uscc for uscc, _ in keys})
        self.employers = {e.uscc: e for e in Employer.objects.filter(uscc__in=usccs)}
        self.in_scope = set(
            Employer.objects.visible_to(self.user, "change")
            .filter(uscc__in=usccs)
            .values_list("uscc", flat=True)
        )
        self.owner = getattr(self.user, "union", None)
        self.payers: dict[str, Employer] = {}  # new employers, by USCC
        payments = FundPayment.objects.filter(employer__uscc__in=usccs).select_related("employer")
        return {(p.employer.uscc, p.year): p for p in payments}

    def keys_in_scope(self, existing):
        return set(existing)  # the scope is the payer's, checked by to_fields

    def check_row(self, fields, obj, error):
        pass  # a year's total has no dates to check

    def to_fields(self, record, error):
        uscc = record["uscc"]
        employer = self.employers.get(uscc)
        if employer is not None and uscc not in self.in_scope:
            error("uscc", "该单位属于其他工会组织，不在您的管辖范围内")
            return {}
        if employer is None:
            if self.owner is None:
                error("uscc", "新单位需要归属到您的工会组织，您的账号未设置")
                return {}
            employer = self.payers.get(uscc) or Employer(
                uscc=uscc,
                name=record["name"],
                owner=self.owner,
                nature=Nature.PRIVATE,
                source=Employer.Source.TAX_LIST,
            )
            self.payers[uscc] = employer
        return {"employer": employer, "year": record["year"], "amount": record["amount"]}

    def planned(self, result):
        self.new_employers = list(self.payers.values())
        if self.new_employers:
            result.notes.append(
                f"名单中有{len(self.new_employers)}个单位不在台帐中，将作为新单位登记到"
                f"“{self.owner}”，来源标记为“筹备金缴纳名单（待核实）”，请逐一核实单位性质和所属组织。"
            )

    def write(self, new, changed, fields, reason) -> None:
        if self.new_employers:
            bulk_create_with_history(
                self.new_employers,
                Employer,
                batch_size=WRITE_BATCH,
                default_user=self.user,
                default_change_reason=reason,
            )
            by_uscc = {
                e.uscc: e
                for e in Employer.objects.filter(uscc__in=[e.uscc for e in self.new_employers])
            }
            for payment in new:
                if payment.employer.pk is None:
                    payment.employer = by_uscc[payment.employer.uscc]
        super().write(new, changed, fields, reason)
