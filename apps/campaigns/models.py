"""Standard reviews (企业工会工作规范化达标), model unions (树千家示范工会), workers' homes
(职工之家) with their re-inspections, and member evaluation rounds (会员评家)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore, NotFuture, YearInLife
from apps.core.scoping import PATH_SEGMENT_WIDTH, ScopedQuerySet
from apps.core.validators import validate_ledger_year
from apps.unions import parameters
from apps.unions.models import Union

from . import params


class Level(models.TextChoices):
    """A union's standardization level; the city sets the score boundaries per year."""

    ONE = "one", "一级"
    TWO = "two", "二级"
    THREE = "three", "三级"
    BELOW = "below", "未达标"


def level_bounds(year: int) -> tuple[Decimal, Decimal, Decimal]:
    """The lowest scores of levels one, two and three in force in a year (one query)."""
    rows = parameters.in_force(year, params.LEVEL_KEYS)
    defaults = {p.key: p.default for p in parameters.registered()}
    one, two, three = (
        rows[k, None].value if (k, None) in rows else defaults[k] for k in params.LEVEL_KEYS
    )
    return one, two, three


def level_for(score: int | Decimal, bounds: tuple[Decimal, Decimal, Decimal]) -> Level:
    one, two, three = bounds
    if score >= one:
        return Level.ONE
    if score >= two:
        return Level.TWO
    if score >= three:
        return Level.THREE
    return Level.BELOW


def county_pk(path: str) -> int | None:
    """The county-level union (second node of the path) a row belongs to."""
    segment = path[PATH_SEGMENT_WIDTH : 2 * PATH_SEGMENT_WIDTH]
    return int(segment) if segment else None


