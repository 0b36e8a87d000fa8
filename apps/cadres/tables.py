import django_tables2 as tables
from django.urls import reverse

from apps.core.tables import LedgerTable

from .models import Cadre, Election, Position
from .models.positions import mask_mobile
from .rules import CATEGORY_LABELS

NAME_ATTRS = {"td": {"class": "col-name"}}
NOWRAP = {"td": {"class": "text-nowrap"}}


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
        # `current_positions` is prefetched for the page (views.cadre_list_queryset).
        held = getattr(record, "current_positions", [])
        return "、".join(
            p.get_role_display() if p.union_id == record.union_id
            else f"{p.union}{p.get_role_display()}"
            for p in held
        ) or "—"  # fmt: skip


class PositionTable(LedgerTable):
    cadre = tables.Column(linkify=True, attrs=NAME_ATTRS)
    union = tables.Column(linkify=True)
    role = tables.Column(linkify=lambda record: record.get_absolute_url())
    start_on = tables.DateColumn(attrs=NOWRAP)
    end_on = tables.DateColumn(attrs=NOWRAP)

    default_columns = ("cadre", "union", "role", "full_time", "came_by", "start_on", "end_on")

    class Meta(LedgerTable.Meta):
        model = Position
        fields = ("pk", "cadre", "union", "role", "full_time", "came_by", "start_on", "end_on",
                  "employer_post", "election")  # fmt: skip
        sequence = fields


class ElectionTable(LedgerTable):
    union = tables.Column(linkify=True, attrs=NAME_ATTRS)
    held_on = tables.DateColumn(linkify=lambda record: record.get_absolute_url())
    candidate_count = tables.Column("候选人数")

    default_columns = ("union", "held_on", "kind", "method", "eligible_voters", "votes_cast",
                       "approved_on", "term_end")  # fmt: skip

    class Meta(LedgerTable.Meta):
        model = Election
        fields = ("pk", "union", "held_on", "kind", "method", "eligible_voters", "votes_cast",
                  "candidate_count", "approved_on", "approval_number", "term_end")  # fmt: skip
        sequence = fields


class FindingTable(tables.Table):
    """Findings of the check rules (rows are rules.Finding, not model rows)."""

    union_name = tables.Column(
        "工会", orderable=False,
        linkify=lambda record: reverse("unions:union_detail", args=[record.union_id]),
    )  # fmt: skip
    rule = tables.Column("问题", accessor="rule__label", orderable=False)
    category = tables.Column("类别", accessor="rule__category", orderable=False, attrs=NOWRAP)
    evidence = tables.Column("依据", orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle ledger-table"}
        empty_text = "未发现问题。"
        template_name = "django_tables2/bootstrap5.html"

    def render_category(self, value):
        return CATEGORY_LABELS.get(value, value)
