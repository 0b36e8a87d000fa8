"""问题清单: the findings of the cadre and election rules (`rules.RULES`) over the user's scope."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_tables2 import RequestConfig

from apps.unions.models import Union

from .. import rules
from ..forms.findings import FindingFilterForm
from ..tables.findings import FindingTable


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    """Findings of the cadre and election rules over the user's scope, filtered by rule and
    by organizing union (county, township)."""
    unions = Union.objects.visible_to(request.user)
    if not request.user.has_perm("cadres.view_position"):
        unions = unions.none()
    form = FindingFilterForm(request.GET or None, request=request)
    chosen = ""
    if form.is_valid():
        chosen = form.cleaned_data["rule"]
        if form.cleaned_data["within"]:
            unions = unions & form.cleaned_data["within"].subtree()
    # Every rule runs (one query each), so the counts beside the list cover all of them.
    found = rules.findings(unions, timezone.localdate())
    counts = {code: 0 for code in rules.RULES}
    for finding in found:
        counts[finding.rule.code] += 1
    if chosen:
        found = [f for f in found if f.rule.code == chosen]
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    table = FindingTable(list(page.object_list))
    RequestConfig(request, paginate=False).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cadres/finding_list.html",
        {
            "form": form,
            "table": table,
            "page": page,
            "total": len(found),
            "counts": [(rules.RULES[c], n) for c, n in counts.items()],
            "querystring": query.urlencode(),
        },
    )
