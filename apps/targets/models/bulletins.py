"""The published bulletins (定期通报), and the periods they report on."""

from __future__ import annotations

import calendar
import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse

from .frozen import Frozen

__all__ = ["Bulletin"]


class Bulletin(Frozen):
    """A published bulletin: numbered per year (2026年第3期), the ranking at the end of its
    period kept as data (`data`) and as the PDF and workbook handed out, all written at
    publication. It is published to every county alike, so it is not scoped."""

    class Period(models.TextChoices):
        MONTH = "month", "月度"
        QUARTER = "quarter", "季度"

    frozen_message = "已发布的通报不能修改或删除"

    year = models.PositiveSmallIntegerField("年度")
    number = models.PositiveSmallIntegerField("期数")
    period = models.CharField("通报周期", max_length=10, choices=Period.choices)
    period_number = models.PositiveSmallIntegerField("月份或季度")
    period_end = models.DateField("统计截止日期")
    data = models.JSONField("通报数据")
    pdf = models.BinaryField("PDF")
    xlsx = models.BinaryField("Excel")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField("发布时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "定期通报"
        ordering = ["-year", "-number"]
        constraints = [
            # 第N期 is sequential per year; a period is reported once.
            models.UniqueConstraint(fields=["year", "number"], name="bulletin_number_once"),
            models.UniqueConstraint(
                fields=["year", "period", "period_number"], name="bulletin_period_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年第{self.number}期"

    def get_absolute_url(self) -> str:
        return reverse("targets:bulletin_detail", args=[self.year, self.number])

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.period, self.period_number)


def period_end(year: int, period: str, number: int) -> datetime.date:
    month = number * 3 if period == Bulletin.Period.QUARTER else number
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_label(year: int, period: str, number: int) -> str:
    if period == Bulletin.Period.QUARTER:
        return f"{year}年第{'一二三四'[number - 1]}季度"
    return f"{year}年{number}月"
