"""The year's records after scoring: the year-end assessment (年底考核) — a frozen snapshot of
the ranking as of 31 December, the city's adjustments with their reasons, the outcome per
county — the special acceptance checks (专项考核验收) and the published bulletins (定期通报).

A snapshot is a record of what the ledgers said on a day: Assessment, AssessedCounty,
AssessedItem and Bulletin refuse to be changed or deleted once written, whatever the code
path (forms, admin, shell). What the city decides afterwards lives beside them
(ScoreAdjustment, CountyOutcome), each with who and when."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, NotFuture
from apps.core.scoping import ScopedQuerySet
from apps.core.uploads import RandomName, UploadValidator
from apps.unions.models import Union

from . import indicators
from .models import TargetLetter

AREA_CHOICES = sorted(indicators.AREAS.items())


class Frozen(models.Model):
    """A row written once: saving it again or deleting it raises."""

    class Meta:
        abstract = True

    frozen_message = "已冻结的考核结果不能修改或删除"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).exists():
            raise ValidationError(self.frozen_message)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(self.frozen_message)


# ------------------------------------------------------------------ 年底考核


class Assessment(Frozen):
    """A year's assessment: the ranking as of 31 December, frozen by the city."""

    year = models.PositiveSmallIntegerField("考核年度", unique=True)
    as_of = models.DateField("考核截止日期")
    elapsed = models.DecimalField("时间进度（%）", max_digits=4, decimal_places=1)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="冻结人", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
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
        TargetLetter, verbose_name="目标责任书", on_delete=models.PROTECT,
        related_name="assessment",
    )  # fmt: skip
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
        AssessedCounty, verbose_name="考核结果", on_delete=models.PROTECT,
        related_name="adjustments",
    )  # fmt: skip
    old_points = models.DecimalField("调整前得分", max_digits=8, decimal_places=2)
    new_points = models.DecimalField(
        "调整后得分", max_digits=8, decimal_places=2, validators=[MinValueValidator(0)]
    )
    reason = models.TextField("调整理由")
    adjusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="调整人", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
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

    HONOURS = ["组织建设工作先进单位", "双措并举二次覆盖工作先进单位", "树千家示范工会工作先进单位",
               "工会主席协议管理试点工作先进单位"]  # fmt: skip

    scope_path = "county__county__path"

    county = models.OneToOneField(
        AssessedCounty, verbose_name="考核结果", on_delete=models.PROTECT,
        related_name="outcome",
    )  # fmt: skip
    outcome = models.CharField("抵押金处理", max_length=12, choices=Outcome.choices)
    returned_amount = models.DecimalField(
        "返还抵押金（元）", max_digits=10, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    reward_amount = models.DecimalField(
        "奖励金额（元）", max_digits=10, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    forfeited_amount = models.DecimalField(
        "扣缴抵押金（元）", max_digits=10, decimal_places=2, default=Decimal(0),
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    honours = models.CharField(
        "专项表彰", max_length=200, blank=True,
        help_text="可从常用名称中选择，也可填写其他表彰；多项以“、”分隔",
    )  # fmt: skip
    note = models.CharField("备注", max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
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


# ------------------------------------------------------------------ 专项考核验收


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
        AcceptanceRecord, verbose_name="验收记录", on_delete=models.CASCADE,
        related_name="attachments",
    )  # fmt: skip
    file = models.FileField(
        "附件", upload_to=RandomName("acceptance"), validators=[UploadValidator("attachment")],
    )  # fmt: skip
    name = models.CharField("文件名", max_length=200, help_text="上传时的文件名，下载时沿用")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "验收附件"
        ordering = ["record", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.name


# ------------------------------------------------------------------ 定期通报


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
        settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
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
