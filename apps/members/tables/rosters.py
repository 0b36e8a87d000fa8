"""年度更新 (views.rosters): one row per grassroots union and where its roster stands."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from apps.core.tables import LedgerTable
from apps.unions.models import Union

from ..services import may_confirm, may_undo

NOWRAP = {"td": {"class": "text-nowrap"}}
RIGHT = {"th": {"class": "text-end"}, "td": {"class": "text-end"}}


class RosterTable(LedgerTable):
    """One row per union of `roster_unions()`; every figure is read from its annotations."""

    name = tables.Column("工会名称", linkify=True)
    township = tables.Column("所属乡镇（街道）", accessor="parent", order_by=("path",))
    active_members = tables.Column("正常会员数", attrs=RIGHT)
    last_change = tables.Column("最近变动", empty_values=())
    confirmed_on = tables.Column("确认情况", empty_values=(), attrs=NOWRAP)
    confirmed_by_name = tables.Column("确认人")
    confirmation_note = tables.Column("说明")
    actions = tables.Column("操作", empty_values=(), orderable=False, attrs=NOWRAP)

    default_columns = (
        "name",
        "township",
        "active_members",
        "last_change",
        "confirmed_on",
        "confirmed_by_name",
        "actions",
    )

    class Meta(LedgerTable.Meta):
        model = Union
        exclude = ("pk",)
        fields = (
            "name",
            "township",
            "level",
            "active_members",
            "last_change",
            "confirmed_on",
            "confirmed_by_name",
            "confirmation_note",
            "actions",
        )
        sequence = fields

    def render_township(self, value):
        # A grassroots union hangs under a township, or under a village of one.
        parent = value.parent
        if value.level != Union.Level.TOWNSHIP and parent and parent.level == Union.Level.TOWNSHIP:
            return parent
        return value

    def render_last_change(self, value, record):
        shown = f"{value:%Y-%m-%d}" if value else "无会籍变动"
        if record.stale:
            return format_html(
                '{} <span class="badge text-bg-warning">超过一年未变动</span>', shown
            )
        return shown

    def render_confirmed_on(self, value):
        if value is None:
            return mark_safe('<span class="badge text-bg-danger">未确认</span>')
        return format_html(
            '<span class="badge text-bg-success">已确认</span> {}', f"{value:%Y-%m-%d}"
        )

    def render_actions(self, record):
        user = self.request.user
        back = self.request.get_full_path()
        query = urlencode({"year": record.roster_year, "return_url": back})
        if record.confirmed_on is None and may_confirm(user):
            url = reverse("members:rosterconfirmation_confirm", args=[record.pk])
            return format_html(
                '<a class="btn btn-sm btn-outline-primary py-0" href="{}?{}">确认</a>',
                url,
                query,
            )
        if record.confirmed_on is not None and may_undo(user):
            url = reverse("members:rosterconfirmation_undo", args=[record.pk])
            return format_html(
                '<a class="btn btn-sm btn-outline-secondary py-0" href="{}?{}">撤销</a>',
                url,
                query,
            )
        return ""
