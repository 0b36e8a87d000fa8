"""Requests no view should see."""

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
