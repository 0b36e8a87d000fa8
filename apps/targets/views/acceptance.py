"""专项考核验收: the city records each acceptance check of a county's area (date, inspectors,
conclusion, notes, its attachments); county users see their own county's records. A ledger of
the generic views; each attachment is downloaded only within scope."""

from __future__ import annotations

import os

from django.db.models import Count

from apps.core import views as generic
from apps.core.registry import register_model_view

from ..filtersets import AcceptanceRecordFilterSet
from ..forms import AcceptanceRecordForm
from ..models import AcceptanceAttachment, AcceptanceRecord
from ..tables import AcceptanceRecordTable


@register_model_view(AcceptanceRecord, "list", detail=False)
class AcceptanceRecordListView(generic.ObjectListView):
    queryset = AcceptanceRecord.objects.select_related("county").annotate(
        attachment_count=Count("attachments")
    )
    table, filterset = AcceptanceRecordTable, AcceptanceRecordFilterSet
    title = "专项考核验收"
    add_label = "登记验收"


@register_model_view(AcceptanceRecord, "detail")
class AcceptanceRecordDetailView(generic.ObjectDetailView):
    queryset = AcceptanceRecord.objects.select_related("county")
    template_name = "targets/acceptancerecord_detail.html"

    def extra_context(self, record):
        return {"attachments": record.attachments.all()}


class AcceptanceAttachmentFileView(generic.ObjectFileView):
    """One attachment, under the name it was uploaded with (scoped by its record's county)."""

    queryset = AcceptanceAttachment.objects.all()
    missing = "该附件的文件已不存在"

    def download_name(self, attachment):
        return os.path.splitext(attachment.name)[0]


@register_model_view(AcceptanceRecord, "edit")
@register_model_view(AcceptanceRecord, "add", detail=False)
class AcceptanceRecordEditView(generic.ObjectEditView):
    queryset = AcceptanceRecord.objects.all()
    form = AcceptanceRecordForm


@register_model_view(AcceptanceRecord, "delete")
class AcceptanceRecordDeleteView(generic.ObjectDeleteView):
    queryset = AcceptanceRecord.objects.all()


@register_model_view(AcceptanceRecord, "history")
class AcceptanceRecordHistoryView(generic.ObjectHistoryView):
    queryset = AcceptanceRecord.objects.all()
