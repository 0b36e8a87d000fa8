from __future__ import annotations

import django_filters

from apps.core.filtersets import LedgerFilterSet, year_filter
from apps.unions.filtersets import WithinFilter, date_range_filter

from ..models import ChairAgreement


class ChairAgreementFilterSet(LedgerFilterSet):
    search_fields = ("union__name__contains", "chair_name__contains", "employer_party__contains")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    kind = django_filters.ChoiceFilter(
        label="试点类别", choices=ChairAgreement.Kind.choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ChairAgreement.Status.choices, empty_label="全部"
    )
    year = year_filter("签订年度", field_name="signed_on", lookup_expr="year")
    # The figures' drill-down (apps.stats): pilots signed from 1 January to the as-of day.
    signed = date_range_filter("签订日期（起止）", field_name="signed_on")

    class Meta:
        model = ChairAgreement
        fields = ["q", "within", "kind", "status", "year", "signed"]
