"""The union tree: the city federation, counties, townships and grassroots unions."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Value
from django.db.models.functions import Concat, Substr
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, Lifespan, NotBefore, NotFuture
from apps.core.scoping import PATH_SEGMENT_WIDTH, ScopedQuerySet, path_segment, subtree_bounds
from apps.core.signals import subtree_moved
from apps.core.validators import validate_uscc


class UnionQuerySet(ScopedQuerySet):
    def active(self, on: datetime.date | None = None) -> UnionQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))

    def grassroots(self) -> UnionQuerySet:
        return self.filter(level__in=Union.GRASSROOTS_LEVELS)

    def with_counts(self) -> UnionQuerySet:
        """Employers covered, for list tables (one subquery, no query per row)."""
        # The reverse relation's model: employers.py imports this module, not the other way.
        coverage = self.model._meta.get_field("coverages").related_model
        covered = (
            coverage.objects.filter(union=OuterRef("pk"), end_on__isnull=True)
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
