import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from apps.core.filtersets import LedgerFilterSet, year_filter
from apps.unions.filtersets import DirectFilter, WithinFilter, date_filter, date_range_filter

from .models import EvaluationRound, HomeInspection, Level, ModelUnion, StandardReview, WorkersHome


class UnionRowFilterSet(LedgerFilterSet):
    """Rows of one union: search by the union's name, within a county or township, by year."""

    search_fields = ("union__name__icontains",)
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    year = year_filter("年度")
    # The 规范化与载体 figures' drill-down (apps.stats): the 直属 row of a figures table.
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）", prefix="union__")


class StandardReviewFilterSet(UnionRowFilterSet):
    level = django_filters.MultipleChoiceFilter(
        label="等级", choices=Level.choices, widget=forms.CheckboxSelectMultiple
    )

    reviewed = date_range_filter("检查日期", field_name="reviewed_on")

    class Meta:
        model = StandardReview
        fields = ["q", "within", "year", "level", "direct", "reviewed"]


class ModelUnionFilterSet(UnionRowFilterSet):
    status = django_filters.MultipleChoiceFilter(
        label="状态", choices=ModelUnion.Status.choices, widget=forms.CheckboxSelectMultiple
    )

    accepted = date_range_filter("验收日期", field_name="accepted_on")

    class Meta:
        model = ModelUnion
        fields = ["q", "within", "year", "status", "direct", "accepted"]


class WorkersHomeFilterSet(UnionRowFilterSet):
    year = year_filter("命名年度")
    level = django_filters.MultipleChoiceFilter(
        label="称号", choices=WorkersHome.HomeLevel.choices, widget=forms.CheckboxSelectMultiple
    )
    is_evaluation_pilot = django_filters.BooleanFilter(
        label="仅会员评家试点", widget=forms.CheckboxInput, method="filter_pilot"
    )
    withdrawn = django_filters.ChoiceFilter(
        label="称号",
        method="filter_withdrawn",
        empty_label="全部",
        choices=[("0", "保留"), ("1", "已撤销")],
    )

    honoured_on = date_filter("某日持有称号", "filter_honoured_on")

    class Meta:
        model = WorkersHome
        fields = [
            "q",
            "within",
            "year",
            "level",
            "is_evaluation_pilot",
            "withdrawn",
            "direct",
            "honoured_on",
        ]

    def filter_pilot(self, queryset, name, value):
        return queryset.filter(is_evaluation_pilot=True) if value else queryset

    def filter_withdrawn(self, queryset, name, value):
        return queryset.filter(withdrawn_on__isnull=value != "1")

    def filter_honoured_on(self, queryset, name, value):
        return queryset.filter(honoured_on(value))


def honoured_on(day) -> Q:
    """Homes named in the day's year or before whose title no re-inspection up to the day
    withdrew (a re-inspection not keeping the title withdraws it on its date)."""
    withdrawn = HomeInspection.objects.filter(
        home=OuterRef("pk"), title_kept=False, inspected_on__lte=day
    )
    return Q(year__lte=day.year) & ~Exists(withdrawn)


class HomeInspectionFilterSet(LedgerFilterSet):
    search_fields = ("home__union__name__icontains",)
    within = WithinFilter(label="所属组织（含下级）", prefix="home__union__")
    title_kept = django_filters.BooleanFilter(label="保留称号")

    class Meta:
        model = HomeInspection
        fields = ["q", "within", "title_kept"]


class EvaluationRoundFilterSet(UnionRowFilterSet):
    class Meta:
        model = EvaluationRound
        fields = ["q", "within", "year"]
