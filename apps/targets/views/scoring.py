"""目标考核 pages: the ranking of all counties as of a day and each county's items.

County users see the published ranking of all counties (totals, ranks, completion) and the
drill-down links of their own county only."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import indicators
from ..models import ContactPoint, TargetLetter
from ..scoring import Ranking, ranking, scored_letters
from .base import as_of_asked, require, visible_letter, year_asked


def published(request: HttpRequest, year: int, as_of: datetime.date) -> Ranking:
    """The ranking of every county's signed letter — published to all counties alike, so
    computed over all of them (user None); pages show drill-down links only in scope."""
    require(request, "view_targetletter")
    return ranking(year, as_of, letters=scored_letters(year))


def own_counties(request: HttpRequest) -> set[int]:
    """The counties whose drill-down the user may follow (links of others are not shown)."""
    return set(TargetLetter.objects.visible_to(request.user).values_list("county_id", flat=True))


@login_required
def scoring(request: HttpRequest) -> HttpResponse:
    year, years = year_asked(request)
    as_of = as_of_asked(request, year)
    result = published(request, year, as_of)
    codes = {s.item.indicator for c in result.counties for s in c.items}
    columns = [i for i in indicators.indicators() if i.code in codes]
    mine = own_counties(request)
    rows = []
    for county in result.counties:
        cells = {s.item.indicator: s for s in county.items}
        rows.append(
            {
                "score": county,
                "cells": [cells.get(i.code) for i in columns],
                "own": county.county.pk in mine,
            }
        )
    drafts = (
        TargetLetter.objects.visible_to(request.user)
        .filter(year=year, status=TargetLetter.Status.DRAFT)
        .select_related("county")
    )
    return render(
        request,
        "targets/scoring.html",
        {
            "title": "目标考核",
            "year": year,
            "years": years,
            "as_of": as_of,
            "ranking": result,
            "columns": columns,
            "rows": rows,
            "drafts": list(drafts),
        },
    )


@login_required
def letter_score(request: HttpRequest, pk: int) -> HttpResponse:
    """A county's items as of a day, each actual a link to the rows counted, its rank among
    all counties and its contact persons."""
    letter = visible_letter(request, pk)
    as_of = as_of_asked(request, letter.year)
    result = published(request, letter.year, as_of)
    score = result.of(letter.county)
    contacts = ContactPoint.objects.filter(year=letter.year, county=letter.county).select_related(
        "user"
    )
    areas = []
    if score is not None:
        totals = score.area_points()
        groups: dict[int, list] = {}
        for s in score.items:
            groups.setdefault(s.indicator.area, []).append(s)
        areas = [(indicators.AREAS[a], groups[a], totals[a]) for a in sorted(groups)]
    return render(
        request,
        "targets/letter_score.html",
        {
            "title": f"{letter.county.name}{letter.year}年度目标考核",
            "letter": letter,
            "as_of": as_of,
            "ranking": result,
            "score": score,
            "areas": areas,
            "contacts": list(contacts),
        },
    )
