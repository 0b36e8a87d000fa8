from __future__ import annotations

import django_tables2 as tables

from apps.core.tables import LedgerTable

from ..models import ChairAgreement


class ChairAgreementTable(LedgerTable):
    union = tables.Column(linkify=True)
    signed_on = tables.DateColumn(format="Y-m-d", linkify=True)
    term_start = tables.DateColumn(format="Y-m-d")
    term_end = tables.DateColumn(format="Y-m-d")
    file = tables.Column("协议文本", orderable=False)

    default_columns = ("union", "kind", "chair_name", "signed_on", "term_end", "status", "file")

    class Meta(LedgerTable.Meta):
        model = ChairAgreement
        fields = (
            "pk",
            "union",
            "kind",
            "upper_party",
            "employer_party",
            "chair_name",
            "signed_on",
            "term_start",
            "term_end",
            "status",
            "file",
            "note",
        )
        sequence = fields

    def render_file(self, value):
        return "已上传" if value else "—"
