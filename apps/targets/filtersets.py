"""Target management's filtersets: the acceptance checks' list."""

from __future__ import annotations

import django_filters

from apps.core.filtersets import LedgerFilterSet, year_filter
from apps.unions.filtersets import WithinFilter

from .indicators import AREA_CHOICES
from .models import AcceptanceRecord


class AcceptanceRecordFilterSet(LedgerFilterSet):
    search_fields = ("county__name__contains", "inspectors__contains", "notes__contains")
    within = WithinFilter(label="县市区", prefix="county__")
    year = year_filter("年度")
    area = django_filters.ChoiceFilter(label="考核方面", choices=AREA_CHOICES, empty_label="全部")
    conclusion = django_filters.ChoiceFilter(
        label="验收结论", choices=AcceptanceRecord.Conclusion.choices, empty_label="全部"
    )

    class Meta:
        model = AcceptanceRecord
        fields = ["q", "within", "year", "area", "conclusion"]
