"""The statistics table (from the ledgers, for any organization in scope) and the annual
submission (open, correct, submit, approve or return), with their .xlsx and PDF downloads."""

from __future__ import annotations

import datetime
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode

from apps.core.exchange.excel import XLSX_CONTENT_TYPE
from apps.core.params import date_param, year_param
from apps.stats.views import dashboard_root
from apps.unions.models import Union

from . import pdf, services, validation, workbook
from .forms import CorrectionForm, ReopenForm, ReviewForm
from .layout import COLUMNS, HEADER_DEPTH, NOTE, SIGNATURES, TITLE, header_cells
from .models import AnnualReport
from .statistics import StatisticsTable, default_as_of, from_ledgers

Status = AnnualReport.Status


def year_asked(request: HttpRequest, today: datetime.date) -> int:
    return year_param(request, today.year, highest=today.year)


def ledger_table(request: HttpRequest) -> StatisticsTable:
    """The table of the organization asked for (in scope, else 404) as the ledgers give it."""
    if not request.user.has_perm("unions.view_union"):
        raise PermissionDenied
    root = dashboard_root(request)
    today = timezone.localdate()
    year = year_asked(request, today)
    as_of = date_param(request, "as_of", default_as_of(year, today), latest=today)
    return from_ledgers(root, as_of, year, request.user)


def file_name(table: StatisticsTable, ext: str) -> str:
    return f"{table.org.name}{table.year}年{TITLE}.{ext}"


