from __future__ import annotations

import django_tables2 as tables

from apps.core.tables import LedgerTable

from ..models import Attendance, TrainingCourse


class TrainingCourseTable(LedgerTable):
    name = tables.Column(linkify=True)
    organizer = tables.Column(linkify=True)
    starts_on = tables.DateColumn(format="Y-m-d")
    ends_on = tables.DateColumn(format="Y-m-d")
    attendee_count = tables.Column("学员人数", attrs={"td": {"class": "text-end"}})

    default_columns = (
        "name",
        "organizer",
        "kind",
        "starts_on",
        "ends_on",
        "place",
        "hours",
        "attendee_count",
    )

    class Meta(LedgerTable.Meta):
        model = TrainingCourse
        fields = (
            "pk",
            "name",
            "organizer",
            "kind",
            "starts_on",
            "ends_on",
            "place",
            "hours",
            "attendee_count",
            "note",
        )
        sequence = fields


class AttendeeTable(tables.Table):
    name = tables.Column("姓名", accessor="cadre__name", linkify=lambda record: record.cadre)
    union = tables.Column("登记工会", accessor="cadre__union")
    mobile = tables.Column("手机号", accessor="cadre__masked_mobile", default="—")
    remove = tables.TemplateColumn(
        template_name="cadres/_attendee_remove.html", verbose_name="", orderable=False
    )

    class Meta(LedgerTable.Meta):
        model = Attendance
        fields = ("name", "union", "mobile", "remove")
        exclude = ("pk",)
