"""工会协理员: the assistants' ledger, their monthly pay, and the county page that shows, month
by month, who was paid below the province's standard or was not insured."""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from apps.core import views as generic
from apps.core.filtersets import LedgerFilterSet, yes_no_filter
from apps.core.forms import ScopedModelForm
from apps.core.importing import (
    Column,
    LedgerImporter,
    RowError,
    clean_text,
    parse_bool,
    parse_choice,
    parse_date,
    parse_decimal,
    parse_phone,
    text_max,
)
from apps.core.registry import register_model_view
from apps.core.tables import LedgerTable, related_table
from apps.core.validators import normalize_code, normalize_mobile, validate_id_number
from apps.unions import parameters
from apps.unions.filtersets import WithinFilter
from apps.unions.forms import only_levels
from apps.unions.importers import UnionNameResolver

from .counties import county_choice, county_of, year_choice
from .models import Assistant, AssistantPayment
from .models.assistants import first_of_month, payment_month_problem

STANDARD_SALARY = parameters.register(
    "cadres.assistant_standard_salary", "工会协理员月工资标准", default=3000, unit="元/月"
)


def mask_id_number(value: str) -> str:
    """4210**********123X, as every list shows ID numbers (the members ledger does the same)."""
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}" if len(value) > 8 else value


def mask_mobile(value: str) -> str:
    return f"{value[:3]}****{value[-4:]}" if len(value) == 11 else value


PERSONAL_FIELDS = {"id_number": mask_id_number, "mobile": mask_mobile}


# ------------------------------------------------------------------ months


class MonthInput(forms.TextInput):
    input_type = "month"


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


