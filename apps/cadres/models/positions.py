"""Cadres and the positions they hold in unions (干部配备)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import (
    id_number_facts,
    mask_mobile,
    normalize_code,
    validate_id_number,
    validate_mobile,
)
from apps.unions.models import Union


class Cadre(models.Model):
    """A person who holds or held union positions, kept in the ledger of `union`.

    The ID number is optional (rosters often lack it) but checked when given; `member` links
    the person's real-name membership where there is one.
    """

    class Sex(models.TextChoices):
        MALE = "male", "男"
        FEMALE = "female", "女"

    scope_path = "union__path"

    name = models.CharField("姓名", max_length=30)
    id_number = models.CharField(
        "身份证号", max_length=18, null=True, blank=True, validators=[validate_id_number]
    )
    sex = models.CharField(
        "性别",
        max_length=6,
        choices=Sex.choices,
        blank=True,
        help_text="填写身份证号时按身份证号确定",
    )
    mobile = models.CharField("手机号", max_length=11, blank=True, validators=[validate_mobile])
    union = models.ForeignKey(
        Union,
        verbose_name="登记工会",
        on_delete=models.PROTECT,
        related_name="cadres",
        help_text="本台帐登记该干部的工会（一般为其任职的基层工会）",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name="会员档案",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cadre_records",
        # SET_NULL: removing a member row must not erase who held a union office.
    )
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "工会干部"
        ordering = ["name", "pk"]
        constraints = [
            # One person, one cadre row: the ID number is the natural key of position imports.
            models.UniqueConstraint(fields=["id_number"], name="cadre_id_number_unique"),
        ]
        indexes = [models.Index(fields=["name"], name="cadre_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.id_number:
            self.id_number = normalize_code(self.id_number)
            self.sex = id_number_facts(self.id_number)[1]
        else:
            self.id_number = None  # blank numbers are NULL, so they never collide
        super().save(*args, **kwargs)
        sync_chair_names(self.positions.values("union"))  # a renamed chair renames the union's

    def get_absolute_url(self) -> str:
        return reverse("cadres:cadre_detail", args=[self.pk])

    @property
    def masked_mobile(self) -> str:
        return mask_mobile(self.mobile)


def sync_chair_names(unions, on: datetime.date | None = None) -> None:
    """Set Union.chair_name of `unions` (pks or a pk queryset) to their current chair in the
    任职台帐, blank where there is none: the ledger of positions is the one source of who chairs
    a union; the union's column is a copy for its lists and exports (`on`: today, or the day
    a generator plays)."""
    chairs = (
        Position.objects.current(on)
        .filter(union=models.OuterRef("pk"), role=Position.Role.CHAIR)
        .order_by("-start_on", "-pk")
    )
    Union.objects.filter(pk__in=unions).update(
        chair_name=Coalesce(Subquery(chairs.values("cadre__name")[:1]), Value(""))
    )


class PositionQuerySet(ScopedQuerySet):
    def current(self, on: datetime.date | None = None) -> PositionQuerySet:
        """Positions held on `on` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(end_on__isnull=True) | Q(end_on__gte=on), start_on__lte=on)

    def in_role_order(self) -> PositionQuerySet:
        """Chair first, then vice-chairs, committee members, the two committees' members."""
        rank = models.Case(
            *(models.When(role=role, then=i) for i, role in enumerate(Position.Role.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(rank, "start_on", "pk")


class Position(DateRulesMixin, models.Model):
    """One cadre's tenure of one office in one union."""

    class Role(models.TextChoices):
        CHAIR = "chair", "主席"
        VICE_CHAIR = "vice_chair", "副主席"
        COMMITTEE = "committee", "委员"
        FUNDS_AUDIT = "funds_audit", "经费审查委员会委员"
        WOMEN = "women", "女职工委员会委员"

    class CameBy(models.TextChoices):
        ELECTED = "elected", "选举产生"
        APPOINTED = "appointed", "委派（任命）"
        AGREEMENT = "agreement", "协议管理"

    class EmployerPost(models.TextChoices):
        WORKER = "worker", "普通职工"
        HEAD = "head", "单位法定代表人或行政负责人"
        PARTNER = "partner", "合伙人"
        RELATIVE = "relative", "法定代表人、负责人或合伙人的近亲属"
        HR = "hr", "劳资人事部门负责人"

    # The enterprise union regulation bars these from the chair and the committee.
    FORBIDDEN_POSTS = (
        EmployerPost.HEAD,
        EmployerPost.PARTNER,
        EmployerPost.RELATIVE,
        EmployerPost.HR,
    )
    # Roles that make up the union committee (委员会) itself.
    COMMITTEE_ROLES = (Role.CHAIR, Role.VICE_CHAIR, Role.COMMITTEE)

    scope_path = "union__path"
    date_rules = (
        NotFuture("start_on"),
        InLife("start_on", "union"),
        NotBefore("end_on", "start_on"),
    )

    cadre = models.ForeignKey(
        Cadre, verbose_name="干部", on_delete=models.PROTECT, related_name="positions"
    )
    union = models.ForeignKey(
        Union, verbose_name="任职工会", on_delete=models.PROTECT, related_name="positions"
    )
    role = models.CharField("职务", max_length=20, choices=Role.choices)
    full_time = models.BooleanField("专职", default=False)
    came_by = models.CharField(
        "产生方式", max_length=20, choices=CameBy.choices, default=CameBy.ELECTED
    )
    start_on = models.DateField("任职日期")
    end_on = models.DateField("离任日期", null=True, blank=True)
    employer_post = models.CharField(
        "在单位所任职务",
        max_length=20,
        choices=EmployerPost.choices,
        default=EmployerPost.WORKER,
    )
    election = models.ForeignKey(
        "cadres.Election",
        verbose_name="产生该职务的选举",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="positions",
    )

    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "干部任职"
        ordering = ["union", "role", "start_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                name="position_end_after_start",
            ),
            # The natural key of roster imports: re-importing a file changes nothing.
            models.UniqueConstraint(
                fields=["cadre", "union", "role", "start_on"], name="position_unique_tenure"
            ),
        ]
        indexes = [
            # The checks group current positions by union and role.
            models.Index(fields=["union", "role", "end_on"], name="position_union_role"),
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.get_role_display()} {self.cadre}"

    def save(self, *args, **kwargs) -> None:
        before = Position.objects.filter(pk=self.pk).values("union").first() if self.pk else None
        super().save(*args, **kwargs)
        sync_chair_names({self.union_id, before["union"] if before else self.union_id})

    def get_absolute_url(self) -> str:
        return reverse("cadres:position_detail", args=[self.pk])


@receiver(post_delete, sender=Position)
def _chair_left(sender, instance: Position, **kwargs) -> None:
    # A signal, not delete(): the admin's bulk action deletes through the queryset.
    sync_chair_names([instance.union_id])
