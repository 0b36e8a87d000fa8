"""What target management's pages share: the year and day asked, the permission check, a
letter in the user's scope, a service's errors on a form.

Only the city admin writes (its role alone has the targets app's add/change permissions)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.core.params import date_param, year_param

from ..models import TargetLetter

FIRST_YEAR = 2020


def year_asked(request: HttpRequest, source=None) -> tuple[int, list[int]]:
    """The year of `source` (default the query string) if one the pages offer, else this one."""
    this_year = timezone.localdate().year
    year = year_param(request, this_year, lowest=FIRST_YEAR, highest=this_year + 1, source=source)
    return year, list(range(this_year + 1, FIRST_YEAR - 1, -1))


def as_of_asked(request: HttpRequest, year: int) -> datetime.date:
    """The day scored: asked, else today (or the year's last day for a past year); never
    later than today, since the ledgers do not know tomorrow."""
    today = timezone.localdate()
    default = min(today, datetime.date(year, 12, 31))
    return date_param(request, "as_of", default, latest=today)


def require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(f"targets.{perm}"):
        raise PermissionDenied("您的角色没有此操作权限")


def visible_letter(request: HttpRequest, pk: int) -> TargetLetter:
    """A letter in the user's scope (404 otherwise, whatever the reason)."""
    letters = TargetLetter.objects.visible_to(request.user).select_related("county__parent")
    return get_object_or_404(letters, pk=pk)


def form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
