"""职工之家: the homes' ledger, their re-inspections (复查) and member evaluations (会员评家)."""

from __future__ import annotations

from django.db.models import Max, Min, OuterRef, Subquery

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.core.tables import related_table
from apps.unions import parameters

from .. import filtersets, forms, importers, tables
from ..models import EvaluationRound, HomeInspection, WorkersHome
from ..params import SATISFACTION_MIN


def homes_queryset():
    inspections = HomeInspection.objects.filter(home=OuterRef("pk")).order_by()
    withdrawn = inspections.filter(title_kept=False).values("home").annotate(d=Min("inspected_on"))
    last = inspections.values("home").annotate(d=Max("inspected_on"))
    return WorkersHome.objects.select_related("union").annotate(
        withdrawn_on=Subquery(withdrawn.values("d")), last_inspected_on=Subquery(last.values("d"))
    )


@register_model_view(WorkersHome, "list", detail=False)
class WorkersHomeListView(generic.ObjectListView):
    queryset = homes_queryset()
    table, filterset = tables.WorkersHomeTable, filtersets.WorkersHomeFilterSet
    title = "职工之家"


@register_model_view(WorkersHome, "detail")
class WorkersHomeDetailView(generic.ObjectDetailView):
    queryset = homes_queryset()
    template_name = "campaigns/workershome_detail.html"

    def related(self, home):
        user = self.request.user
        inspections = HomeInspection.objects.visible_to(user).filter(home=home)
        rounds = EvaluationRound.objects.visible_to(user).filter(union=home.union)
        return [
            (
                "复查记录",
                related_table(
                    tables.HomeInspectionTable,
                    inspections.select_related("home__union"),
                    user,
                    exclude=("home",),
                ),
            ),
            (
                "会员评家",
                related_table(
                    tables.EvaluationRoundTable,
                    rounds.select_related("union"),
                    user,
                    exclude=("union",),
                ),
            ),
        ]


@register_model_view(WorkersHome, "edit")
@register_model_view(WorkersHome, "add", detail=False)
class WorkersHomeEditView(generic.ObjectEditView):
    queryset = WorkersHome.objects.all()
    form = forms.WorkersHomeForm


@register_model_view(WorkersHome, "delete")
class WorkersHomeDeleteView(generic.ObjectDeleteView):
    queryset = WorkersHome.objects.all()


@register_model_view(WorkersHome, "history")
class WorkersHomeHistoryView(generic.ObjectHistoryView):
    queryset = WorkersHome.objects.all()


@register_model_view(WorkersHome, "autocomplete", detail=False)
class WorkersHomeAutocompleteView(generic.AutocompleteView):
    queryset = WorkersHome.objects.all()
    search_fields = ["union__name__icontains"]


@register_model_view(HomeInspection, "list", detail=False)
class HomeInspectionListView(generic.ObjectListView):
    queryset = HomeInspection.objects.select_related("home__union")
    table, filterset = tables.HomeInspectionTable, filtersets.HomeInspectionFilterSet
    title = "职工之家复查"


@register_model_view(HomeInspection, "detail")
class HomeInspectionDetailView(generic.ObjectDetailView):
    queryset = HomeInspection.objects.select_related("home__union")


@register_model_view(HomeInspection, "edit")
@register_model_view(HomeInspection, "add", detail=False)
class HomeInspectionEditView(generic.ObjectEditView):
    queryset = HomeInspection.objects.all()
    form = forms.HomeInspectionForm


@register_model_view(HomeInspection, "delete")
class HomeInspectionDeleteView(generic.ObjectDeleteView):
    queryset = HomeInspection.objects.all()


@register_model_view(HomeInspection, "history")
class HomeInspectionHistoryView(generic.ObjectHistoryView):
    queryset = HomeInspection.objects.all()


@register_model_view(EvaluationRound, "list", detail=False)
class EvaluationRoundListView(generic.ObjectListView):
    queryset = EvaluationRound.objects.select_related("union")
    table, filterset = tables.EvaluationRoundTable, filtersets.EvaluationRoundFilterSet
    title = "会员评家"


@register_model_view(EvaluationRound, "detail")
class EvaluationRoundDetailView(generic.ObjectDetailView):
    queryset = EvaluationRound.objects.select_related("union")
    template_name = "campaigns/evaluationround_detail.html"

    def extra_context(self, evaluation):
        threshold = parameters.value(SATISFACTION_MIN, evaluation.year)
        return {"threshold": threshold, "outcome": evaluation.outcome(threshold)}


@register_model_view(EvaluationRound, "edit")
@register_model_view(EvaluationRound, "add", detail=False)
class EvaluationRoundEditView(generic.ObjectEditView):
    queryset = EvaluationRound.objects.all()
    form = forms.EvaluationRoundForm


@register_model_view(EvaluationRound, "delete")
class EvaluationRoundDeleteView(generic.ObjectDeleteView):
    queryset = EvaluationRound.objects.all()


@register_model_view(EvaluationRound, "history")
class EvaluationRoundHistoryView(generic.ObjectHistoryView):
    queryset = EvaluationRound.objects.all()


@register_model_view(EvaluationRound, "import", detail=False)
class EvaluationRoundImportView(generic.ImportView):
    queryset = EvaluationRound.objects.all()
    importer = importers.EvaluationRoundImporter


@register_model_view(EvaluationRound, "import_template", detail=False)
class EvaluationRoundImportTemplateView(generic.ImportTemplateView):
    queryset = EvaluationRound.objects.all()
    importer = importers.EvaluationRoundImporter


@register_model_view(EvaluationRound, "export", detail=False)
class EvaluationRoundExportView(generic.ExportView):
    queryset = EvaluationRound.objects.select_related("union")
    importer, filterset = importers.EvaluationRoundImporter, filtersets.EvaluationRoundFilterSet
