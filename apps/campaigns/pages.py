"""Pages that are not one ledger: the check results with their county distribution and
export, the rule list, and the county views of reviews and model unions."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from apps.core.excel import write_xlsx
from apps.core.forms import style_widgets
from apps.core.params import year_param
from apps.core.views import xlsx_response
from apps.unions import parameters
from apps.unions.filtersets import organizing_unions
from apps.unions.models import NON_PUBLIC_NATURES, Nature, Union

from . import params, rules, tables
from .models import Level, ModelUnion, StandardReview, county_pk, level_bounds

# 职工人数 bands of the filter: (code, label, lowest, highest or None).
SIZES = [("1", "25人以下", 0, 24), ("2", "25–99人", 25, 99), ("3", "100–199人", 100, 199),
         ("4", "200–999人", 200, 999), ("5", "1000人以上", 1000, None)]  # fmt: skip
# 企业: the natures of enterprises (the standard review concerns enterprise unions).
ENTERPRISE_NATURES = (Nature.STATE, Nature.COLLECTIVE, *NON_PUBLIC_NATURES)


def require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied("您的角色没有此操作权限")


def year_of(request: HttpRequest) -> int:
    return year_param(request, timezone.localdate().year, highest=2100)


def county_names(pks) -> dict[int, str]:
    return dict(Union.objects.filter(pk__in=[p for p in pks if p]).values_list("pk", "name"))


# ------------------------------------------------------------------ results


class ResultFilterForm(forms.Form):
    within = forms.ModelChoiceField(label="所属组织（含下级）", queryset=Union.objects.none(),
                                    required=False, empty_label="全部")  # fmt: skip
    category = forms.ChoiceField(label="问题类别", required=False)
    rule = forms.ChoiceField(label="检查项", required=False)
    level = forms.ChoiceField(label="等级", required=False,
                              choices=[("", "全部"), *Level.choices])  # fmt: skip
    size = forms.ChoiceField(
        label="职工人数", required=False, choices=[("", "全部"), *((c, n) for c, n, *_ in SIZES)]
    )
    nature = forms.ChoiceField(label="单位性质", required=False,
                               choices=[("", "全部"), *Nature.choices])  # fmt: skip

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = organizing_unions(request).order_by("path")
        self.fields["category"].choices = [("", "全部"), *rules.CATEGORIES.items()]
        rule_choices = [(r.code, r.label) for r in rules.RULES.values()]
        self.fields["rule"].choices = [("", "全部"), *rule_choices]
        style_widgets(self)

    def keep(self, result: rules.UnionResult) -> bool:
        data = self.cleaned_data
        if data["level"] and result.level != data["level"]:
            return False
        if data["nature"] and result.nature != data["nature"]:
            return False
        if data["size"]:
            _, _, low, high = next(s for s in SIZES if s[0] == data["size"])
            if result.employees < low or (high is not None and result.employees > high):
                return False
        if data["category"] and not any(f.rule.category == data["category"]
                                        for f in result.findings):  # fmt: skip
            return False
        return not data["rule"] or any(f.rule.code == data["rule"] for f in result.findings)


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
        counties.append({"name": names.get(pk, "—"), "total": total,
                         "levels": [counts[level] for level in Level.values],
                         "average": round(counts["score"] / total, 1)})  # fmt: skip
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    table = tables.ResultTable(list(page.object_list))
    RequestConfig(request, paginate=False).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "campaigns/results.html", {
        "form": form, "table": table, "page": page, "total": len(results),
        "counties": counties, "levels": Level.labels,
        "by_rule": [(r, by_rule[r.code]) for r in rules.RULES.values()],
        "bounds": level_bounds(on.year), "year": on.year, "querystring": query.urlencode(),
    })  # fmt: skip


def export_results(results: list[rules.UnionResult], on: datetime.date):
    names = county_names({r.county_id for r in results})
    headers = ["县市区", "上级工会", "工会", "职工人数", "单位性质", "得分", "等级", "问题类别",
               "检查项", "扣分", "依据"]  # fmt: skip

    def rows():
        for r in results:
            head = [names.get(r.county_id, ""), r.parent_name, r.name, r.employees,
                    r.nature_label if r.nature else "", r.score, r.level.label]  # fmt: skip
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
    return render(request, "campaigns/rule_list.html", {
        "table": tables.RuleTable(list(rules.RULES.values())), "year": year,
        "bounds": level_bounds(year), "total": sum(r.points for r in rules.RULES.values()),
    })  # fmt: skip


# ------------------------------------------------------------------ standard reviews


@login_required
def review_progress(request: HttpRequest) -> HttpResponse:
    """企业工会规范化达标, county view: enterprises due (≥ N employees), those not reviewed,
    the share at level one against the year's minimum, those still below standard."""
    require(request, "campaigns.view_standardreview")
    year = year_of(request)
    employees = int(parameters.value(params.REVIEW_EMPLOYEES, year))
    share_min = parameters.value(params.LEVEL_ONE_SHARE_MIN, year)
    reviews = StandardReview.objects.filter(union=OuterRef("pk"), year=year)
    due = (
        Union.objects.visible_to(request.user)
        .filter(level=Union.Level.GRASSROOTS, dissolved_on__isnull=True,
                employer__nature__in=ENTERPRISE_NATURES, employer__employees__gte=employees)
        .annotate(review_level=Subquery(reviews.values("level")[:1]),
                  review_pk=Subquery(reviews.values("pk")[:1]),
                  due_on=Subquery(reviews.values("rectification_due")[:1]))
        .order_by("path")
        .values("pk", "name", "path", "employer__employees", "review_level", "review_pk",
                "due_on")
    )  # fmt: skip
    rows = list(due)
    per_county: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        counts = per_county[county_pk(row["path"])]
        counts["due"] += 1
        counts["reviewed"] += row["review_level"] is not None
        counts["one"] += row["review_level"] == Level.ONE
        counts["below"] += row["review_level"] == Level.BELOW
    names = county_names(per_county)
    counties = []
    for pk, c in sorted(per_county.items(), key=lambda item: names.get(item[0], "")):
        share = Decimal(100 * c["one"] / c["due"]).quantize(Decimal("0.1")) if c["due"] else None
        counties.append({"name": names.get(pk, "—"), "due": c["due"], "reviewed": c["reviewed"],
                         "missing": c["due"] - c["reviewed"], "one": c["one"],
                         "below": c["below"], "share": share,
                         "short": share is not None and share < share_min})  # fmt: skip
    return render(request, "campaigns/review_progress.html", {
        "year": year, "employees": employees, "share_min": share_min, "counties": counties,
        "not_reviewed": [r for r in rows if r["review_level"] is None][:200],
        "not_reviewed_count": sum(1 for r in rows if r["review_level"] is None),
        "below": [r for r in rows if r["review_level"] == Level.BELOW],
        "may_add": request.user.has_perm("campaigns.add_standardreview"),
    })  # fmt: skip


