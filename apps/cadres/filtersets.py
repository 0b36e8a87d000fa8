import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from apps.core.filtersets import LedgerFilterSet, year_filter, yes_no_filter
from apps.unions.filtersets import DirectFilter, WithinFilter, date_filter, date_range_filter

from .models import Cadre, Election, Position


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
    year = year_filter("选举年度", field_name="held_on", lookup_expr="year")
    approved = yes_no_filter("已批复", "filter_approved")
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）", prefix="union__")
    held = date_range_filter("选举日期", field_name="held_on")

    class Meta:
        model = Election
        fields = ["q", "within", "kind", "method", "year", "approved", "direct", "held"]

    def search(self, queryset, name, value):
        # A candidate's name joins the candidates: distinct, or an election shows twice.
        return super().search(queryset, name, value).distinct()

    def filter_approved(self, queryset, name, value):
        return queryset.filter(approved_on__isnull=value != "1")
