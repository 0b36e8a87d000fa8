"""年度更新 (views.rosters)."""

from typing import Any

import django_filters
from django.db import models

from apps.core.filtersets import LedgerFilterSet
from apps.unions.filtersets import WithinFilter
from apps.unions.models import Union

from ..models.rosters import roster_year_choices


class RosterFilterSet(LedgerFilterSet):
    """The year picks the page's annotations (see RosterListView), so its filter keeps every
    row; the others narrow the rows."""

    STATUSES = [("confirmed", "已确认"), ("unconfirmed", "未确认"), ("stale", "一年以上未变动")]

    year = django_filters.ChoiceFilter(label="年度", method="keep_all", empty_label=None)
    q = django_filters.CharFilter(label="搜索（工会名称）", method="search")
    within = WithinFilter(label="所属乡镇（街道）（含下级）")
    status = django_filters.ChoiceFilter(
        label="确认情况", choices=STATUSES, method="filter_status", empty_label="全部"
    )

    class Meta:
        model = Union
        fields = ["year", "q", "within", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = roster_year_choices()  # this year moves on

    def keep_all(self, queryset, name, value):
        return queryset

    def filter_status(self, queryset, name, value):
        if value == "stale":
            return queryset.filter(stale=True)
        return queryset.filter(confirmed_on__isnull=value == "unconfirmed")

    def without_status(self) -> models.QuerySet:
        """The rows of every filter but the status: what the counts above the list count."""
        if not self.data or not self.data.get("status"):
            return self.qs
        data = self.data.copy()
        data.pop("status")
        return type(self)(data, queryset=self.queryset, request=self.request).qs
