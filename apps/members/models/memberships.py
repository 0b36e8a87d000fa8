"""Memberships (会籍): the dated stays of a person in unions, with copies of the person's
facts the figures count."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from simple_history.models import HistoricalRecords

from apps.core.exchange.bulk import default_row
from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from .members import Member, MembershipStatus, dispatched


def membership_facts(sources: Mapping[str, Any], joined_on: datetime.date) -> dict[str, bool]:
    """The copies a membership beginning on `joined_on` carries, from the member's
    FACT_SOURCES (Member.fact_sources(), or a member row an import inserts)."""
    return {
        "female": sources["sex"] == Member.Sex.FEMALE,
        "migrant": sources["household_type"] == Member.HouseholdType.AGRICULTURAL,
        # 劳务派遣工: employed by dispatch, or sent by a labour-dispatch employer.
        "dispatched": sources["employment_form"] == Member.EmploymentForm.DISPATCH
        or sources["dispatching_employer_id"] is not None,
        "first": joined_on == sources["joined_on"],
    }


FACTS_BATCH = 1000  # members per UPDATE in Membership.refresh_facts


MEMBER_FACTS = ["female", "migrant", "dispatched", "first"]


class Membership(DateRulesMixin, models.Model):
    """One stay of a person in a union: joined, left, how it ended (会籍与接转历史)."""

    scope_path = "union__path"
    # A person joins a union that exists that day; a membership may end on any day after
    # (a member of a dissolved union stays on its roll until transferred: 流失会员).
    date_rules = (
        NotFuture("joined_on"),
        InLife("joined_on", "union"),
        NotFuture("left_on"),
        NotBefore("left_on", "joined_on"),
    )

    member = models.ForeignKey(
        Member, verbose_name="会员", on_delete=models.CASCADE, related_name="memberships"
    )
    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.PROTECT, related_name="memberships"
    )
    joined_on = models.DateField("入会日期")
    left_on = models.DateField("离开日期", null=True, blank=True)
    status = models.CharField(
        "会籍状态",
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )
    reason = models.CharField("原因", max_length=200, blank=True)
    # Copies of the member's facts the figures count (apps.stats, a million memberships a
    # pass): read from the membership row alone, the figures need not join a million members.
    # Set from the member on save() (membership_facts), kept by Member.save() and
    # Membership.refresh_facts(); no default, so a writer that forgets them fails.
    female = models.BooleanField("女会员", editable=False)
    migrant = models.BooleanField("农民工", editable=False)
    dispatched = models.BooleanField("劳务派遣工", editable=False)
    first = models.BooleanField("首次入会", editable=False, help_text="入会日期即本人入会日期")

    history = HistoricalRecords(excluded_fields=MEMBER_FACTS)
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会籍"
        ordering = ["-joined_on", "-pk"]
        constraints = [
            # 做实: one person is active in one union at a time — enforced by the database.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status=MembershipStatus.ACTIVE),
                name="membership_one_active_per_member",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("joined_on")),
                name="membership_left_after_joined",
            ),
        ]
        indexes = [
            models.Index(fields=["union", "status"], name="membership_union_status"),
            # 本年新发展会员 (apps.stats): a year's first memberships of each union, with the
            # columns that family reads. SQLite walks the unions in path order and reads each
            # one's range of days, sorting nothing; PostgreSQL counts the
            # city in a parallel scan of the table and a county union by union.
            models.Index(
                fields=["union", "joined_on", "migrant"],
                condition=Q(first=True),
                name="membership_first_union",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.union}（{self.get_status_display()}）"

    def save(self, *args, **kwargs) -> None:
        self.copy_facts()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return self.member.get_absolute_url()

    @classmethod
    def refresh_facts(cls, member_ids: Iterable[int]) -> None:
        """Copy the facts anew onto every membership of these members: called after writes that
        change a member's sex, household type, employment form, dispatching employer or 入会日期
        without going through Member.save() (bulk updates of imports)."""
        member = Member.objects.filter(pk=OuterRef("member_id"))
        facts = {
            "female": Exists(member.filter(sex=Member.Sex.FEMALE)),
            "migrant": Exists(member.filter(household_type=Member.HouseholdType.AGRICULTURAL)),
            "dispatched": Exists(member.filter(dispatched())),
            "first": Exists(member.filter(joined_on=OuterRef("joined_on"))),
        }
        ids = sorted(set(member_ids))
        for start in range(0, len(ids), FACTS_BATCH):
            cls.objects.filter(member_id__in=ids[start : start + FACTS_BATCH]).update(**facts)

    @classmethod
    def of(cls, member: Member, **fields) -> Membership:
        """An unsaved membership of `member` carrying its facts (for bulk writers)."""
        membership = cls(member=member, **fields)
        membership.copy_facts()
        return membership

    @classmethod
    def row_of(cls, member: Mapping[str, Any], joined_on: datetime.date, **fields) -> dict:
        """A new membership as a row for db.insert_rows (attname → value), the other fields
        at their defaults: an import inserts 100,000. `member` is the member's row (its "id"
        and FACT_SOURCES), the facts are copied from it."""
        facts = membership_facts(member, joined_on)
        return default_row(cls, member_id=member["id"], joined_on=joined_on, **facts, **fields)

    def copy_facts(self) -> None:
        for name, value in membership_facts(self.member.fact_sources(), self.joined_on).items():
            setattr(self, name, value)