class MonthField(forms.Field):
    widget = MonthInput

    def to_python(self, value: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        try:
            return parse_month(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else value


# ------------------------------------------------------------------ tables and filters


class AssistantTable(LedgerTable):
    name = tables.Column(linkify=True)
    id_number = tables.Column("身份证号")
    mobile = tables.Column("手机号")
    post = tables.Column(linkify=True)

    default_columns = ("name", "id_number", "post", "hired_on", "route", "insurance")

    class Meta(LedgerTable.Meta):
        model = Assistant
        fields = ("pk", "name", "id_number", "mobile", "post", "hired_on", "left_on", "route",
                  "insurance")  # fmt: skip
        sequence = fields

    def render_id_number(self, value):
        return mask_id_number(value)

    def render_mobile(self, value):
        return mask_mobile(value)


class AssistantPaymentTable(LedgerTable):
    assistant = tables.Column(linkify=True)
    post = tables.Column("派驻工会", accessor="assistant__post")
    month = tables.DateColumn(format="Y年n月", verbose_name="月份", linkify=True)
    salary = tables.Column(attrs={"td": {"class": "text-end"}})

    default_columns = ("assistant", "post", "month", "salary", "insured", "note")

    class Meta(LedgerTable.Meta):
        model = AssistantPayment
        fields = ("pk", "month", "assistant", "post", "salary", "insured", "note")
        sequence = fields


class AssistantFilterSet(LedgerFilterSet):
    q = django_filters.CharFilter(label="搜索（姓名、身份证号后四位以上）", method="search")
    within = WithinFilter(label="派驻工会（含下级）", prefix="post__")
    route = django_filters.ChoiceFilter(
        label="招聘渠道", choices=Assistant.Route.choices, empty_label="全部"
    )
    insurance = django_filters.ChoiceFilter(
        label="社保状态", choices=Assistant.Insurance.choices, empty_label="全部"
    )
    in_post = yes_no_filter("在岗", "filter_in_post")

    class Meta:
        model = Assistant
        fields = ["q", "within", "route", "insurance", "in_post"]

    def search(self, queryset, name, value):
        value = normalize_code(value.strip())
        if re.fullmatch(r"\d{3,17}[\dX]", value):
            return queryset.filter(id_number__endswith=value)
        return queryset.filter(name__contains=value) if value else queryset

    def filter_in_post(self, queryset, name, value):
        today = timezone.localdate()
        in_post = Q(left_on__isnull=True) | Q(left_on__gte=today)
        return queryset.filter(in_post if value == "1" else ~in_post)


class AssistantPaymentFilterSet(LedgerFilterSet):
    q = django_filters.CharFilter(label="搜索（协理员姓名）", method="search")
    search_fields = ("assistant__name__contains",)
    within = WithinFilter(label="派驻工会（含下级）", prefix="assistant__post__")
    year = django_filters.NumberFilter(label="年度", field_name="month", lookup_expr="year")
    month = django_filters.NumberFilter(label="月", field_name="month", lookup_expr="month")
    insured = django_filters.BooleanFilter(
        label="当月已缴社保",
        widget=forms.Select(choices=[("", "全部"), ("true", "是"), ("false", "否")]),
    )

    class Meta:
        model = AssistantPayment
        fields = ["q", "within", "year", "month", "insured"]


# ------------------------------------------------------------------ forms


class AssistantForm(ScopedModelForm):
    # Wider than the stored 11 digits: "139 0000 1111" and "+86…" are normalized by clean_mobile.
    mobile = forms.CharField(label="手机号", max_length=20, required=False)

    class Meta:
        model = Assistant
        fields = ["name", "id_number", "mobile", "post", "hired_on", "left_on", "route",
                  "insurance"]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["post"], Assistant.POST_LEVELS)

    def clean_id_number(self):
        number = normalize_code(self.cleaned_data["id_number"])
        validate_id_number(number)
        if Assistant.objects.filter(id_number=number).exclude(pk=self.instance.pk).exists():
            raise ValidationError("该身份证号已登记为工会协理员，不能重复登记")
        return number

    def clean_mobile(self):
        mobile = self.cleaned_data.get("mobile", "")
        try:
            return normalize_mobile(mobile) if mobile else mobile
        except ValidationError:
            raise ValidationError("手机号应为以1开头的11位数字") from None


class AssistantPaymentForm(ScopedModelForm):
    """A month's pay; a month before the hiring date is refused at the field (the model's
    `clean` says why)."""

    month = MonthField(label="月份", help_text="如 2026-03")

    class Meta:
        model = AssistantPayment
        fields = ["assistant", "month", "salary", "insured", "note"]

    def clean_salary(self):
        salary = self.cleaned_data["salary"]
        if salary is not None and salary < 0:
            raise ValidationError("实发工资不能为负数")
        return salary

    def validate_unique(self):
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError:
            self.add_error("month", "该协理员这个月的工资已经登记，请修改原记录")


# ------------------------------------------------------------------ Excel


def _id_number(value: Any) -> str:
    number = normalize_code(clean_text(value))
    try:
        validate_id_number(number)
    except ValidationError as exc:
        raise ValueError(exc.messages[0]) from None
    return number


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
            parse=_id_number,
            required=True,
            example="421002198501010011",
        ),  # fmt: skip
        Column("mobile", "手机号", ("手机", "联系电话"), parse=parse_phone, example="13900001111"),
        Column(
            "post",
            "派驻工会",
            ("所在工会", "派驻单位", "岗位所在工会"),
            required=True,
            example="中山街道工会",
        ),  # fmt: skip
        Column(
            "hired_on",
            "聘用日期",
            ("聘用时间", "入职日期"),
            parse=parse_date,
            required=True,
            example="2024-03-01",
        ),  # fmt: skip
        Column(
            "route",
            "招聘渠道",
            ("招聘方式", "岗位类型"),
            parse=parse_choice(Assistant.Route, ROUTE_ALIASES),
            required=True,
            example="公开招聘",
        ),  # fmt: skip
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
        self.posts = UnionNameResolver(self.user, Assistant.POST_LEVELS)

    def to_fields(self, record, error):
        fields = {k: record[k] for k in ("name", "id_number", "hired_on", "route", "left_on")}
        fields["mobile"] = record["mobile"] or ""
        if record["mobile"] and not re.fullmatch(r"1\d{10}", record["mobile"]):
            error("mobile", "应为11位手机号")
        fields["insurance"] = record["insurance"] or Assistant.Insurance.INSURED
        fields["post"] = self.posts.resolve(record["post"], "post", error)
        left, hired = record["left_on"], record["hired_on"]
        if left and hired and left < hired:
            error("left_on", "离岗日期不能早于聘用日期")
        return fields


