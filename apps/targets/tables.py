"""Target management's tables: the acceptance checks' list."""

from __future__ import annotations

import django_tables2 as tables

from apps.core.tables import LedgerTable

from .models import AcceptanceRecord


class AcceptanceRecordTable(LedgerTable):
    county = tables.Column(linkify=True)
    checked_on = tables.DateColumn(format="Y-m-d", linkify=True)
    attachment_count = tables.Column("附件", orderable=False)

    default_columns = (
        "county",
        "year",
        "area",
        "checked_on",
        "inspectors",
        "conclusion",
        "attachment_count",
    )

    class Meta(LedgerTable.Meta):
        model = AcceptanceRecord
        fields = (
            "pk",
            "county",
            "year",
            "area",
            "checked_on",
            "inspectors",
            "conclusion",
            "notes",
            "attachment_count",
        )
        sequence = fields

    def render_attachment_count(self, value):
        return f"{value}个" if value else "—"
