"""Requests no view should see, and what every response tells the browsers of Chinese offices."""

import re

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RefuseNulCharacters:
    """A query or form value with a NUL character (U+0000) is refused with 400 before any view
    runs: no browser sends one, PostgreSQL cannot store or compare one (the query fails), and
    a value copied into a record (the export log's filters) would fail its write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.has_nul(request):
            page = render_to_string("400.html", request=request)
            return HttpResponse(page, status=400)
        return self.get_response(request)

    @staticmethod
    def has_nul(request: HttpRequest) -> bool:
        sent = [request.GET]
        if request.method == "POST" and request.content_type in FORM_TYPES:
            sent.append(request.POST)
        return any(
            "\x00" in value for data in sent for _, values in data.lists() for value in values
        )


_EXTENDED_NAME = re.compile(r"filename\*=(?:utf-8|UTF-8)''([^;\s]+)")


class ModernEngineForChineseBrowsers:
    """360 and the other dual-engine browsers open intranet addresses in their IE engine
    unless told otherwise (the pages' `renderer` meta tells 360; this header tells the IE
    engine itself to use its newest mode), and in IE mode a download named only by
    `filename*` (RFC 5987, which Django writes for a Chinese name) is saved under the URL's
    last part. So a plain `filename` goes beside it, percent-encoded UTF-8, which IE decodes
    and other browsers ignore in favour of `filename*`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("X-UA-Compatible", "IE=edge")
        disposition = response.headers.get("Content-Disposition", "")
        if (found := _EXTENDED_NAME.search(disposition)) and "filename=" not in disposition:
            kind = disposition.split(";", 1)[0].strip()
            encoded = found.group(1)
            response.headers["Content-Disposition"] = (
                f"{kind}; filename=\"{encoded}\"; filename*=UTF-8''{encoded}"
            )
        return response
