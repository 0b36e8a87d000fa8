"""主席选举: the elections' ledger and export, the ballot and tally sheet (PDF) and the upper
union's approval (批复)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from apps.core import views as generic
from apps.core.registry import register_model_view

from .. import ballots, services
from ..filtersets.elections import ElectionFilterSet
from ..forms.elections import ApprovalForm, ElectionForm
from ..importers.elections import ElectionExport
from ..models import Election, Position
from ..tables.elections import ElectionTable


@register_model_view(Election, "list", detail=False)
class ElectionListView(generic.ObjectListView):
    queryset = Election.objects.select_related("union").annotate(
        candidate_count=Count("candidates")
    )
    table, filterset = ElectionTable, ElectionFilterSet
    title = "主席选举台帐"


@register_model_view(Election, "detail")
class ElectionDetailView(generic.ObjectDetailView):
    queryset = Election.objects.select_related("union").prefetch_related("candidates")

    def extra_context(self, election):
        return {
            "candidates": ballots.ballot_candidates(election),
            "result": election.result(),
            "chair_positions": Position.objects.visible_to(self.request.user)
            .filter(election=election)
            .select_related("cadre"),
        }


@register_model_view(Election, "rules")
class ElectionRulesView(generic.ObjectFileView):
    """The election's rules (选举办法) as uploaded, within the election's scope."""

    queryset = Election.objects.select_related("union")
    file_field = "rules_document"
    missing = "该选举没有上传选举办法"

    def download_name(self, election):
        return f"{election.union.name}{election.held_on:%Y%m%d}选举办法"


@register_model_view(Election, "edit")
@register_model_view(Election, "add", detail=False)
class ElectionEditView(generic.ObjectEditView):
    queryset = Election.objects.all()
    form = ElectionForm


@register_model_view(Election, "delete")
class ElectionDeleteView(generic.ObjectDeleteView):
    queryset = Election.objects.all()


@register_model_view(Election, "history")
class ElectionHistoryView(generic.ObjectHistoryView):
    queryset = Election.objects.all()


@register_model_view(Election, "autocomplete", detail=False)
class ElectionAutocompleteView(generic.AutocompleteView):
    queryset = Election.objects.all()
    search_fields = ["union__name__icontains"]


@register_model_view(Election, "export", detail=False)
class ElectionExportView(generic.ExportView):
    queryset = Election.objects.select_related("union").prefetch_related("candidates")
    importer, filterset = ElectionExport, ElectionFilterSet


@register_model_view(Election, "ballot")
class ElectionPdfView(generic.BaseObjectView):
    queryset = Election.objects.select_related("union").prefetch_related("candidates")
    render_pdf = staticmethod(ballots.ballot_pdf)
    kind = "选票"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        election = self.get_object()
        response = HttpResponse(self.render_pdf(election), content_type="application/pdf")
        name = f"{election.union.name}{election.held_on:%Y%m%d}{self.kind}.pdf"
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
        return response


@register_model_view(Election, "tally")
class ElectionTallyView(ElectionPdfView):
    render_pdf = staticmethod(ballots.tally_pdf)
    kind = "计票单"


@register_model_view(Election, "approve")
class ElectionApproveView(generic.BaseObjectView):
    """The upper union's approval (批复); the elected candidate becomes the chair."""

    queryset = Election.objects.select_related("union").prefetch_related("candidates")
    template_name = "cadres/election_approve.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        election = self.get_object()
        self.require("change")
        return self.render(
            object=election, form=ApprovalForm(instance=election), result=election.result()
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        election = self.get_object()
        self.require("change")
        form = ApprovalForm(request.POST, instance=election)
        if not form.is_valid():
            return self.render(object=election, form=form, result=election.result())
        data = form.cleaned_data
        position = services.approve_election(
            election,
            approved_on=data["approved_on"],
            number=data["approval_number"],
            term_end=data.get("term_end"),
        )
        if position is not None:
            messages.success(request, f"已登记批复，{position.cadre}任{position.union}主席。")
        else:
            messages.success(request, f"已登记批复。{election.result().text}")
        return redirect(election.get_absolute_url())
