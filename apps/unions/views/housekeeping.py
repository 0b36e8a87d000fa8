"""The pages that keep the ledgers in order: the yearly parameters (年度参数) and the rows
that break a date rule (数据问题)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.core import views as generic
from apps.core.exchange.excel import write_xlsx
from apps.core.params import year_param
from apps.core.problems import broken_rules, problems, visible_rows
from apps.core.scoping import PATH_SEGMENT_WIDTH, user_scope_path

from .. import forms, parameters
from ..models import (
    Union,
    YearlyParameter,
)


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
