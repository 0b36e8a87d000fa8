"""Real-name members (会员实名制): a person, and the dated memberships of that person."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.db import default_row
from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import (
    id_number_facts,
    mask_id_number,
    mask_mobile,
    validate_id_number,
    validate_mobile,
)  # fmt: skip
from apps.unions.models import Employer, Union

from .pinyin import name_initials


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
        "户籍类型", max_length=20, choices=HouseholdType.choices, blank=True,
        help_text="农业户口的职工计为农民工",
    )  # fmt: skip
    employment_form = models.CharField(
        "用工形式", max_length=20, choices=EmploymentForm.choices, default=EmploymentForm.CONTRACT
    )
    employer = models.ForeignKey(
        Employer, verbose_name="工作单位", on_delete=models.PROTECT, null=True, blank=True,
        related_name="members",
    )  # fmt: skip
    dispatching_employer = models.ForeignKey(
        Employer, verbose_name="劳务派遣单位", on_delete=models.PROTECT, null=True, blank=True,
        related_name="dispatched_members", help_text="劳务派遣工在派遣单位工会入会",
    )  # fmt: skip
    using_employer = models.ForeignKey(
        Employer, verbose_name="用工单位", on_delete=models.PROTECT, null=True, blank=True,
        related_name="using_members", help_text="派遣期间参加用工单位工会活动",
    )  # fmt: skip
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
            ),  # fmt: skip
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
            refresh_membership_facts([self.pk])

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

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


NAMESAKE_BATCH = 1000  # names per round of refresh_namesakes
ID_BATCH = 5000  # primary keys per UPDATE (SQLite allows 32,766 parameters)
PAIRS_BATCH = 10_000  # pairs per probe of held_twice


def held_twice(pairs: list[tuple[str, datetime.date]]) -> set[tuple[str, datetime.date]]:
    """The (name, birth date) pairs that two members or more hold, whatever their status: each
    pair looked up in the member_name_birth index alone. The ORM cannot join a list of values,
    so the list goes in as one parameter (PostgreSQL: two arrays; SQLite: a JSON array)."""
    if connection.vendor == "postgresql":
        sql = (
            "SELECT a.name, a.born FROM unnest(%s::text[], %s::date[]) AS a (name, born) "
            "JOIN members_member m ON m.name = a.name AND m.birth_date = a.born "
            "GROUP BY a.name, a.born HAVING count(*) > 1"
        )

        def params(chunk):
            return [[name for name, _ in chunk], [born for _, born in chunk]]
    else:
        sql = (
            "SELECT json_extract(a.value, '$[0]'), json_extract(a.value, '$[1]') "
            "FROM json_each(%s) AS a JOIN members_member m "
            "ON m.name = json_extract(a.value, '$[0]') "
            "AND m.birth_date = json_extract(a.value, '$[1]') "
            "GROUP BY 1, 2 HAVING count(*) > 1"
        )

        def params(chunk):
            return [json.dumps([[name, born.isoformat()] for name, born in chunk])]

    found = set()
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), PAIRS_BATCH):
            cursor.execute(sql, params(pairs[start : start + PAIRS_BATCH]))
            found.update(
                (
                    name,
                    born if isinstance(born, datetime.date) else datetime.date.fromisoformat(born),
                )
                for name, born in cursor.fetchall()
            )
    return found


def refresh_namesakes(keys: Iterable[tuple[str, datetime.date]]) -> None:
    """Set `Member.namesake` anew for every member of these (name, birth date) pairs: called
    after writes that add a member, or change one's name, birth date or roll (on it or off).

    Only pairs that two members hold, or that a flagged member holds, can need a change: they
    are found first (held_twice, and the small partial index of flagged members), since most
    people of a roster have no namesake. Then by rounds of a thousand names: the pairs shared
    by two members on the rolls (one grouped query on the name index), and only the rows whose
    flag is wrong are read and written. Reading every member of the roster's names took 8–13 s
    for a 100,000-row roster on PostgreSQL; the index probes take about 1 s."""
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


FACTS_BATCH = 1000  # members per UPDATE in refresh_membership_facts


def refresh_membership_facts(member_ids: Iterable[int]) -> None:
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
        Membership.objects.filter(member_id__in=ids[start : start + FACTS_BATCH]).update(**facts)


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
        "会籍状态", max_length=20, choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
    )  # fmt: skip
    reason = models.CharField("原因", max_length=200, blank=True)
    # Copies of the member's facts the figures count (apps.stats, a million memberships a
    # pass): read from the membership row alone, the figures need not join a million members.
    # Set from the member on save() (membership_facts), kept by Member.save() and
    # refresh_membership_facts(); no default, so a writer that forgets them fails.
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
            # one's range of days, sorting nothing (city: 450 → 260 ms); PostgreSQL counts the
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


class Transfer(DateRulesMixin, models.Model):
    """会籍接转: the receiving union asks, the releasing union accepts or refuses."""

    date_rules = (
        NotFuture("requested_on"),
        InLife("requested_on", "to_union"),
        NotFuture("decided_on"),
        NotBefore("decided_on", "requested_on"),
        InLife("decided_on", "to_union"),
    )

    class Status(models.TextChoices):
        PENDING = "pending", "待转出工会确认"
        ACCEPTED = "accepted", "已接转"
        REFUSED = "refused", "已拒绝"

    scope_path = ("from_union__path", "to_union__path")  # either side's users see it

    member = models.ForeignKey(
        Member, verbose_name="会员", on_delete=models.CASCADE, related_name="transfers"
    )
    from_union = models.ForeignKey(
        Union, verbose_name="转出工会", on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_union = models.ForeignKey(
        Union, verbose_name="转入工会", on_delete=models.PROTECT, related_name="transfers_in"
    )
    requested_on = models.DateField("申请日期")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    status = models.CharField("状态", max_length=10, choices=Status.choices,
                              default=Status.PENDING)  # fmt: skip
    decided_on = models.DateField("办理日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="办理人", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会籍接转"
        ordering = ["-requested_on", "-pk"]
        constraints = [
            # A member has at most one transfer waiting at a time.
            models.UniqueConstraint(
                fields=["member"],
                condition=Q(status="pending"),
                name="transfer_one_pending_per_member",
            ),  # fmt: skip
            NotBefore("decided_on", "requested_on").constraint("transfer_decided_after_request"),
        ]

    def __str__(self) -> str:
        return f"{self.member}：{self.from_union} → {self.to_union}"

    def get_absolute_url(self) -> str:
        return reverse("members:transfer_detail", args=[self.pk])


class MemberConflict(models.Model):
    """A record that cannot simply be written: an import that hit a person who is an active
    member of a union outside the importer's scope (needs a transfer), or the same ID number
    typed with another name or birth date (needs checking). Listed until resolved."""

    class Kind(models.TextChoices):
        ACTIVE_ELSEWHERE = "active_elsewhere", "在其他工会为正常会员，需办理接转"
        FACTS_DIFFER = "facts_differ", "同一身份证号姓名或出生日期不一致"

    # Both sides see it: the union that met the conflict and the member's current union.
    scope_path = ("union__path", "member__union_path")

    member = models.ForeignKey(
        Member, verbose_name="会员", on_delete=models.CASCADE, related_name="conflicts"
    )
    union = models.ForeignKey(
        Union, verbose_name="发现冲突的工会", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField("冲突类型", max_length=20, choices=Kind.choices)
    typed_name = models.CharField("登记姓名", max_length=30)
    detail = models.CharField("说明", max_length=300)
    source = models.CharField("来源", max_length=255, blank=True)
    found_on = models.DateField("发现日期")
    found_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发现人", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    resolved_on = models.DateField("处理日期", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )  # fmt: skip
    resolution = models.CharField("处理结果", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会员冲突"
        ordering = ["-found_on", "-pk"]
        constraints = [
            # Importing the same file again does not list the same conflict twice.
            models.UniqueConstraint(
                fields=["member", "union", "kind"], condition=Q(resolved_on__isnull=True),
                name="member_conflict_one_open",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.member}：{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.member.get_absolute_url()


class RosterConfirmation(DateRulesMixin, models.Model):
    """年度更新: a grassroots union confirms, once a year, that its roster is true."""

    scope_path = "union__path"
    date_rules = (NotFuture("confirmed_on"), InLife("confirmed_on", "union"))

    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.CASCADE, related_name="roster_confirmations"
    )
    year = models.PositiveSmallIntegerField("年度")
    confirmed_on = models.DateField("确认日期")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="确认人", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    members = models.PositiveIntegerField("确认时会员数")
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "花名册年度确认"
        ordering = ["-year", "union"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="roster_confirmed_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}年花名册确认"
