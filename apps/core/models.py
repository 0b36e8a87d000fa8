"""Records every ledger shares: imports (with their progress) and exports of personal data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from .scoping import ScopedQuerySet


class ImportRecord(models.Model):
    """One uploaded file's way through an import: checked in the background, previewed,
    committed (all or nothing) — who, which file, how far, what came of it."""

    class Status(models.TextChoices):
        CHECKING = "checking", "校验中"
        INVALID = "invalid", "有错误，未导入"
        READY = "ready", "校验通过，待确认"
        WRITING = "writing", "写入中"
        DONE = "done", "已导入"
        FAILED = "failed", "导入失败"

    RUNNING = (Status.CHECKING, Status.WRITING)

    # The importing user's union: county users see their county's records, the city all.
    scope_path = "union_path"

    ledger = models.CharField("台帐", max_length=40)  # LedgerImporter.name
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导入人",
        on_delete=models.PROTECT,
        related_name="import_records",
    )
    union_path = models.CharField("工会路径", max_length=96, editable=False)
    filename = models.CharField("文件名", max_length=255)
    stored_name = models.CharField("存储位置", max_length=255, editable=False)
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.CHECKING
    )
    stage = models.CharField("进行到", max_length=20, blank=True)
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("总行数", default=0)
    header_row = models.PositiveIntegerField("表头行", default=0)
    rows = models.PositiveIntegerField("数据行", default=0)
    created = models.PositiveIntegerField("新增", default=0)
    updated = models.PositiveIntegerField("更新", default=0)
    unchanged = models.PositiveIntegerField("未变化", default=0)
    conflicts = models.PositiveIntegerField("冲突", default=0)
    error_count = models.PositiveIntegerField("错误", default=0)
    message = models.TextField("说明", blank=True)
    # Shown on the page: the first errors and conflicts, and notes; the whole lists are in
    # the errors file (errors_name) for download.
    details = models.JSONField("明细", default=dict, blank=True)
    errors_name = models.CharField("错误清单文件", max_length=255, blank=True, editable=False)
    started_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "导入记录"
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["union_path", "started_at"], name="import_scope_time")]

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_status_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("core:importrecord_detail", args=[self.pk])

    @property
    def running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        return min(100, self.done * 100 // self.total) if self.total else 0


class ExportLog(models.Model):
    """Every export that contains personal data (身份证号, 手机号): who, when, what, how many."""

    scope_path = "union_path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        on_delete=models.PROTECT,
        related_name="export_logs",
    )
    union_path = models.CharField("工会路径", max_length=96, editable=False)
    ledger = models.CharField("台帐", max_length=40)
    filters = models.CharField("筛选条件", max_length=1000, blank=True)
    rows = models.PositiveIntegerField("行数")
    masked = models.BooleanField("已脱敏", help_text="只读角色导出的身份证号、手机号均已脱敏")
    exported_at = models.DateTimeField("导出时间", auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "导出记录"
        ordering = ["-exported_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user} {self.exported_at:%Y-%m-%d %H:%M} {self.ledger}"


class ForeignLookup(models.Model):
    """A key (an ID number) a user's import, form or request met outside the user's scope:
    the answer said only "registered elsewhere", and the city can see who looked for whom.
    One row per user, key and day (apps.core.foreign)."""

    scope_path = "union_path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="查询人",
        on_delete=models.PROTECT,
        related_name="foreign_lookups",
    )
    union_path = models.CharField("工会路径", max_length=96, editable=False)
    day = models.DateField("日期")
    at = models.DateTimeField("时间", auto_now_add=True)
    key = models.CharField("身份证号", max_length=18)
    source = models.CharField("来源", max_length=40)
    over_bound = models.BooleanField(
        "超出每日上限", default=False, help_text="当天查询其他单位人员的次数已超出上限"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "范围外查询记录"
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "day"], name="foreign_lookup_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.day:%Y-%m-%d} {self.source}"
