"""Annual submission of the statistics table (年度报送): a county's (or industry union's)
table for a year, prefilled from the ledgers, corrected with reasons, submitted, and approved
or returned by the city; every step is recorded."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from .layout import column_label


class AnnualReport(models.Model):
    """One organization's statistics table for one year. `ledger` is the snapshot of the
    ledgers' figures taken when the table was opened (or last refreshed): its rows and their
    counts; the reported figures are the snapshot with the corrections applied."""

    scope_path = "union__path"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "已上报"
        APPROVED = "approved", "已审核"
        RETURNED = "returned", "退回"

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    union = models.ForeignKey(
        Union, verbose_name="填报单位", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("统计年度")
    as_of = models.DateField("统计截止日期")
    status = models.CharField("状态", max_length=10, choices=Status, default=Status.DRAFT)
    ledger = models.JSONField("台帐数据", default=dict)
    opened_at = models.DateTimeField("开始填报时间", auto_now_add=True)
    submitted_at = models.DateTimeField("上报时间", null=True, blank=True)
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年度统计报表"
        ordering = ["-year", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="annual_report_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.union.name} {self.year}年统计表"

    @property
    def editable(self) -> bool:
        return self.status in self.EDITABLE


class Correction(models.Model):
    """A figure the organization corrected: the ledger's value stays beside it, with why."""

    scope_path = "report__union__path"

    report = models.ForeignKey(
        AnnualReport, verbose_name="报表", on_delete=models.CASCADE, related_name="corrections"
    )
    row_key = models.CharField("行", max_length=20)
    row_label = models.CharField("单位", max_length=100)
    key = models.CharField("栏目", max_length=60)
    ledger_value = models.IntegerField("台帐数")
    value = models.PositiveIntegerField("填报数")
    reason = models.TextField("更正理由")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    corrected_at = models.DateTimeField("更正时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报表更正"
        ordering = ["report", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "row_key", "key"], name="one_correction_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.row_label} · {self.column_label}"

    @property
    def column_label(self) -> str:
        return column_label(self.key)

    @property
    def difference(self) -> int:
        return self.value - self.ledger_value


class ReportEvent(models.Model):
    """A step of the report's way: opened, refreshed, corrected, submitted, approved, returned."""

    scope_path = "report__union__path"

    class Action(models.TextChoices):
        OPEN = "open", "开始填报"
        REFRESH = "refresh", "按台帐重新取数"
        CORRECT = "correct", "更正数据"
        SUBMIT = "submit", "上报"
        APPROVE = "approve", "审核通过"
        RETURN = "return", "退回"
        REOPEN = "reopen", "重新打开"

    report = models.ForeignKey(
        AnnualReport, verbose_name="报表", on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField("操作", max_length=10, choices=Action)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    comment = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "报表记录"
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
