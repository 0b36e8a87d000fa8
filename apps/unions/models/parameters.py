"""Yearly parameters: the values rules and targets read, per year and optionally county."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .unions import Union


class YearlyParameter(models.Model):
    """A number the city sets for one year: a threshold, a standard, a county's quota.

    What each key means is registered by the app that reads it (apps.unions.parameters); a row
    without a county holds for the whole city, a row with one is that county's own value.
    """

    key = models.CharField("参数", max_length=60)
    year = models.PositiveSmallIntegerField("年度")
    county = models.ForeignKey(
        Union,
        verbose_name="县级工会",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="yearly_parameters",
    )
    value = models.DecimalField("数值", max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "年度参数"
        ordering = ["key", "year", "county"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "year", "county"],
                condition=Q(county__isnull=False),
                name="parameter_one_per_county_year",
            ),
            models.UniqueConstraint(
                fields=["key", "year"],
                condition=Q(county__isnull=True),
                name="parameter_one_citywide_per_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.year}：{self.value}"
