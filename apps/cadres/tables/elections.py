from __future__ import annotations

import django_tables2 as tables

from apps.core.tables import LedgerTable

from ..models import Election
from .columns import NAME_ATTRS


class ElectionTable(LedgerTable):
    union = tables.Column(linkify=True, attrs=NAME_ATTRS)
    held_on = tables.DateColumn(linkify=lambda record: record.get_absolute_url())
    candidate_count = tables.Column("候选人数")

    default_columns = (
        "union",
        "held_on",
        "kind",
        "method",
        "eligible_voters",
        "votes_cast",
        "approved_on",
        "term_end",
    )

    class Meta(LedgerTable.Meta):
        model = Election
        fields = (
            "pk",
            "union",
            "held_on",
            "kind",
            "method",
            "eligible_voters",
            "votes_cast",
            "candidate_count",
            "approved_on",
            "approval_number",
            "term_end",
        )
        sequence = fields
