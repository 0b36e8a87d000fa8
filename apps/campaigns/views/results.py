"""规范化检查: the check results with their county distribution and export, the rule list,
and the findings on a union's own page."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from apps.core.exchange.excel import write_xlsx
from apps.core.views import xlsx_response
from apps.unions.models import Union

from .. import rules, tables
from ..forms import ResultFilterForm
from ..models import Level, level_bounds
from .helpers import county_names, require, year_of


@login_required
def results_page(request: HttpRequest) -> HttpResponse:
    """规范化检查: every grassroots union of the user's scope with its findings, score and
    level; the distribution per county; filters; Excel export of what is filtered."""
    require(request, "campaigns.view_standardreview")
    form = ResultFilterForm(request.GET or None, request=request)
    unions = Union.objects.visible_to(request.user)
    keep = None
    if form.is_valid():
        if form.cleaned_data["within"]:
            unions = unions & form.cleaned_data["within"].subtree()
        keep = form.keep
    on = timezone.localdate()
    results = rules.evaluate(unions, on)
    if keep is not None:
        results = [r for r in results if keep(r)]
    if request.GET.get("export") == "xlsx":
        return export_results(results, on)
    names = county_names({r.county_id for r in results})
    distribution: dict[int, Counter] = defaultdict(Counter)
    by_rule: Counter = Counter()
    for r in results:
        distribution[r.county_id][r.level] += 1
        distribution[r.county_id]["score"] += r.score
        by_rule.update(f.rule.code for f in r.findings)
    counties = []
    for pk, counts in sorted(distribution.items(), key=lambda item: names.get(item[0], "")):
        total = sum(counts[level] for level in Level.values)
        counties.append(
            {
                "name": names.get(pk, "—"),
                "total": total,
                "levels": [counts[level] for level in Level.values],
                "average": round(counts["score"] / total, 1),
            }
        )
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    table = tables.ResultTable(list(page.object_list))
    RequestConfig(request, paginate=False).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaigns/results.html",
        {
            "form": form,
            "table": table,
            "page": page,
            "total": len(results),
            "counties": counties,
            "levels": Level.labels,
            "by_rule": [(r, by_rule[r.code]) for r in rules.RULES.values()],
            "bounds": level_bounds(on.year),
            "year": on.year,
            "querystring": query.urlencode(),
        },
    )


def export_results(results: list[rules.UnionResult], on: datetime.date):
    names = county_names({r.county_id for r in results})
    headers = [
        "县市区",
        "上级工会",
        "工会",
        "职工人数",
        "单位性质",
        "得分",
        "等级",
        "问题类别",
        "检查项",
        "扣分",
        "依据",
    ]

    def rows():
        for r in results:
            head = [
                names.get(r.county_id, ""),
                r.parent_name,
                r.name,
                r.employees,
                r.nature_label if r.nature else "",
                r.score,
                r.level.label,
            ]
            if not r.findings:
                yield [*head, "", "未发现问题", "", ""]
            for f in r.findings:
                yield [*head, f.rule.category_label, f.rule.label, f.rule.points, f.evidence]

    out = write_xlsx(headers, rows(), sheet_name="规范化检查结果")
    return xlsx_response(out, f"规范化检查结果-{on:%Y%m%d}.xlsx")


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    """检查项目: every rule with its category, label and points; the year's level bounds."""
    require(request, "campaigns.view_standardreview")
    year = year_of(request)
    return render(
        request,
        "campaigns/rule_list.html",
        {
            "table": tables.RuleTable(list(rules.RULES.values())),
            "year": year,
            "bounds": level_bounds(year),
            "total": sum(r.points for r in rules.RULES.values()),
        },
    )


def union_panels(user: Any, union: Union) -> list[tuple[str, Any]]:
    """The union detail page's standardization findings, each with where to fix it."""
    if not (union.is_grassroots and user.has_perm("campaigns.view_standardreview")):
        return []
    if not Union.objects.visible_to(user).filter(pk=union.pk).exists():
        return []
    result = rules.evaluate_one(union)
    if result is None:
        return []
    title = f"规范化检查：得分 {result.score} · {result.level.label}"
    return [(title, tables.UnionFindingTable(result.fixes()))]
