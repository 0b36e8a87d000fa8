"""专项考核验收: the city records each acceptance check of a county's area (date, inspectors,
conclusion, notes, an attachment); county users see their own county's records. A ledger of
the generic views; the attachment is downloaded only within scope."""

from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms

from apps.core import views as generic
from apps.core.filtersets import LedgerFilterSet
from apps.core.forms import ScopedModelForm
from apps.core.registry import register_model_view
from apps.core.tables import LedgerTable
from apps.unions.filtersets import WithinFilter
from apps.unions.forms import only_levels
from apps.unions.parameters import COUNTY_LEVELS

from .records import AREA_CHOICES, AcceptanceRecord


class AcceptanceRecordTable(LedgerTable):
    county = tables.Column(linkify=True)
    checked_on = tables.DateColumn(format="Y-m-d", linkify=True)
    file = tables.Column("附件", orderable=False)

    default_columns = ("county", "year", "area", "checked_on", "inspectors", "conclusion", "file")

    class Meta(LedgerTable.Meta):
        model = AcceptanceRecord
        fields = ("pk", "county", "year", "area", "checked_on", "inspectors", "conclusion",
                  "notes", "file")  # fmt: skip
        sequence = fields

    def render_file(self, value):
        return "已上传" if value else "—"


class AcceptanceRecordFilterSet(LedgerFilterSet):
    search_fields = ("county__name__contains", "inspectors__contains", "notes__contains")
    within = WithinFilter(label="县市区", prefix="county__")
    year = django_filters.NumberFilter(label="年度")
    area = django_filters.ChoiceFilter(label="考核方面", choices=AREA_CHOICES, empty_label="全部")
    conclusion = django_filters.ChoiceFilter(
        label="验收结论", choices=AcceptanceRecord.Conclusion.choices, empty_label="全部"
    )

    class Meta:
        model = AcceptanceRecord
        fields = ["q", "within", "year", "area", "conclusion"]


class AcceptanceRecordForm(ScopedModelForm):
    class Meta:
        model = AcceptanceRecord
        fields = ["county", "year", "area", "checked_on", "inspectors", "conclusion", "notes",
                  "file"]  # fmt: skip
        # Uploading replaces the file; the storage path is not served (the detail page's
        # download checks the scope).
        widgets = {"file": forms.FileInput, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["county"], COUNTY_LEVELS)


@register_model_view(AcceptanceRecord, "list", detail=False)
class AcceptanceRecordListView(generic.ObjectListView):
    queryset = AcceptanceRecord.objects.select_related("county")
    table, filterset = AcceptanceRecordTable, AcceptanceRecordFilterSet
    title = "专项考核验收"
    add_label = "登记验收"


@register_model_view(AcceptanceRecord, "detail")
class AcceptanceRecordDetailView(generic.ObjectDetailView):
    queryset = AcceptanceRecord.objects.select_related("county")
    template_name = "targets/acceptancerecord_detail.html"

    def extra_context(self, record):
        return {"file_url": self.url("file", record) if record.file else None}


@register_model_view(AcceptanceRecord, "file")
class AcceptanceRecordFileView(generic.ObjectFileView):
    queryset = AcceptanceRecord.objects.select_related("county")
    missing = "该验收记录没有附件"

    def download_name(self, record):
        return f"{record}附件"


generic.register_ledger_views(AcceptanceRecord, form=AcceptanceRecordForm)
