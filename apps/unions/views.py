import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from apps.core import views as generic
from apps.core.excel import write_xlsx
from apps.core.params import int_param, year_param
from apps.core.problems import broken_rules, problems, visible_rows
from apps.core.registry import register_model_view
from apps.core.scoping import PATH_SEGMENT_WIDTH, path_ancestors, subtree_bounds, user_scope_path
from apps.core.tables import related_table

from . import filtersets, forms, importers, parameters, tables
from .models import (
    Coverage,
    Employer,
    FollowUp,
    FundPayment,
    OrganizingStatus,
    Union,
    YearlyParameter,
)
from .panels import union_panels

# ------------------------------------------------------------------ unions


def union_list_queryset():
    """The grassroots ledger: single and joint grassroots unions (organizing levels are the
    tree's, browsed on the tree page)."""
    return Union.objects.grassroots().select_related("parent", "employer").with_counts()


@register_model_view(Union, "list", detail=False)
class UnionListView(generic.ObjectListView):
    queryset = union_list_queryset()
    table, filterset = tables.UnionTable, filtersets.UnionFilterSet
    title = "基层工会台帐"


@register_model_view(Union, "detail")
class UnionDetailView(generic.ObjectDetailView):
    queryset = Union.objects.select_related("parent", "employer")

    def related(self, union):
        return self.own_related(union) + union_panels(self.request.user, union)

    def own_related(self, union):
        user = self.request.user
        children = (
            Union.objects.select_related("parent", "employer")
            .with_counts()
            .visible_to(user)
            .filter(parent=union)
        )
        coverages = Coverage.objects.visible_to(user).filter(union=union).select_related("employer")
        employers = Employer.objects.visible_to(user).filter(owner=union).with_status()
        if union.level == Union.Level.JOINT:
            return [
                (
                    "涵盖单位",
                    related_table(tables.CoverageTable, coverages, user, exclude=("union",)),
                )
            ]
        if union.is_grassroots:
            return []
        return [
            (
                "下级工会（前50个）",
                related_table(tables.UnionTable, children[:50], user, exclude=("pk", "parent")),
            ),
            (
                "台帐单位（前50个）",
                related_table(tables.EmployerTable, employers[:50], user, exclude=("pk", "owner")),
            ),
        ]

    def extra_context(self, union):
        return {"breadcrumb": breadcrumb(self.request.user, union)}


generic.register_ledger_views(
    Union,
    form=forms.UnionForm,
    bulk_edit_form=forms.UnionBulkEditForm,
    bulk_delete=True,
    importer=importers.UnionImporter,
    filterset=filtersets.UnionFilterSet,
    export_queryset=Union.objects.grassroots().select_related("parent", "employer"),
    autocomplete_queryset=Union.objects.active(),
    search_fields=["name__icontains", "uscc__startswith", "region_code__startswith"],
    filter_fields=("level",),
)


@login_required
def union_tree(request: HttpRequest) -> HttpResponse:
    """The tree, one level at a time: the user's own node opened, deeper levels on demand
    (htmx asks for `?parent=<pk>` and gets the child rows)."""
    visible = Union.objects.visible_to(request.user)
    if "parent" in request.GET:
        parent = get_object_or_404(visible, pk=int_param(request, "parent", 0, min=1))
        rows = tree_rows(visible.filter(parent=parent), parent)
        return render(request, "unions/tree_children.html", {"rows": rows, "parent": parent})
    own = getattr(request.user, "union", None)
    rows = tree_rows(visible.filter(pk=own.pk) if own else visible.filter(parent=None), None)
    if len(rows) == 1:
        top = rows[0]
        top["expanded"] = True
        rows += tree_rows(visible.filter(parent=top["node"]), top["node"])
    return render(request, "unions/tree.html", {"rows": rows})


def tree_rows(nodes, parent: Union | None) -> list[dict]:
    nodes = list(nodes.filter(level__in=Union.ORGANIZING_LEVELS).order_by("path"))
    counts = subtree_counts(parent, nodes)
    return [{"node": n, **counts.get(n.path, {})} for n in nodes]


def subtree_counts(parent: Union | None, nodes: list[Union]) -> dict[str, dict[str, int]]:
    """Per node: organizing units below it, grassroots unions and employers in its subtree.

    Sibling nodes share a path length, so one grouped query per table covers all of them.
    """
    if not nodes:
        return {}
    width = len(nodes[0].path)
    scope = Union.objects.all()
    if parent is not None:
        low, high = subtree_bounds(parent.path)
        scope = scope.filter(path__gte=low, path__lt=high)
    paths = [n.path for n in nodes]
    union_counts = (
        scope.annotate(branch=Substr("path", 1, width))
        .filter(branch__in=paths)
        .values("branch")
        .annotate(
            grassroots=Count(
                "pk", filter=Q(level__in=Union.GRASSROOTS_LEVELS, dissolved_on__isnull=True)
            ),
            # Townships below the node, not the node itself.
            townships=Count("pk", filter=Q(level=Union.Level.TOWNSHIP) & ~Q(path__in=paths)),
        )
    )
    employer_counts = (
        Employer.objects.annotate(branch=Substr("owner__path", 1, width))
        .filter(branch__in=paths)
        .values("branch")
        .annotate(employers=Count("pk"))
    )
    result: dict[str, dict[str, int]] = {p: {} for p in paths}
    for row in union_counts:
        result[row["branch"]].update(grassroots=row["grassroots"], townships=row["townships"])
    for row in employer_counts:
        result[row["branch"]]["employers"] = row["employers"]
    return result


