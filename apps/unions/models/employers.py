"""Employers (单位), their organizing status, coverage by joint unions (涵盖), fund payments
(建会筹备金) and follow-ups of employers without a union."""

from __future__ import annotations

import datetime
import functools
import operator
from collections.abc import Mapping

from django.db import models
from django.db.models import Case, Exists, ExpressionWrapper, F, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, Lifespan, NotBefore, NotFuture, today
from apps.core.scoping import ScopedQuerySet
from apps.core.validators import validate_ledger_year, validate_uscc

from .reference import NEW_SOCIAL_ORG_NATURES, EmployerCategory, Industry, Nature
from .unions import Union

# Parts of an employer's workforce, none larger than its 职工人数: one rule for the database
# constraint below, the form and the importer.
EMPLOYEE_PARTS = ("women", "migrant_workers", "dispatched_workers")


def parts_over_employees(employees: int | None, values: Mapping[str, int | None]) -> list[str]:
    """The parts (EMPLOYEE_PARTS) of `values` larger than `employees`; none if it is unknown."""
    if employees is None:
        return []
    return [part for part in EMPLOYEE_PARTS if (values.get(part) or 0) > employees]


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
                condition=functools.reduce(
                    operator.and_,
                    (Q(**{f"{part}__lte": F("employees")}) for part in EMPLOYEE_PARTS),
                ),
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
    year = models.PositiveSmallIntegerField("缴纳年度", validators=[validate_ledger_year])
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
