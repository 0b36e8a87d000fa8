"""Member conflicts (冲突记录): what an import met and could not simply write."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from .members import Member


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
        settings.AUTH_USER_MODEL,
        verbose_name="发现人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_on = models.DateField("处理日期", null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.CharField("处理结果", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会员冲突"
        ordering = ["-found_on", "-pk"]
        constraints = [
            # Importing the same file again does not list the same conflict twice.
            models.UniqueConstraint(
                fields=["member", "union", "kind"],
                condition=Q(resolved_on__isnull=True),
                name="member_conflict_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}：{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.member.get_absolute_url()