def breadcrumb(user, union: Union) -> list[tuple[str, str | None]]:
    """The chain from the root to a union; nodes above the user's own are shown unlinked."""
    ancestors = Union.objects.filter(path__in=path_ancestors(union.path)).order_by("path")
    visible = set(
        Union.objects.visible_to(user)
        .filter(pk__in=[a.pk for a in ancestors])
        .values_list("pk", flat=True)
    )
    return [(a.name, a.get_absolute_url() if a.pk in visible else None) for a in ancestors]


# ------------------------------------------------------------------ employers


def employer_list_queryset():
    return Employer.objects.select_related("owner", "industry").with_status()


@register_model_view(Employer, "list", detail=False)
class EmployerListView(generic.ObjectListView):
    queryset = employer_list_queryset()
    table, filterset = tables.EmployerTable, filtersets.EmployerFilterSet
    title = "单位台帐"


@register_model_view(Employer, "unorganized", path="unorganized/", detail=False)
class UnorganizedListView(generic.ObjectListView):
    """未建会单位台帐: employers with status none, and where the follow-up stands."""

    queryset = filtersets.with_follow_up(
        Employer.objects.operating()
        .select_related("owner", "industry")
        .with_status_filter(OrganizingStatus.NONE)
    )
    table, filterset = tables.UnorganizedTable, filtersets.UnorganizedFilterSet
    title = "未建会单位台帐"
    template_name = "unions/employer_unorganized.html"


@register_model_view(Employer, "detail")
class EmployerDetailView(generic.ObjectDetailView):
    queryset = Employer.objects.select_related("owner", "industry", "category").with_status()

    def related(self, employer):
        user = self.request.user
        own = Union.objects.visible_to(user).filter(employer=employer)
        coverages = Coverage.objects.visible_to(user).filter(employer=employer)
        payments = FundPayment.objects.visible_to(user).filter(employer=employer)
        follow_ups = FollowUp.objects.visible_to(user).filter(employer=employer)
        return [
            ("本单位工会", related_table(tables.UnionTable, own, user, exclude=("pk", "employer"))),
            (
                "涵盖关系",
                related_table(
                    tables.CoverageTable,
                    coverages.select_related("union"),
                    user,
                    exclude=("employer",),
                ),
            ),
            (
                "筹备金缴纳",
                related_table(
                    tables.FundPaymentTable,
                    payments,
                    user,
                    exclude=("pk", "employer", "employer__uscc", "employer__owner"),
                ),
            ),
            ("跟踪记录", related_table(tables.FollowUpTable, follow_ups, user)),
        ]

    def extra_context(self, employer):
        return {"breadcrumb": breadcrumb(self.request.user, employer.owner)}


generic.register_ledger_views(
    Employer,
    form=forms.EmployerForm,
    bulk_edit_form=forms.EmployerBulkEditForm,
    bulk_delete=True,
    importer=importers.EmployerImporter,
    filterset=filtersets.EmployerFilterSet,
    export_queryset=Employer.objects.select_related("owner", "industry", "category"),
    search_fields=["name__icontains", "uscc__startswith"],
)


@login_required
def dual_measures(request: HttpRequest) -> HttpResponse:
    """双措并举: employers that paid the preparation fund before the year yet had no union at
    its start — which were unionized since (own union or coverage, and when) and which not."""
    today = timezone.localdate()
    year = year_param(request, today.year, highest=today.year)
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), today)
    rows = list(
        Employer.objects.visible_to(request.user)
        .fund_paid_unorganized(year)
        .select_related("owner")
        .with_status(end)
        .order_by("status", "name")
    )
    resolved_on = resolution_dates(rows, start, end)
    for row in rows:
        row.resolved_on = resolved_on.get(row.pk)
    for row in rows:
        # An employer that closed without a union has its own outcome, not 尚未建会.
        row.closed = (
            row.status == OrganizingStatus.NONE and bool(row.closed_on) and row.closed_on <= end
        )
    summary = {
        "at_start": len(rows),
        "own": sum(r.status == OrganizingStatus.OWN for r in rows),
        "covered": sum(r.status == OrganizingStatus.COVERED for r in rows),
        "closed": sum(r.closed for r in rows),
        "open": sum(r.status == OrganizingStatus.NONE and not r.closed for r in rows),
    }
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {"year": year, "page": page, "summary": summary, "years": range(today.year, 2014, -1)}
    return render(request, "unions/dual_measures.html", context)


