"""The union tree, employers (单位), coverage by joint unions (涵盖) and the fund payments."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, Lifespan, NotBefore, NotFuture, today
from apps.core.scoping import PATH_SEGMENT_WIDTH, ScopedQuerySet, path_segment, subtree_bounds
from apps.core.signals import subtree_moved
from apps.core.validators import validate_uscc


class Industry(models.Model):
    """GB/T 4754 国民经济行业分类 sections A–T (reference table, loaded from fixtures/)."""

    code = models.CharField("代码", max_length=2, unique=True)
    letter = models.CharField("门类", max_length=1, unique=True)
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "行业门类"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.letter} {self.name}"


class Nature(models.TextChoices):
    """An employer's ownership / kind, as organizing work groups them (单位性质)."""

    STATE = "state", "国有"
    COLLECTIVE = "collective", "集体"
    PRIVATE = "private", "私营"
    FOREIGN = "foreign", "外资"
    HMT = "hmt", "港澳台"
    INSTITUTION = "institution", "事业单位"
    ORGAN = "organ", "机关"
    PRIVATE_NONENTERPRISE = "private_nonenterprise", "民办非企业单位"
    SOCIAL_GROUP = "social_group", "社会团体"
    INTERMEDIARY = "intermediary", "中介组织"
    INDIVIDUAL = "individual", "个体"


# 新社会组织: DOMAIN.md counts these natures as new social organizations.
NEW_SOCIAL_ORG_NATURES = (Nature.PRIVATE_NONENTERPRISE, Nature.SOCIAL_GROUP, Nature.INTERMEDIARY)
# 非公: enterprises not owned by the state or a collective.
NON_PUBLIC_NATURES = (Nature.PRIVATE, Nature.FOREIGN, Nature.HMT, Nature.INDIVIDUAL)


class EmployerKind(models.TextChoices):
    """单位类型 of the statistics table's 基层工会 columns: each nature falls in one kind."""

    DOMESTIC_ENTERPRISE = "domestic_enterprise", "企业（内资）"
    HMT_ENTERPRISE = "hmt_enterprise", "企业（港澳台）"
    FOREIGN_ENTERPRISE = "foreign_enterprise", "企业（外商）"
    INSTITUTION = "institution", "事业单位"
    GOVERNMENT = "government", "机关"
    INDIVIDUAL = "individual", "个体经济组织"
    NEW_SOCIAL = "new_social", "新社会组织"


KIND_NATURES = {
    EmployerKind.DOMESTIC_ENTERPRISE: (Nature.STATE, Nature.COLLECTIVE, Nature.PRIVATE),
    EmployerKind.HMT_ENTERPRISE: (Nature.HMT,),
    EmployerKind.FOREIGN_ENTERPRISE: (Nature.FOREIGN,),
    EmployerKind.INSTITUTION: (Nature.INSTITUTION,),
    EmployerKind.GOVERNMENT: (Nature.ORGAN,),
    EmployerKind.INDIVIDUAL: (Nature.INDIVIDUAL,),
    EmployerKind.NEW_SOCIAL: NEW_SOCIAL_ORG_NATURES,
}


class EmployerCategory(models.Model):
    """单位类别 of the national collection forms (110 国有 … 800 社会团体), reference table."""

    code = models.CharField("代码", max_length=3, unique=True)
    name = models.CharField("名称", max_length=30)
    nature = models.CharField("对应单位性质", max_length=30, choices=Nature.choices)

    class Meta:
        verbose_name = verbose_name_plural = "单位类别"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class UnionQuerySet(ScopedQuerySet):
    def active(self, on: datetime.date | None = None) -> UnionQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))

    def grassroots(self) -> UnionQuerySet:
        return self.filter(level__in=Union.GRASSROOTS_LEVELS)

    def with_counts(self) -> UnionQuerySet:
        """Employers covered, for list tables (one subquery, no query per row).

        Member counts join here with the members ledger (issue #4).
        """
        covered = (
            Coverage.objects.filter(union=OuterRef("pk"), end_on__isnull=True)
            .order_by()
            .values("union")
            .annotate(n=models.Count("pk"))
            .values("n")
        )
        return self.annotate(
            covered_count=models.functions.Coalesce(models.Subquery(covered), Value(0))
        )


