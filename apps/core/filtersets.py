"""Filter pieces shared by every ledger (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q

from .forms import style_widgets

YES_NO = [("1", "是"), ("0", "否")]

# Bounds of every number a filter takes (issue 19 §5): year 0 or 10**20 would reach the
# database's date arithmetic or integer column and fail there, not in the form.
YEARS = {"min_value": 1900, "max_value": 2100}
COUNTS = {"min_value": 0, "max_value": 2_147_483_647}


class LedgerFilterSet(django_filters.FilterSet):
    """Base filterset: a free-text `q` over `search_fields`, Bootstrap-styled widgets."""

    search_fields: tuple[str, ...] = ("name__icontains",)
    q = django_filters.CharFilter(label="搜索", method="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in self.filters.values():
            if isinstance(number, django_filters.NumberFilter):
                for bound, value in COUNTS.items():
                    number.extra.setdefault(bound, value)

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for lookup in self.search_fields:
            condition |= Q(**{lookup: value})
        return queryset.filter(condition)

    @property
    def form(self):
        form = super().form
        style_widgets(form)
        return form


def yes_no_filter(label: str, method: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=label, choices=YES_NO, method=method, empty_label="全部", widget=forms.Select
    )


def year_filter(label: str, **kwargs) -> django_filters.NumberFilter:
    """A year, 1900–2100: out of range is a form error, not a date the database can't make."""
    return django_filters.NumberFilter(label=label, **YEARS, **kwargs)
