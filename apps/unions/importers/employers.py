"""The 单位台帐 sheet: employers, keyed on the 统一社会信用代码."""

from __future__ import annotations

from typing import Any

from apps.core.exchange.columns import (
    Column,
    parse_bool,
    parse_choice,
    parse_date,
    parse_int,
    parse_phone,
    parse_uscc,
    text_max,
)
from apps.core.exchange.engine import LedgerImporter

from ..models import (
    EMPLOYEE_PARTS,
    Employer,
    EmployerCategory,
    Industry,
    Nature,
    Union,
    parts_over_employees,
)
from .lookups import ErrorFn, ReferenceLookup, UnionNameResolver

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
