"""Pages of the shared records: import records (progress, preview, commit, errors file)
and the log of exports that contain personal data."""

from __future__ import annotations

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from .. import tables
from .. import views as generic
from ..filtersets import LedgerFilterSet
from ..models import ExportLog, ForeignLookup, ImportRecord
from ..registry import model_url_name, register_model_view
from .engine import LedgerImporter
from .tasks import fail_stale_imports, run_import


def ledger_choices() -> list[tuple[str, str]]:
    return [
        (name, importer.model._meta.verbose_name)
        for name, importer in LedgerImporter.registry.items()
    ]


class ImportRecordFilterSet(LedgerFilterSet):
    search_fields = ("filename__icontains",)
    status = django_filters.ChoiceFilter(
        label="状态", choices=ImportRecord.Status.choices, empty_label="全部"
    )
    ledger = django_filters.ChoiceFilter(label="台帐", empty_label="全部")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["ledger"].extra["choices"] = ledger_choices()

    class Meta:
        model = ImportRecord
        fields = ["status", "ledger"]


class ExportLogFilterSet(LedgerFilterSet):
    search_fields = (
        "user__username__icontains",
        "user__display_name__icontains",
        "ledger__icontains",
    )

    class Meta:
        model = ExportLog
        fields = ["masked"]


def may_import(user, record: ImportRecord) -> bool:
    """Whether the user's role may import the record's ledger (and so read its row values)."""
    opts = LedgerImporter.registry[record.ledger].model._meta
    return user.has_perm(f"{opts.app_label}.add_{opts.model_name}")


@register_model_view(ImportRecord, "list", detail=False)
class ImportRecordListView(generic.ObjectListView):
    queryset = ImportRecord.objects.select_related("user")
    table, filterset = tables.ImportRecordTable, ImportRecordFilterSet
    title = "导入记录"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        fail_stale_imports(self.scoped())
        return super().get(request, *args, **kwargs)


@register_model_view(ImportRecord, "detail")
class ImportRecordDetailView(generic.BaseObjectView):
    """The record's progress while a task works on it (the page polls a fragment), then
    the errors, or the summary with the confirm button, or the outcome."""

    queryset = ImportRecord.objects.select_related("user")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        fail_stale_imports(self.scoped().filter(pk=pk))
        record = self.get_object()
        importer = LedgerImporter.registry[record.ledger]
        model = importer.model
        context = {
            "object": record,
            "ledger_label": model._meta.verbose_name,
            # Row values (ID numbers among them) only for roles that may import the ledger.
            "may_import": may_import(request.user, record),
            "may_commit": record.status == ImportRecord.Status.READY
            and record.user_id == request.user.pk,
            "import_url": reverse(model_url_name(model, "import")),
            "ledger_url": reverse(model_url_name(model, "list")),
            "conflicts_url": importer.conflicts_url_name and reverse(importer.conflicts_url_name),
            "key_header": importer(request.user).key_header,
        }
        if request.headers.get("HX-Request") and record.running:
            self.template_name = "core/importrecord_progress.html"
        elif request.headers.get("HX-Request"):
            # The task has finished: the whole page is reloaded to show the outcome.
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return self.render(**context)


@register_model_view(ImportRecord, "commit")
class ImportRecordCommitView(generic.BaseObjectView):
    """Confirm a checked file: the task writes it, all or nothing, after checking it again."""

    queryset = ImportRecord.objects.all()

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect(self.get_object())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.get_object()
        if not may_import(request.user, record):
            raise PermissionDenied("您的角色没有此操作权限")
        # One commit only: the status moves from ready to writing once, whoever clicks twice.
        started = ImportRecord.objects.filter(
            pk=record.pk, user=request.user, status=ImportRecord.Status.READY
        ).update(status=ImportRecord.Status.WRITING, stage="", done=0, total=record.rows)
        if not started:
            messages.error(request, "只有上传者可以确认导入，且每个文件只能确认一次。")
        else:
            run_import.enqueue(record.pk, True)
        return redirect(record)


@register_model_view(ImportRecord, "errors")
class ImportRecordErrorsView(generic.BaseObjectView):
    """Download every error and conflict of a record as .xlsx (or, for a file without
    errors, its whole preview)."""

    queryset = ImportRecord.objects.all()

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        record = self.get_object()
        if not may_import(request.user, record):
            raise PermissionDenied("您的角色没有此操作权限")
        if not record.errors_name or not default_storage.exists(record.errors_name):
            raise Http404("该导入没有错误清单")
        stem = record.filename.rsplit(".", 1)[0]
        kind = "错误" if record.error_count else "校验"
        return generic.xlsx_response(
            default_storage.open(record.errors_name, "rb"), f"{stem}-{kind}清单.xlsx"
        )


@register_model_view(ExportLog, "list", detail=False)
class ExportLogListView(generic.ObjectListView):
    """Who exported personal data, when, with which filter, how many rows (city admin)."""

    queryset = ExportLog.objects.select_related("user")
    table, filterset = tables.ExportLogTable, ExportLogFilterSet
    title = "导出记录（个人信息）"


class ForeignLookupFilterSet(LedgerFilterSet):
    search_fields = (
        "user__username__icontains",
        "user__display_name__icontains",
        "key__startswith",
    )

    class Meta:
        model = ForeignLookup
        fields = ["over_bound", "day"]


@register_model_view(ForeignLookup, "list", detail=False)
class ForeignLookupListView(generic.ObjectListView):
    """Who met which ID numbers outside their scope, and who passed the day's bound."""

    queryset = ForeignLookup.objects.select_related("user")
    table, filterset = tables.ForeignLookupTable, ForeignLookupFilterSet
    title = "范围外查询记录"