class Union(DateRulesMixin, models.Model):
    """A node of the union tree: 市总 → 县级 / 产业 → 乡镇街道 (→ 村社区) → 基层 / 联合基层.

    `path` is the materialized path: the zero-padded primary keys from the root down, so a
    subtree is one range condition on an indexed column (see apps.core.scoping).
    """

    class Level(models.TextChoices):
        CITY = "city", "市总工会"
        COUNTY = "county", "县市区总工会"
        INDUSTRY = "industry", "市直产业工会"
        TOWNSHIP = "township", "乡镇（街道）工会"
        VILLAGE = "village", "村（社区）工会"
        GRASSROOTS = "grassroots", "基层工会（单独建会）"
        JOINT = "joint", "联合基层工会"

    GRASSROOTS_LEVELS = (Level.GRASSROOTS, Level.JOINT)
    # The standardization facts a clerk ticks (forms, import columns, filters use this list).
    STANDARDIZATION_FIELDS = (
        "has_sign",
        "has_venue",
        "has_funds_audit_committee",
        "has_women_committee",
        "has_work_rules",
        "has_committee_meeting_rules",
        "has_congress_rules",
        "has_independent_account",
        "has_archives",
    )
    # Levels that keep ledgers for the unions and employers below them.
    ORGANIZING_LEVELS = (Level.CITY, Level.COUNTY, Level.INDUSTRY, Level.TOWNSHIP, Level.VILLAGE)

    scope_path = "path"
    closing_path = "parent__path"  # a new union has no path of its own before it is saved
    lifespan = Lifespan("founded_on", "dissolved_on")
    date_rules = (
        NotFuture("founded_on"),
        NotFuture("dissolved_on"),
        NotBefore("dissolved_on", "founded_on"),
        # A grassroots union is founded while its employer exists, under a living parent.
        InLife("founded_on", "employer"),
        InLife("founded_on", "parent"),
        NotFuture("committee_since"),
        NotBefore("committee_since", "founded_on"),
        NotFuture("legal_cert_on"),
    )

    name = models.CharField("工会名称", max_length=100)
    level = models.CharField("层级", max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级工会",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField("路径", max_length=96, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField("深度", editable=False, default=1)
    region_code = models.CharField("区划代码", max_length=12, blank=True)
    uscc = models.CharField(
        "统一社会信用代码",
        max_length=18,
        blank=True,
        null=True,
        validators=[validate_uscc],
        help_text="工会统一社会信用代码以81开头",
    )
    employer = models.ForeignKey(
        "Employer",
        verbose_name="所在单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="own_unions",
        help_text="单独建会的基层工会所在的单位",
    )
    founded_on = models.DateField("成立日期", null=True, blank=True)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    # Derived: the current chair of the 任职台帐 (apps.cadres keeps it in step, one source).
    chair_name = models.CharField(
        "主席姓名",
        max_length=30,
        blank=True,
        editable=False,
        help_text="由干部任职台帐的现任主席自动填写",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    legal_cert_no = models.CharField("工会法人资格证书号", max_length=40, blank=True)
    legal_cert_on = models.DateField("法人资格证书日期", null=True, blank=True)
    committee_since = models.DateField("本届委员会任职日期", null=True, blank=True)
    # Standardization facts a clerk ticks (规范化建设: 组织机构, 工作制度, 经费账户, 档案资料).
    has_sign = models.BooleanField("有工会牌子", default=False)
    has_venue = models.BooleanField("有活动场所", default=False)
    has_funds_audit_committee = models.BooleanField("有经费审查委员会", default=False)
    has_women_committee = models.BooleanField("有女职工委员会", default=False)
    has_work_rules = models.BooleanField("有工作制度", default=False)
    has_committee_meeting_rules = models.BooleanField("有委员会议事制度", default=False)
    has_congress_rules = models.BooleanField("有会员（代表）大会制度", default=False)
    has_independent_account = models.BooleanField("有独立经费账户", default=False)
    has_archives = models.BooleanField("档案资料齐全", default=False)
    # The latest day a membership of this union began or ended, kept by apps.members.services
    # (never typed): 年度更新 flags rosters unchanged for a year without reading a million
    # memberships. Not in the history, where it would show as a change by whoever edits next.
    roster_changed_on = models.DateField("花名册最近变动", null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["path", "depth", "roster_changed_on"])
    objects = UnionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "工会组织"
        ordering = ["path"]
        constraints = [
            # A union's USCC (81…) identifies it in imports; blank ones are stored as NULL.
            models.UniqueConstraint(fields=["uscc"], name="union_uscc_unique"),
            # One employer has at most one own grassroots union at a time.
            models.UniqueConstraint(
                fields=["employer"],
                condition=Q(dissolved_on__isnull=True),
                name="union_one_active_per_employer",
            ),
            NotBefore("dissolved_on", "founded_on").constraint("union_dissolved_after_founded"),
            NotBefore("committee_since", "founded_on").constraint("union_committee_after_founded"),
        ]
        indexes = [
            # Lists filter by level within a subtree and sort by name.
            models.Index(fields=["level", "path"], name="union_level_path"),
            models.Index(fields=["name"], name="union_name"),
            models.Index(fields=["founded_on"], name="union_founded"),
            # 流失会员: the few dissolved unions, found without reading every union.
            models.Index(
                fields=["dissolved_on"],
                condition=Q(dissolved_on__isnull=False),
                name="union_dissolved",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.uscc == "":
            self.uscc = None
        with transaction.atomic():
            old = Union.objects.filter(pk=self.pk).values("parent_id", "path").first()
            if old is None:
                # The path is made of primary keys, so a new row gets it right after insert.
                self.path = f"pending-{timezone.now().timestamp()}-{id(self)}"
                super().save(*args, **kwargs)
                self._set_path()
                Union.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
                return
            super().save(*args, **kwargs)
            if old["parent_id"] != self.parent_id:
                self._move_subtree(old["path"])

    def get_absolute_url(self) -> str:
        return reverse("unions:union_detail", args=[self.pk])

    def _set_path(self) -> None:
        parent_path = self.parent.path if self.parent_id else ""
        self.path = parent_path + path_segment(self.pk)
        self.depth = len(self.path) // PATH_SEGMENT_WIDTH

    def _move_subtree(self, old_path: str) -> None:
        self._set_path()
        low, high = subtree_bounds(old_path)
        Union.objects.filter(path__gte=low, path__lt=high).update(
            path=Concat(Value(self.path), Substr("path", len(old_path) + 1)),
            depth=F("depth") + (self.depth - len(old_path) // PATH_SEGMENT_WIDTH),
        )
        subtree_moved.send(sender=Union, old_path=old_path, new_path=self.path)

    @property
    def is_grassroots(self) -> bool:
        return self.level in self.GRASSROOTS_LEVELS

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None or self.dissolved_on > timezone.localdate()

    def subtree(self) -> UnionQuerySet:
        low, high = subtree_bounds(self.path)
        return Union.objects.filter(path__gte=low, path__lt=high)


class EmployerQuerySet(ScopedQuerySet):
    def with_status(
        self, on: datetime.date | None = None, *, whole_sets: bool = False, prefix: str = ""
    ) -> EmployerQuerySet:
        """Annotate the organizing status (own / covered / none) as of a date.

        Derived, never typed (DOMAIN.md): own = an active grassroots union of its own;
        covered = an open coverage by an active joint union. A page of rows asks per row
        (EXISTS); `whole_sets=True` asks once for the set of employers with a union and the
        set with a coverage (non-correlated IN), which is several times faster over all the
        employers of a city (figures, 双措并举): the same rule either way. `prefix` names the
        annotations apart, for the status on two days in one query.
        """
        on = on or timezone.localdate()
        own = Union.objects.filter(level=Union.Level.GRASSROOTS).filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=on),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on),
        )
        covered = Coverage.objects.current(on)
        if whole_sets:
            has_own = Q(pk__in=own.filter(employer__isnull=False).values("employer_id"))
            has_coverage = Q(pk__in=covered.values("employer_id"))
        else:
            has_own = Exists(own.filter(employer=OuterRef("pk")))
            has_coverage = Exists(covered.filter(employer=OuterRef("pk")))
        own_name, covered_name = f"{prefix}has_own_union", f"{prefix}is_covered"
        return self.annotate(
            **{
                own_name: ExpressionWrapper(has_own, output_field=models.BooleanField()),
                covered_name: ExpressionWrapper(has_coverage, output_field=models.BooleanField()),
            }
        ).annotate(
            **{
                f"{prefix}status": Case(
                    When(**{own_name: True}, then=Value(OrganizingStatus.OWN)),
                    When(**{covered_name: True}, then=Value(OrganizingStatus.COVERED)),
                    default=Value(OrganizingStatus.NONE),
                    output_field=models.CharField(),
                )
            }
        )

    def with_status_filter(
        self, status: str, on: datetime.date | None = None, *, whole_sets: bool = False
    ) -> EmployerQuerySet:
        qs = self.with_status(on, whole_sets=whole_sets)
        if status == OrganizingStatus.OWN:
            return qs.filter(has_own_union=True)
        if status == OrganizingStatus.COVERED:
            return qs.filter(has_own_union=False, is_covered=True)
        if status == OrganizingStatus.NONE:
            return qs.filter(has_own_union=False, is_covered=False)
        return qs

    def operating(self, on: datetime.date | None = None) -> EmployerQuerySet:
        """Employers on the ledger on the date, started and not closed (注销): the ones
        organizing work counts."""
        return self.filter(operating_on(on or timezone.localdate()))

    def operating_between(self, first: datetime.date, last: datetime.date) -> EmployerQuerySet:
        """Employers operating on some day from `first` to `last` (a pass over two days)."""
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=first), started_on__lte=last)

    def paid_fund(self, year: int | None = None) -> EmployerQuerySet:
        payments = FundPayment.objects.filter(employer=OuterRef("pk"))
        if year is not None:
            payments = payments.filter(year=year)
        return self.filter(Exists(payments))

    def fund_paid_unorganized(self, year: int) -> EmployerQuerySet:
        """双措并举's list for a year: employers that paid the preparation fund before the year
        and, operating on 1 January, had no union then (DOMAIN.md: the year's priority list).

        The status on 1 January is annotated apart (`year_start_…`), so the list and the
        figures may still ask for the status on another day in the same query.
        """
        start = datetime.date(year, 1, 1)
        paid_before = FundPayment.objects.filter(employer=OuterRef("pk"), year__lt=year)
        return (
            self.filter(Exists(paid_before))
            .operating(start)
            .with_status(start, whole_sets=True, prefix="year_start_")
            .filter(year_start_has_own_union=False, year_start_is_covered=False)
        )


