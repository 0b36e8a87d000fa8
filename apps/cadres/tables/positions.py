from __future__ import annotations

import django_tables2 as tables

from apps.core.tables import LedgerTable

from ..models import Position
from .columns import NAME_ATTRS, NOWRAP


class PositionTable(LedgerTable):
    cadre = tables.Column(linkify=True, attrs=NAME_ATTRS)
    union = tables.Column(linkify=True)
    role = tables.Column(linkify=lambda record: record.get_absolute_url())
    start_on = tables.DateColumn(attrs=NOWRAP)
    end_on = tables.DateColumn(attrs=NOWRAP)

    default_columns = ("cadre", "union", "role", "full_time", "came_by", "start_on", "end_on")

    class Meta(LedgerTable.Meta):
        model = Position
        fields = (
            "pk",
            "cadre",
            "union",
            "role",
            "full_time",
            "came_by",
            "start_on",
            "end_on",
            "employer_post",
            "election",
        )
        sequence = fields
