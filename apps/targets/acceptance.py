"""专项考核验收: the city records each acceptance check of a county's area (date, inspectors,
conclusion, notes, its attachments); county users see their own county's records. A ledger of
the generic views; each attachment is downloaded only within scope."""

from __future__ import annotations

import os

import django_filters
import django_tables2 as tables
from django import forms
from django.conf import settings
from django.db.models import Count

from apps.core import views as generic
from apps.core.filtersets import LedgerFilterSet, year_filter
from apps.core.forms import ScopedModelForm
from apps.core.registry import register_model_view
from apps.core.tables import LedgerTable
from apps.unions.filtersets import WithinFilter
from apps.unions.forms import only_levels
from apps.unions.parameters import COUNTY_LEVELS

from .records import (
    AREA_CHOICES,
    AcceptanceAttachment,
    AcceptanceRecord,
)


class AcceptanceRecordTable(LedgerTable):
    county = tables.Column(linkify=True)
    checked_on = tables.DateColumn(format="Y-m-d", linkify=True)
    attachment_count = tables.Column("附件", orderable=False)

    default_columns = ("county", "year", "area", "checked_on", "inspectors", "conclusion",
                       "attachment_count")  # fmt: skip

    class Meta(LedgerTable.Meta):
        model = AcceptanceRecord
        fields = ("pk", "county", "year", "area", "checked_on", "inspectors", "conclusion",
                  "notes", "attachment_count")  # fmt: skip
        sequence = fields

    def render_attachment_count(self, value):
        return f"{value}个" if value else "—"


class AcceptanceRecordFilterSet(LedgerFilterSet):
    search_fields = ("county__name__contains", "inspectors__contains", "notes__contains")
    within = WithinFilter(label="县市区", prefix="county__")
    year = year_filter("年度")
    area = django_filters.ChoiceFilter(label="考核方面", choices=AREA_CHOICES, empty_label="全部")
    conclusion = django_filters.ChoiceFilter(
        label="验收结论", choices=AcceptanceRecord.Conclusion.choices, empty_label="全部"
    )

    class Meta:
        model = AcceptanceRecord
        fields = ["q", "within", "year", "area", "conclusion"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern): each checked by the
    attachment's own validators, so a bad one is named in the form and nothing is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        checker = AcceptanceAttachment._meta.get_field("file")
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            checker.run_validators(upload)
            cleaned.append(upload)
        return cleaned


class AcceptanceRecordForm(ScopedModelForm):
    new_files = MultipleFileField(
        label="上传附件", required=False,
        help_text=f"可一次选择多个文件：验收报告、照片等（PDF、Word、Excel、图片或压缩包，"
                  f"每个不超过{settings.UPLOAD_MAX_DOCUMENT_MB}MB）",
    )  # fmt: skip
    removed_files = forms.ModelMultipleChoiceField(
        label="删除附件", queryset=AcceptanceAttachment.objects.none(), required=False,
        help_text="勾选的附件在保存时删除",
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = AcceptanceRecord
        fields = ["county", "year", "area", "checked_on", "inspectors", "conclusion", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["county"], COUNTY_LEVELS)
        if self.instance.pk:
            self.fields["removed_files"].queryset = self.instance.attachments.all()
        else:
            del self.fields["removed_files"]

    def save(self, commit: bool = True) -> AcceptanceRecord:
        """The record, then its new files and the removals, in the view's transaction. A
        removed file stays in storage (the history keeps its name), as Django leaves it."""
        record = super().save()
        for upload in self.cleaned_data["new_files"]:
            AcceptanceAttachment.objects.create(
                record=record, file=upload, name=os.path.basename(upload.name)[:200]
            )
        for attachment in self.cleaned_data.get("removed_files") or ():
            attachment.delete()
        return record


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


generic.register_ledger_views(AcceptanceRecord, form=AcceptanceRecordForm)
