"""The member ledger's filters."""

import re

import django_filters
from django import forms
from django.db.models import Q

from apps.core.filtersets import LedgerFilterSet, year_filter, yes_no_filter
from apps.core.validators import normalize_code
from apps.unions.filtersets import WithinFilter

from ..models import Member, MembershipStatus, dispatched


def prefix_range(lookup: str, prefix: str) -> Q:
    """`lookup` starts with `prefix`, as a range the b-tree index answers on both databases."""
    return Q(**{f"{lookup}__gte": prefix, f"{lookup}__lt": prefix + "\uffff"})


class MemberFilterSet(LedgerFilterSet):
    q = django_filters.CharFilter(
        label="搜索（姓名、拼音首字母、身份证号后四位以上）", method="search"
    )
    within = WithinFilter(label="所属组织（含下级）", prefix="union_")
    status = django_filters.MultipleChoiceFilter(
        label="会籍状态",
        choices=MembershipStatus.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    migrant = yes_no_filter("农民工", "filter_migrant")
    dispatched = yes_no_filter("劳务派遣工", "filter_dispatched")
    employment_form = django_filters.ChoiceFilter(
        label="用工形式", choices=Member.EmploymentForm.choices, empty_label="全部"
    )
    joined_year = year_filter("入会年度", field_name="joined_on", lookup_expr="year")
    no_application = django_filters.BooleanFilter(
        label="未交入会申请", method="filter_no_application", widget=forms.CheckboxInput
    )
    no_card = django_filters.BooleanFilter(
        label="无会员证", method="filter_no_card", widget=forms.CheckboxInput
    )

    class Meta:
        model = Member
        fields = [
            "q",
            "within",
            "status",
            "migrant",
            "dispatched",
            "employment_form",
            "joined_year",
            "no_application",
            "no_card",
        ]

    def search(self, queryset, name, value):
        """A name, its pinyin initials (zs), or the tail of the ID number (4+ characters)."""
        value = value.strip()
        code = normalize_code(value)
        if re.fullmatch(r"\d{3,17}[\dX]", code):
            if len(code) == 18:
                return queryset.filter(id_number=code)
            tail = queryset.filter(id_tail=code[-4:])  # indexed
            return tail if len(code) == 4 else tail.filter(id_number__endswith=code)
        if re.fullmatch(r"[A-Za-z]+", value):
            return queryset.filter(prefix_range("name_initials", value.lower()))
        return queryset.filter(prefix_range("name", value)) if value else queryset

    def filter_migrant(self, queryset, name, value):
        migrant = Q(household_type=Member.HouseholdType.AGRICULTURAL)
        return queryset.filter(migrant if value == "1" else ~migrant)

    def filter_dispatched(self, queryset, name, value):
        return queryset.filter(dispatched() if value == "1" else ~dispatched())

    def filter_no_application(self, queryset, name, value):
        return queryset.filter(application_submitted=False) if value else queryset

    def filter_no_card(self, queryset, name, value):
        return queryset.filter(card_number="") if value else queryset
