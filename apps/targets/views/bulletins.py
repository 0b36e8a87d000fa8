"""Pages of the bulletins (定期通报): published to every county alike; only the city admin
publishes (its role alone may add targets' rows)."""

from __future__ import annotations

import io
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .. import services
from ..forms import PublishForm
from ..models import Bulletin
from .base import form_errors, require


@login_required
def bulletin_list(request: HttpRequest, form: PublishForm | None = None) -> HttpResponse:
    require(request, "view_bulletin")
    may_publish = request.user.has_perm("targets.add_bulletin")
    # Published to every county alike: not scoped, and holding no drill-down rows.
    published = Bulletin.objects.defer("pdf", "xlsx", "data").select_related("published_by")
    return render(
        request,
        "targets/bulletin_list.html",
        {
            "title": "定期通报",
            "bulletins": published,
            "form": (form or PublishForm()) if may_publish else None,
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_POST
def bulletin_publish(request: HttpRequest) -> HttpResponse:
    require(request, "add_bulletin")
    form = PublishForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            bulletin = services.publish(
                d["year"], d["period"], d["period_number"], actor=request.user
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, f"已发布{bulletin}通报。")
            return redirect(bulletin)
    return bulletin_list(request, form)


def published(request: HttpRequest, year: int, number: int) -> Bulletin:
    require(request, "view_bulletin")
    return get_object_or_404(
        Bulletin.objects.select_related("published_by"), year=year, number=number
    )


@login_required
def bulletin_detail(request: HttpRequest, year: int, number: int) -> HttpResponse:
    bulletin = published(request, year, number)
    return render(
        request,
        "targets/bulletin_detail.html",
        {
            "title": f"{bulletin} {bulletin.data['title']}",
            "bulletin": bulletin,
            "data": bulletin.data,
        },
    )


def download(bulletin: Bulletin, content: bytes, suffix: str, content_type: str):
    name = f"{bulletin.data['title']}（{bulletin}）.{suffix}"
    response = FileResponse(
        io.BytesIO(bytes(content)), as_attachment=True, content_type=content_type
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def bulletin_pdf(request: HttpRequest, year: int, number: int) -> FileResponse:
    bulletin = published(request, year, number)
    return download(bulletin, bulletin.pdf, "pdf", "application/pdf")


@login_required
def bulletin_xlsx(request: HttpRequest, year: int, number: int) -> FileResponse:
    bulletin = published(request, year, number)
    return download(
        bulletin,
        bulletin.xlsx,
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
