from __future__ import annotations

import django_filters
from django.db.models import Exists, OuterRef

from apps.core.filtersets import LedgerFilterSet, yes_no_filter
from apps.unions.filtersets import DirectFilter, WithinFilter, date_filter

from ..models import Cadre, Position


class CadreFilterSet(LedgerFilterSet):
    search_fields = ("name__icontains", "id_number__startswith", "mobile__startswith")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    sex = django_filters.ChoiceFilter(label="性别", choices=Cadre.Sex.choices, empty_label="全部")
    in_office = yes_no_filter("现有任职", "filter_in_office")
    # The 队伍 figures' drill-down (apps.stats): cadres by their ledger union, on a day.
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）", prefix="union__")
    full_time_on = date_filter("某日有专职任职", "filter_full_time_on")
    part_time_on = date_filter("某日仅有兼职任职", "filter_part_time_on")

    class Meta:
        model = Cadre
        fields = ["q", "within", "sex", "in_office", "direct", "full_time_on", "part_time_on"]

    def filter_in_office(self, queryset, name, value):
        current = Position.objects.current().values("cadre")
        return queryset.filter(pk__in=current) if value == "1" else queryset.exclude(pk__in=current)

    def filter_full_time_on(self, queryset, name, value):
        return queryset.filter(holds_position_on(value, full_time=True))

    def filter_part_time_on(self, queryset, name, value):
        return queryset.filter(holds_position_on(value), ~holds_position_on(value, full_time=True))


def holds_position_on(day, **more) -> Exists:
    """A cadre holds a position current on `day` (full-time ones with `full_time=True`)."""
    return Exists(Position.objects.current(day).filter(cadre=OuterRef("pk"), **more))
