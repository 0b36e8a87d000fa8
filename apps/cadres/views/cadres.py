"""工会干部台帐: the cadres' ledger, each cadre with the offices held today."""

from __future__ import annotations

from django.db.models import Prefetch

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.core.tables import related_table

from ..filtersets.cadres import CadreFilterSet
from ..forms.cadres import CadreForm
from ..importers.cadres import CadreImporter
from ..models import Cadre, Position
from ..tables.cadres import CadreTable
from ..tables.positions import PositionTable


def cadre_list_queryset():
    current = Position.objects.current().select_related("union")
    return Cadre.objects.select_related("union").prefetch_related(
        Prefetch("positions", queryset=current, to_attr="current_positions")
    )


@register_model_view(Cadre, "list", detail=False)
class CadreListView(generic.ObjectListView):
    queryset = cadre_list_queryset()
    table, filterset = CadreTable, CadreFilterSet
    title = "工会干部台帐"


@register_model_view(Cadre, "detail")
class CadreDetailView(generic.ObjectDetailView):
    queryset = Cadre.objects.select_related("union", "member")

    def related(self, cadre):
        positions = Position.objects.visible_to(self.request.user).filter(cadre=cadre)
        return [
            (
                "任职记录",
                related_table(
                    PositionTable,
                    positions.select_related("union"),
                    self.request.user,
                    exclude=("pk", "cadre"),
                ),
            )
        ]


@register_model_view(Cadre, "edit")
@register_model_view(Cadre, "add", detail=False)
class CadreEditView(generic.ObjectEditView):
    queryset = Cadre.objects.all()
    form = CadreForm


@register_model_view(Cadre, "delete")
class CadreDeleteView(generic.ObjectDeleteView):
    queryset = Cadre.objects.all()


@register_model_view(Cadre, "history")
class CadreHistoryView(generic.ObjectHistoryView):
    queryset = Cadre.objects.all()


@register_model_view(Cadre, "import", detail=False)
class CadreImportView(generic.ImportView):
    queryset = Cadre.objects.all()
    importer = CadreImporter


@register_model_view(Cadre, "import_template", detail=False)
class CadreImportTemplateView(generic.ImportTemplateView):
    queryset = Cadre.objects.all()
    importer = CadreImporter


@register_model_view(Cadre, "export", detail=False)
class CadreExportView(generic.ExportView):
    queryset = Cadre.objects.select_related("union")
    importer, filterset = CadreImporter, CadreFilterSet


@register_model_view(Cadre, "autocomplete", detail=False)
class CadreAutocompleteView(generic.AutocompleteView):
    queryset = Cadre.objects.all()
    search_fields = ["name__icontains", "id_number__startswith"]
