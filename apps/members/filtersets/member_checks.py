"""会员核查 (views.member_checks): the filters of its sections, and who counts as lost."""

import datetime
import functools
import operator
import re

import django_filters
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.filtersets import LedgerFilterSet
from apps.core.validators import normalize_code
from apps.unions.filtersets import WithinFilter
from apps.unions.models import Employer, Union

from ..models import Member, MemberConflict
from .members import MemberFilterSet, prefix_range


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
    `IN`s would make PostgreSQL test every member of the scope."""
    first, *rest = (
        Member.objects.filter(q).order_by().values("pk")
        for qs in lost_causes(on).values()
        for q in qs
    )
    return first.union(*rest)


class LostMemberFilterSet(MemberCheckFilterSet):
    cause = django_filters.ChoiceFilter(
        label="流失原因",
        method="filter_cause",
        empty_label="全部",
        choices=[("union", "所在工会已撤销"), ("employer", "工作单位已注销")],
    )

    class Meta(MemberCheckFilterSet.Meta):
        fields = ["q", "within", "cause"]

    def filter_cause(self, queryset, name, value):
        causes = lost_causes(timezone.localdate())[value]
        return queryset.filter(functools.reduce(operator.or_, causes))


class RosterMemberFilterSet(MemberCheckFilterSet):
    missing = django_filters.ChoiceFilter(
        label="缺少",
        method="filter_missing",
        empty_label="全部",
        choices=[("application", "入会申请"), ("card", "会员证")],
    )

    class Meta(MemberCheckFilterSet.Meta):
        fields = ["q", "within", "missing"]

    def filter_missing(self, queryset, name, value):
        if value == "application":
            return queryset.filter(application_submitted=False)
        return queryset.filter(card_number="")