def resolution_dates(rows, start, end) -> dict[int, datetime.date]:
    """When each employer got its own union or its coverage within [start, end]."""
    ids = [r.pk for r in rows]
    dates: dict[int, datetime.date] = {}
    for employer_id, on in Union.objects.filter(
        employer_id__in=ids, founded_on__range=(start, end)
    ).values_list("employer_id", "founded_on"):
        dates[employer_id] = on
    for employer_id, on in Coverage.objects.filter(
        employer_id__in=ids, start_on__range=(start, end)
    ).values_list("employer_id", "start_on"):
        dates.setdefault(employer_id, on)
    return dates


# ------------------------------------------------------------------ coverage, payments, follow-ups


generic.register_ledger_views(Coverage, form=forms.CoverageForm)
generic.register_ledger_views(FollowUp, form=forms.FollowUpForm)
generic.register_ledger_views(
    FundPayment,
    form=forms.FundPaymentForm,
    importer=importers.FundPaymentImporter,
    filterset=filtersets.FundPaymentFilterSet,
    export_queryset=FundPayment.objects.select_related("employer"),
)


@register_model_view(FundPayment, "list", detail=False)
class FundPaymentListView(generic.ObjectListView):
    queryset = FundPayment.objects.select_related("employer", "employer__owner")
    table, filterset = tables.FundPaymentTable, filtersets.FundPaymentFilterSet


@login_required
def yearly_parameters(request: HttpRequest) -> HttpResponse:
    """年度参数: every registered parameter's value for a year; the city admin edits them.

    A county user sees the city-wide values and their own county's quotas, never another
    county's; only a user of the city node with the change permission may save.
    """
    if not request.user.has_perm("unions.view_yearlyparameter"):
        raise PermissionDenied
    today = timezone.localdate()
    year = year_param(request, today.year, highest=today.year + 1)
    counties = Union.objects.visible_to(request.user).filter(level__in=parameters.COUNTY_LEVELS)
    own = getattr(request.user, "union", None)
    may_edit = request.user.has_perm("unions.change_yearlyparameter") and (
        own.level == Union.Level.CITY if own else user_scope_path(request.user) == ""
    )
    data = request.POST if request.method == "POST" else None
    if data is not None and not may_edit:
        raise PermissionDenied
    form = forms.YearlyParametersForm(data, year=year, counties=counties.order_by("path"))
    if form.is_bound and form.is_valid():
        with transaction.atomic():
            for row in form.changes():
                YearlyParameter.objects.update_or_create(
                    key=row.key,
                    year=row.year,
                    county_id=row.county_id,
                    defaults={"value": row.value},
                )
        messages.success(request, f"已保存{year}年度参数 {len(form.changed_data)} 项。")
        return redirect(f"{request.path}?year={year}")
    registered = parameters.registered()
    citywide = [(p, form[p.key], form.sources[p.key]) for p in registered if not p.per_county]
    quota_params = [p for p in registered if p.per_county]
    quota_rows = []
    for county in form.counties:
        names = [f"{p.key}@{county.pk}" for p in quota_params]
        quota_rows.append((county, [(form[name], form.sources[name]) for name in names]))
    context = {
        "year": year,
        "years": range(today.year + 1, 2019, -1),
        "form": form,
        "may_edit": may_edit,
        "citywide": citywide,
        "quota_params": quota_params,
        "quota_rows": quota_rows,
    }
    return render(request, "unions/yearly_parameters.html", context)


# ------------------------------------------------------------------ 数据问题

PROBLEMS_SHOWN = 500  # rows on the page; the export has them all


@login_required
def data_problems(request: HttpRequest) -> HttpResponse:
    """数据问题: the rows in the user's scope that break a date rule, each with why and a
    link to the page that fixes it; summed per rule, exported whole."""
    found = [(b, n) for b in broken_rules(visible_rows(request.user)) if (n := b.rows.count())]
    counties = county_names()
    if "export" in request.GET:
        rows = (
            [counties.get(p.owner_path[:COUNTY_PATH], ""), p.kind, str(p.row), p.message]
            for broken, _ in found
            for p in problems(broken)
        )
        out = write_xlsx(["县市区", "台帐", "记录", "问题"], rows, sheet_name="数据问题")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        return generic.xlsx_response(out, f"数据问题-{stamp}.xlsx")
    shown = []
    for broken, _ in found:
        if len(shown) < PROBLEMS_SHOWN:
            shown += problems(broken, limit=PROBLEMS_SHOWN - len(shown))
    for problem in shown:
        problem.row.county_name = counties.get(problem.owner_path[:COUNTY_PATH], "")
    return render(
        request,
        "unions/data_problems.html",
        {
            "found": found,
            "total": sum(n for _, n in found),
            "shown": shown,
            "limit": PROBLEMS_SHOWN,
        },
    )


COUNTY_PATH = 2 * PATH_SEGMENT_WIDTH  # a county's path: the city's segment and its own


def county_names() -> dict[str, str]:
    return dict(Union.objects.filter(depth=2).values_list("path", "name"))
