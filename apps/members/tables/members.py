"""The member ledger's tables: members and their memberships."""

import django_tables2 as tables

from apps.core.tables import LedgerTable
from apps.core.validators import mask_id_number, mask_mobile

from ..models import Member, Membership

NAME_ATTRS = {"td": {"class": "text-nowrap"}}


class MemberTable(LedgerTable):
    """Lists show ID numbers and mobiles masked, to every role (personal data)."""

    name = tables.Column(linkify=True, attrs=NAME_ATTRS)
    id_number = tables.Column("身份证号")
    mobile = tables.Column("手机号")
    union = tables.Column(linkify=True)

    default_columns = ("name", "id_number", "sex", "union", "status", "joined_on")

    class Meta(LedgerTable.Meta):
        model = Member
        fields = (
            "pk",
            "name",
            "id_number",
            "sex",
            "birth_date",
            "union",
            "status",
            "joined_on",
            "mobile",
            "household_type",
            "employment_form",
            "application_submitted",
            "card_number",
        )
        sequence = fields

    def render_id_number(self, value):
        return mask_id_number(value)

    def render_mobile(self, value):
        return mask_mobile(value)


class MembershipTable(tables.Table):
    union = tables.Column(linkify=True)

    class Meta(LedgerTable.Meta):
        model = Membership
        fields = ("union", "joined_on", "left_on", "status", "reason")
