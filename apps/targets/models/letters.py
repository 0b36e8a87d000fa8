"""Target-responsibility letters (目标责任书): the city's yearly template and a letter per
county and year, each with its items (indicator, target, weight, scoring rule). The actuals
are never stored: apps.targets.scoring computes them from the ledgers as of a day."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from .. import indicators, rules

__all__ = ["ItemFields", "LetterTemplate", "TargetItem", "TargetLetter", "TemplateItem"]


class ItemFields(models.Model):
    """What a template item and a letter item both say: an indicator, its target and weight,
    and how it scores (a rule of apps.targets.rules and that rule's parameters)."""

    indicator = models.CharField("指标", max_length=40, choices=indicators.choices)
    target = models.DecimalField(
        "目标值", max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    weight = models.DecimalField(
        "权重（分）", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    rule = models.CharField(
        "评分办法", max_length=20, choices=rules.choices, default="proportional"
    )
    params = models.JSONField("评分参数", default=dict, blank=True)
    position = models.PositiveSmallIntegerField("序号", default=0)

    class Meta:
        abstract = True

    @property
    def indicator_def(self) -> indicators.Indicator:
        return indicators.get(self.indicator)

    @property
    def rule_def(self) -> rules.ScoringRule:
        return rules.get(self.rule)

    def clean(self) -> None:
        if self.rule in dict(rules.choices()):
            known = self.rule_def.params
            for name, value in (self.params or {}).items():
                if name not in known:
                    raise ValidationError(
                        {"params": f"评分办法“{self.rule_def.label}”没有参数“{name}”"}
                    )
                try:
                    Decimal(str(value))
                except ArithmeticError as exc:
                    raise ValidationError({"params": f"“{known[name].label}”应为数字"}) from exc


class LetterTemplate(models.Model):
    """The city's template of a year's letters: the items every county's letter starts from."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    deposit_amount = models.DecimalField(
        "风险抵押金（元）",
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    note = models.CharField("说明", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "目标责任书模板"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度目标责任书模板"


class TemplateItem(ItemFields):
    template = models.ForeignKey(
        LetterTemplate, verbose_name="模板", on_delete=models.CASCADE, related_name="items"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "模板指标"
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["template", "indicator"], name="template_item_once")
        ]

    def __str__(self) -> str:
        return self.get_indicator_display()


class TargetLetter(DateRulesMixin, models.Model):
    """One county's letter for a year. Draft (items editable) → signed (items fixed) →
    assessed (year-end assessment, apps.targets' assessment step)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SIGNED = "signed", "已签订"
        ASSESSED = "assessed", "已考核"

    SCORED = (Status.SIGNED, Status.ASSESSED)

    scope_path = "county__path"
    date_rules = (NotFuture("deposit_paid_on"), NotFuture("signed_on"))
    # Not a ledger of the statistics table: the year's assessment has its own freeze.
    closes_with_annual_reports = False

    county = models.ForeignKey(
        Union, verbose_name="责任单位", on_delete=models.PROTECT, related_name="target_letters"
    )
    year = models.PositiveSmallIntegerField("年度")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    deposit_amount = models.DecimalField(
        "风险抵押金（元）",
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    deposit_paid_on = models.DateField("抵押金缴纳日期", null=True, blank=True)
    city_signatory = models.CharField("甲方签字人（市总工会）", max_length=30, blank=True)
    county_signatory = models.CharField("乙方签字人（县级工会）", max_length=30, blank=True)
    signed_on = models.DateField("签订日期", null=True, blank=True, editable=False)
    note = models.CharField("备注", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "目标责任书"
        ordering = ["-year", "county__path"]
        # One letter per county and year: the ranking sets each county once.
        constraints = [
            models.UniqueConstraint(fields=["county", "year"], name="target_letter_once_a_year")
        ]
        indexes = [models.Index(fields=["year", "status"], name="target_letter_year_status")]

    def __str__(self) -> str:
        return f"{self.county}{self.year}年度目标责任书"

    def get_absolute_url(self) -> str:
        return reverse("targets:targetletter_detail", args=[self.pk])

    @property
    def editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def scored(self) -> bool:
        return self.status in self.SCORED

    @property
    def total_weight(self) -> Decimal:
        return sum((item.weight for item in self.items.all()), Decimal(0))


class TargetItem(ItemFields):
    letter = models.ForeignKey(
        TargetLetter, verbose_name="目标责任书", on_delete=models.CASCADE, related_name="items"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = "目标责任书指标"
        ordering = ["letter", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "indicator"], name="target_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.letter} · {self.get_indicator_display()}"

    # A signed letter is a signed document: its items never change afterwards, whatever the
    # code path (forms, admin, shell).
    def save(self, *args, **kwargs) -> None:
        self.check_editable()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.check_editable()
        return super().delete(*args, **kwargs)

    def check_editable(self) -> None:
        status = TargetLetter.objects.filter(pk=self.letter_id).values_list("status", flat=True)
        if status and status[0] != TargetLetter.Status.DRAFT:
            raise ValidationError("目标责任书已签订，指标不能再修改")
