"""Filter pieces shared by every ledger (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q

from .forms import style_widgets

YES_NO = [("1", "是"), ("0", "否")]


class LedgerFilterSet(django_filters.FilterSet):
    """Base filterset: a free-text `q` over `search_fields`, Bootstrap-styled widgets."""

    search_fields: tuple[str, ...] = ("name__icontains",)
    q = django_filters.CharFilter(label="搜索", method="search")

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