class AssistantPaymentImporter(LedgerImporter):
    """A pay sheet: one row per assistant and month, matched on the ID number; re-importing
    the same sheet changes nothing, a corrected amount replaces the old one."""

    name = "assistant-payments"
    model = AssistantPayment
    key = "id_number"
    unique_keys = False  # a sheet has one row per month for each assistant
    columns = [
        Column(
            "name",
            "姓名",
            parse=text_max(30),
            required=True,
            example="李协理",
            export=lambda p: p.assistant.name,
        ),  # fmt: skip
        Column(
            "id_number",
            "身份证号",
            ("身份证号码", "公民身份号码"),
            parse=_id_number,
            required=True,
            example="421002198501010011",
            export=lambda p: p.assistant.id_number,
        ),  # fmt: skip
        Column(
            "month",
            "月份",
            ("发放月份", "工资月份", "所属月份"),
            parse=parse_month,
            required=True,
            example="2026-03",
            export=lambda p: f"{p.month:%Y-%m}",
        ),  # fmt: skip
        Column(
            "salary",
            "实发工资（元）",
            ("实发工资", "应发工资", "工资", "金额"),
            parse=parse_decimal,
            required=True,
            example="3200.00",
        ),  # fmt: skip
        Column(
            "insured",
            "当月缴纳社保",
            ("是否缴纳社保", "社保", "是否参保"),
            parse=parse_bool,
            required=True,
            example="是",
            export=lambda p: "是" if p.insured else "否",
        ),  # fmt: skip
        Column("note", "备注", parse=text_max(200)),
    ]

    def _plan(self, records, result, progress):
        numbers = sorted({r["id_number"] for _, r, _ in records if r.get("id_number")})
        assistants = {a.id_number: a for a in Assistant.objects.filter(id_number__in=numbers)}
        in_scope = set(
            Assistant.objects.visible_to(self.user, "change")
            .filter(id_number__in=numbers)
            .values_list("id_number", flat=True)
        )
        existing = {
            (p.assistant_id, p.month): p
            for p in AssistantPayment.objects.filter(assistant__id_number__in=numbers)
        }
        may_add = self.user.has_perm("cadres.add_assistantpayment")
        seen: dict[tuple[str, datetime.date], int] = {}
        new, changed = [], []
        for row_no, record, raw in records:
            number, month = record.get("id_number"), record.get("month")
            if None in (number, month, record.get("salary"), record.get("insured")):
                continue

            def error(header: str, key: str, message: str, row_no=row_no, raw=raw) -> None:
                result.errors.append(RowError(row_no, header, raw.get(key, ""), message))

            if (number, month) in seen:
                error("月份", "month", f"与第{seen[number, month]}行是同一人同一月份")
                continue
            seen[number, month] = row_no
            assistant = assistants.get(number)
            if assistant is None:
                error("身份证号", "id_number", "协理员台帐中没有该身份证号，请先登记协理员")
                continue
            if number not in in_scope:
                error("身份证号", "id_number", "该协理员不在您的管辖范围内")
                continue
            if record.get("name") and record["name"] != assistant.name:
                error("姓名", "name", f"与台帐中该身份证号的姓名“{assistant.name}”不一致")
                continue
            if problem := payment_month_problem(assistant, month):
                error("月份", "month", problem)
                continue
            values = {"salary": record["salary"], "insured": record["insured"],
                      "note": record.get("note") or ""}  # fmt: skip
            payment = existing.get((assistant.pk, month))
            if payment is None:
                if not may_add:
                    error("身份证号", "id_number", "您没有新增记录的权限")
                    continue
                new.append(AssistantPayment(assistant=assistant, month=month, **values))
                result.created += 1
            elif any(getattr(payment, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(payment, k, v)
                changed.append(payment)
                result.updated += 1
            else:
                result.unchanged += 1
        return new, changed, ["salary", "insured", "note"]


# ------------------------------------------------------------------ views


@register_model_view(Assistant, "list", detail=False)
class AssistantListView(generic.ObjectListView):
    queryset = Assistant.objects.select_related("post")
    table, filterset = AssistantTable, AssistantFilterSet
    title = "工会协理员"


@register_model_view(Assistant, "detail")
class AssistantDetailView(generic.ObjectDetailView):
    queryset = Assistant.objects.select_related("post")
    personal_fields = PERSONAL_FIELDS
    template_name = "cadres/assistant_detail.html"

    def related(self, assistant):
        payments = AssistantPayment.objects.visible_to(self.request.user).filter(
            assistant=assistant
        )
        table = related_table(AssistantPaymentTable, payments[:36], self.request.user,
                              exclude=("pk", "assistant", "post"))  # fmt: skip
        return [("工资发放（最近36个月）", table)]


generic.register_ledger_views(
    Assistant,
    form=AssistantForm,
    importer=AssistantImporter,
    filterset=AssistantFilterSet,
    export_queryset=Assistant.objects.select_related("post"),
    search_fields=["name__contains", "id_number__endswith"],
    personal_fields=PERSONAL_FIELDS,
)


@register_model_view(AssistantPayment, "list", detail=False)
class AssistantPaymentListView(generic.ObjectListView):
    queryset = AssistantPayment.objects.select_related("assistant", "assistant__post")
    table, filterset = AssistantPaymentTable, AssistantPaymentFilterSet
    title = "协理员工资发放"
    add_label = "登记工资"


@register_model_view(AssistantPayment, "detail")
class AssistantPaymentDetailView(generic.ObjectDetailView):
    queryset = AssistantPayment.objects.select_related("assistant")


generic.register_ledger_views(
    AssistantPayment,
    form=AssistantPaymentForm,
    importer=AssistantPaymentImporter,
    filterset=AssistantPaymentFilterSet,
    export_queryset=AssistantPayment.objects.select_related("assistant"),
    personal_fields={"id_number": mask_id_number},
)


# ------------------------------------------------------------------ 协理员待遇核查


@dataclass
class MonthFindings:
    month: datetime.date
    below: list[tuple[Assistant, Decimal]] = field(default_factory=list)
    uninsured: list[Assistant] = field(default_factory=list)
    missing: list[Assistant] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.below) + len(self.uninsured) + len(self.missing)


def months_to_check(year: int, today: datetime.date) -> list[datetime.date]:
    """The months of `year` up to the current one (a later month cannot be paid yet)."""
    last = 12 if year < today.year else today.month if year == today.year else 0
    return [datetime.date(year, m, 1) for m in range(1, last + 1)]


def monthly_findings(
    assistants: list[Assistant],
    payments: list[AssistantPayment],
    months: list[datetime.date],
    standard: Decimal,
) -> list[MonthFindings]:
    """For each month: assistants paid below the standard, not insured, or with no payment
    recorded although in post. Works on rows already loaded (two queries for a county)."""
    paid = {(p.assistant_id, p.month): p for p in payments}
    result = []
    for month in months:
        found = MonthFindings(month)
        for assistant in assistants:
            if not assistant.employed_in(month):
                continue
            payment = paid.get((assistant.pk, month))
            if payment is None:
                found.missing.append(assistant)
                continue
            if payment.salary < standard:
                found.below.append((assistant, payment.salary))
            if not payment.insured:
                found.uninsured.append(assistant)
        result.append(found)
    return result


def assistants_of_year(scope, year: int) -> tuple[list[Assistant], list[AssistantPayment]]:
    """Assistants in post during the year under a scope queryset, and their payments of it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    assistants = list(
        scope.filter(hired_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .select_related("post")
        .order_by("post__path", "name", "pk")
    )
    payments = list(
        AssistantPayment.objects.filter(
            assistant__in=[a.pk for a in assistants], month__range=(start, end)
        ).only("assistant_id", "month", "salary", "insured")
    )
    return assistants, payments


@register_model_view(Assistant, "check", path="check/", detail=False)
class AssistantCheckView(generic.BaseObjectView):
    """协理员待遇核查: per month, who was paid below the standard, uninsured, or not paid.

    A user whose scope holds several counties sees one line per county first; a county's own
    page lists the findings month by month. A fixed number of queries either way.
    """

    queryset = Assistant.objects.all()
    template_name = "cadres/assistant_check.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year, years = year_choice(request)
        counties, county = county_choice(request)
        standard = parameters.value(STANDARD_SALARY, year)
        months = months_to_check(year, timezone.localdate())
        scope = self.scoped()
        if county is not None:
            scope = scope.in_subtree(county.path)
        assistants, payments = assistants_of_year(scope, year)
        findings = monthly_findings(assistants, payments, months, standard)
        context = {
            "year": year, "years": years, "counties": counties, "county": county,
            "standard": standard, "assistants": len(assistants),
            "findings": [f for f in findings if f.count], "months": len(months),
        }  # fmt: skip
        if county is None and len(counties) > 1:
            context["summary"] = county_summary(counties, assistants, payments, months, standard)
        return self.render(**context)


def county_summary(counties, assistants, payments, months, standard) -> list[dict[str, Any]]:
    """One line per county: assistants in post, and assistant-months found short."""
    by_county: dict[int, list[Assistant]] = defaultdict(list)
    for assistant in assistants:
        if (county := county_of(assistant.post.path, counties)) is not None:
            by_county[county.pk].append(assistant)
    rows = []
    for county in counties:
        own = by_county.get(county.pk, [])
        ids = {a.pk for a in own}
        found = monthly_findings(own, [p for p in payments if p.assistant_id in ids], months,
                                 standard)  # fmt: skip
        rows.append({
            "county": county, "assistants": len(own),
            "below": sum(len(f.below) for f in found),
            "uninsured": sum(len(f.uninsured) for f in found),
            "missing": sum(len(f.missing) for f in found),
        })  # fmt: skip
    return rows
