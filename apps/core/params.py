"""Query parameters, parsed in one place (issue 19 §5: no 500 on any input).

Each function returns the parameter's value when it is well formed and in range, and the
default otherwise: a mistyped or tampered URL shows the default page, never a server error.
A value the user did type (present but bad) adds a Chinese warning saying so.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Below this the ledgers have nothing, and datetime arithmetic (a year back) stays in range.
EARLIEST_DAY = datetime.date(1900, 1, 1)


def raw(request: HttpRequest, name: str, source: Mapping | None = None) -> str:
    """The parameter's last value (a repeated `?year=1&year=x` counts its last), stripped."""
    values = request.GET if source is None else source
    value = values.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def warn(request: HttpRequest, name: str, value: str) -> None:
    if value and hasattr(request, "_messages"):
        shown = value if len(value) <= 20 else value[:20] + "…"
        messages.warning(request, f"参数“{name}”的值“{shown}”无效，已按默认值显示")


def int_param(
    request: HttpRequest,
    name: str,
    default: int,
    *,
    min: int | None = None,  # noqa: A002 - the natural keyword names
    max: int | None = None,  # noqa: A002
    source: Mapping | None = None,
    quiet: bool = False,
) -> int:
    """An integer within [min, max]; full-width digits (２０２６) count as digits."""
    value = raw(request, name, source)
    if not value:
        return default
    try:
        number = int(value) if len(value) <= 18 else None
    except ValueError:
        number = None
    if number is None or (min is not None and number < min) or (max is not None and number > max):
        if not quiet:
            warn(request, name, value)
        return default
    return number


def year_param(
    request: HttpRequest,
    default: int,
    *,
    lowest: int = 2000,
    highest: int,
    name: str = "year",
    source: Mapping | None = None,
) -> int:
    return int_param(request, name, default, min=lowest, max=highest, source=source)


def date_param(
    request: HttpRequest,
    name: str,
    default: datetime.date,
    *,
    latest: datetime.date | None = None,
) -> datetime.date:
    """An ISO date (2026-12-31) no earlier than 1900, and no later than `latest` (later
    days become `latest`: the ledgers do not know tomorrow)."""
    value = raw(request, name)
    day = default
    if value:
        try:
            day = datetime.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is None or day < EARLIEST_DAY:
            warn(request, name, value)
            day = default
    return day if latest is None else min(day, latest)


def url_param(request: HttpRequest, name: str = "return_url") -> str:
    """A local path to go back to (POST or GET), else "": `redirect()` would take a bare
    word for a view name, and a full address could send the user off the site."""
    value = request.POST.get(name) or request.GET.get(name) or ""
    if not value.startswith("/") or value.startswith("//") or "\\" in value:
        return ""
    if not url_has_allowed_host_and_scheme(value, {request.get_host()}):
        return ""
    return value


def prefill(request: HttpRequest, fields: Mapping[str, forms.Field]) -> dict[str, str]:
    """The query string's values of `fields` that the field accepts, as a new row's initial
    values (?parent=12); others are dropped, since rendering ?parent=abc would fail."""
    initial = {}
    for name, value in request.GET.items():
        field = fields.get(name)
        if field is None:
            continue
        try:
            field.clean(value)
        except (ValidationError, ValueError, TypeError, OverflowError):
            warn(request, name, value)
            continue
        initial[name] = value
    return initial
