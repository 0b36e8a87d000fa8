"""年度更新: once a year every grassroots union confirms its roster (花名册) — after the year's
adds, leaves and corrections — and the county sees who has confirmed, who has not, and whose
roster has not changed in over a year. The rows are unions (models.rosters.roster_unions).

Roster URLs take the union's primary key and the year (`?year=`): the roster of a union for a
year is what a clerk confirms, and at most one confirmation exists for it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views import View

from apps.core import views as generic
from apps.core.forms import style_widgets
from apps.core.params import url_param
from apps.core.registry import register_model_view
from apps.unions.models import Union

from ..filtersets import RosterFilterSet
from ..forms import RosterConfirmForm
from ..models import Membership, RosterConfirmation
from ..models.rosters import roster_counts, roster_unions, roster_year_choices
from ..services import AlreadyConfirmed, confirm_roster, may_confirm, may_undo, undo_confirmation
from ..tables import RosterTable


def selected_year(params: Any) -> int:
    """The year asked for (`year` in GET or POST) if it is one the page offers, else this year."""
    offered = {value for value, _ in roster_year_choices()}
    value = params.get("year", "")
    return int(value) if value in offered else timezone.localdate().year


def roster_union(user: Any, pk: int) -> Union:
    """A grassroots union in the user's scope, or 404 (also for users who may not see rosters)."""
    unions = Union.objects.grassroots().visible_to(user)
    if not user.has_perm("members.view_rosterconfirmation"):
        unions = unions.none()
    return get_object_or_404(unions, pk=pk)


def list_url(year: int) -> str:
    return f"{reverse('members:rosterconfirmation_list')}?{urlencode({'year': year})}"


def return_url(request: HttpRequest, year: int) -> str:
    return url_param(request) or list_url(year)


@register_model_view(RosterConfirmation, "list", path="", detail=False)
class RosterListView(generic.ObjectListView):
    """年度更新: the year's grassroots unions in the user's scope and where each roster stands.

    Its rows are unions (`roster_unions`), so the union ledger's buttons (add, import,
    export, bulk actions) are not offered here.
    """

    queryset = Union.objects.none()  # replaced per request: the annotations depend on the year
    table, filterset = RosterTable, RosterFilterSet
    template_name = "members/rosterconfirmation_list.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        self.year = selected_year(request.GET)
        return super().get(request)

    def scoped(self, action: str = "view") -> models.QuerySet:
        user = self.request.user
        if not user.has_perm(f"members.{action}_rosterconfirmation"):
            return Union.objects.none()
        return roster_unions(self.year, today=timezone.localdate()).visible_to(user, action)

    def chosen_columns(self, table: RosterTable) -> list[str]:
        columns = super().chosen_columns(table)
        user = self.request.user
        if not (may_confirm(user) or may_undo(user)):  # read-only: no buttons, no column
            columns = [name for name in columns if name != "actions"]
        return columns

    def url(self, action: str, obj: models.Model | None = None) -> str | None:
        return reverse("members:rosterconfirmation_list") if action == "list" else None

    def permitted_actions(self) -> set[str]:
        return set()

    def render(self, **context: Any) -> HttpResponse:
        fs = context["filter"]
        counts = roster_counts(fs.without_status(), self.year, today=timezone.localdate())
        query = self.request.GET.copy()
        for key in ("page", "sort", "columns", "status"):
            query.pop(key, None)
        query["year"] = self.year
        shown = self.request.GET.get("status", "")
        context.update(
            title=f"年度更新（{self.year}年）",
            year=self.year,
            summary=[
                ("应确认", counts["total"], "", "secondary"),
                ("已确认", counts["confirmed"], "confirmed", "success"),
                ("未确认", counts["unconfirmed"], "unconfirmed", "danger"),
                ("一年以上未变动", counts["stale"], "stale", "warning"),
            ],
            shown_status=shown,
            summary_query=query.urlencode(),
        )
        return super().render(**context)


@register_model_view(RosterConfirmation, "confirm")
class RosterConfirmView(LoginRequiredMixin, View):
    """Confirm one union's roster for a year: shows the roster's facts, then records who, when
    and how many active members."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        union = roster_union(request.user, pk)
        if not may_confirm(request.user):
            raise PermissionDenied("您的角色不能确认花名册")
        year = selected_year(request.GET)
        form = RosterConfirmForm(initial={"year": year})
        return self.page(request, union, year, form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        union = roster_union(request.user, pk)
        if not may_confirm(request.user):
            raise PermissionDenied("您的角色不能确认花名册")
        form = RosterConfirmForm(request.POST)
        if not form.is_valid():
            style_widgets(form)  # again, now that the errors are known: marks the fields red
            return self.page(request, union, selected_year(request.POST), form)
        data = form.cleaned_data
        try:
            confirmation = confirm_roster(
                union, data["year"], on=data["confirmed_on"], note=data["note"], actor=request.user
            )
        except AlreadyConfirmed as exc:
            messages.warning(request, str(exc))
        else:
            messages.success(
                request,
                f"已确认“{union}”{confirmation.year}年的花名册"
                f"（正常会员{confirmation.members}人）。",
            )
        return redirect(return_url(request, data["year"]))

    def page(self, request: HttpRequest, union: Union, year: int, form: RosterConfirmForm):
        confirmation = (
            RosterConfirmation.objects.select_related("confirmed_by")
            .filter(union=union, year=year)
            .first()
        )
        row = roster_unions(year, today=timezone.localdate()).filter(pk=union.pk).first()
        recent = (
            Membership.objects.filter(union=union)
            .select_related("member")
            .annotate(changed_on=Coalesce("left_on", "joined_on"))
            .order_by("-changed_on", "-pk")[:10]
        )
        return render(
            request,
            "members/rosterconfirmation_confirm.html",
            {
                "title": f"确认花名册 · {union}",
                "union": union,
                "year": year,
                "row": row,
                "confirmation": confirmation,
                "form": form,
                "recent": recent,
                "may_undo": may_undo(request.user),
                "return_url": return_url(request, year),
            },
        )


@register_model_view(RosterConfirmation, "undo")
class RosterUndoView(LoginRequiredMixin, View):
    """Undo a year's confirmation (the city or the county), e.g. one made by mistake."""

    def confirmation(self, request: HttpRequest, pk: int, year: int) -> RosterConfirmation | None:
        union = roster_union(request.user, pk)
        if not may_undo(request.user):
            raise PermissionDenied("只有市总工会和县级工会可以撤销确认")
        return (
            RosterConfirmation.objects.select_related("union", "confirmed_by")
            .filter(union=union, year=year)
            .first()
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        year = selected_year(request.GET)
        confirmation = self.confirmation(request, pk, year)
        if confirmation is None:
            messages.info(request, f"该工会{year}年的花名册尚未确认。")
            return redirect(return_url(request, year))
        return render(
            request,
            "members/rosterconfirmation_undo.html",
            {
                "title": "撤销花名册确认",
                "confirmation": confirmation,
                "return_url": return_url(request, year),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        year = selected_year(request.POST)
        confirmation = self.confirmation(request, pk, year)
        if confirmation is None:
            messages.info(request, f"该工会{year}年的花名册尚未确认。")
        else:
            undo_confirmation(confirmation, actor=request.user)
            messages.success(
                request, f"已撤销“{confirmation.union}”{year}年的花名册确认，该工会需重新确认。"
            )
        return redirect(return_url(request, year))
