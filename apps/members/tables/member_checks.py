"""会员核查 (views.member_checks): each section's rows with the links that resolve them."""

from collections import defaultdict
from functools import cached_property
from urllib.parse import urlencode

import django_tables2 as tables
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from apps.core.scoping import user_scope_path
from apps.core.tables import LedgerTable
from apps.core.validators import mask_id_number

from ..models import Member, MemberConflict
from .members import NAME_ATTRS, MemberTable


def action_links(links: list[tuple[str, str]]) -> str:
    buttons = format_html_join(
        "",
        '<a class="btn btn-sm btn-outline-primary py-0 text-nowrap" href="{}">{}</a>',
        ((url, label) for label, url in links),
    )
    return format_html('<div class="d-flex flex-wrap gap-1">{}</div>', buttons)


class CheckTableMixin:
    """What the user may do with a row of 会员核查. A conflict concerns two unions, and the
    user may act for only one of them: links go only where the user's scope reaches, since
    anything else answers 404."""

    @cached_property
    def user(self):
        return self.request.user

    @cached_property
    def user_path(self) -> str | None:
        return user_scope_path(self.user)

    def in_scope(self, path: str) -> bool:
        return self.user_path is not None and path.startswith(self.user_path)

    def back(self, url: str) -> str:
        """`url` with a way back to this very list (page and filters kept)."""
        return f"{url}?{urlencode({'return_url': self.request.get_full_path()})}"


class MemberConflictTable(CheckTableMixin, LedgerTable):
    found_on = tables.DateColumn(format="Y-m-d", attrs=NAME_ATTRS)
    member = tables.Column(attrs=NAME_ATTRS)
    kind = tables.Column(attrs=NAME_ATTRS)
    detail = tables.Column(attrs={"td": {"style": "min-width:11rem"}})
    id_number = tables.Column("身份证号", accessor="member__id_number")
    union = tables.Column()
    current_union = tables.Column("会员现所在工会", accessor="member__union")
    actions = tables.Column("处理", empty_values=(), orderable=False, exclude_from_export=True)

    # The typed name shows in the detail of a conflict where it matters (facts_differ).
    default_columns = (
        "found_on",
        "member",
        "id_number",
        "kind",
        "union",
        "current_union",
        "detail",
        "actions",
    )

    class Meta(LedgerTable.Meta):
        model = MemberConflict
        fields = (
            "found_on",
            "member",
            "id_number",
            "typed_name",
            "kind",
            "union",
            "current_union",
            "detail",
            "source",
            "found_by",
            "actions",
        )
        sequence = fields
        exclude = ("pk",)

    def before_render(self, request):
        if not request.user.has_perm("members.change_memberconflict"):
            self.columns.hide("actions")

    def render_kind(self, record):
        short = {
            MemberConflict.Kind.ACTIVE_ELSEWHERE: ("需办理接转", "text-bg-warning"),
            MemberConflict.Kind.FACTS_DIFFER: ("信息不一致", "text-bg-info"),
        }
        label, css = short[record.kind]
        return format_html(
            '<span class="badge {}" title="{}">{}</span>', css, record.get_kind_display(), label
        )

    def render_detail(self, record, value):
        """The source file under the detail, unless the source has its own column."""
        if not record.source or self.columns["source"].visible:
            return value
        return format_html('{}<div class="small text-muted">来源：{}</div>', value, record.source)

    def render_member(self, record):
        member = record.member
        if self.in_scope(member.union_path):
            return format_html('<a href="{}">{}</a>', member.get_absolute_url(), member)
        return str(member)

    def render_id_number(self, record, value):
        # In full only to roles that may change this member, as on the member's own page.
        if self.user.has_perm("members.change_member") and self.in_scope(record.member.union_path):
            return value
        return mask_id_number(value)

    def render_actions(self, record):
        member, links = record.member, []
        if (
            record.kind == MemberConflict.Kind.ACTIVE_ELSEWHERE
            and self.user.has_perm("members.add_transfer")
            and self.in_scope(record.union.path)
            and member.union_id != record.union_id
        ):
            query = urlencode({"member": member.pk, "to_union": record.union_id})
            links.append(("发起接转", f"{reverse('members:transfer_add')}?{query}"))
        if (
            record.kind == MemberConflict.Kind.FACTS_DIFFER
            and self.user.has_perm("members.change_member")
            and self.in_scope(member.union_path)
        ):
            links.append(("核对修改", self.back(reverse("members:member_edit", args=[member.pk]))))
        links.append(
            ("标记已处理", self.back(reverse("members:memberconflict_resolve", args=[record.pk])))
        )
        return action_links(links)


