import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import LedgerFilterSet, yes_no_filter
from apps.unions.filtersets import WithinFilter

from .models import Cadre, Election, Position


class CadreFilterSet(LedgerFilterSet):
    search_fields = ("name__icontains", "id_number__startswith", "mobile__startswith")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    sex = django_filters.ChoiceFilter(label="性别", choices=Cadre.Sex.choices, empty_label="全部")
    in_office = yes_no_filter("现有任职", "filter_in_office")

    class Meta:
        model = Cadre
        fields = ["q", "within", "sex", "in_office"]

    def filter_in_office(self, queryset, name, value):
        current = Position.objects.current().values("cadre")
        return queryset.filter(pk__in=current) if value == "1" else queryset.exclude(pk__in=current)


class PositionFilterSet(LedgerFilterSet):
    search_fields = ("cadre__name__icontains", "union__name__icontains")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    role = django_filters.MultipleChoiceFilter(
        label="职务", choices=Position.Role.choices, widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )  # fmt: skip
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


class ElectionFilterSet(LedgerFilterSet):
    search_fields = ("union__name__icontains", "candidates__name__icontains")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    kind = django_filters.ChoiceFilter(
        label="选举类型", choices=Election.Kind.choices, empty_label="全部"
    )
    method = django_filters.ChoiceFilter(
        label="选举方式", choices=Election.Method.choices, empty_label="全部"
    )
    year = django_filters.NumberFilter(label="选举年度", field_name="held_on", lookup_expr="year")
    approved = yes_no_filter("已批复", "filter_approved")

    class Meta:
        model = Election
        fields = ["q", "within", "kind", "method", "year", "approved"]

    def search(self, queryset, name, value):
        # A candidate's name joins the candidates: distinct, or an election shows twice.
        return super().search(queryset, name, value).distinct()

    def filter_approved(self, queryset, name, value):
        return queryset.filter(approved_on__isnull=value != "1")
