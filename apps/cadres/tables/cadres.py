from __future__ import annotations

import django_tables2 as tables

from apps.core.tables import LedgerTable
from apps.core.validators import mask_mobile

from ..models import Cadre
from .columns import NAME_ATTRS


class CadreTable(LedgerTable):
    """Cadres with the offices they hold today."""

    name = tables.Column(linkify=True, attrs=NAME_ATTRS)
    union = tables.Column(linkify=True)
    member = tables.Column(linkify=True)
    positions_now = tables.Column("现任职务", accessor="pk", orderable=False)

    default_columns = ("name", "sex", "union", "positions_now", "mobile")

    class Meta(LedgerTable.Meta):
        model = Cadre
        fields = ("pk", "name", "sex", "mobile", "union", "member", "positions_now", "note")
        sequence = fields

    def render_mobile(self, value):
        return mask_mobile(value)  # lists mask personal data for every role, as members do

    def render_positions_now(self, record):
        # `current_positions` is prefetched for the page (views.cadres.cadre_list_queryset).
        held = getattr(record, "current_positions", [])
        return (
            "、".join(
                p.get_role_display()
                if p.union_id == record.union_id
                else f"{p.union}{p.get_role_display()}"
                for p in held
            )
            or "—"
        )
