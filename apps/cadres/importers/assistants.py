"""Spreadsheets of the assistants' ledger: the roster, and the monthly pay sheet (one row per
assistant and month) — import, export and template alike."""

from __future__ import annotations

import datetime
import re
import unicodedata
from typing import Any

from apps.core import foreign
from apps.core.exchange.columns import (
    Column,
    clean_text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_id_number,
    parse_phone,
    text_max,
)
from apps.core.exchange.engine import LedgerImporter
from apps.unions.importers import UnionNameResolver

from ..models import Assistant, AssistantPayment
from ..models.assistants import first_of_month

_MONTH = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?")


def parse_month(value: Any) -> datetime.date:
    """A month as people write it: 2026-03, 2026/3, 2026.3, 2026年3月, 202603, or a date."""
    if isinstance(value, datetime.date | datetime.datetime):
        return first_of_month(value if isinstance(value, datetime.date) else value.date())
    text = unicodedata.normalize("NFKC", clean_text(value))
    match = _MONTH.fullmatch(text) or re.fullmatch(r"(\d{4})(\d{2})", text)
    if match:
        year, month = (int(part) for part in match.groups())
        if 1 <= month <= 12:
            return datetime.date(year, month, 1)
        raise ValueError("月份应在1到12之间")
    try:
        return first_of_month(parse_date(value))
    except ValueError:
        raise ValueError("月份格式无法识别，请写成 2026-03 或 2026年3月") from None


INSURANCE_ALIASES = {"是": "insured", "已缴": "insured", "否": "not_insured", "未缴": "not_insured"}
ROUTE_ALIASES = {"公招": "public_recruitment", "社工": "social_worker", "社工岗": "social_worker"}


class AssistantImporter(LedgerImporter):
    """The assistants' roster as counties keep it; upserts on the ID number."""

    name = "assistants"
    model = Assistant
    key = "id_number"
    columns = [
        Column("name", "姓名", parse=text_max(30), required=True, example="李协理"),
        Column(
            "id_number",
            "身份证号",
            ("身份证号码", "公民身份号码"),
            parse=parse_id_number,
            required=True,
            example="421002198501010011",
        ),
        Column("mobile", "手机号", ("手机", "联系电话"), parse=parse_phone, example="13900001111"),
        Column(
            "post",
            "派驻工会",
            ("所在工会", "派驻单位", "岗位所在工会"),
            required=True,
            example="中山街道工会",
        ),
        Column(
            "hired_on",
            "聘用日期",
            ("聘用时间", "入职日期"),
            parse=parse_date,
            required=True,
            example="2024-03-01",
        ),
        Column(
            "route",
            "招聘渠道",
            ("招聘方式", "岗位类型"),
            parse=parse_choice(Assistant.Route, ROUTE_ALIASES),
            required=True,
            example="公开招聘",
        ),
        Column(
            "insurance",
            "社保状态",
            ("是否参保", "社会保险"),
            parse=parse_choice(Assistant.Insurance, INSURANCE_ALIASES),
            example="已参保",
        ),
        Column("left_on", "离岗日期", ("离职日期",), parse=parse_date),
    ]
    insert_by_key = True

    def prepare(self, records):
        self.posts = UnionNameResolver(
            self.user, Assistant.POST_LEVELS, (r.get("post") for r in records)
        )

    def to_fields(self, record, error):
        """Required columns always; an optional column only when the file has it, so a roster
        without 离岗日期 does not clear the dates already kept."""
        fields = {k: record[k] for k in ("name", "id_number", "hired_on", "route")}
        fields["post"] = self.posts.resolve(record["post"], "post", error)
        if "mobile" in record:
            mobile = record["mobile"] or ""
            if mobile and not re.fullmatch(r"1\d{10}", mobile):
                error("mobile", "应为11位手机号")
            fields["mobile"] = mobile
        if "insurance" in record:
            fields["insurance"] = record["insurance"] or Assistant.Insurance.INSURED
        if "left_on" in record:
            fields["left_on"] = record["left_on"]
            if record["left_on"] and record["hired_on"] and record["left_on"] < record["hired_on"]:
                error("left_on", "离岗日期不能早于聘用日期")
        return fields


class AssistantPaymentImporter(LedgerImporter):
    """A pay sheet: one row per assistant and month, matched on the ID number; re-importing
    the same sheet changes nothing, a corrected amount replaces the old one."""

    name = "assistant-payments"
    model = AssistantPayment
    key = ("id_number", "month")  # a sheet has one row per month for each assistant
    repeated_key_message = ("month", "与第{row}行是同一人同一月份")
    columns = [
        Column(
            "name",
            "姓名",
            parse=text_max(30),
            required=True,
            example="李协理",
            export=lambda p: p.assistant.name,
        ),
        Column(
            "id_number",
            "身份证号",
            ("身份证号码", "公民身份号码"),
            parse=parse_id_number,
            required=True,
            example="421002198501010011",
            export=lambda p: p.assistant.id_number,
        ),
        Column(
            "month",
            "月份",
            ("发放月份", "工资月份", "所属月份"),
            parse=parse_month,
            required=True,
            example="2026-03",
            export=lambda p: f"{p.month:%Y-%m}",
        ),
        Column(
            "salary",
            "实发工资（元）",
            ("实发工资", "应发工资", "工资", "金额"),
            parse=parse_decimal,
            required=True,
            example="3200.00",
        ),
        Column(
            "insured",
            "当月缴纳社保",
            ("是否缴纳社保", "社保", "是否参保"),
            parse=parse_bool,
            required=True,
            example="是",
            export=lambda p: "是" if p.insured else "否",
        ),
        Column("note", "备注", parse=text_max(200)),
    ]

    def prepare(self, records):
        numbers = sorted({r["id_number"] for r in records if r.get("id_number")})
        self.assistants = {a.id_number: a for a in Assistant.objects.filter(id_number__in=numbers)}
        self.in_scope = set(
            Assistant.objects.visible_to(self.user, "change")
            .filter(id_number__in=numbers)
            .values_list("id_number", flat=True)
        )
        outside = set(self.assistants) - self.in_scope
        self.answerable = foreign.note(self.user, outside, "协理员工资导入")

    def natural_key(self, record, error):
        if None in (record.get("salary"), record.get("insured")):
            return None  # the engine has listed the empty or unreadable cell
        return super().natural_key(record, error)

    def find_existing(self, keys):
        numbers = {a.pk: number for number, a in self.assistants.items()}
        payments = AssistantPayment.objects.filter(assistant__id_number__in=list(numbers.values()))
        return {(numbers[p.assistant_id], p.month): p for p in payments}

    def keys_in_scope(self, existing):
        return set(existing)  # the scope is the assistant's, checked by to_fields

    def to_fields(self, record, error):
        number = record["id_number"]
        assistant = self.assistants.get(number)
        if assistant is None:
            error("id_number", "协理员台帐中没有该身份证号，请先登记协理员")
            return {}
        if number not in self.in_scope:
            answer = foreign.ELSEWHERE if number in self.answerable else None
            error("id_number", answer or foreign.over_bound_message())
            return {}
        if record.get("name") and record["name"] != assistant.name:
            error("name", f"与台帐中该身份证号的姓名“{assistant.name}”不一致")
            return {}
        return {
            "assistant": assistant,
            "month": record["month"],
            "salary": record["salary"],
            "insured": record["insured"],
            "note": record.get("note") or "",
        }
