from __future__ import annotations

import datetime
import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import LedgerFilterSet, year_filter, yes_no_filter
from apps.core.validators import normalize_code
from apps.unions.filtersets import DirectFilter, WithinFilter, date_filter

from ..models import Assistant, AssistantPayment


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