def xlsx_download(table: StatisticsTable) -> FileResponse:
    return FileResponse(
        io.BytesIO(workbook.build(table)),
        as_attachment=True,
        filename=file_name(table, "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
    )


def pdf_download(table: StatisticsTable) -> FileResponse:
    return FileResponse(
        io.BytesIO(pdf.build(table)),
        as_attachment=True,
        filename=file_name(table, "pdf"),
        content_type="application/pdf",
    )


def html_table(table: StatisticsTable) -> dict:
    """The header rows (cells with their spans) and body rows for the page."""
    levels = [[h for h in header_cells() if h.row == level] for level in range(HEADER_DEPTH)]
    body = []
    for row in [*table.rows, table.total]:
        cells = []
        for column in COLUMNS:
            text = row.text(column)
            corrected = row.corrections.get(column.key)
            cells.append(
                {
                    "text": text,
                    "correction": corrected
                    and {
                        "ledger": corrected[0],
                        "reason": corrected[1],
                        "difference": row.values[column.key] - corrected[0],
                    },
                }
            )
        body.append({"row": row, "cells": cells, "total": row.key == "total"})
    return {
        "header_levels": levels,
        "header_depth": HEADER_DEPTH,
        "columns": COLUMNS,
        "body": body,
        "note": NOTE,
        "signatures": SIGNATURES,
        "title": TITLE,
    }


@login_required
def table_page(request: HttpRequest) -> HttpResponse:
    table = ledger_table(request)
    query = urlencode({"org": table.org.pk, "year": table.year, "as_of": table.as_of.isoformat()})
    return render(
        request,
        "reports/table.html",
        {"table": table, "query": query, "today": timezone.localdate(), **html_table(table)},
    )


@login_required
def table_xlsx(request: HttpRequest) -> FileResponse:
    return xlsx_download(ledger_table(request))


@login_required
def table_pdf(request: HttpRequest) -> FileResponse:
    return pdf_download(ledger_table(request))


# Annual submission ------------------------------------------------------------------------


def visible_report(request: HttpRequest, pk: int) -> AnnualReport:
    reports = AnnualReport.objects.visible_to(request.user).select_related("union")
    return get_object_or_404(reports, pk=pk)


@login_required
def annual_list(request: HttpRequest) -> HttpResponse:
    """年度报送: each county's (and industry union's) table for the year and where it stands;
    the city sees which have submitted, been returned, or are late."""
    if not request.user.has_perm("reports.view_annualreport"):
        raise PermissionDenied
    today = timezone.localdate()
    year = year_asked(request, today)
    orgs = list(
        Union.objects.visible_to(request.user)
        .filter(level__in=services.REPORTING_LEVELS)
        .order_by("path")
        .only("pk", "name", "path", "level")
    )
    reports = {
        r.union_id: r
        for r in AnnualReport.objects.visible_to(request.user)
        .filter(year=year)
        .only("pk", "union_id", "status", "submitted_at", "reviewed_at")
    }
    due = services.deadline(year)
    rows, counts = [], dict.fromkeys(["none", *Status.values, "late"], 0)
    for org in orgs:
        report = reports.get(org.pk)
        late = today > due and (report is None or report.status in AnnualReport.EDITABLE)
        counts[report.status if report else "none"] += 1
        counts["late"] += late
        rows.append({"org": org, "report": report, "late": late})
    own = getattr(request.user, "union", None)
    can_open = own is not None and own.pk not in reports and services.may_open(request.user, own)
    summary = [
        ("已审核", counts[Status.APPROVED], "success"),
        ("已上报待审核", counts[Status.SUBMITTED], "primary"),
        ("退回", counts[Status.RETURNED], "danger"),
        ("填报中", counts[Status.DRAFT], "secondary"),
        ("未开始", counts["none"], "light"),
        ("逾期未上报", counts["late"], "warning"),
    ]
    return render(
        request,
        "reports/annual_list.html",
        {
            "year": year,
            "years": range(today.year, today.year - 6, -1),
            "rows": rows,
            "deadline": due,
            "can_open": can_open,
            "summary": summary,
            "own": own,
        },
    )


@login_required
def annual_open(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("reports:annualreport_list")
    own = getattr(request.user, "union", None)
    if own is None or not services.may_open(request.user, own):
        raise PermissionDenied
    today = timezone.localdate()
    year = year_param(request, today.year, highest=today.year, source=request.POST)
    report = services.open_report(own, year, request.user, today)
    return redirect("reports:annualreport_detail", pk=report.pk)


def detail_context(
    request, report: AnnualReport, correction_form=None, review_form=None, reopen_form=None
):
    corrections = list(report.corrections.select_related("corrected_by"))
    table = services.table_of(report, corrections)
    editable = services.may_edit(request.user, report)
    return {
        "report": report,
        "table": table,
        "corrections": corrections,
        "events": report.events.select_related("user"),
        "findings": validation.check(table),
        "notices": services.reconcile_notices(report, table),
        "may_edit": editable,
        "may_review": services.may_review(request.user, report),
        "correction_form": correction_form or CorrectionForm(report=report),
        "review_form": review_form or ReviewForm(),
        "may_reopen": services.may_reopen(request.user, report),
        "reopen_form": reopen_form or ReopenForm(),
        "deadline": services.deadline(report.year),
        **html_table(table),
    }


@login_required
def annual_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = visible_report(request, pk)
    return render(request, "reports/annual_detail.html", detail_context(request, report))


def post_only(view):
    """A step is a POST; a GET (a bookmarked or typed address) goes back to the report."""

    @login_required
    def wrapped(request, pk):
        report = visible_report(request, pk)
        if request.method != "POST":
            return redirect("reports:annualreport_detail", pk=report.pk)
        return view(request, report)

    return wrapped


def add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@post_only
def annual_correct(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    if not services.may_edit(request.user, report):
        raise PermissionDenied
    form = CorrectionForm(request.POST, report=report)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.correct(report, d["row_key"], d["key"], d["value"], d["reason"], request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "已保存更正。")
            return redirect("reports:annualreport_detail", pk=report.pk)
    context = detail_context(request, report, correction_form=form)
    return render(request, "reports/annual_detail.html", context, status=400)


@post_only
def annual_refresh(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    services.refresh(report, request.user, timezone.localdate())
    messages.success(request, "已按台帐重新取数，更正保留。")
    return redirect("reports:annualreport_detail", pk=report.pk)


@post_only
def annual_submit(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    try:
        services.submit(report, request.user)
    except ValidationError:
        messages.error(request, "逻辑检查未通过，不能上报：请按下方“逻辑检查”逐项核对或更正。")
    else:
        messages.success(request, "已上报，等待市总工会审核。")
    return redirect("reports:annualreport_detail", pk=report.pk)


@post_only
def annual_review(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    if not services.may_review(request.user, report):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.review(report, request.user, approve, form.cleaned_data["comment"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            done = "已审核通过：报表及该单位截止日期以前的台帐已锁定。" if approve else "已退回。"
            messages.success(request, done)
            return redirect("reports:annualreport_detail", pk=report.pk)
    context = detail_context(request, report, review_form=form)
    return render(request, "reports/annual_detail.html", context, status=400)


@post_only
def annual_reopen(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    if not services.may_reopen(request.user, report):
        raise PermissionDenied
    form = ReopenForm(request.POST)
    if form.is_valid():
        services.reopen(report, request.user, form.cleaned_data["comment"])
        messages.success(request, "已重新打开：该单位可更正本年度台帐后重新上报。")
        return redirect("reports:annualreport_detail", pk=report.pk)
    context = detail_context(request, report, reopen_form=form)
    return render(request, "reports/annual_detail.html", context, status=400)


@login_required
def annual_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    return xlsx_download(services.table_of(visible_report(request, pk)))


@login_required
def annual_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return pdf_download(services.table_of(visible_report(request, pk)))


def summary_table(request: HttpRequest) -> StatisticsTable:
    """汇总表: the year's table of the organization asked for, from the approved tables."""
    if not request.user.has_perm("reports.view_annualreport"):
        raise PermissionDenied
    root = dashboard_root(request)
    today = timezone.localdate()
    return services.year_table(root, year_asked(request, today), request.user, today)


@login_required
def summary_xlsx(request: HttpRequest) -> FileResponse:
    return xlsx_download(summary_table(request))


@login_required
def summary_pdf(request: HttpRequest) -> FileResponse:
    return pdf_download(summary_table(request))
