"""目标责任书 pages: the year's letters (draft from the template, edit, sign, PDF) and the
template. Only the city admin writes; county users see their own letters."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import indicators, services
from ..forms import (
    LetterForm,
    LetterItemFormSet,
    SignForm,
    TemplateForm,
    TemplateItemFormSet,
    rule_help,
)
from ..letter_pdf import build as build_letter_pdf
from ..models import LetterTemplate, TargetLetter
from .base import FIRST_YEAR, require, visible_letter, year_asked


@login_required
def letter_list(request: HttpRequest) -> HttpResponse:
    require(request, "view_targetletter")
    year, years = year_asked(request)
    letters = list(
        TargetLetter.objects.visible_to(request.user)
        .filter(year=year)
        .select_related("county")
        .prefetch_related("items")
        .order_by("county__path")
    )
    may_draft = request.user.has_perm("targets.add_targetletter")
    missing = []
    if may_draft:
        have = {letter.county_id for letter in letters}
        missing = [c for c in services.county_units() if c.pk not in have]
    template = LetterTemplate.objects.filter(year=year).first()
    return render(
        request,
        "targets/letter_list.html",
        {
            "title": "目标责任书",
            "year": year,
            "years": years,
            "letters": letters,
            "missing": missing,
            "may_draft": may_draft,
            "template": template,
        },
    )


@login_required
def letter_draft(request: HttpRequest) -> HttpResponse:
    """Draft a letter for every county that has none for the year, from the year's template
    (made from last year's, or the indicators' defaults, when missing)."""
    if request.method != "POST":
        return redirect("targets:targetletter_list")
    require(request, "add_targetletter")
    year, _ = year_asked(request, request.POST)
    template = services.default_template(year)
    made = services.draft_letters(template, services.county_units())
    if made:
        messages.success(
            request,
            f"已按{year}年度模板起草{len(made)}份目标责任书（草稿），请逐县核对目标值后签订。",
        )
    else:
        messages.info(request, "各县市区本年度的目标责任书均已存在，未新建。")
    return redirect(f"{reverse('targets:targetletter_list')}?year={year}")


def items_by_area(items) -> list[tuple[str, list]]:
    groups: dict[int, list] = {}
    for item in sorted(items, key=lambda i: (i.indicator_def.area, i.position, i.pk or 0)):
        groups.setdefault(item.indicator_def.area, []).append(item)
    return [(indicators.AREAS[area], rows) for area, rows in sorted(groups.items())]


def render_letter(
    request: HttpRequest, letter: TargetLetter, sign_form: SignForm | None = None, status=200
) -> HttpResponse:
    """The letter's page; a city admin's draft carries the signing form."""
    items = list(letter.items.all())
    may_change = request.user.has_perm("targets.change_targetletter") and letter.editable
    if may_change and sign_form is None:
        sign_form = SignForm(letter=letter)
    return render(
        request,
        "targets/letter_detail.html",
        {
            "title": str(letter),
            "letter": letter,
            "areas": items_by_area(items),
            "total_weight": sum(i.weight for i in items),
            "may_change": may_change,
            "sign_form": sign_form if may_change else None,
        },
        status=status,
    )


def save_with_items(request: HttpRequest, form, formset, message: str) -> bool:
    """Save a letter's or template's header and items together, if both are valid."""
    if request.method != "POST" or not (form.is_valid() and formset.is_valid()):
        return False
    with transaction.atomic():
        form.save()
        formset.save()
    messages.success(request, message)
    return True


@login_required
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_letter(request, visible_letter(request, pk))


@login_required
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The letter's header and its items in one form; only a draft, only the city."""
    letter = visible_letter(request, pk)
    if request.method != "POST" and not request.user.has_perm("targets.change_targetletter"):
        return redirect(letter)
    require(request, "change_targetletter")
    if not letter.editable:
        messages.error(request, "目标责任书已签订，不能再修改。")
        return redirect(letter)
    form = LetterForm(request.POST or None, instance=letter)
    formset = LetterItemFormSet(request.POST or None, instance=letter, prefix="items")
    if save_with_items(request, form, formset, "已保存目标责任书。"):
        return redirect(letter)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "targets/letter_edit.html",
        {
            "title": f"修改{letter}",
            "letter": letter,
            "form": form,
            "formset": formset,
            "cancel_url": letter.get_absolute_url(),
            "rule_help": rule_help(),
        },
        status=status,
    )


@login_required
def letter_sign(request: HttpRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    if request.method != "POST":
        return redirect(letter)
    require(request, "change_targetletter")
    form = SignForm(request.POST, letter=letter)
    if form.is_valid():
        d = form.cleaned_data
        try:
            with transaction.atomic():
                if d["deposit_paid_on"]:
                    letter.deposit_paid_on = d["deposit_paid_on"]
                    letter.save(update_fields=["deposit_paid_on"])
                services.sign_letter(
                    letter,
                    city_signatory=d["city_signatory"],
                    county_signatory=d["county_signatory"],
                    signed_on=d["signed_on"],
                )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "已签订，指标自此不能修改。")
            return redirect(letter)
    return render_letter(request, letter, form, status=400)


@login_required
def letter_pdf(request: HttpRequest, pk: int) -> FileResponse:
    letter = visible_letter(request, pk)
    return FileResponse(
        io.BytesIO(build_letter_pdf(letter)),
        as_attachment=True,
        content_type="application/pdf",
        filename=f"{letter.county.name}{letter.year}年度目标责任书.pdf",
    )


@login_required
def template_edit(request: HttpRequest, year: int) -> HttpResponse:
    """The year's template (made from last year's or the defaults on first visit)."""
    require(request, "change_lettertemplate")
    this_year = timezone.localdate().year
    if not FIRST_YEAR <= year <= this_year + 1:
        return redirect("targets:lettertemplate_edit", year=this_year)
    template = services.default_template(year)
    form = TemplateForm(request.POST or None, instance=template)
    formset = TemplateItemFormSet(request.POST or None, instance=template, prefix="items")
    saved = "已保存模板；之后起草的目标责任书按此模板生成，已起草的不变。"
    if save_with_items(request, form, formset, saved):
        return redirect(f"{reverse('targets:targetletter_list')}?year={year}")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "targets/template_edit.html",
        {
            "title": f"{year}年度目标责任书模板",
            "template": template,
            "form": form,
            "formset": formset,
            "year": year,
            "rule_help": rule_help(),
            "cancel_url": f"{reverse('targets:targetletter_list')}?year={year}",
        },
        status=status,
    )
