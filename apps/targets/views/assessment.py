"""Pages of the year-end assessment (年底考核).

The frozen ranking goes to every county alike (totals, ranks, points per area); a county's
items with their drill-down links, its adjustments and its outcome are shown on its own page,
which only its county and the city reach. Only the city admin freezes, adjusts and decides
(its role alone may add targets' rows)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .. import services
from ..forms import AdjustForm, OutcomeForm
from ..models import AssessedCounty, Assessment, CountyOutcome
from .base import form_errors, require, year_asked


@login_required
def assessment(request: HttpRequest) -> HttpResponse:
    require(request, "view_assessment")
    year, years = year_asked(request)
    # Published to every county alike, like the ranking: not scoped (rows link in scope only).
    frozen = Assessment.objects.filter(year=year).select_related("frozen_by").first()
    rows = services.standings(frozen) if frozen else []
    mine = set(
        AssessedCounty.objects.visible_to(request.user)
        .filter(assessment__year=year)
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "targets/assessment.html",
        {
            "title": f"{year}年度年底考核",
            "year": year,
            "years": years,
            "assessment": frozen,
            "rows": [(row, row.county.pk in mine) for row in rows],
            "may_freeze": request.user.has_perm("targets.add_assessment") and frozen is None,
        },
    )


@login_required
@require_POST
def assessment_freeze(request: HttpRequest) -> HttpResponse:
    require(request, "add_assessment")
    year, _ = year_asked(request, request.POST)
    try:
        services.freeze(year, actor=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已冻结{year}年度考核结果；此后台帐变化不再影响考核得分。")
    return redirect(f"{reverse('targets:assessment')}?year={year}")


def visible_assessed(request: HttpRequest, pk: int) -> AssessedCounty:
    rows = AssessedCounty.objects.visible_to(request.user).select_related(
        "assessment__frozen_by", "county", "letter"
    )
    return get_object_or_404(rows, pk=pk)


def county_page(
    request: HttpRequest,
    county: AssessedCounty,
    *,
    adjust_form=None,
    outcome_form=None,
    status: int = 200,
) -> HttpResponse:
    items = list(county.items.all())
    adjustments = list(county.adjustments.select_related("adjusted_by"))
    outcome = CountyOutcome.objects.filter(county=county).select_related("decided_by").first()
    city = request.user.has_perm("targets.add_scoreadjustment")
    if city:
        adjust_form = adjust_form or AdjustForm()
        outcome_form = outcome_form or OutcomeForm(
            instance=outcome,
            initial=None if outcome else {"returned_amount": county.deposit_amount},
        )
    areas: dict[str, list] = {}
    for item in items:
        areas.setdefault(item.get_area_display(), []).append(item)
    return render(
        request,
        "targets/assessedcounty_detail.html",
        {
            "title": str(county),
            "county": county,
            "areas": list(areas.items()),
            "adjustments": adjustments,
            "points": adjustments[-1].new_points if adjustments else county.total,
            "outcome": outcome,
            "adjust_form": adjust_form,
            "outcome_form": outcome_form,
            "honours": CountyOutcome.HONOURS,
        },
        status=status,
    )


@login_required
def assessedcounty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return county_page(request, visible_assessed(request, pk))


@login_required
def assessedcounty_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    county = visible_assessed(request, pk)
    if request.method != "POST":
        return redirect(county)
    require(request, "add_scoreadjustment")
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            services.adjust(
                county,
                form.cleaned_data["new_points"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "已记录得分调整。")
            return redirect(county)
    return county_page(request, county, adjust_form=form, status=400)


@login_required
def assessedcounty_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    county = visible_assessed(request, pk)
    if request.method != "POST":
        return redirect(county)
    require(request, "change_countyoutcome")
    outcome = CountyOutcome.objects.filter(county=county).first() or CountyOutcome(county=county)
    form = OutcomeForm(request.POST, instance=outcome)
    if form.is_valid():
        try:
            services.decide(form.instance, actor=request.user)
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, "已记录考核结果运用，目标责任书状态为“已考核”。")
            return redirect(county)
    return county_page(request, county, outcome_form=form, status=400)
