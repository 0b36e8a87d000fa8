"""Memberships (会籍记录): who was a member where on a day; the figures' drill-down."""

import datetime
import re

import django_filters
from django.db import models
from django.db.models import Q

from apps.core.filtersets import LedgerFilterSet, yes_no_filter
from apps.unions.filtersets import DirectFilter, WithinFilter, date_filter, date_range_filter
from apps.unions.models import Union

from ..models import Member, Membership, dispatched
from .members import prefix_range


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
        fields = [
            "q",
            "within",
            "direct",
            "as_of",
            "joined",
            "first",
            "female",
            "migrant",
            "dispatched",
            "joint",
        ]

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