# ------------------------------------------------------------------ model unions


@login_required
def model_union_progress(request: HttpRequest) -> HttpResponse:
    """树千家示范工会, county progress: each county's accepted candidates against its quota,
    the candidates at every step, and the reward money by funder (the city's fund spent)."""
    require(request, "campaigns.view_modelunion")
    year = year_of(request)
    quotas = parameters.county_values(params.MODEL_UNION_QUOTA, year)
    counties = dict(
        Union.objects.visible_to(request.user)
        .filter(level__in=parameters.COUNTY_LEVELS)
        .order_by("path")
        .values_list("pk", "name")
    )
    candidates = ModelUnion.objects.visible_to(request.user).filter(year=year)
    counts: dict[int, Counter] = defaultdict(Counter)
    for path, status in candidates.values_list("union__path", "status"):
        counts[county_pk(path)][status] += 1
    rewards = defaultdict(Decimal)
    funded = (candidates.filter(status=ModelUnion.Status.REWARDED).order_by()
              .values("union__path", "funder").annotate(amount=Sum("reward_amount")))  # fmt: skip
    for row in funded:
        rewards[county_pk(row["union__path"]), row["funder"]] += row["amount"] or 0
    rows, Status = [], ModelUnion.Status
    for pk, name in counties.items():
        c, quota = counts[pk], int(quotas.get(pk, 0))
        done = sum(c[s] for s in ModelUnion.DONE)
        rows.append({"name": name, "quota": quota, "nominated": sum(c.values()),
                     "cultivating": c[Status.CULTIVATING] + c[Status.NOMINATED],
                     "done": done, "rejected": c[ModelUnion.Status.REJECTED],
                     "progress": round(100 * done / quota) if quota else None,
                     "city": rewards[pk, ModelUnion.Funder.CITY],
                     "county": rewards[pk, ModelUnion.Funder.COUNTY]})  # fmt: skip
    city_fund = sum(r["city"] for r in rows)
    return render(request, "campaigns/modelunion_progress.html", {
        "year": year, "rows": rows, "city_fund": city_fund,
        "county_fund": sum(r["county"] for r in rows),
        "quota": sum(r["quota"] for r in rows), "done": sum(r["done"] for r in rows),
    })  # fmt: skip
