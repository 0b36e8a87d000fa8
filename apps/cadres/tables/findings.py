from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse

from ..rules import CATEGORY_LABELS
from .columns import NOWRAP


class FindingTable(tables.Table):
    """Findings of the check rules (rows are rules.Finding, not model rows)."""

    union_name = tables.Column(
        "工会",
        orderable=False,
        linkify=lambda record: reverse("unions:union_detail", args=[record.union_id]),
    )
    rule = tables.Column("问题", accessor="rule__label", orderable=False)
    category = tables.Column("类别", accessor="rule__category", orderable=False, attrs=NOWRAP)
    evidence = tables.Column("依据", orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle ledger-table"}
        empty_text = "未发现问题。"
        template_name = "django_tables2/bootstrap5.html"

    def render_category(self, value):
        return CATEGORY_LABELS.get(value, value)
