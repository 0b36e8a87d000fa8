"""工会协理员: professional union assistants hired by the federations, and what they are paid.

The province sets a standard monthly salary and requires social insurance; it withdraws the
posts of counties that fall short, so every month of every assistant is checked (see
`apps.cadres.rules.monthly_findings`).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, Lifespan, NotBefore, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import validate_id_number, validate_mobile
from apps.unions.models import Union


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class Assistant(DateRulesMixin, models.Model):
    """A union assistant, posted to a township union or another union below the city."""

    class Route(models.TextChoices):
        PUBLIC_RECRUITMENT = "public_recruitment", "公开招聘"
        SOCIAL_WORKER = "social_worker", "社工岗位"

    class Insurance(models.TextChoices):
        INSURED = "insured", "已参保"
        NOT_INSURED = "not_insured", "未参保"
        SUSPENDED = "suspended", "停保"

    # Levels an assistant may be posted to: a township (the usual post) or any union below
    # the city; the county page groups them by county.
    POST_LEVELS = (
        Union.Level.COUNTY,
        Union.Level.INDUSTRY,
        Union.Level.TOWNSHIP,
        Union.Level.VILLAGE,
        Union.Level.GRASSROOTS,
        Union.Level.JOINT,
    )

    scope_path = "post__path"
    lifespan = Lifespan("hired_on", "left_on")
    date_rules = (
        NotFuture("hired_on"),
        InLife("hired_on", "post"),
        NotFuture("left_on"),
        NotBefore("left_on", "hired_on"),
    )

    name = models.CharField("姓名", max_length=30)
    id_number = models.CharField("身份证号", max_length=18, validators=[validate_id_number])
    mobile = models.CharField("手机号", max_length=11, blank=True, validators=[validate_mobile])
    post = models.ForeignKey(
        Union,
        verbose_name="派驻工会",
        on_delete=models.PROTECT,
        related_name="assistants",
        help_text="协理员所在的乡镇（街道）工会或其他工会",
    )
    hired_on = models.DateField("聘用日期")
    left_on = models.DateField("离岗日期", null=True, blank=True)
    route = models.CharField("招聘渠道", max_length=20, choices=Route.choices)
    insurance = models.CharField(
        "社保状态", max_length=20, choices=Insurance.choices, default=Insurance.INSURED
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "工会协理员"
        ordering = ["name", "pk"]
        constraints = [
            # One person, one row: the ID number is the key of the roster and payment imports.
            models.UniqueConstraint(fields=["id_number"], name="assistant_id_number_unique"),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("hired_on")),
                name="assistant_left_after_hired",
            ),
        ]
        indexes = [models.Index(fields=["name"], name="assistant_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.id_number = self.id_number.upper()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cadres:assistant_detail", args=[self.pk])

    def employed_in(self, month: datetime.date) -> bool:
        """Whether the assistant was in post during any day of the month (first day given)."""
        if first_of_month(self.hired_on) > month:
            return False
        return self.left_on is None or first_of_month(self.left_on) >= month


class AssistantPayment(DateRulesMixin, models.Model):
    """One month of an assistant's pay: the salary actually paid and whether insured."""

    scope_path = "assistant__post__path"
    # Paid for a month the assistant was in post, and not for months still to come.
    date_rules = (NotFuture("month"), InLife("month", "assistant", by_month=True))

    assistant = models.ForeignKey(
        # A payment is part of the assistant's record: it goes with the assistant.
        Assistant,
        verbose_name="协理员",
        on_delete=models.CASCADE,
        related_name="payments",
    )
    month = models.DateField("月份", help_text="记为该月1日")
    salary = models.DecimalField("实发工资（元）", max_digits=10, decimal_places=2)
    insured = models.BooleanField("当月已缴社保", default=True)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "协理员工资发放"
        ordering = ["-month", "assistant__name", "pk"]
        constraints = [
            # One row per assistant and month: re-importing a pay sheet replaces, never adds.
            models.UniqueConstraint(fields=["assistant", "month"], name="assistantpayment_month"),
            models.CheckConstraint(
                condition=models.Q(salary__gte=0), name="assistantpayment_salary_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["month"], name="assistantpayment_month_idx")]

    def __str__(self) -> str:
        return f"{self.assistant} {self.month:%Y年%m月}"

    def save(self, *args, **kwargs) -> None:
        self.month = first_of_month(self.month)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cadres:assistantpayment_detail", args=[self.pk])

    def clean(self) -> None:
        if self.month:
            self.month = first_of_month(self.month)
        super().clean()
