"""The county pages' shared choices: which year, and which county of the user's scope."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils import timezone

from apps.core.params import year_param
from apps.unions.models import Union
from apps.unions.parameters import COUNTY_LEVELS

FIRST_YEAR = 2015


def year_choice(request: HttpRequest) -> tuple[int, range]:
    this_year = timezone.localdate().year
    year = year_param(request, this_year, lowest=FIRST_YEAR, highest=this_year + 1)
    return year, range(this_year + 1, FIRST_YEAR - 1, -1)


def visible_counties(user) -> list[Union]:
    return list(
        Union.objects.visible_to(user).filter(level__in=COUNTY_LEVELS).order_by("level", "path")
    )


def county_choice(request: HttpRequest) -> tuple[list[Union], Union | None]:
    """The counties the user may look at, and the one chosen (`?county=`): a county user's own
    county; None for a city user who has not chosen (the page then sums up all counties).
    A county outside the user's scope answers 404."""
    counties = visible_counties(request.user)
    chosen = request.GET.get("county", "")
    if chosen:
        county = next((c for c in counties if str(c.pk) == chosen), None)
        if county is None:
            raise Http404("没有这个县市区或不在您的管辖范围内")
        return counties, county
    if len(counties) == 1:
        return counties, counties[0]
    return counties, None


def county_of(path: str, counties: list[Union]) -> Union | None:
    """The county whose subtree holds `path`, from counties already loaded."""
    for county in counties:
        if path.startswith(county.path):
            return county
    return None
