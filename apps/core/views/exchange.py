"""A ledger's Excel traffic: the export of the filtered list, the import template and the
import itself (kept through Django's storage, checked and committed by background tasks)."""

from __future__ import annotations

import uuid
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from ..exchange.engine import LedgerImporter
from ..exchange.excel import XLSX_CONTENT_TYPE, write_template, write_xlsx
from ..exchange.tasks import fail_stale_imports, run_import
from ..exchange.uploads import OLE, SUFFIXES, check_upload
from ..models import ExportLog, ImportRecord
from ..scoping import user_scope_path
from ..validators import PERSONAL_MASKS
from .base import BaseObjectView, FilteredMixin


class ExportView(FilteredMixin, BaseObjectView):
    """Stream exactly the filtered rows to .xlsx. Sets: queryset, filterset, importer."""

    importer: type[LedgerImporter]

    def get(self, request: HttpRequest) -> FileResponse:
        _, queryset = self.filtered()
        importer = self.importer(request.user)
        headers = [c.header for c in importer.columns]
        # Personal data leaves masked for roles that may not edit it (read-only users).
        masks = [
            (i, mask) for i, c in enumerate(importer.columns) if (mask := self.maskers().get(c.key))
        ]
        written = 0

        def rows():
            nonlocal written
            for obj in queryset.iterator(chunk_size=2000):
                row = importer.export_row(obj)
                for i, mask in masks:
                    row[i] = mask(row[i]) if row[i] else row[i]
                written += 1
                yield row

        label = self.model._meta.verbose_name
        out = write_xlsx(headers, rows(), sheet_name=str(label))
        if any(c.key in PERSONAL_MASKS for c in importer.columns):
            ExportLog.objects.create(
                user=request.user,
                union_path=user_scope_path(request.user) or "",
                ledger=str(label),
                filters=unquote_plus(request.GET.urlencode())[:1000],
                rows=written,
                masked=bool(masks),
            )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return xlsx_response(out, f"{label}-{stamp}.xlsx")


class ImportTemplateView(BaseObjectView):
    """The blank import template: the importer's headers and one example row."""

    importer: type[LedgerImporter]

    def get(self, request: HttpRequest) -> FileResponse:
        importer = self.importer(request.user)
        out = write_template(importer.template(), name="本模板")
        return xlsx_response(out, f"{importer.label}导入模板.xlsx")


def xlsx_response(out, filename: str) -> FileResponse:
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)


class ImportView(BaseObjectView):
    """Upload a file: it is kept through Django's storage (no process may rely on its own
    memory or disk) and checked by a background task; the user follows it on its
    ImportRecord page, sees every error or a summary, and confirms the all-or-nothing commit.
    """

    importer: type[LedgerImporter]
    generic_template = "object_import"

    def get(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        importer = self.importer(request.user)
        mine = ImportRecord.objects.filter(user=request.user, ledger=importer.name)
        fail_stale_imports(mine)
        recent = mine[:10]
        return self.render(
            importer=importer,
            key_header=importer.key_header,
            recent=recent,
            template_url=self.url("import_template"),
        )

    def post(self, request: HttpRequest) -> HttpResponse:
        self.require("add")
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的文件。")
            return redirect(self.url("import"))
        if upload.size > settings.IMPORT_MAX_FILE_SIZE:
            limit = settings.IMPORT_MAX_FILE_SIZE // (1024 * 1024)
            messages.error(request, f"文件“{upload.name}”超过{limit}MB，请分成几个文件导入。")
            return redirect(self.url("import"))
        try:
            kind = check_upload(upload, "import")  # by content: a renamed .docx is not a table
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
            return redirect(self.url("import"))
        suffix = ".xls" if kind == OLE else SUFFIXES[kind]
        stored = default_storage.save(
            f"imports/{request.user.pk}/{uuid.uuid4().hex}{suffix}", upload
        )
        record = ImportRecord.objects.create(
            ledger=self.importer.name,
            user=request.user,
            filename=upload.name[:255],
            stored_name=stored,
            union_path=user_scope_path(request.user) or "",
        )
        run_import.enqueue(record.pk, False)
        return redirect(record)
