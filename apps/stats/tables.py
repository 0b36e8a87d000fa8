import django_tables2 as tables

from apps.core.tables import LedgerTable
from apps.core.validators import mask_id_number
from apps.members.models import Membership


class MembershipLedgerTable(LedgerTable):
    """会籍记录: one row per stay of a person in a union (the members figures' drill-down)."""

    member = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    member__id_number = tables.Column("身份证号")
    union = tables.Column(linkify=True)

    default_columns = (
        "member",
        "member__id_number",
        "member__sex",
        "member__household_type",
        "union",
        "joined_on",
        "left_on",
        "status",
    )

    class Meta(LedgerTable.Meta):
        model = Membership
        fields = (
            "pk",
            "member",
            "member__id_number",
            "member__sex",
            "member__household_type",
            "member__employment_form",
            "union",
            "joined_on",
            "left_on",
            "status",
            "reason",
        )
        sequence = fields

    def render_member__id_number(self, value):
        return mask_id_number(value)
