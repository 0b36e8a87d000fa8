from __future__ import annotations

import django_tables2 as tables

from apps.core.tables import LedgerTable
from apps.core.validators import mask_id_number, mask_mobile

from ..models import Assistant, AssistantPayment


class AssistantTable(LedgerTable):
    name = tables.Column(linkify=True)
    id_number = tables.Column("身份证号")
    mobile = tables.Column("手机号")
    post = tables.Column(linkify=True)
    hired_on = tables.DateColumn(format="Y-m-d")
    left_on = tables.DateColumn(format="Y-m-d")

    default_columns = ("name", "id_number", "post", "hired_on", "route", "insurance")

    class Meta(LedgerTable.Meta):
        model = Assistant
        fields = (
            "pk",
            "name",
            "id_number",
            "mobile",
            "post",
            "hired_on",
            "left_on",
            "route",
            "insurance",
        )
        sequence = fields

    def render_id_number(self, value):
        return mask_id_number(value)

    def render_mobile(self, value):
        return mask_mobile(value)


class AssistantPaymentTable(LedgerTable):
    assistant = tables.Column(linkify=True)
    post = tables.Column("派驻工会", accessor="assistant__post")
    month = tables.DateColumn(format="Y年n月", verbose_name="月份", linkify=True)
    salary = tables.Column(attrs={"td": {"class": "text-end"}})

    default_columns = ("assistant", "post", "month", "salary", "insured", "note")

    class Meta(LedgerTable.Meta):
        model = AssistantPayment
        fields = ("pk", "month", "assistant", "post", "salary", "insured", "note")
        sequence = fields
