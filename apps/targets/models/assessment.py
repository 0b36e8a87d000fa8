"""The year-end assessment (年底考核): a frozen snapshot of the ranking as of 31 December
(Assessment, AssessedCounty, AssessedItem, which refuse to change once written), and what the
city decides afterwards beside it — the adjustments with their reasons (ScoreAdjustment) and
the outcome per county (CountyOutcome) — each with who and when."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union

from ..indicators import AREA_CHOICES
from .frozen import Frozen
from .letters import TargetLetter

__all__ = ["AssessedCounty", "AssessedItem", "Assessment", "CountyOutcome", "ScoreAdjustment"]


class Assessment(Frozen):
    """A year's assessment: the ranking as of 31 December, frozen by the city."""

    year = models.PositiveSmallIntegerField("考核年度", unique=True)
    as_of = models.DateField("考核截止日期")
    elapsed = models.DecimalField("时间进度（%）", max_digits=4, decimal_places=1)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="冻结人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    frozen_at = models.DateTimeField("冻结时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "年底考核"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年度年底考核"

    def get_absolute_url(self) -> str:
        return f"{reverse('targets:assessment')}?year={self.year}"


class AssessedCounty(Frozen):
    """One county's frozen result: its total and rank among the counties on the day."""

    scope_path = "county__path"

    assessment = models.ForeignKey(
        Assessment, verbose_name="年底考核", on_delete=models.PROTECT, related_name="counties"
    )
    county = models.ForeignKey(
        Union, verbose_name="县市区", on_delete=models.PROTECT, related_name="assessments"
    )
    letter = models.OneToOneField(
        TargetLetter,
        verbose_name="目标责任书",
        on_delete=models.PROTECT,
        related_name="assessment",
    )
    total = models.DecimalField("冻结得分", max_digits=8, decimal_places=2)
    weight = models.DecimalField("满分", max_digits=8, decimal_places=2)
    rank = models.PositiveSmallIntegerField("冻结名次")
    deposit_amount = models.DecimalField("风险抵押金（元）", max_digits=10, decimal_places=2)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "年底考核结果"
        ordering = ["assessment", "rank", "county__path"]

    def __str__(self) -> str:
        return f"{self.county}{self.assessment.year}年度考核结果"

    def get_absolute_url(self) -> str:
        return reverse("targets:assessedcounty_detail", args=[self.pk])


class AssessedItem(Frozen):
    """One item of a county's letter as it stood on the day: actual, completion, points."""

    county = models.ForeignKey(
        AssessedCounty, verbose_name="考核结果", on_delete=models.PROTECT, related_name="items"
    )
    position = models.PositiveSmallIntegerField("序号")
    indicator = models.CharField("指标代码", max_length=40)
    label = models.CharField("指标", max_length=60)
    area = models.PositiveSmallIntegerField("考核方面", choices=AREA_CHOICES)
    unit = models.CharField("单位", max_length=10)
    target = models.DecimalField("目标值", max_digits=12, decimal_places=2)
    weight = models.DecimalField("权重（分）", max_digits=6, decimal_places=2)
    actual = models.DecimalField("完成数", max_digits=14, decimal_places=2, null=True)
    completion = models.DecimalField("完成率（%）", max_digits=8, decimal_places=1, null=True)
    points = models.DecimalField("得分", max_digits=8, decimal_places=2)
    on_track = models.BooleanField("达到时间进度")
    link = models.CharField("台帐明细", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年底考核指标"
        ordering = ["county", "area", "position"]

    def __str__(self) -> str:
        return self.label


class ScoreAdjustment(models.Model):
    """The city changes a frozen county's score: old → new points, with the reason, who and
    when. The frozen result stays as it was; the latest adjustment gives the final score."""

    scope_path = "county__county__path"

    county = models.ForeignKey(
        AssessedCounty,
        verbose_name="考核结果",
        on_delete=models.PROTECT,
        related_name="adjustments",
    )
    old_points = models.DecimalField("调整前得分", max_digits=8, decimal_places=2)
    new_points = models.DecimalField(
        "调整后得分", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reason = models.TextField("调整理由")
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="调整人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    adjusted_at = models.DateTimeField("调整时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核得分调整"
        ordering = ["county", "adjusted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_points} → {self.new_points}"


class CountyOutcome(models.Model):
    """What the city decided for a county: the risk deposit (returned with a reward, returned,
    forfeited — amounts in yuan) and honours (专项表彰)."""

    class Outcome(models.TextChoices):
        REWARDED = "rewarded", "返还抵押金并奖励"
        RETURNED = "returned", "返还抵押金"
        FORFEITED = "forfeited", "扣缴抵押金"

    HONOURS = [
        "组织建设工作先进单位",
        "双措并举二次覆盖工作先进单位",
        "树千家示范工会工作先进单位",
        "工会主席协议管理试点工作先进单位",
    ]

    scope_path = "county__county__path"

    county = models.OneToOneField(
        AssessedCounty,
        verbose_name="考核结果",
        on_delete=models.PROTECT,
        related_name="outcome",
    )
    outcome = models.CharField("抵押金处理", max_length=12, choices=Outcome.choices)
    returned_amount = models.DecimalField(
        "返还抵押金（元）",
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    reward_amount = models.DecimalField(
        "奖励金额（元）",
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    forfeited_amount = models.DecimalField(
        "扣缴抵押金（元）",
        max_digits=10,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(0)],
    )
    honours = models.CharField(
        "专项表彰",
        max_length=200,
        blank=True,
        help_text="可从常用名称中选择，也可填写其他表彰；多项以“、”分隔",
    )
    note = models.CharField("备注", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="决定人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("决定时间", auto_now=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "考核结果运用"
        ordering = ["county"]

    def __str__(self) -> str:
        return self.get_outcome_display()

    def clean(self) -> None:
        deposit = self.county.deposit_amount if self.county_id else Decimal(0)
        errors = {}
        if self.outcome == self.Outcome.REWARDED and not self.reward_amount:
            errors["reward_amount"] = "返还并奖励时须填写奖励金额"
        if self.outcome != self.Outcome.REWARDED and self.reward_amount:
            errors["reward_amount"] = "只有“返还抵押金并奖励”才有奖励金额"
        if self.outcome == self.Outcome.FORFEITED and not self.forfeited_amount:
            errors["forfeited_amount"] = "扣缴抵押金时须填写扣缴金额"
        if self.outcome != self.Outcome.FORFEITED and self.forfeited_amount:
            errors["forfeited_amount"] = "只有“扣缴抵押金”才有扣缴金额"
        if self.returned_amount + self.forfeited_amount > deposit:
            errors["returned_amount"] = f"返还与扣缴合计不能超过抵押金{deposit:,.2f}元"
        if errors:
            raise ValidationError(errors)