class MemberCheckTable(CheckTableMixin, MemberTable):
    """Members found by a check: every one lies in the user's scope."""

    employer = tables.Column(linkify=True)
    joined_on = tables.DateColumn(format="Y-m-d", attrs=NAME_ATTRS)
    edit = tables.Column("处理", empty_values=(), orderable=False, exclude_from_export=True)

    class Meta(MemberTable.Meta):
        fields = (
            "name",
            "id_number",
            "sex",
            "birth_date",
            "union",
            "employer",
            "status",
            "joined_on",
            "mobile",
            "application_submitted",
            "card_number",
        )
        exclude = ("pk",)


class LostMemberTable(MemberCheckTable):
    cause = tables.Column("流失原因", empty_values=(), orderable=False, attrs=NAME_ATTRS)

    default_columns = ("name", "id_number", "union", "employer", "cause", "joined_on", "edit")

    class Meta(MemberCheckTable.Meta):
        sequence = (*MemberCheckTable.Meta.fields, "cause", "edit")

    def render_cause(self, record):
        today = timezone.localdate()
        causes = []
        if record.union.dissolved_on and record.union.dissolved_on <= today:
            causes.append(f"工会已撤销（{record.union.dissolved_on:%Y-%m-%d}）")
        if record.employer and record.employer.closed_on and record.employer.closed_on <= today:
            causes.append(f"单位已注销（{record.employer.closed_on:%Y-%m-%d}）")
        own = record.union.employer
        if own and own != record.employer and own.closed_on and own.closed_on <= today:
            causes.append(f"工会所在单位已注销（{own.closed_on:%Y-%m-%d}）")
        return format_html_join(mark_safe("<br>"), "{}", ((c,) for c in causes))

    def render_edit(self, record):
        query = urlencode({"member": record.pk})
        return action_links(
            [
                ("退会/保留会籍", self.back(reverse("members:member_status", args=[record.pk]))),
                ("接转", f"{reverse('members:transfer_add')}?{query}"),
            ]
        )


class RosterMemberTable(MemberCheckTable):
    missing = tables.Column("缺少", empty_values=(), orderable=False, attrs=NAME_ATTRS)

    default_columns = ("name", "id_number", "union", "employer", "joined_on", "missing", "edit")

    class Meta(MemberCheckTable.Meta):
        sequence = (*MemberCheckTable.Meta.fields, "missing", "edit")

    def render_missing(self, record):
        missing = [
            label
            for label, lacking in (
                ("入会申请", not record.application_submitted),
                ("会员证", not record.card_number),
            )
            if lacking
        ]
        return "、".join(missing)

    def render_edit(self, record):
        return action_links([("补登", self.back(reverse("members:member_edit", args=[record.pk])))])


class DuplicateMemberTable(MemberCheckTable):
    """疑似重复: each member with the others of the same name and birth date, loaded for the
    whole page in one query. Another county's record is counted, never shown."""

    namesakes = tables.Column("同名同出生日期的会员", empty_values=(), orderable=False)

    default_columns = (
        "name",
        "id_number",
        "birth_date",
        "union",
        "employer",
        "joined_on",
        "namesakes",
        "edit",
    )

    class Meta(MemberCheckTable.Meta):
        sequence = (*MemberCheckTable.Meta.fields, "namesakes", "edit")

    @cached_property
    def page_namesakes(self) -> dict[tuple, list[Member]]:
        records = [row.record for row in self.page.object_list]
        found = defaultdict(list)
        if not records:
            return found
        # Unscoped on purpose: a namesake outside the scope is counted (below) but not shown.
        # One index lookup per pair (member_name_birth); namesakes of a flagged member are
        # flagged themselves.
        pairs = Q()
        for key in {(r.name, r.birth_date) for r in records}:
            pairs |= Q(name=key[0], birth_date=key[1])
        namesakes = Member.objects.filter(pairs, namesake=True).select_related("union")
        for person in namesakes.order_by("pk"):
            found[(person.name, person.birth_date)].append(person)
        return found

    def render_namesakes(self, record):
        others = [
            person
            for person in self.page_namesakes[(record.name, record.birth_date)]
            if person.pk != record.pk
        ]
        shown = [person for person in others if self.in_scope(person.union_path)]
        lines = [
            format_html(
                '<a href="{}">{}</a> <span class="text-muted">{} · {}</span>',
                person.get_absolute_url(),
                person.name,
                mask_id_number(person.id_number),
                person.union,
            )
            for person in shown
        ]
        if hidden := len(others) - len(shown):
            lines.append(
                format_html(
                    '<span class="text-muted">管辖范围外另有{}人，请与市总工会核对</span>', hidden
                )
            )
        return mark_safe("<br>".join(lines))

    def render_edit(self, record):
        if not self.user.has_perm("members.change_member"):
            return ""
        return action_links(
            [("核对修改", self.back(reverse("members:member_edit", args=[record.pk])))]
        )
