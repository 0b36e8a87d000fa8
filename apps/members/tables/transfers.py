"""会籍接转."""

import django_tables2 as tables

from apps.core.tables import LedgerTable

from ..models import Transfer


class TransferTable(LedgerTable):
    member = tables.Column(linkify=True)
    requested_on = tables.Column(linkify=True)
    from_union = tables.Column(linkify=True)
    to_union = tables.Column(linkify=True)

    default_columns = ("member", "from_union", "to_union", "requested_on", "status", "decided_on")

    class Meta(LedgerTable.Meta):
        model = Transfer
        fields = (
            "pk",
            "member",
            "from_union",
            "to_union",
            "requested_on",
            "requested_by",
            "status",
            "decided_on",
            "decided_by",
            "note",
        )
        sequence = fields
