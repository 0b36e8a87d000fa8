from __future__ import annotations

import django_filters

from apps.core.filtersets import LedgerFilterSet, year_filter
from apps.unions.filtersets import WithinFilter

from ..models import TrainingCourse


class TrainingCourseFilterSet(LedgerFilterSet):
    within = WithinFilter(label="主办单位（含下级）", prefix="organizer__")
    kind = django_filters.ChoiceFilter(
        label="培训类型", choices=TrainingCourse.Kind.choices, empty_label="全部"
    )
    year = year_filter("年度", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = TrainingCourse
        fields = ["q", "within", "kind", "year"]
