"""会员核查: the records that keep the city's member count from being 做实 (DOMAIN.md), each
section a list of its own with the action that resolves a row —

- 冲突记录: open MemberConflict rows (an import met another union's active member, or the same
  ID number with another name or birth date) → 发起接转, 核对修改, 标记已处理;
- 流失会员: active members whose union was dissolved or whose employer closed → 退会 or 接转;
- 花名册会员: active members without an application or a member card → 补登;
- 疑似重复: members on the rolls with the same name and birth date as another member on the
  rolls (a different ID number, since it is unique): likely one person entered twice with a
  mistyped ID number → 核对修改 on either record.

One tab strip shows every section with its count in the user's scope.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import models
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.core.scoping import user_scope_path

from .. import filtersets, forms, services, tables
from ..models import Member, MemberConflict, MembershipStatus


class CheckListView(generic.ObjectListView):
    """One section of 会员核查. Sets: queryset, table, filterset, title, url_name, description,
    and `found(queryset)`, the section's condition on the user's scoped rows."""

    template_name = "members/checks.html"
    url_name = ""
    description = ""

    @classmethod
    def found(cls, queryset: models.QuerySet) -> models.QuerySet:
        raise NotImplementedError

    def scoped(self, action: str = "view") -> models.QuerySet:
        return self.found(super().scoped(action))

    def render(self, **context: Any) -> HttpResponse:
        table, fs = context["table"], context["filter"]
        filtered = fs is not None and any(self.request.GET.get(name) for name in fs.filters)
        tabs = []
        for view in CHECK_VIEWS:
            if view is type(self) and not filtered:
                count = table.paginator.count  # the same query, already run
            else:
                count = view.found(view.queryset.visible_to(self.request.user)).count()
            tabs.append(
                {
                    "label": view.title,
                    "url": reverse(view.url_name),
                    "count": count,
                    "active": view is type(self),
                }
            )
        return super().render(check_tabs=tabs, description=self.description, **context)


@register_model_view(MemberConflict, "list", detail=False)
class ConflictListView(CheckListView):
    queryset = MemberConflict.objects.select_related("member", "member__union", "union", "found_by")
    table, filterset = tables.MemberConflictTable, filtersets.MemberConflictFilterSet
    title = "冲突记录"
    url_name = "members:memberconflict_list"
    description = (
        "导入花名册时发现的冲突：此人已是其他工会的正常会员（须办理会籍接转），"
        "或同一身份证号的姓名、出生日期与已登记的不一致（须核对）。处理后请标记已处理。"
    )

    @classmethod
    def found(cls, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.filter(resolved_on__isnull=True)


# Members by union, as clerks work through them; the order of the member_scope_name index.
CHECKED_MEMBERS = Member.objects.select_related("union", "union__employer", "employer").order_by(
    "union_path", "name", "pk"
)


class LostMemberListView(CheckListView):
    queryset = CHECKED_MEMBERS
    table, filterset = tables.LostMemberTable, filtersets.LostMemberFilterSet
    title = "流失会员"
    url_name = "members:checks_lost"
    description = (
        "所在工会已撤销或工作单位已注销、会籍仍为“正常”的会员。"
        "请为其办理退会、保留会籍，或接转到新的工会。"
    )

    @classmethod
    def found(cls, queryset: models.QuerySet) -> models.QuerySet:
        lost = filtersets.lost_members(timezone.localdate())
        return queryset.filter(status=MembershipStatus.ACTIVE, pk__in=lost)


class RosterMemberListView(CheckListView):
    queryset = CHECKED_MEMBERS
    table, filterset = tables.RosterMemberTable, filtersets.RosterMemberFilterSet
    title = "花名册会员"
    url_name = "members:checks_roster"
    description = (
        "只在花名册上、未交入会申请或未发会员证的正常会员（规范化建设的“会员入会”缺项）。"
        "补登后即不再列出。"
    )

    @classmethod
    def found(cls, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.filter(status=MembershipStatus.ACTIVE).filter(
            Q(application_submitted=False) | Q(card_number="")
        )


class DuplicateMemberListView(CheckListView):
    # Namesakes next to each other; flagged members are few (the member_namesakes index).
    queryset = Member.objects.select_related("union", "employer").order_by(
        "name", "birth_date", "pk"
    )
    table, filterset = tables.DuplicateMemberTable, filtersets.MemberCheckFilterSet
    title = "疑似重复"
    url_name = "members:checks_duplicates"
    description = (
        "姓名、出生日期相同而身份证号不同的在册会员：多为同一人因身份证号录错而登记了两次，"
        "也可能确是同名同生日的两个人。请打开两条记录核对，改正录错的身份证号，"
        "并为重复登记的一条办理退会。"
    )

    @classmethod
    def found(cls, queryset: models.QuerySet) -> models.QuerySet:
        return queryset.filter(namesake=True)  # kept by models.refresh_namesakes


CHECK_VIEWS: list[type[CheckListView]] = [
    ConflictListView,
    LostMemberListView,
    RosterMemberListView,
    DuplicateMemberListView,
]


@register_model_view(MemberConflict, "resolve")
class ResolveConflictView(generic.BaseObjectView):
    """标记已处理: a required note of what was done; who and when are recorded with it."""

    queryset = MemberConflict.objects.select_related(
        "member", "member__union", "union", "found_by", "resolved_by"
    )
    template_name = "members/memberconflict_resolve.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        conflict = self.get_object()
        self.require("change")
        if conflict.resolved_on:
            return self.already_resolved(conflict)
        return self.show(conflict, forms.ResolveConflictForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        conflict = self.get_object()
        self.require("change")
        form = forms.ResolveConflictForm(request.POST)
        if not form.is_valid():
            return self.show(conflict, form)
        if not services.resolve_conflict(
            conflict,
            resolution=form.cleaned_data["resolution"],
            on=timezone.localdate(),
            actor=request.user,
        ):
            conflict.refresh_from_db()
            return self.already_resolved(conflict)
        messages.success(request, f"已将“{conflict}”标记为已处理。")
        return redirect(self.return_url())

    def already_resolved(self, conflict: MemberConflict) -> HttpResponse:
        messages.info(
            self.request,
            f"“{conflict}”已由{conflict.resolved_by}于{conflict.resolved_on:%Y-%m-%d}处理："
            f"{conflict.resolution}",
        )
        return redirect(self.return_url())

    def show(self, conflict: MemberConflict, form: forms.ResolveConflictForm) -> HttpResponse:
        member, user = conflict.member, self.request.user
        scope = user_scope_path(user)
        # In full only to roles that may change this member, as on the member's own page.
        may_see_number = (
            user.has_perm("members.change_member")
            and scope is not None
            and member.union_path.startswith(scope)
        )
        return self.render(
            object=conflict,
            form=form,
            id_number=member.id_number if may_see_number else member.masked_id_number,
            return_url=self.return_url(),
            title="标记已处理",
        )
