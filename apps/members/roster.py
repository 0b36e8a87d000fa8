"""年度更新: once a year every grassroots union confirms its roster (花名册) — after the year's
adds, leaves and corrections — and the county sees who has confirmed, who has not, and whose
roster has not changed in over a year.

The page lists unions, not confirmations (an unconfirmed union has none), so its rows are the
grassroots unions annotated with the year's confirmation and the roster's facts, each one
correlated subquery on an indexed column: no query per row at 30,000 unions. The day a
roster last changed is kept on the union itself (`Union.roster_changed_on`, written by
apps.members.services), so counting stale rosters over a city reads no memberships.

Roster URLs take the union's primary key and the year (`?year=`): the roster of a union for a
year is what a clerk confirms, and at most one confirmation exists for it.
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf
from django.db.models.lookups import LessThan
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views import View

from apps.core import views as generic
from apps.core.filtersets import LedgerFilterSet
from apps.core.forms import style_widgets
from apps.core.params import url_param
from apps.core.registry import register_model_view
from apps.core.tables import LedgerTable
from apps.unions.filtersets import WithinFilter
from apps.unions.models import Union

from .forms import not_in_future
from .models import Membership, MembershipStatus, RosterConfirmation

# Who may undo a confirmation: the city and the county-level unions, not a grassroots user.
UNDOING_LEVELS = (Union.Level.CITY, Union.Level.COUNTY, Union.Level.INDUSTRY)


def year_ago(day: datetime.date) -> datetime.date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def roster_year_choices() -> list[tuple[str, str]]:
    """This year and the four before it (a late confirmation is still recorded)."""
    this_year = timezone.localdate().year
    return [(str(year), f"{year}年") for year in range(this_year, this_year - 5, -1)]


def selected_year(params: Any) -> int:
    """The year asked for (`year` in GET or POST) if it is one the page offers, else this year."""
    offered = {value for value, _ in roster_year_choices()}
    value = params.get("year", "")
    return int(value) if value in offered else timezone.localdate().year


def active_members() -> Coalesce:
    """Members whose membership in the outer union is active (正常), counted on the
    (union, status) index alone."""
    members = (
        Membership.objects.filter(union=OuterRef("pk"), status=MembershipStatus.ACTIVE)
        .order_by()
        .values("union")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(members), 0)


def is_stale(today: datetime.date) -> LessThan:
    """The outer union's roster has not changed since a year before `today`; a union without
    memberships counts from its founding day (or is stale when that is unknown). The last
    change is the union's own `roster_changed_on`, which the member services keep."""
    since = Coalesce(F("roster_changed_on"), F("founded_on"), Value(datetime.date.min))
    return LessThan(since, year_ago(today))


def year_confirmation(year: int) -> models.QuerySet:
    return RosterConfirmation.objects.filter(union=OuterRef("pk"), year=year).order_by()


def roster_unions(year: int, *, today: datetime.date) -> models.QuerySet:
    """The grassroots and joint unions that owe a roster for `year`, each annotated with:

    active_members, stale -- see the functions of those names
    last_change     -- the roster's last change (Union.roster_changed_on)
    confirmed_on, confirmed_by_name, confirmation_note -- the year's confirmation, if any
    roster_year     -- `year`, for the row's links
    """
    year_end = datetime.date(year, 12, 31)
    confirmation = year_confirmation(year)
    confirmer = Coalesce(NullIf("confirmed_by__display_name", Value("")), "confirmed_by__username")
    return (
        Union.objects.grassroots()
        .active(min(today, year_end))
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=year_end))
        .select_related("parent__parent")
        .annotate(
            active_members=active_members(),
            last_change=F("roster_changed_on"),
            stale=models.ExpressionWrapper(is_stale(today), output_field=models.BooleanField()),
            confirmed_on=Subquery(confirmation.values("confirmed_on")[:1]),
            confirmed_by_name=Subquery(confirmation.values(name=confirmer)[:1]),
            confirmation_note=Subquery(confirmation.values("note")[:1]),
            roster_year=Value(year, output_field=models.IntegerField()),
        )
    )


def roster_counts(queryset: models.QuerySet, year: int, *, today: datetime.date) -> dict[str, int]:
    """应确认, 已确认, 未确认, 一年以上未变动 over the unions of `queryset`, in one query.

    The conditions are written out rather than read from the list's annotations: an aggregate
    over an annotated queryset would compute every annotation of every row first.
    """
    unions = Union.objects.filter(pk__in=queryset.values("pk"))
    counts = unions.aggregate(
        total=Count("pk"),
        confirmed=Count("pk", filter=Exists(year_confirmation(year))),
        stale=Count("pk", filter=is_stale(today)),
    )
    counts["unconfirmed"] = counts["total"] - counts["confirmed"]
    return counts


def may_confirm(user: Any) -> bool:
    """Clerks (and the city) confirm rosters; read-only and reviewing roles do not."""
    return user.has_perm("members.add_rosterconfirmation")