def operating_on(on: datetime.date) -> Q:
    """An employer is operating from its start (成立/登记日期) until it closes."""
    return Q(started_on__lte=on) & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))


class OrganizingStatus(models.TextChoices):
    OWN = "own", "单独建会"
    COVERED = "covered", "联合工会涵盖"
    NONE = "none", "未建会"


class Employer(DateRulesMixin, models.Model):
    """单位: any employing unit, kept in the ledger of the union that surveys it (`owner`)."""

    class TaxiMode(models.TextChoices):
        CONTRACT = "contract", "承包"
        AFFILIATED = "affiliated", "挂靠"
        INDIVIDUAL = "individual", "个体"

    class Source(models.TextChoices):
        LEDGER = "ledger", "台帐录入"
        TAX_LIST = "tax_list", "筹备金缴纳名单（待核实）"

    scope_path = "owner__path"
    lifespan = Lifespan("started_on", "closed_on")
    date_rules = (
        NotFuture("started_on"),
        NotFuture("closed_on"),
        NotBefore("closed_on", "started_on"),
    )

    uscc = models.CharField("统一社会信用代码", max_length=18, validators=[validate_uscc])
    name = models.CharField("单位名称", max_length=200)
    owner = models.ForeignKey(
        Union,
        verbose_name="所属工会组织",
        on_delete=models.PROTECT,
        related_name="employers",
        help_text="负责该单位的乡镇（街道）、县级或产业工会",
    )
    nature = models.CharField("单位性质", max_length=30, choices=Nature.choices)
    category = models.ForeignKey(
        EmployerCategory,
        verbose_name="单位类别",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name="行业",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers",
    )
    employees = models.PositiveIntegerField("职工人数", default=0)
    women = models.PositiveIntegerField("女职工", default=0)
    migrant_workers = models.PositiveIntegerField("农民工", default=0)
    dispatched_workers = models.PositiveIntegerField("劳务派遣工", default=0)
    taxi_mode = models.CharField(
        "出租车经营模式",
        max_length=20,
        choices=TaxiMode.choices,
        blank=True,
        help_text="仅出租车企业填写",
    )
    is_labour_dispatch = models.BooleanField("劳务派遣单位", default=False)
    address = models.CharField("地址", max_length=200, blank=True)
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    source = models.CharField("来源", max_length=20, choices=Source.choices, default=Source.LEDGER)
    # The day the employer appears on the ledger: its founding or registration day where
    # known, otherwise the day it was entered. Figures as of an earlier day leave it out.
    started_on = models.DateField(
        "成立（登记）日期",
        default=today,
        help_text="单位成立或登记的日期；不详的填录入台帐的日期",
    )
    closed_on = models.DateField("注销（关闭）日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()
    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "单位"
        ordering = ["name"]
        constraints = [
            # The USCC is the natural key: imports upsert on it, so one employer is one row.
            models.UniqueConstraint(fields=["uscc"], name="employer_uscc_unique"),
            models.CheckConstraint(
                condition=Q(women__lte=F("employees"))
                & Q(migrant_workers__lte=F("employees"))
                & Q(dispatched_workers__lte=F("employees")),
                name="employer_parts_within_employees",
            ),
            NotBefore("closed_on", "started_on").constraint("employer_closed_after_started"),
        ]
        indexes = [
            # Lists sort by name and filter by nature / industry within an owner's subtree.
            models.Index(fields=["name"], name="employer_name"),
            models.Index(fields=["nature", "name"], name="employer_nature_name"),
            models.Index(fields=["employees"], name="employer_employees"),
            # 流失会员: the closed employers, found without reading every employer.
            models.Index(
                fields=["closed_on"], condition=Q(closed_on__isnull=False), name="employer_closed"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("unions:employer_detail", args=[self.pk])

    @property
    def is_new_social_org(self) -> bool:
        return self.nature in NEW_SOCIAL_ORG_NATURES

    @property
    def is_taxi(self) -> bool:
        return bool(self.taxi_mode)

    @property
    def status_label(self) -> str:
        """Label of the `status` annotation of `with_status()`."""
        return OrganizingStatus(self.status).label

    def organizing_status(self, on: datetime.date | None = None) -> str:
        return (
            Employer.objects.filter(pk=self.pk).with_status(on).values_list("status", flat=True)[0]
        )


class CoverageQuerySet(ScopedQuerySet):
    def current(self, on: datetime.date | None = None) -> CoverageQuerySet:
        on = on or timezone.localdate()
        return self.filter(
            Q(start_on__lte=on),
            Q(end_on__isnull=True) | Q(end_on__gt=on),
            Q(union__dissolved_on__isnull=True) | Q(union__dissolved_on__gt=on),
        )


class Coverage(DateRulesMixin, models.Model):
    """涵盖: an employer whose workers belong to a joint union, from a date until a date."""

    scope_path = "union__path"
    date_rules = (
        NotFuture("start_on"),
        InLife("start_on", "union"),
        InLife("start_on", "employer"),
        NotBefore("end_on", "start_on"),
    )

    union = models.ForeignKey(
        Union,
        verbose_name="联合基层工会",
        on_delete=models.PROTECT,
        related_name="coverages",
        limit_choices_to={"level": Union.Level.JOINT},
    )
    employer = models.ForeignKey(
        Employer, verbose_name="涵盖单位", on_delete=models.PROTECT, related_name="coverages"
    )
    start_on = models.DateField("涵盖日期")
    end_on = models.DateField("终止日期", null=True, blank=True)

    history = HistoricalRecords()
    objects = CoverageQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "涵盖单位"
        ordering = ["-start_on"]
        constraints = [
            # An employer is covered by at most one joint union at a time.
            models.UniqueConstraint(
                fields=["employer"], condition=Q(end_on__isnull=True), name="coverage_one_open"
            ),
            models.CheckConstraint(
                condition=Q(end_on__isnull=True) | Q(end_on__gte=F("start_on")),
                name="coverage_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.union} 涵盖 {self.employer}"

    def get_absolute_url(self) -> str:
        return self.employer.get_absolute_url()


class FundPayment(models.Model):
    """建会筹备金: a year's payment by an employer, from the tax-collection system's list."""

    scope_path = "employer__owner__path"

    employer = models.ForeignKey(
        Employer, verbose_name="单位", on_delete=models.PROTECT, related_name="fund_payments"
    )
    year = models.PositiveSmallIntegerField("缴纳年度")
    amount = models.DecimalField("金额（元）", max_digits=14, decimal_places=2)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "筹备金缴纳"
        ordering = ["-year"]
        constraints = [
            # One row per employer and year: re-importing the tax list replaces, never adds.
            models.UniqueConstraint(fields=["employer", "year"], name="fundpayment_unique_year"),
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.year}年 {self.amount}元"

    def get_absolute_url(self) -> str:
        return self.employer.get_absolute_url()


class FollowUp(DateRulesMixin, models.Model):
    """未建会单位跟踪记录: one step of working an employer without a union towards one."""

    scope_path = "employer__owner__path"
    date_rules = (NotFuture("on"), InLife("on", "employer"), NotBefore("next_on", "on"))

    employer = models.ForeignKey(
        Employer, verbose_name="单位", on_delete=models.CASCADE, related_name="follow_ups"
    )
    on = models.DateField("日期", default=today)
    action = models.CharField("工作内容", max_length=300)
    person = models.CharField("责任人", max_length=30)
    next_step = models.CharField("下一步", max_length=300, blank=True)
    next_on = models.DateField("下次跟进日期", null=True, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "跟踪记录"
        ordering = ["-on", "-pk"]
        constraints = [NotBefore("next_on", "on").constraint("followup_next_after_on")]

    def __str__(self) -> str:
        return f"{self.on} {self.action}"

    def get_absolute_url(self) -> str:
        return self.employer.get_absolute_url()


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
