"""会籍接转: a member's move from one union to another, asked and decided."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from .members import Member


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
        settings.AUTH_USER_MODEL,
        verbose_name="申请人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_on = models.DateField("办理日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
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
            ),
            NotBefore("decided_on", "requested_on").constraint("transfer_decided_after_request"),
        ]

    def __str__(self) -> str:
        return f"{self.member}：{self.from_union} → {self.to_union}"

    def get_absolute_url(self) -> str:
        return reverse("members:transfer_detail", args=[self.pk])
