"""Dashboards (数据看板) for the city and for a county, and the members drill-down list."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from apps.core import views as generic
from apps.core.params import date_param, int_param
from apps.core.scoping import PATH_SEGMENT_WIDTH, path_ancestors
from apps.members.filtersets import MembershipFilterSet
from apps.members.models import Membership
from apps.unions.models import Union
from apps.unions.views import breadcrumb

from . import todo
from .families.common import MONTHS, month_key
from .figures import DIRECT, Figure, FigureTable, Scope, compute, figures
from .tables import MembershipLedgerTable

KEY_FIGURES = (
    "employers",
    "unionized",
    "establishment_rate",
    "unions",
    "members",
    "migrant_members",
    "membership_rate",
    "new_unions",
    "new_covered",
    "new_members",
    "fund_open",
)
TABLE_FIGURES = (
    "employers",
    "unionized",
    "establishment_rate",
    "unions",
    "joint",
    "members",
    "migrant_members",
    "membership_rate",
    "new_unions",
    "new_covered",
    "new_members",
    "new_migrant_members",
    "fund_open",
)
# The charts' figures besides the table's: the monthly series and the 双措并举 list.
CHART_FIGURES = (
    "fund_at_start",
    *(month_key(figure, m) for figure in ("new_unions", "new_members") for m in MONTHS),
)
# The second table (队伍与规范化建设): the cadres and campaigns ledgers' figures. Computed
# without the same day last year (no card compares them), one query per family.
WORK_FIGURES = (
    "full_time_cadres",
    "part_time_cadres",
    "assistants",
    "reviews_one",
    "reviews_two",
    "reviews_three",
    "reviews_below",
    "new_model_unions",
    "model_unions",
    "homes",
    "elections",
    "agreements_non_public",
    "agreements_regional",
)


CHILD_LABELS = {Union.Level.CITY: "县（市、区）及产业工会", Union.Level.COUNTY: "乡镇（街道）"}


class MembershipListView(generic.ObjectListView):
    """会籍记录: the memberships behind the members figures (in effect on a day, new in a year)."""

    queryset = Membership.objects.select_related("member", "union")
    table, filterset = MembershipLedgerTable, MembershipFilterSet
    title = "会籍记录"
    model_action = "list"


def dashboard_root(request: HttpRequest) -> Union:
    """The organization asked for (`org`, within the user's scope, else 404), or the user's own."""
    visible = Union.objects.visible_to(request.user).filter(level__in=Union.ORGANIZING_LEVELS)
    if request.GET.get("org"):
        pk = int_param(request, "org", 0, min=1, quiet=True)
        return get_object_or_404(visible, pk=pk)
    own = getattr(request.user, "union", None)
    root = own if own is not None else visible.order_by("path").first()
    if root is None:
        raise Http404
    return root


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """数据看板: key figures against the same day last year, a table of the root's counties
    (or townships) where every cell drills down, charts, and for a county its to-do list."""
    if not request.user.has_perm("unions.view_union"):
        raise PermissionDenied
    root = dashboard_root(request)
    today = timezone.localdate()
    as_of = date_param(request, "as_of", today, latest=today)
    scope = Scope(root, as_of, as_of.year, request.user)
    # Only what the page shows: the members' pass counts 2 of its 5 figures (a third less time).
    shown = {*KEY_FIGURES, *TABLE_FIGURES, *CHART_FIGURES}
    table = compute(scope, previous=scope.last_year(), only=shown)
    work = compute(scope, only=WORK_FIGURES)
    registry = figures()
    sort = request.GET.get("sort", "")
    rows = sorted_rows(table, sort.lstrip("-"), descending=sort.startswith("-"))
    columns = [registry[k] for k in TABLE_FIGURES]
    here = {"org": root.pk, "as_of": as_of.isoformat()}
    work_rows = sorted_rows(
        work, sort.lstrip("-"), descending=sort.startswith("-"), keys=WORK_FIGURES
    )
    work_columns = [registry[k] for k in WORK_FIGURES]
    context = {
        "root": root,
        "scope": scope,
        "as_of": as_of,
        "today": today,
        "last_as_of": scope.last_year().as_of,
        "cards": key_cards(table),
        "columns": columns,
        "header": [(f, sort_link(here, f.key, sort)) for f in columns],
        "rows": [(r, row_cells(table, r, columns), row_link(r, as_of)) for r in rows],
        "total": (table.total, row_cells(table, table.total, columns)),
        "work_header": [(f, sort_link(here, f.key, sort)) for f in work_columns],
        "work_rows": [(r, row_cells(work, r, work_columns), row_link(r, as_of)) for r in work_rows],
        "work_total": (work.total, row_cells(work, work.total, work_columns)),
        "work_columns": work_columns,
        "charts": chart_data(table),
        "chart_tables": chart_tables(table),
        "todos": todo.collect(request, root) if root.level != Union.Level.CITY else None,
        "breadcrumb": dashboard_breadcrumb(request, root, as_of),
        "child_label": CHILD_LABELS.get(root.level, "下级工会"),
    }
    return render(request, "stats/dashboard.html", context)


def show(value, figure: Figure) -> str:
    """A figure as the page prints it: 1,234 · 62.5% · — (no base to divide by)."""
    if value is None:
        return "—"
    return f"{value}%" if figure.rate else f"{value:,}"


def show_change(change, figure: Figure) -> str:
    if change is None:
        return "—"
    if change == 0:
        return "持平"
    sign = "+" if change > 0 else "−"
    return f"{sign}{abs(change)}个百分点" if figure.rate else f"{sign}{abs(change):,}"


def key_cards(table: FigureTable) -> list[dict]:
    registry = figures()
    cards = []
    for key in KEY_FIGURES:
        figure = registry[key]
        value, before = table.total[key], table.previous[key]
        change = None if value is None or before is None else value - before
        cards.append(
            {
                "figure": figure,
                "shown": show(value, figure),
                "before": show(before, figure),
                "change": change,
                "change_shown": show_change(change, figure),
                "url": table.link(table.total, key),
            }
        )
    return cards


def row_cells(table: FigureTable, row, columns) -> list[tuple]:
    return [(show(row[f.key], f), table.link(row, f.key)) for f in columns]


def chart_tables(table: FigureTable) -> list[dict]:
    """Every chart's numbers as a table (for screen readers and print), cells linked."""
    registry = figures()

    def by_row(chart_id: str, title: str, keys: tuple[str, ...]) -> dict:
        rows = [
            [(r.label, None), *((show(r[k], registry[k]), table.link(r, k)) for k in keys)]
            for r in [*table.rows, table.total]
        ]
        return {
            "id": chart_id,
            "title": title,
            "headers": ["组织", *(registry[k].label for k in keys)],
            "rows": rows,
        }

    total = table.total
    months = {
        "id": "chart-monthly",
        "title": "本年逐月新建基层工会和新发展会员",
        "headers": ["月份", "新建基层工会", "新发展会员"],
        "rows": [
            [(f"{m}月", None)]
            + [
                (show(total[key], registry[key]), table.link(total, key))
                for key in (month_key("new_unions", m), month_key("new_members", m))
            ]
            for m in months_shown(table.scope)
        ],
    }
    return [
        by_row("chart-members", "会员和农民工会员", ("members", "migrant_members")),
        by_row("chart-rate", "建会率", ("unionized", "employers", "establishment_rate")),
        months,
        by_row("chart-fund", "已缴筹备金尚未建会单位（双措并举）", ("fund_at_start", "fund_open")),
    ]


def months_shown(scope: Scope) -> range:
    """The months of the year up to the as-of day."""
    return range(1, scope.year_end.month + 1) if scope.year_end >= scope.year_start else range(0)


def chart_data(table: FigureTable) -> dict:
    def number(value):
        return float(value) if isinstance(value, Decimal) else value

    months = months_shown(table.scope)
    return {
        "labels": [r.label for r in table.rows],
        "members": [r["members"] for r in table.rows],
        "migrant_members": [r["migrant_members"] for r in table.rows],
        "establishment_rate": [number(r["establishment_rate"]) for r in table.rows],
        "fund_open": [r["fund_open"] for r in table.rows],
        "months": [f"{m}月" for m in months],
        "new_unions": [table.total[month_key("new_unions", m)] for m in months],
        "new_members": [table.total[month_key("new_members", m)] for m in months],
    }


def row_link(row, as_of: datetime.date) -> str | None:
    if row.key == DIRECT:
        return None
    return f"{reverse('stats:dashboard')}?{urlencode({'org': row.key, 'as_of': as_of})}"


def sorted_rows(
    table: FigureTable, key: str, *, descending: bool, keys: tuple[str, ...] = TABLE_FIGURES
) -> list:
    if key not in keys:
        return table.rows
    present = [r for r in table.rows if r[key] is not None]
    missing = [r for r in table.rows if r[key] is None]
    return sorted(present, key=lambda r: r[key], reverse=descending) + missing


def sort_link(here: dict, key: str, current: str) -> str:
    """Descending first (who leads), then ascending on a second click."""
    order = key if current == f"-{key}" else f"-{key}"
    return f"?{urlencode({**here, 'sort': order})}"


def dashboard_breadcrumb(request: HttpRequest, root: Union, as_of: datetime.date) -> list:
    """Up the tree to the user's own node, each a dashboard link (the nodes above, unlinked)."""
    chain = breadcrumb(request.user, root)
    pks = [int(path[-PATH_SEGMENT_WIDTH:]) for path in path_ancestors(root.path)]
    base = reverse("stats:dashboard")
    return [
        (name, f"{base}?{urlencode({'org': pk, 'as_of': as_of})}" if url else None)
        for (name, url), pk in zip(chain, pks, strict=True)
    ]
