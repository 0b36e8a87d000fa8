"""The special acceptance checks (专项考核验收) of one area of a county's letter, and their
attachments."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.exchange.uploads import RandomName, UploadValidator
from apps.core.lifecycle import DateRulesMixin, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from ..indicators import AREA_CHOICES

__all__ = ["AcceptanceAttachment", "AcceptanceRecord"]


def validate_attachment(upload) -> None:
    """Named by migrations 0002 and 0003; the field checks uploads with the upload policy."""
    UploadValidator("attachment")(upload)


class AcceptanceRecord(DateRulesMixin, models.Model):
    """A special acceptance check (专项考核验收) of one area of a county's letter."""

    class Conclusion(models.TextChoices):
        PASSED = "passed", "合格"
        MOSTLY = "mostly", "基本合格"
        FAILED = "failed", "不合格"

    scope_path = "county__path"
    date_rules = (NotFuture("checked_on"),)
    closes_with_annual_reports = False  # the year's assessment has its own freeze

    county = models.ForeignKey(
        Union, verbose_name="县市区", on_delete=models.PROTECT, related_name="acceptance_records"
    )
    year = models.PositiveSmallIntegerField("年度")
    area = models.PositiveSmallIntegerField("考核方面", choices=AREA_CHOICES)
    checked_on = models.DateField("验收日期")
    inspectors = models.CharField("验收人员", max_length=200, help_text="多人以“、”分隔")
    conclusion = models.CharField("验收结论", max_length=10, choices=Conclusion.choices)
    notes = models.TextField("验收意见", blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "专项考核验收"
        ordering = ["-year", "county__path", "area", "-checked_on"]
        indexes = [models.Index(fields=["year", "county"], name="acceptance_year_county")]

    def __str__(self) -> str:
        return f"{self.county}{self.year}年度{self.get_area_display()}验收"

    def get_absolute_url(self) -> str:
        return reverse("targets:acceptancerecord_detail", args=[self.pk])

    def row_errors(self) -> dict[str, str]:
        if self.checked_on and self.year and self.checked_on.year not in (self.year, self.year + 1):
            return {"checked_on": f"验收日期应在{self.year}年或次年年初"}
        return {}


class AcceptanceAttachment(models.Model):
    """One file of an acceptance check (the report, photos, the county's materials): a check
    keeps as many as it needs; each is downloaded only within the record's scope."""

    scope_path = "record__county__path"

    record = models.ForeignKey(
        AcceptanceRecord,
        verbose_name="验收记录",
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        "附件",
        upload_to=RandomName("acceptance"),
        validators=[UploadValidator("attachment")],
    )
    name = models.CharField("文件名", max_length=200, help_text="上传时的文件名，下载时沿用")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "验收附件"
        ordering = ["record", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name
