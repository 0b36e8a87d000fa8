from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import LedgerFilterSet, yes_no_filter
from apps.unions.filtersets import WithinFilter

from ..models import Position


class PositionFilterSet(LedgerFilterSet):
    search_fields = ("cadre__name__icontains", "union__name__icontains")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    role = django_filters.MultipleChoiceFilter(
        label="职务",
        choices=Position.Role.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    full_time = yes_no_filter("专职", "filter_full_time")
    came_by = django_filters.ChoiceFilter(
        label="产生方式", choices=Position.CameBy.choices, empty_label="全部"
    )
    employer_post = django_filters.ChoiceFilter(
        label="在单位所任职务", choices=Position.EmployerPost.choices, empty_label="全部"
    )
    current = yes_no_filter("现任", "filter_current")

    class Meta:
        model = Position
        fields = ["q", "within", "role", "full_time", "came_by", "employer_post", "current"]

    def filter_full_time(self, queryset, name, value):
        return queryset.filter(full_time=value == "1")

    def filter_current(self, queryset, name, value):
        today = timezone.localdate()
        current = Q(start_on__lte=today) & (Q(end_on__isnull=True) | Q(end_on__gte=today))
        return queryset.filter(current if value == "1" else ~current)
