"""The person (会员): facts from the ID number, the copy of the current membership, and the
疑似重复 flag (`namesake`) kept by refresh_namesakes()."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet
from apps.core.validators import (
    id_number_facts,
    mask_id_number,
    validate_id_number,
    validate_mobile,
)
from apps.unions.models import Employer, Union

from ..pinyin import name_initials
from ..raw_sql import held_twice


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    RETAINED = "retained", "保留会籍"
    TRANSFERRED_OUT = "transferred_out", "转出"
    WITHDRAWN = "withdrawn", "退会"
    DECEASED = "deceased", "死亡"


# Statuses that keep a person on a union's roll (counted as a member; 保留会籍 included).
ON_ROLL = (MembershipStatus.ACTIVE, MembershipStatus.RETAINED)


class Member(models.Model):
    """A person, identified by the 18-character 居民身份证号; sex and birth date come from it.

    `union` and `status` repeat the person's current (or last) membership, `joined_on` is the
    day the person joined the union movement (入会日期, kept across transfers), and
    `union_path` the path of the current union: a list of a million members is then filtered,
    scoped and sorted on one table (DESIGN.md). Only apps.members.services writes them.
    """

    class Sex(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    class PoliticalStatus(models.TextChoices):
        CPC = "cpc", "中共党员"
        CPC_PROBATIONARY = "cpc_probationary", "中共预备党员"
        CYL = "cyl", "共青团员"
        DEMOCRATIC_PARTY = "democratic_party", "民主党派"
        MASSES = "masses", "群众"

    class Education(models.TextChoices):
        POSTGRADUATE = "postgraduate", "研究生"
        BACHELOR = "bachelor", "大学本科"
        COLLEGE = "college", "大学专科"
        SECONDARY = "secondary", "中专（高中）"
        JUNIOR = "junior", "初中及以下"

    class HouseholdType(models.TextChoices):
        AGRICULTURAL = "agricultural", "农业户口"
        NON_AGRICULTURAL = "non_agricultural", "非农业户口"

    class EmploymentForm(models.TextChoices):
        CONTRACT = "contract", "劳动合同"
        DISPATCH = "dispatch", "劳务派遣"
        FLEXIBLE = "flexible", "灵活就业"

    scope_path = "union_path"

    id_number = models.CharField("身份证号", max_length=18, validators=[validate_id_number])
    name = models.CharField("姓名", max_length=30)
    name_initials = models.CharField("姓名拼音首字母", max_length=30, editable=False)
    sex = models.CharField("性别", max_length=6, choices=Sex.choices, editable=False)
    birth_date = models.DateField("出生日期", editable=False)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    political_status = models.CharField(
        "政治面貌", max_length=20, choices=PoliticalStatus.choices, default=PoliticalStatus.MASSES
    )
    education = models.CharField("学历", max_length=20, choices=Education.choices, blank=True)
    mobile = models.CharField("手机号", max_length=11, blank=True, validators=[validate_mobile])
    household_type = models.CharField(
        "户籍类型",
        max_length=20,
        choices=HouseholdType.choices,
        blank=True,
        help_text="农业户口的职工计为农民工",
    )
    employment_form = models.CharField(
        "用工形式", max_length=20, choices=EmploymentForm.choices, default=EmploymentForm.CONTRACT
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name="工作单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    dispatching_employer = models.ForeignKey(
        Employer,
        verbose_name="劳务派遣单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dispatched_members",
        help_text="劳务派遣工在派遣单位工会入会",
    )
    using_employer = models.ForeignKey(
        Employer,
        verbose_name="用工单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="using_members",
        help_text="派遣期间参加用工单位工会活动",
    )
    application_submitted = models.BooleanField("已交入会申请", default=False)
    card_number = models.CharField("会员证号", max_length=30, blank=True)
    union = models.ForeignKey(
        Union, verbose_name="所在工会", on_delete=models.PROTECT, related_name="members"
    )
    status = models.CharField(
        "会籍状态", max_length=20, choices=MembershipStatus.choices, editable=False
    )
    joined_on = models.DateField("入会日期", editable=False)
    union_path = models.CharField("工会路径", max_length=96, editable=False)
    # The last four characters of the ID number, so "search by the tail" uses an index.
    id_tail = models.CharField("身份证号后四位", max_length=4, editable=False)
    # 疑似重复 (会员核查): on the rolls while another member on the rolls has the same name and
    # birth date. Kept by refresh_namesakes() wherever one of the three changes, so the check
    # reads a small partial index instead of probing a million members for namesakes. Not in
    # the history, where it would show as a change by whoever edits the member next.
    namesake = models.BooleanField("疑似重复", default=False, db_default=False, editable=False)

    history = HistoricalRecords(excluded_fields=["namesake"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会员"
        ordering = ["name", "pk"]
        constraints = [
            # One person, one row: the ID number is the natural key of imports and transfers.
            models.UniqueConstraint(fields=["id_number"], name="member_id_number_unique"),
        ]
        indexes = [
            # Every list is a subtree (scope_path range), usually sorted by name.
            models.Index(fields=["union_path", "name"], name="member_scope_name"),
            # 疑似重复 (会员核查): a member's namesakes, found by name and birth date; with the
            # covering indexes of migrations 0004 and 0012 it serves every lookup by name.
            models.Index(fields=["name", "birth_date"], name="member_name_birth"),
            # …and the few flagged members of a scope, in the order the check lists them.
            models.Index(
                fields=["union_path", "name", "birth_date"],
                name="member_namesakes",
                condition=Q(namesake=True),
            ),
            models.Index(fields=["name_initials"], name="member_initials"),
            models.Index(fields=["id_tail"], name="member_id_tail"),
            models.Index(fields=["status", "union_path"], name="member_status_scope"),
            # 花名册会员 (no application or no card): counted on every 会员核查 tab. The status
            # column first, or SQLite does not use it.
            models.Index(
                fields=["status", "union_path", "name"],
                name="member_roster_only",
                condition=Q(status="active") & (Q(application_submitted=False) | Q(card_number="")),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.id_number = self.id_number.upper()
        self.birth_date, self.sex = id_number_facts(self.id_number)
        self.name_initials = name_initials(self.name)
        self.id_tail = self.id_number[-4:]
        self.union_path = self.union.path
        before = facts_before = None
        if self.pk is not None:
            stored = (
                Member.objects.filter(pk=self.pk)
                .values_list("name", "birth_date", "status", *FACT_SOURCES)
                .first()
            )
            if stored is not None:
                before, facts_before = stored[:3], dict(zip(FACT_SOURCES, stored[3:], strict=True))
        super().save(*args, **kwargs)
        after = (self.name, self.birth_date, self.status)
        if before != after:  # a new member, or one whose name, birth date or roll changed
            refresh_namesakes({key[:2] for key in (before, after) if key is not None})
        if facts_before is not None and facts_before != self.fact_sources():
            # Through the reverse relation: memberships.py imports this module, not the
            # other way round.
            self.memberships.model.refresh_facts([self.pk])

    def get_absolute_url(self) -> str:
        return reverse("members:member_detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        key = (self.name, self.birth_date)
        deleted = super().delete(*args, **kwargs)
        refresh_namesakes([key])
        return deleted

    def fact_sources(self) -> dict:
        """The values its memberships' copies are made from (see membership_facts)."""
        return {name: getattr(self, name) for name in FACT_SOURCES}

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


