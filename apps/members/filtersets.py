import datetime
import functools
import operator
import re

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import LedgerFilterSet, year_filter, yes_no_filter
from apps.core.validators import normalize_code
from apps.unions.filtersets import DirectFilter, WithinFilter, date_filter, date_range_filter
from apps.unions.models import Employer, Union

from .models import (
    Member,
    MemberConflict,
    Membership,
    MembershipStatus,
    Transfer,
    dispatched,
)


def prefix_range(lookup: str, prefix: str) -> Q:
    """`lookup` starts with `prefix`, as a range the b-tree index answers on both databases."""
    return Q(**{f"{lookup}__gte": prefix, f"{lookup}__lt": prefix + "\uffff"})


class MemberFilterSet(LedgerFilterSet):
    q = django_filters.CharFilter(
        label="搜索（姓名、拼音首字母、身份证号后四位以上）", method="search"
    )
    within = WithinFilter(label="所属组织（含下级）", prefix="union_")
    status = django_filters.MultipleChoiceFilter(
        label="会籍状态", choices=MembershipStatus.choices, widget=forms.CheckboxSelectMultiple,
        distinct=False,
    )  # fmt: skip
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
        fields = ["q", "within", "status", "migrant", "dispatched", "employment_form",
                  "joined_year", "no_application", "no_card"]  # fmt: skip

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


def in_effect(on: datetime.date) -> Q:
    """A membership in effect on a day: joined by then and not left (会员人数 as of a date)."""
    return Q(joined_on__lte=on) & (Q(left_on__isnull=True) | Q(left_on__gt=on))


# A person's first membership: transfers open a new membership on the transfer day, while the
# person's 入会日期 stays; only the membership that began on it is a new member (新发展会员).
FIRST_MEMBERSHIP = Q(joined_on=models.F("member__joined_on"))
MIGRANT = Q(member__household_type=Member.HouseholdType.AGRICULTURAL)
DISPATCHED = dispatched("member__")
FEMALE = Q(member__sex=Member.Sex.FEMALE)
IN_JOINT_UNION = Q(union__level=Union.Level.JOINT)


class MembershipFilterSet(LedgerFilterSet):
    """Memberships (会籍记录): who was a member where on a day; the figures' drill-down."""

    q = django_filters.CharFilter(label="搜索（姓名、拼音首字母）", method="search")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    direct = DirectFilter(label="本级及直属基层工会（不含下级组织）", prefix="union__")
    as_of = date_filter("截至该日在册", "filter_as_of")
    joined = date_range_filter("入会日期（起止）", field_name="joined_on")
    first = yes_no_filter("新发展会员（首次入会）", "filter_first")
    female = yes_no_filter("女会员", "filter_female")
    migrant = yes_no_filter("农民工", "filter_migrant")
    dispatched = yes_no_filter("劳务派遣工", "filter_dispatched")
    joint = yes_no_filter("联合基层工会会员", "filter_joint")

    class Meta:
        model = Membership
        fields = ["q", "within", "direct", "as_of", "joined", "first", "female", "migrant",
                  "dispatched", "joint"]  # fmt: skip

    def search(self, queryset, name, value):
        value = value.strip()
        if re.fullmatch(r"[A-Za-z]+", value):
            return queryset.filter(prefix_range("member__name_initials", value.lower()))
        return queryset.filter(prefix_range("member__name", value)) if value else queryset

    def filter_as_of(self, queryset, name, value):
        return queryset.filter(in_effect(value))

    @staticmethod
    def yes_no(queryset, condition: Q, value: str):
        return queryset.filter(condition if value == "1" else ~condition)

    def filter_first(self, queryset, name, value):
        return self.yes_no(queryset, FIRST_MEMBERSHIP, value)

    def filter_female(self, queryset, name, value):
        return self.yes_no(queryset, FEMALE, value)

    def filter_migrant(self, queryset, name, value):
        return self.yes_no(queryset, MIGRANT, value)

    def filter_dispatched(self, queryset, name, value):
        return self.yes_no(queryset, DISPATCHED, value)

    def filter_joint(self, queryset, name, value):
        return self.yes_no(queryset, IN_JOINT_UNION, value)


