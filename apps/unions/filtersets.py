import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from apps.core.filtersets import LedgerFilterSet, year_filter, yes_no_filter
from apps.core.scoping import subtree_bounds
from apps.core.validators import normalize_code

from .models import (
    KIND_NATURES,
    NEW_SOCIAL_ORG_NATURES,
    NON_PUBLIC_NATURES,
    Coverage,
    Employer,
    EmployerKind,
    FollowUp,
    FundPayment,
    Industry,
    Nature,
    OrganizingStatus,
    Union,
)

# The status filter's extra choice: own union or covered (建会单位, DOMAIN.md).
ORGANIZED = "organized"


def organizing_unions(request):
    """The nodes a user may filter by: their own subtree's city/county/township levels."""
    if request is None:
        return Union.objects.none()
    return Union.objects.visible_to(request.user).filter(level__in=Union.ORGANIZING_LEVELS)


class WithinFilter(django_filters.ModelChoiceFilter):
    """Rows whose union (or the union itself) lies in the chosen node's subtree."""

    def __init__(self, *, prefix: str = "", **kwargs):
        self.prefix = prefix
        super().__init__(queryset=organizing_unions, empty_label="全部", **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        low, high = subtree_bounds(value.path)
        return qs.filter(**{f"{self.prefix}path__gte": low, f"{self.prefix}path__lt": high})


class DirectFilter(WithinFilter):
    """Rows of the chosen node itself and of the grassroots unions directly below it, not of
    its organizing children (townships of a county): the 直属 row of a figures table."""

    def filter(self, qs, value):
        if not value:
            return qs
        children = organizing_unions(self.parent.request).filter(parent=value)
        condition = Q()
        for path in children.values_list("path", flat=True):
            low, high = subtree_bounds(path)
            condition |= Q(**{f"{self.prefix}path__gte": low, f"{self.prefix}path__lt": high})
        qs = super().filter(qs, value)
        return qs.exclude(condition) if condition else qs


def date_filter(label: str, method: str) -> django_filters.DateFilter:
    return django_filters.DateFilter(
        label=label, method=method, widget=forms.DateInput(attrs={"type": "date"})
    )


def date_range_filter(label: str, **kwargs) -> django_filters.DateFromToRangeFilter:
    """Two dates, `<name>_after` and `<name>_before`, both included."""
    return django_filters.DateFromToRangeFilter(
        label=label,
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
        **kwargs,
    )


class UnionFilterSet(LedgerFilterSet):
    search_fields = ("name__icontains", "uscc__startswith", "chair_name__icontains")
    within = WithinFilter(label="所属组织（含下级）")
    level = django_filters.MultipleChoiceFilter(
        label="组建形式",
        choices=[c for c in Union.Level.choices if c[0] in Union.GRASSROOTS_LEVELS],
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # a column of the row itself: no join, no duplicates to remove
    )
    employer_kind = django_filters.ChoiceFilter(
        label="所在单位类型",
        choices=EmployerKind.choices,
        method="filter_employer_kind",
        empty_label="全部",
    )
    founded_year = year_filter("成立年度", field_name="founded_on", lookup_expr="year")
    active = yes_no_filter("正常存续", "filter_active")
    as_of = date_filter("截至该日存续", "filter_as_of")
    founded = date_range_filter("成立日期（起止）", field_name="founded_on")
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）")
    missing = django_filters.ChoiceFilter(
        label="规范化缺项",
        method="filter_missing",
        empty_label="全部",
        choices=[
            (name, f"无：{Union._meta.get_field(name).verbose_name.removeprefix('有')}")
            for name in Union.STANDARDIZATION_FIELDS
        ],
    )

    has = django_filters.ChoiceFilter(
        label="规范化具备项",
        method="filter_has",
        empty_label="全部",
        choices=[
            (name, Union._meta.get_field(name).verbose_name)
            for name in Union.STANDARDIZATION_FIELDS
        ],
    )

    class Meta:
        model = Union
        fields = [
            "q",
            "within",
            "level",
            "employer_kind",
            "founded_year",
            "active",
            "as_of",
            "founded",
            "direct",
            "missing",
            "has",
        ]

    def filter_employer_kind(self, queryset, name, value):
        return queryset.filter(employer__nature__in=KIND_NATURES[value])

    def filter_active(self, queryset, name, value):
        active = Q(dissolved_on__isnull=True)
        return queryset.filter(active if value == "1" else ~active)

    def filter_as_of(self, queryset, name, value):
        """Founded by the day (or no founding date kept) and not dissolved by it."""
        return queryset.active(value).filter(Q(founded_on__isnull=True) | Q(founded_on__lte=value))

    def filter_missing(self, queryset, name, value):
        return queryset.filter(**{value: False})

    def filter_has(self, queryset, name, value):
        return queryset.filter(**{value: True})


class EmployerFilterSet(LedgerFilterSet):
    search_fields = ("name__icontains", "uscc__startswith", "contact_person__icontains")
    within = WithinFilter(label="所属组织（含下级）", prefix="owner__")
    status = django_filters.ChoiceFilter(
        label="建会状态",
        choices=[*OrganizingStatus.choices, (ORGANIZED, "已建会（单独建会或涵盖）")],
        method="filter_status",
        empty_label="全部",
    )
    # The day the status is taken on (default today); `as_of` also keeps the employers
    # operating on that day, `status_on` only moves the status (双措并举 at the year's end).
    as_of = date_filter("截至日期（未注销）", "filter_as_of")
    status_on = date_filter("建会状态日期", "filter_status_on")
    covered = date_range_filter("涵盖开始日期（起止）", method="filter_covered")
    dual_measures_year = year_filter(
        "双措并举年度（年初已缴筹备金未建会）", method="filter_dual_measures"
    )
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）", prefix="owner__")
    # distinct=False: the default SELECT DISTINCT made the city's filtered list much slower.
    nature = django_filters.MultipleChoiceFilter(
        label="单位性质",
        choices=Nature.choices,
        widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )
    industry = django_filters.ModelChoiceFilter(
        label="行业", queryset=Industry.objects.all(), empty_label="全部"
    )
    new_social_org = yes_no_filter("新社会组织", "filter_new_social_org")
    non_public = yes_no_filter("非公企业", "filter_non_public")
    paid_fund = yes_no_filter("已缴筹备金", "filter_paid_fund")
    taxi = yes_no_filter("出租车企业", "filter_taxi")
    is_labour_dispatch = django_filters.BooleanFilter(label="劳务派遣单位")
    source = django_filters.ChoiceFilter(
        label="来源", choices=Employer.Source.choices, empty_label="全部"
    )
    employees_min = django_filters.NumberFilter(
        label="职工人数不少于", field_name="employees", lookup_expr="gte"
    )
    closed = yes_no_filter("已注销（关闭）", "filter_closed")

    class Meta:
        model = Employer
        fields = [
            "q",
            "within",
            "status",
            "nature",
            "industry",
            "new_social_org",
            "non_public",
            "paid_fund",
            "taxi",
            "is_labour_dispatch",
            "source",
            "employees_min",
            "closed",
            "as_of",
            "status_on",
            "covered",
            "dual_measures_year",
            "direct",
        ]

    def search(self, queryset, name, value):
        # A USCC pasted with full-width characters or spaces still finds its row.
        code = normalize_code(value)
        if len(code) == 18:
            return queryset.filter(uscc=code)
        return super().search(queryset, name, value)

    def status_date(self):
        data = self.form.cleaned_data
        return data.get("status_on") or data.get("as_of") or None

    def filter_status(self, queryset, name, value):
        on = self.status_date()
        if value == ORGANIZED:
            return queryset.with_status(on).filter(Q(has_own_union=True) | Q(is_covered=True))
        return queryset.with_status_filter(value, on)

    def filter_as_of(self, queryset, name, value):
        # The status column then shows the status on that day, as the figures count it.
        return queryset.operating(value).with_status(self.status_date())

    def filter_status_on(self, queryset, name, value):
        return queryset  # read by filter_status

    def filter_covered(self, queryset, name, value):
        """Employers with a coverage that started within the dates (新增涵盖单位)."""
        started = Coverage.objects.filter(employer=OuterRef("pk"))
        if value.start:
            started = started.filter(start_on__gte=value.start)
        if value.stop:
            started = started.filter(start_on__lte=value.stop)
        return queryset.filter(Exists(started))

    def filter_dual_measures(self, queryset, name, value):
        return queryset.fund_paid_unorganized(int(value))

    def filter_new_social_org(self, queryset, name, value):
        condition = Q(nature__in=NEW_SOCIAL_ORG_NATURES)
        return queryset.filter(condition if value == "1" else ~condition)

    def filter_non_public(self, queryset, name, value):
        condition = Q(nature__in=NON_PUBLIC_NATURES)
        return queryset.filter(condition if value == "1" else ~condition)

    def filter_paid_fund(self, queryset, name, value):
        paid = Exists(FundPayment.objects.filter(employer=OuterRef("pk")))
        return queryset.filter(paid if value == "1" else ~paid)

    def filter_closed(self, queryset, name, value):
        closed = Q(closed_on__lte=self.status_date() or timezone.localdate())
        return queryset.filter(closed if value == "1" else ~closed)

    def filter_taxi(self, queryset, name, value):
        return queryset.exclude(taxi_mode="") if value == "1" else queryset.filter(taxi_mode="")


class UnorganizedFilterSet(EmployerFilterSet):
    """未建会单位台帐 filters: the same, without the status (always 未建会)."""

    sector = django_filters.ChoiceFilter(
        label="重点行业",
        method="filter_sector",
        empty_label="全部",
        choices=[
            ("hospital", "民营医院"),
            ("school", "民办学校"),
            ("law", "律师事务所"),
            ("accounting", "会计师事务所"),
        ],
    )
    overdue = yes_no_filter("跟进已逾期", "filter_overdue")

    SECTOR_WORDS = {"hospital": "医院", "school": "学校", "law": "律师", "accounting": "会计"}

    class Meta(EmployerFilterSet.Meta):
        fields = [
            "q",
            "within",
            "sector",
            "nature",
            "industry",
            "new_social_org",
            "paid_fund",
            "taxi",
            "employees_min",
            "overdue",
        ]

    def filter_sector(self, queryset, name, value):
        word = self.SECTOR_WORDS.get(value)
        return queryset.filter(name__contains=word) if word else queryset

    def filter_overdue(self, queryset, name, value):
        overdue = Q(next_follow_up__lt=timezone.localdate())
        return queryset.filter(overdue if value == "1" else ~overdue)


def with_follow_up(queryset):
    """The unorganized ledger's extra columns, as subqueries (no query per row)."""
    latest = FollowUp.objects.filter(employer=OuterRef("pk")).order_by("-on", "-pk")
    paid = FundPayment.objects.filter(employer=OuterRef("pk")).order_by("-year")
    return queryset.annotate(
        last_follow_up=Subquery(latest.values("on")[:1]),
        next_follow_up=Subquery(latest.values("next_on")[:1]),
        last_paid_year=Subquery(paid.values("year")[:1]),
    )


class FundPaymentFilterSet(LedgerFilterSet):
    search_fields = ("employer__name__icontains", "employer__uscc__startswith")
    within = WithinFilter(label="所属组织（含下级）", prefix="employer__owner__")
    year = year_filter("缴纳年度")
    unorganized = yes_no_filter("尚未建会", "filter_unorganized")

    class Meta:
        model = FundPayment
        fields = ["q", "within", "year", "unorganized"]

    def filter_unorganized(self, queryset, name, value):
        open_ids = (
            Employer.objects.operating().with_status_filter(OrganizingStatus.NONE).values("pk")
        )
        condition = Q(employer__in=open_ids)
        return queryset.filter(condition if value == "1" else ~condition)