NAMESAKE_BATCH = 1000  # names per round of refresh_namesakes
ID_BATCH = 5000  # primary keys per UPDATE (SQLite allows 32,766 parameters)


def refresh_namesakes(keys: Iterable[tuple[str, datetime.date]]) -> None:
    """Set `Member.namesake` anew for every member of these (name, birth date) pairs: called
    after writes that add a member, or change one's name, birth date or roll (on it or off).

    Only pairs that two members hold, or that a flagged member holds, can need a change: they
    are found first (held_twice, and the small partial index of flagged members), since most
    people of a roster have no namesake. Then by rounds of a thousand names: the pairs shared
    by two members on the rolls (one grouped query on the name index), and only the rows whose
    flag is wrong are read and written, rather than every member of the roster's names."""
    pairs = set(keys)
    flagged = set(Member.objects.filter(namesake=True).values_list("name", "birth_date"))
    by_name: dict[str, set[datetime.date]] = {}
    for name, born in held_twice(sorted(pairs)) | (flagged & pairs):
        by_name.setdefault(name, set()).add(born)
    names = sorted(by_name)
    for start in range(0, len(names), NAMESAKE_BATCH):
        chosen = names[start : start + NAMESAKE_BATCH]
        asked = {(name, born) for name in chosen for born in by_name[name]}
        dates = {born for _, born in asked}
        of_batch = Member.objects.filter(name__in=chosen, birth_date__in=dates)
        shared = asked & set(
            of_batch.filter(status__in=ON_ROLL)
            .values("name", "birth_date")
            .annotate(n=Count("pk"))
            .filter(n__gte=2)
            .order_by()
            .values_list("name", "birth_date")
        )
        wrong = of_batch.filter(
            Q(namesake=True)
            | Q(namesake=False, status__in=ON_ROLL, name__in={n for n, _ in shared})
        ).values_list("pk", "name", "birth_date", "status", "namesake")
        flips = {True: [], False: []}
        for pk, name, born, status, flag in wrong:
            if (name, born) not in asked:
                continue
            should = (name, born) in shared and status in ON_ROLL
            if should != flag:
                flips[should].append(pk)
        for flag, pks in flips.items():
            for at in range(0, len(pks), ID_BATCH):
                Member.objects.filter(pk__in=pks[at : at + ID_BATCH]).update(namesake=flag)


def dispatched(prefix: str = "") -> Q:
    """劳务派遣工 (as membership_facts has it) as a condition, on a member or through `prefix`."""
    return Q(**{f"{prefix}employment_form": Member.EmploymentForm.DISPATCH}) | Q(
        **{f"{prefix}dispatching_employer__isnull": False}
    )


# The member's fields the copies on its memberships are made from (membership_facts).
FACT_SOURCES = ("sex", "household_type", "employment_form", "dispatching_employer_id", "joined_on")


def duplicate_keys() -> models.QuerySet:
    """(name, birth date) pairs held by more than one member on the rolls, for filling
    `namesake` after rows were written in bulk (data generation, the migration)."""
    return (
        Member.objects.filter(status__in=ON_ROLL)
        .order_by()
        .values("name", "birth_date")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("name", "birth_date")
    )
