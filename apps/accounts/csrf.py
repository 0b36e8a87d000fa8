"""The page shown when a form's CSRF token no longer matches: the session ended (idle time,
browser closed, logged out in another tab) while the user was typing."""

import re
from urllib.parse import urlencode, urlsplit

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

# Never echoed back: secrets, and tokens that an attacker's cross-site form may carry.
SENSITIVE = re.compile(r"pass|pwd|secret|token|csrf", re.IGNORECASE)


def typed_values(request: HttpRequest) -> list[tuple[str, str]]:
    """The non-empty, non-sensitive POST values, in the order of the form. Uploaded files are in
    request.FILES, not here, so their contents never show."""
    return [
        (name, value)
        for name, values in request.POST.lists()
        if not SENSITIVE.search(name)
        for value in values
        if value.strip()
    ]


def return_path(request: HttpRequest) -> str:
    """The page the form was on, if the Referer names a page of this site; else the form's URL."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        if parts.path.startswith("/"):
            return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.path


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    path = return_path(request)
    return render(
        request,
        "403_csrf.html",
        {
            "values": typed_values(request),
            "return_path": path,
            "login_url": f"{reverse('login')}?{urlencode({'next': path})}",
        },
        status=403,
    )
