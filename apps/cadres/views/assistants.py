"""工会协理员: the assistants' ledger, their monthly pay, and the county page of who was paid
below the standard, uninsured or not at all (协理员待遇核查)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.core.tables import related_table
from apps.unions import parameters

from ..counties import county_choice, county_of, year_choice
from ..filtersets.assistants import AssistantFilterSet, AssistantPaymentFilterSet
from ..forms.assistants import AssistantForm, AssistantPaymentForm
from ..importers.assistants import AssistantImporter, AssistantPaymentImporter
from ..models import Assistant, AssistantPayment
from ..models.assistants import first_of_month
from ..rules import STANDARD_SALARY, assistants_of_year, monthly_findings, months_to_check
from ..tables.assistants import AssistantPaymentTable, AssistantTable


@register_model_view(Assistant, "list", detail=False)
class AssistantListView(generic.ObjectListView):
    queryset = Assistant.objects.select_related("post")
    table, filterset = AssistantTable, AssistantFilterSet
    title = "工会协理员"


@register_model_view(Assistant, "detail")
class AssistantDetailView(generic.ObjectDetailView):
    queryset = Assistant.objects.select_related("post")
    template_name = "cadres/assistant_detail.html"

    def related(self, assistant):
        payments = AssistantPayment.objects.visible_to(self.request.user).filter(
            assistant=assistant
        )
        table = related_table(
            AssistantPaymentTable,
            payments[:36],
            self.request.user,
            exclude=("pk", "assistant", "post"),
        )
        return [("工资发放（最近36个月）", table)]


@register_model_view(Assistant, "edit")
@register_model_view(Assistant, "add", detail=False)
class AssistantEditView(generic.ObjectEditView):
    queryset = Assistant.objects.all()
    form = AssistantForm


@register_model_view(Assistant, "delete")
class AssistantDeleteView(generic.ObjectDeleteView):
    queryset = Assistant.objects.all()


@register_model_view(Assistant, "history")
class AssistantHistoryView(generic.ObjectHistoryView):
    queryset = Assistant.objects.all()


@register_model_view(Assistant, "import", detail=False)
class AssistantImportView(generic.ImportView):
    queryset = Assistant.objects.all()
    importer = AssistantImporter


@register_model_view(Assistant, "import_template", detail=False)
class AssistantImportTemplateView(generic.ImportTemplateView):
    queryset = Assistant.objects.all()
    importer = AssistantImporter


@register_model_view(Assistant, "export", detail=False)
class AssistantExportView(generic.ExportView):
    queryset = Assistant.objects.select_related("post")
    importer, filterset = AssistantImporter, AssistantFilterSet


@register_model_view(Assistant, "autocomplete", detail=False)
class AssistantAutocompleteView(generic.AutocompleteView):
    queryset = Assistant.objects.all()
    search_fields = ["name__contains", "id_number__endswith"]


@register_model_view(AssistantPayment, "list", detail=False)
class AssistantPaymentListView(generic.ObjectListView):
    queryset = AssistantPayment.objects.select_related("assistant", "assistant__post")
    table, filterset = AssistantPaymentTable, AssistantPaymentFilterSet
    title = "协理员工资发放"
    add_label = "登记工资"


@register_model_view(AssistantPayment, "detail")
class AssistantPaymentDetailView(generic.ObjectDetailView):
    queryset = AssistantPayment.objects.select_related("assistant")


@register_model_view(AssistantPayment, "edit")
@register_model_view(AssistantPayment, "add", detail=False)
class AssistantPaymentEditView(generic.ObjectEditView):
    queryset = AssistantPayment.objects.all()
    form = AssistantPaymentForm


@register_model_view(AssistantPayment, "delete")
class AssistantPaymentDeleteView(generic.ObjectDeleteView):
    queryset = AssistantPayment.objects.all()


@register_model_view(AssistantPayment, "history")
class AssistantPaymentHistoryView(generic.ObjectHistoryView):
    queryset = AssistantPayment.objects.all()


@register_model_view(AssistantPayment, "import", detail=False)
class AssistantPaymentImportView(generic.ImportView):
    queryset = AssistantPayment.objects.all()
    importer = AssistantPaymentImporter


@register_model_view(AssistantPayment, "import_template", detail=False)
class AssistantPaymentImportTemplateView(generic.ImportTemplateView):
    queryset = AssistantPayment.objects.all()
    importer = AssistantPaymentImporter


@register_model_view(AssistantPayment, "export", detail=False)
class AssistantPaymentExportView(generic.ExportView):
    queryset = AssistantPayment.objects.select_related("assistant")
    importer, filterset = AssistantPaymentImporter, AssistantPaymentFilterSet


@register_model_view(Assistant, "check", path="check/", detail=False)
class AssistantCheckView(generic.BaseObjectView):
    """协理员待遇核查: per month, who was paid below the standard, uninsured, or not paid.

    A user whose scope holds several counties sees one line per county first; a county's own
    page lists the findings month by month. A fixed number of queries either way.
    """

    queryset = Assistant.objects.all()
    template_name = "cadres/assistant_check.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year, years = year_choice(request)
        counties, county = county_choice(request)
        standard = parameters.value(STANDARD_SALARY, year)
        today = timezone.localdate()
        months, current = months_to_check(year, today), first_of_month(today)
        scope = self.scoped()
        if county is not None:
            scope = scope.in_subtree(county.path)
        assistants, payments = assistants_of_year(scope, year)
        findings = monthly_findings(assistants, payments, months, standard, current=current)
        context = {
            "year": year,
            "years": years,
            "counties": counties,
            "county": county,
            "standard": standard,
            "assistants": len(assistants),
            "findings": [f for f in findings if f.count],
            "months": len(months),
        }
        if county is None and len(counties) > 1:
            context["summary"] = county_summary(counties, assistants, findings)
        return self.render(**context)


def county_summary(counties, assistants, findings) -> list[dict[str, Any]]:
    """One line per county: assistants in post, and assistant-months found short, from the
    findings already made for the whole scope."""
    rows = {
        c.pk: {"county": c, "assistants": 0, "below": 0, "uninsured": 0, "missing": 0}
        for c in counties
    }
    county_pk = {}
    for assistant in assistants:
        if (county := county_of(assistant.post.path, counties)) is not None:
            county_pk[assistant.pk] = county.pk
            rows[county.pk]["assistants"] += 1
    for found in findings:
        kinds = (
            ("below", [a for a, _ in found.below]),
            ("uninsured", found.uninsured),
            ("missing", found.missing),
        )
        for kind, people in kinds:
            for assistant in people:
                if assistant.pk in county_pk:
                    rows[county_pk[assistant.pk]][kind] += 1
    return list(rows.values())
