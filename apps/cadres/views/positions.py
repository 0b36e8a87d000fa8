"""干部任职台帐: positions, their bulk edit, and the committee on the union detail page."""

from __future__ import annotations

from functools import partial

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.core.tables import related_table
from apps.unions.models import Union

from ..filtersets.positions import PositionFilterSet
from ..forms.positions import PositionBulkEditForm, PositionForm
from ..importers.positions import PositionImporter
from ..models import Position
from ..tables.positions import PositionTable


@register_model_view(Position, "list", detail=False)
class PositionListView(generic.ObjectListView):
    queryset = Position.objects.select_related("cadre", "union", "election")
    table, filterset = PositionTable, PositionFilterSet
    title = "干部任职台帐"


@register_model_view(Position, "detail")
class PositionDetailView(generic.ObjectDetailView):
    queryset = Position.objects.select_related("cadre", "union", "election__union")


@register_model_view(Position, "edit")
@register_model_view(Position, "add", detail=False)
class PositionEditView(generic.ObjectEditView):
    queryset = Position.objects.all()
    form = PositionForm


@register_model_view(Position, "delete")
class PositionDeleteView(generic.ObjectDeleteView):
    queryset = Position.objects.all()


@register_model_view(Position, "history")
class PositionHistoryView(generic.ObjectHistoryView):
    queryset = Position.objects.all()


@register_model_view(Position, "bulk_delete", detail=False)
class PositionBulkDeleteView(generic.BulkDeleteView):
    queryset = Position.objects.all()


@register_model_view(Position, "import", detail=False)
class PositionImportView(generic.ImportView):
    queryset = Position.objects.all()
    importer = PositionImporter


@register_model_view(Position, "import_template", detail=False)
class PositionImportTemplateView(generic.ImportTemplateView):
    queryset = Position.objects.all()
    importer = PositionImporter


@register_model_view(Position, "export", detail=False)
class PositionExportView(generic.ExportView):
    queryset = Position.objects.select_related("cadre", "union")
    importer, filterset = PositionImporter, PositionFilterSet


@register_model_view(Position, "bulk_edit", detail=False)
class PositionBulkEditView(generic.BulkEditView):
    """The generic bulk edit, its form told the selected positions (to check the end date)."""

    queryset = Position.objects.select_related("cadre", "union")
    form, edit_form = PositionBulkEditForm, PositionForm

    def handle(self, rows):
        self.form = partial(PositionBulkEditForm, positions=rows)
        return super().handle(rows)


def union_panels(user, union: Union) -> list[tuple[str, object]]:
    """The union detail page's sections from this app (registered in apps.py)."""
    sections = []
    if user.has_perm("cadres.view_position"):
        committee = (
            Position.objects.visible_to(user)
            .current()
            .filter(union=union)
            .select_related("cadre", "union", "election")
            .in_role_order()
        )
        sections.append(
            (
                "本届委员会（现任干部）",
                related_table(PositionTable, committee, user, exclude=("pk", "union")),
            )
        )
    # The union's findings, these rules' among them, are the standardization panel's
    # (apps.campaigns), each with where to fix it.
    return sections