class StandardReview(DateRulesMixin, models.Model):
    """One enterprise union's yearly standard review: the item scores (prefilled from the
    check rules, corrected with a reason), total, level and the rectification deadline."""

    scope_path = "union__path"
    date_rules = (
        NotFuture("reviewed_on"),
        InLife("reviewed_on", "union"),
        YearInLife("year", "union"),
        NotBefore("rectification_due", "reviewed_on"),
    )

    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.PROTECT, related_name="standard_reviews"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[validate_ledger_year])
    reviewed_on = models.DateField("检查日期")
    reviewer = models.CharField("检查人", max_length=60)
    total = models.PositiveSmallIntegerField("总分", default=0, editable=False)
    level = models.CharField("等级", max_length=10, choices=Level.choices, editable=False)
    rectification_due = models.DateField(
        "整改期限", null=True, blank=True, help_text="未达一级的，限期整改的日期"
    )
    note = models.CharField("备注", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "规范化达标检查"
        ordering = ["-year", "union__path"]
        constraints = [
            # One review per union and year: the county view counts reviewed enterprises.
            models.UniqueConstraint(fields=["union", "year"], name="review_once_a_year"),
            NotBefore("rectification_due", "reviewed_on").constraint("review_due_after_review"),
        ]
        indexes = [models.Index(fields=["year", "level"], name="review_year_level")]

    def __str__(self) -> str:
        return f"{self.union} {self.year}年规范化达标检查"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:standardreview_detail", args=[self.pk])


class ReviewItem(models.Model):
    """One rule's line of a review: what the rules found, and the score given."""

    scope_path = "review__union__path"

    review = models.ForeignKey(
        StandardReview, verbose_name="检查", on_delete=models.CASCADE, related_name="items"
    )
    rule_code = models.CharField("检查项代码", max_length=60)
    # Label and points are copied: a rule renamed or re-weighted later leaves old reviews as
    # they were scored.
    label = models.CharField("检查项", max_length=100)
    category = models.CharField("类别", max_length=20)
    points = models.PositiveSmallIntegerField("分值")
    found = models.BooleanField("系统发现问题", default=False)
    evidence = models.CharField("依据", max_length=300, blank=True)
    score = models.PositiveSmallIntegerField("得分")
    reason = models.CharField("更正理由", max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "检查项得分"
        ordering = ["review", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "rule_code"], name="review_item_once"),
            models.CheckConstraint(
                condition=Q(score__lte=models.F("points")), name="review_item_score_within_points"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}：{self.score}/{self.points}"

    @property
    def prefilled(self) -> int:
        """The score the rules suggest: full points unless they found a defect."""
        return 0 if self.found else self.points

    @property
    def corrected(self) -> bool:
        return self.score != self.prefilled


class ModelUnion(DateRulesMixin, models.Model):
    """树千家示范工会: a candidate a county nominated for a year, on its way to acceptance."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", "已推荐"
        CULTIVATING = "cultivating", "培育中"
        ACCEPTED = "accepted", "已验收"
        REWARDED = "rewarded", "已奖励"
        REJECTED = "rejected", "未通过"

    class Funder(models.TextChoices):
        CITY = "city", "市总工会"
        COUNTY = "county", "县市区总工会"

    # Accepted candidates count against the quota, rewarded ones too.
    DONE = (Status.ACCEPTED, Status.REWARDED)

    scope_path = "union__path"
    date_rules = (
        NotFuture("nominated_on"),
        InLife("nominated_on", "union"),
        YearInLife("year", "union"),
        NotFuture("accepted_on"),
        NotBefore("accepted_on", "nominated_on"),
        NotFuture("rewarded_on"),
        NotBefore("rewarded_on", "accepted_on"),
        NotFuture("rejected_on"),
        NotBefore("rejected_on", "nominated_on"),
    )

    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.PROTECT, related_name="model_candidacies"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[validate_ledger_year])
    status = models.CharField(
        "状态", max_length=12, choices=Status.choices, default=Status.NOMINATED, editable=False
    )
    nominated_on = models.DateField("推荐日期")
    note = models.CharField("培育情况", max_length=300, blank=True)
    accepted_on = models.DateField("验收日期", null=True, blank=True, editable=False)
    accepted_by = models.CharField("验收人", max_length=60, blank=True, editable=False)
    reward_amount = models.DecimalField(
        "奖励金额（元）",
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(0)],
    )
    funder = models.CharField(
        "奖励出资方", max_length=10, choices=Funder.choices, blank=True, editable=False
    )
    rewarded_on = models.DateField("奖励日期", null=True, blank=True, editable=False)
    rejected_on = models.DateField("未通过日期", null=True, blank=True, editable=False)
    rejection_reason = models.CharField("未通过原因", max_length=200, blank=True, editable=False)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "示范工会"
        ordering = ["-year", "union__path"]
        constraints = [
            models.UniqueConstraint(fields=["union", "year"], name="model_union_once_a_year"),
            NotBefore("accepted_on", "nominated_on").constraint("model_union_accepted_after"),
            NotBefore("rewarded_on", "accepted_on").constraint("model_union_rewarded_after"),
            NotBefore("rejected_on", "nominated_on").constraint("model_union_rejected_after"),
        ]
        indexes = [models.Index(fields=["year", "status"], name="model_union_year_status")]

    def __str__(self) -> str:
        return f"{self.union}（{self.year}年示范工会）"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:modelunion_detail", args=[self.pk])


class WorkersHome(DateRulesMixin, models.Model):
    """职工之家: a union honoured as a model workers' home (or small home) in a year. The
    title is withdrawn by a re-inspection that does not keep it."""

    class HomeLevel(models.TextChoices):
        NATIONAL = "national", "全国模范职工之家"
        PROVINCIAL = "provincial", "省级模范职工之家"
        CITY = "city", "市级模范职工之家"
        COUNTY = "county", "县级模范职工之家"
        SMALL = "small", "模范职工小家"

    scope_path = "union__path"
    date_rules = (YearInLife("year", "union"),)

    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.PROTECT, related_name="workers_homes"
    )
    level = models.CharField("称号", max_length=12, choices=HomeLevel.choices)
    year = models.PositiveSmallIntegerField("命名年度", validators=[validate_ledger_year])
    is_evaluation_pilot = models.BooleanField("会员评家试点", default=False)
    note = models.CharField("备注", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职工之家"
        ordering = ["-year", "union__path"]
        constraints = [
            # A union holds a title of one level once.
            models.UniqueConstraint(fields=["union", "level"], name="workers_home_level_once")
        ]

    def __str__(self) -> str:
        return f"{self.union}（{self.year}年{self.get_level_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:workershome_detail", args=[self.pk])


class HomeInspection(DateRulesMixin, models.Model):
    """复查 of an honoured home: the date, what was found, and whether it keeps the title."""

    scope_path = "home__union__path"
    date_rules = (NotFuture("inspected_on"), InLife("inspected_on", "home__union"))

    home = models.ForeignKey(
        WorkersHome, verbose_name="职工之家", on_delete=models.CASCADE, related_name="inspections"
    )
    inspected_on = models.DateField("复查日期")
    result = models.CharField("复查情况", max_length=300)
    title_kept = models.BooleanField("保留称号", default=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "职工之家复查"
        ordering = ["-inspected_on", "-pk"]

    def __str__(self) -> str:
        kept = "保留称号" if self.title_kept else "撤销称号"
        return f"{self.home.union} {self.inspected_on:%Y-%m-%d} 复查（{kept}）"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:homeinspection_detail", args=[self.pk])


class EvaluationRound(DateRulesMixin, models.Model):
    """会员评家: one union's members evaluate their home in a year; the votes are totals."""

    scope_path = "union__path"
    date_rules = (NotFuture("held_on"), InLife("held_on", "union"), YearInLife("year", "union"))

    union = models.ForeignKey(
        Union, verbose_name="工会", on_delete=models.PROTECT, related_name="evaluation_rounds"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[validate_ledger_year])
    held_on = models.DateField("测评日期")
    satisfied = models.PositiveIntegerField("满意票", default=0)
    basically_satisfied = models.PositiveIntegerField("基本满意票", default=0)
    dissatisfied = models.PositiveIntegerField("不满意票", default=0)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "会员评家"
        ordering = ["-year", "union__path"]
        constraints = [
            # One round per union and year: an import of the same sheet updates it.
            models.UniqueConstraint(fields=["union", "year"], name="evaluation_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.union} {self.year}年会员评家"

    def get_absolute_url(self) -> str:
        return reverse("campaigns:evaluationround_detail", args=[self.pk])

    @property
    def votes(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def satisfaction(self) -> Decimal | None:
        """满意率: satisfied and basically satisfied votes as a percentage of all votes."""
        if not self.votes:
            return None
        share = Decimal(100 * (self.satisfied + self.basically_satisfied)) / self.votes
        return share.quantize(Decimal("0.1"))

    def outcome(self, threshold: Decimal) -> str:
        if self.satisfaction is None:
            return "未投票"
        return "满意" if self.satisfaction >= threshold else "不满意"
