"""The city staff who are each county's contact points (机关干部联系点), per year."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from ..indicators import AREA_CHOICES

__all__ = ["ContactPoint"]


class ContactPoint(models.Model):
    """机关干部联系点: a city staff member responsible for a county (and optionally one area
    of the letter) in a year; named on the county's score page."""

    scope_path = "county__path"

    year = models.PositiveSmallIntegerField("年度")
    county = models.ForeignKey(
        Union, verbose_name="联系县市区", on_delete=models.PROTECT, related_name="contact_points"
    )
    area = models.PositiveSmallIntegerField(
        "责任区（考核方面）",
        choices=AREA_CHOICES,
        null=True,
        blank=True,
        help_text="不填表示联系该县市区的全部工作",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="机关干部（用户）",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_points",
    )
    name = models.CharField("姓名", max_length=30)
    title = models.CharField("职务", max_length=60, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "机关干部联系点"
        ordering = ["-year", "county__path", "area"]
        indexes = [models.Index(fields=["year", "county"], name="contact_point_year_county")]

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）" if self.title else self.name