def may_undo(user: Any) -> bool:
    """A confirmation is undone by the city or a county-level union, never by the union itself."""
    if not user.has_perm("members.delete_rosterconfirmation"):
        return False
    union = getattr(user, "union", None)
    return user.is_superuser if union is None else union.level in UNDOING_LEVELS


def roster_union(user: Any, pk: int) -> Union:
    """A grassroots union in the user's scope, or 404 (also for users who may not see rosters)."""
    unions = Union.objects.grassroots().visible_to(user)
    if not user.has_perm("members.view_rosterconfirmation"):
        unions = unions.none()
    return get_object_or_404(unions, pk=pk)


class AlreadyConfirmed(Exception):
    def __init__(self, confirmation: RosterConfirmation) -> None:
        super().__init__(
            f"“{confirmation.union}”{confirmation.year}年的花名册已于"
            f"{confirmation.confirmed_on:%Y-%m-%d}由{confirmation.confirmed_by}确认，无需重复确认。"
        )


@transaction.atomic
def confirm_roster(
    union: Union, year: int, *, on: datetime.date, note: str, actor: Any
) -> RosterConfirmation:
    """Record that `union`'s roster for `year` is true as of `on`, with its active members."""
    existing = (
        RosterConfirmation.objects.select_related("union", "confirmed_by")
        .filter(union=union, year=year)
        .first()
    )
    if existing is not None:
        raise AlreadyConfirmed(existing)
    confirmation = RosterConfirmation(
        union=union, year=year, confirmed_on=on, confirmed_by=actor, note=note,
        members=union.memberships.filter(status=MembershipStatus.ACTIVE).count(),
    )  # fmt: skip
    confirmation._history_user = actor
    try:
        # A savepoint, so that losing a race to a second click leaves the transaction usable.
        with transaction.atomic():
            confirmation.save()
    except IntegrityError:
        raise AlreadyConfirmed(
            RosterConfirmation.objects.select_related("union", "confirmed_by").get(
                union=union, year=year
            )
        ) from None
    return confirmation


@transaction.atomic
def undo_confirmation(confirmation: RosterConfirmation, *, actor: Any) -> None:
    confirmation._history_user = actor
    confirmation._change_reason = "撤销确认"
    confirmation.delete()


class RosterConfirmForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int,
                                  choices=roster_year_choices)  # fmt: skip
    confirmed_on = forms.DateField(
        label="确认日期", initial=timezone.localdate, validators=[not_in_future]
    )
    note = forms.CharField(label="说明", max_length=200, required=False,
                           help_text="如：本年新增3人、退会1人，已核对")  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, on = data.get("year"), data.get("confirmed_on")
        if year and on and on.year < year:
            self.add_error("confirmed_on", f"确认日期不能早于{year}年1月1日")
        return data


def list_url(year: int) -> str:
    return f"{reverse('members:rosterconfirmation_list')}?{urlencode({'year': year})}"


def return_url(request: HttpRequest, year: int) -> str:
    return url_param(request) or list_url(year)


class RosterFilterSet(LedgerFilterSet):
    """The year picks the page's annotations (see RosterListView), so its filter keeps every
    row; the others narrow the rows."""

    STATUSES = [("confirmed", "已确认"), ("unconfirmed", "未确认"), ("stale", "一年以上未变动")]

    year = django_filters.ChoiceFilter(label="年度", method="keep_all", empty_label=None)
    q = django_filters.CharFilter(label="搜索（工会名称）", method="search")
    within = WithinFilter(label="所属乡镇（街道）（含下级）")
    status = django_filters.ChoiceFilter(label="确认情况", choices=STATUSES,
                                         method="filter_status", empty_label="全部")  # fmt: skip

    class Meta:
        model = Union
        fields = ["year", "q", "within", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = roster_year_choices()  # this year moves on

    def keep_all(self, queryset, name, value):
        return queryset

    def filter_status(self, queryset, name, value):
        if value == "stale":
            return queryset.filter(stale=True)
        return queryset.filter(confirmed_on__isnull=value == "unconfirmed")

    def without_status(self) -> models.QuerySet:
        """The rows of every filter but the status: what the counts above the list count."""
        if not self.data or not self.data.get("status"):
            return self.qs
        data = self.data.copy()
        data.pop("status")
        return type(self)(data, queryset=self.queryset, request=self.request).qs


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

    default_columns = ("name", "township", "active_members", "last_change", "confirmed_on",
                       "confirmed_by_name", "actions")  # fmt: skip

    class Meta(LedgerTable.Meta):
        model = Union
        exclude = ("pk",)
        fields = ("name", "township", "level", "active_members", "last_change",
                  "confirmed_on", "confirmed_by_name", "confirmation_note", "actions")  # fmt: skip
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
                url, query,
            )  # fmt: skip
        if record.confirmed_on is not None and may_undo(user):
            url = reverse("members:rosterconfirmation_undo", args=[record.pk])
            return format_html(
                '<a class="btn btn-sm btn-outline-secondary py-0" href="{}?{}">撤销</a>',
                url, query,
            )  # fmt: skip
        return ""


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
            confirmation = confirm_roster(union, data["year"], on=data["confirmed_on"],
                                          note=data["note"], actor=request.user)  # fmt: skip
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