class TransferFilterSet(LedgerFilterSet):
    search_fields = ("member__name__startswith",)
    q = django_filters.CharFilter(label="搜索（姓名）", method="search")
    status = django_filters.ChoiceFilter(label="状态", choices=Transfer.Status.choices,
                                         empty_label="全部")  # fmt: skip

    class Meta:
        model = Transfer
        fields = ["q", "status"]


# ------------------------------------------------------------------ 会员核查 (apps.members.checks)


class EitherSideWithinFilter(WithinFilter):
    """Rows of a model whose scope names two unions (a conflict) with either in the subtree."""

    def filter(self, qs, value):
        return qs.in_subtree(value.path) if value else qs


class MemberConflictFilterSet(LedgerFilterSet):
    q = django_filters.CharFilter(label="搜索（姓名、身份证号）", method="search")
    within = EitherSideWithinFilter(label="所属组织（含下级）")
    kind = django_filters.ChoiceFilter(
        label="冲突类型", choices=MemberConflict.Kind.choices, empty_label="全部"
    )

    class Meta:
        model = MemberConflict
        fields = ["q", "within", "kind"]

    def search(self, queryset, name, value):
        """The full ID number, or the start of the member's or the typed name."""
        value = value.strip()
        code = normalize_code(value)
        if re.fullmatch(r"\d{17}[\dX]", code):
            return queryset.filter(member__id_number=code)
        if not value:
            return queryset
        return queryset.filter(
            prefix_range("member__name", value) | prefix_range("typed_name", value)
        )


class MemberCheckFilterSet(LedgerFilterSet):
    """Filters of the member lists of 会员核查 (流失会员, 花名册会员)."""

    q = django_filters.CharFilter(
        label="搜索（姓名、拼音首字母、身份证号后四位以上）", method="search"
    )
    within = WithinFilter(label="所属组织（含下级）", prefix="union_")
    search = MemberFilterSet.search

    class Meta:
        model = Member
        fields = ["q", "within"]


def lost_causes(on: datetime.date) -> dict[str, list[Q]]:
    """Why a member counts as lost (流失) on a day: the union was dissolved; or the employer
    closed — the member's own 工作单位, or the employer of the member's union, whatever the
    member's 工作单位 says (often blank). Few unions are dissolved and few employers closed,
    so members are reached through the indexed union_id and employer_id rather than by
    testing every active member."""
    closed = Employer.objects.filter(closed_on__lte=on).values("pk")
    return {
        "union": [Q(union__in=Union.objects.filter(dissolved_on__lte=on).values("pk"))],
        "employer": [
            Q(employer__in=closed),
            Q(union__in=Union.objects.filter(employer__in=closed).values("pk")),
        ],
    }


def lost_members(on: datetime.date) -> models.QuerySet:
    """The ids of members lost for any cause. One `UNION` of indexed lookups: an `OR` of the
    `IN`s would make PostgreSQL test every member of the scope (1 s at a million members,
    against 0.1 s)."""
    first, *rest = (
        Member.objects.filter(q).order_by().values("pk")
        for qs in lost_causes(on).values()
        for q in qs
    )
    return first.union(*rest)


class LostMemberFilterSet(MemberCheckFilterSet):
    cause = django_filters.ChoiceFilter(
        label="流失原因", method="filter_cause", empty_label="全部",
        choices=[("union", "所在工会已撤销"), ("employer", "工作单位已注销")],
    )  # fmt: skip

    class Meta(MemberCheckFilterSet.Meta):
        fields = ["q", "within", "cause"]

    def filter_cause(self, queryset, name, value):
        causes = lost_causes(timezone.localdate())[value]
        return queryset.filter(functools.reduce(operator.or_, causes))


class RosterMemberFilterSet(MemberCheckFilterSet):
    missing = django_filters.ChoiceFilter(
        label="缺少", method="filter_missing", empty_label="全部",
        choices=[("application", "入会申请"), ("card", "会员证")],
    )  # fmt: skip

    class Meta(MemberCheckFilterSet.Meta):
        fields = ["q", "within", "missing"]

    def filter_missing(self, queryset, name, value):
        if value == "application":
            return queryset.filter(application_submitted=False)
        return queryset.filter(card_number="")
