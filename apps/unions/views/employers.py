"""单位台帐: employers, the ledger of those without a union (未建会) and 双措并举."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.core import views as generic
from apps.core.params import year_param
from apps.core.registry import register_model_view
from apps.core.tables import related_table

from .. import filtersets, forms, importers, tables
from ..models import (
    Coverage,
    Employer,
    FollowUp,
    FundPayment,
    OrganizingStatus,
    Union,
)
from .unions import breadcrumb


def employer_list_queryset():
    return Employer.objects.select_related("owner", "industry").with_status()


@register_model_view(Employer, "list", detail=False)
class EmployerListView(generic.ObjectListView):
    queryset = employer_list_queryset()
    table, filterset = tables.EmployerTable, filtersets.EmployerFilterSet
    title = "单位台帐"


@register_model_view(Employer, "unorganized", path="unorganized/", detail=False)
class UnorganizedListView(generic.ObjectListView):
    """未建会单位台帐: employers with status none, and where the follow-up stands."""

    queryset = filtersets.with_follow_up(
        Employer.objects.operating()
        .select_related("owner", "industry")
        .with_status_filter(OrganizingStatus.NONE)
    )
    table, filterset = tables.UnorganizedTable, filtersets.UnorganizedFilterSet
    title = "未建会单位台帐"
    template_name = "unions/employer_unorganized.html"


@register_model_view(Employer, "detail")
class EmployerDetailView(generic.ObjectDetailView):
    queryset = Employer.objects.select_related("owner", "industry", "category").with_status()

    def related(self, employer):
        user = self.request.user
        own = Union.objects.visible_to(user).filter(employer=employer)
        coverages = Coverage.objects.visible_to(user).filter(employer=employer)
        payments = FundPayment.objects.visible_to(user).filter(employer=employer)
        follow_ups = FollowUp.objects.visible_to(user).filter(employer=employer)
        return [
            ("本单位工会", related_table(tables.UnionTable, own, user, exclude=("pk", "employer"))),
            (
                "涵盖关系",
                related_table(
                    tables.CoverageTable,
                    coverages.select_related("union"),
                    user,
                    exclude=("employer",),
                ),
            ),
            (
                "筹备金缴纳",
                related_table(
                    tables.FundPaymentTable,
                    payments,
                    user,
                    exclude=("pk", "employer", "employer__uscc", "employer__owner"),
                ),
            ),
            ("跟踪记录", related_table(tables.FollowUpTable, follow_ups, user)),
        ]

    def extra_context(self, employer):
        return {"breadcrumb": breadcrumb(self.request.user, employer.owner)}


@register_model_view(Employer, "edit")
@register_model_view(Employer, "add", detail=False)
class EmployerEditView(generic.ObjectEditView):
    queryset = Employer.objects.all()
    form = forms.EmployerForm


@register_model_view(Employer, "delete")
class EmployerDeleteView(generic.ObjectDeleteView):
    queryset = Employer.objects.all()


@register_model_view(Employer, "history")
class EmployerHistoryView(generic.ObjectHistoryView):
    queryset = Employer.objects.all()


@register_model_view(Employer, "bulk_edit", detail=False)
class EmployerBulkEditView(generic.BulkEditView):
    queryset = Employer.objects.all()
    form, edit_form = forms.EmployerBulkEditForm, forms.EmployerForm


@register_model_view(Employer, "bulk_delete", detail=False)
class EmployerBulkDeleteView(generic.BulkDeleteView):
    queryset = Employer.objects.all()


@register_model_view(Employer, "import", detail=False)
class EmployerImportView(generic.ImportView):
    queryset = Employer.objects.all()
    importer = importers.EmployerImporter


@register_model_view(Employer, "import_template", detail=False)
class EmployerImportTemplateView(generic.ImportTemplateView):
    queryset = Employer.objects.all()
    importer = importers.EmployerImporter


@register_model_view(Employer, "export", detail=False)
class EmployerExportView(generic.ExportView):
    queryset = Employer.objects.select_related("owner", "industry", "category")
    importer, filterset = importers.EmployerImporter, filtersets.EmployerFilterSet


@register_model_view(Employer, "autocomplete", detail=False)
class EmployerAutocompleteView(generic.AutocompleteView):
    queryset = Employer.objects.all()
    search_fields = ["name__icontains", "uscc__startswith"]


@login_required
def dual_measures(request: HttpRequest) -> HttpResponse:
    """双措并举: employers that paid the preparation fund before the year yet had no union at
    its start — which were unionized since (own union or coverage, and when) and which not."""
    today = timezone.localdate()
    year = year_param(request, today.year, highest=today.year)
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), today)
    rows = list(
        Employer.objects.visible_to(request.user)
        .fund_paid_unorganized(year)
        .select_related("owner")
        .with_status(end)
        .order_by("status", "name")
    )
    resolved_on = resolution_dates(rows, start, end)
    for row in rows:
        row.resolved_on = resolved_on.get(row.pk)
    for row in rows:
        # An employer that closed without a union has its own outcome, not 尚未建会.
        row.closed = (
            row.status == OrganizingStatus.NONE and bool(row.closed_on) and row.closed_on <= end
        )
    summary = {
        "at_start": len(rows),
        "own": sum(r.status == OrganizingStatus.OWN for r in rows),
        "covered": sum(r.status == OrganizingStatus.COVERED for r in rows),
        "closed": sum(r.closed for r in rows),
        "open": sum(r.status == OrganizingStatus.NONE and not r.closed for r in rows),
    }
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    context = {"year": year, "page": page, "summary": summary, "years": range(today.year, 2014, -1)}
    return render(request, "unions/dual_measures.html", context)


def resolution_dates(rows, start, end) -> dict[int, datetime.date]:
    """When each employer got its own union or its coverage within [start, end]."""
    ids = [r.pk for r in rows]
    dates: dict[int, datetime.date] = {}
    for employer_id, on in Union.objects.filter(
        employer_id__in=ids, founded_on__range=(start, end)
    ).values_list("employer_id", "founded_on"):
        dates[employer_id] = on
    for employer_id, on in Coverage.objects.filter(
        employer_id__in=ids, start_on__range=(start, end)
    ).values_list("employer_id", "start_on"):
        dates.setdefault(employer_id, on)
    return dates
