from __future__ import annotations

import django_filters

from apps.core.filtersets import LedgerFilterSet, year_filter, yes_no_filter
from apps.unions.filtersets import DirectFilter, WithinFilter, date_range_filter

from ..models import Election


class ElectionFilterSet(LedgerFilterSet):
    search_fields = ("union__name__icontains", "candidates__name__icontains")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    kind = django_filters.ChoiceFilter(
        label="选举类型", choices=Election.Kind.choices, empty_label="全部"
    )
    method = django_filters.ChoiceFilter(
        label="选举方式", choices=Election.Method.choices, empty_label="全部"
    )
    year = year_filter("选举年度", field_name="held_on", lookup_expr="year")
    approved = yes_no_filter("已批复", "filter_approved")
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）", prefix="union__")
    held = date_range_filter("选举日期", field_name="held_on")

    class Meta:
        model = Election
        fields = ["q", "within", "kind", "method", "year", "approved", "direct", "held"]

    def search(self, queryset, name, value):
        # A candidate's name joins the candidates: distinct, or an election shows twice.
        return super().search(queryset, name, value).distinct()

    def filter_approved(self, queryset, name, value):
        return queryset.filter(approved_on__isnull=value != "1")
