"""工会协理员: the assistants' ledger and their monthly pay (tables, filters, forms, views).
The pay-sheet import is in `assistant_importers`, the county page in `assistant_check`."""

from __future__ import annotations

import datetime
import re
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from apps.core import views as generic
from apps.core.filtersets import LedgerFilterSet, year_filter, yes_no_filter
from apps.core.forms import ScopedModelForm
from apps.core.registry import register_model_view
from apps.core.tables import LedgerTable, related_table
from apps.core.validators import (
    mask_id_number,
    mask_mobile,
    normalize_code,
    normalize_mobile,
    validate_id_number,
)
from apps.unions.filtersets import DirectFilter, WithinFilter, date_filter
from apps.unions.forms import only_levels

from .assistant_importers import AssistantImporter, AssistantPaymentImporter, parse_month
from .models import Assistant, AssistantPayment

# ------------------------------------------------------------------ months


class MonthInput(forms.TextInput):
    input_type = "month"


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
    hired_on = tables.DateColumn(format="Y-m-d")
    left_on = tables.DateColumn(format="Y-m-d")

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
    # The 工会协理员 figure's drill-down (apps.stats).
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）", prefix="post__")
    in_post_on = date_filter("某日在岗", "filter_in_post_on")

    class Meta:
        model = Assistant
        fields = ["q", "within", "route", "insurance", "in_post", "direct", "in_post_on"]

    def search(self, queryset, name, value):
        value = normalize_code(value.strip())
        if re.fullmatch(r"\d{3,17}[\dX]", value):
            return queryset.filter(id_number__endswith=value)
        return queryset.filter(name__contains=value) if value else queryset

    def filter_in_post(self, queryset, name, value):
        today = timezone.localdate()
        in_post = Q(left_on__isnull=True) | Q(left_on__gte=today)
        return queryset.filter(in_post if value == "1" else ~in_post)

    def filter_in_post_on(self, queryset, name, value):
        return queryset.filter(in_post_on(value))


def in_post_on(day: datetime.date) -> Q:
    """Assistants in post on `day` (hired by then, not left before it)."""
    return Q(hired_on__lte=day) & (Q(left_on__isnull=True) | Q(left_on__gte=day))


class AssistantPaymentFilterSet(LedgerFilterSet):
    q = django_filters.CharFilter(label="搜索（协理员姓名）", method="search")
    search_fields = ("assistant__name__contains",)
    within = WithinFilter(label="派驻工会（含下级）", prefix="assistant__post__")
    year = year_filter("年度", field_name="month", lookup_expr="year")
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
        # The database's one-row-per-month rule, said at the month and in the clerk's words.
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError as exc:
            errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
            for error in (e for group in errors for e in group):
                if error.code == "unique_together":
                    self.add_error("month", "该协理员这个月的工资已经登记，请修改原记录")
                else:
                    self.add_error(None, error)


# ------------------------------------------------------------------ views


@register_model_view(Assistant, "list", detail=False)
class AssistantListView(generic.ObjectListView):
    queryset = Assistant.objects.select_related("post")
    table, filterset = AssistantTable, AssistantFilterSet
    title = "工会协理员"


@register_model_view(Assistant, "detail")
class AssistantDetailView(generic.ObjectDetailView):
    queryset = Assistant.objects.select_related("post")
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
)
