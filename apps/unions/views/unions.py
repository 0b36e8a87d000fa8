"""基层工会: the grassroots ledger, a union's page, the tree browsed one level at a time and
the breadcrumb of a union's ancestors."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from apps.core import views as generic
from apps.core.params import int_param
from apps.core.registry import register_model_view
from apps.core.scoping import path_ancestors, subtree_bounds
from apps.core.tables import related_table

from .. import filtersets, forms, importers, tables
from ..models import (
    Coverage,
    Employer,
    Union,
)
from ..panels import union_panels


def union_list_queryset():
    """The grassroots ledger: single and joint grassroots unions (organizing levels are the
    tree's, browsed on the tree page)."""
    return Union.objects.grassroots().select_related("parent", "employer").with_counts()


@register_model_view(Union, "list", detail=False)
class UnionListView(generic.ObjectListView):
    queryset = union_list_queryset()
    table, filterset = tables.UnionTable, filtersets.UnionFilterSet
    title = "基层工会台帐"


@register_model_view(Union, "detail")
class UnionDetailView(generic.ObjectDetailView):
    queryset = Union.objects.select_related("parent", "employer")

    def related(self, union):
        return self.own_related(union) + union_panels(self.request.user, union)

    def own_related(self, union):
        user = self.request.user
        children = (
            Union.objects.select_related("parent", "employer")
            .with_counts()
            .visible_to(user)
            .filter(parent=union)
        )
        coverages = Coverage.objects.visible_to(user).filter(union=union).select_related("employer")
        employers = Employer.objects.visible_to(user).filter(owner=union).with_status()
        if union.level == Union.Level.JOINT:
            return [
                (
                    "涵盖单位",
                    related_table(tables.CoverageTable, coverages, user, exclude=("union",)),
                )
            ]
        if union.is_grassroots:
            return []
        return [
            (
                "下级工会（前50个）",
                related_table(tables.UnionTable, children[:50], user, exclude=("pk", "parent")),
            ),
            (
                "台帐单位（前50个）",
                related_table(tables.EmployerTable, employers[:50], user, exclude=("pk", "owner")),
            ),
        ]

    def extra_context(self, union):
        return {"breadcrumb": breadcrumb(self.request.user, union)}


@register_model_view(Union, "edit")
@register_model_view(Union, "add", detail=False)
class UnionEditView(generic.ObjectEditView):
    queryset = Union.objects.all()
    form = forms.UnionForm


@register_model_view(Union, "delete")
class UnionDeleteView(generic.ObjectDeleteView):
    queryset = Union.objects.all()


@register_model_view(Union, "history")
class UnionHistoryView(generic.ObjectHistoryView):
    queryset = Union.objects.all()


@register_model_view(Union, "bulk_edit", detail=False)
class UnionBulkEditView(generic.BulkEditView):
    queryset = Union.objects.all()
    form, edit_form = forms.UnionBulkEditForm, forms.UnionForm


@register_model_view(Union, "bulk_delete", detail=False)
class UnionBulkDeleteView(generic.BulkDeleteView):
    queryset = Union.objects.all()


@register_model_view(Union, "import", detail=False)
class UnionImportView(generic.ImportView):
    queryset = Union.objects.all()
    importer = importers.UnionImporter


@register_model_view(Union, "import_template", detail=False)
class UnionImportTemplateView(generic.ImportTemplateView):
    queryset = Union.objects.all()
    importer = importers.UnionImporter


@register_model_view(Union, "export", detail=False)
class UnionExportView(generic.ExportView):
    queryset = Union.objects.grassroots().select_related("parent", "employer")
    importer, filterset = importers.UnionImporter, filtersets.UnionFilterSet


@register_model_view(Union, "autocomplete", detail=False)
class UnionAutocompleteView(generic.AutocompleteView):
    queryset = Union.objects.active()
    search_fields = ["name__icontains", "uscc__startswith", "region_code__startswith"]
    filter_fields = ("level",)


@login_required
def union_tree(request: HttpRequest) -> HttpResponse:
    """The tree, one level at a time: the user's own node opened, deeper levels on demand
    (htmx asks for `?parent=<pk>` and gets the child rows)."""
    visible = Union.objects.visible_to(request.user)
    if "parent" in request.GET:
        parent = get_object_or_404(visible, pk=int_param(request, "parent", 0, min=1))
        rows = tree_rows(visible.filter(parent=parent), parent)
        return render(request, "unions/tree_children.html", {"rows": rows, "parent": parent})
    own = getattr(request.user, "union", None)
    rows = tree_rows(visible.filter(pk=own.pk) if own else visible.filter(parent=None), None)
    if len(rows) == 1:
        top = rows[0]
        top["expanded"] = True
        rows += tree_rows(visible.filter(parent=top["node"]), top["node"])
    return render(request, "unions/tree.html", {"rows": rows})


def tree_rows(nodes, parent: Union | None) -> list[dict]:
    nodes = list(nodes.filter(level__in=Union.ORGANIZING_LEVELS).order_by("path"))
    counts = subtree_counts(parent, nodes)
    return [{"node": n, **counts.get(n.path, {})} for n in nodes]


def subtree_counts(parent: Union | None, nodes: list[Union]) -> dict[str, dict[str, int]]:
    """Per node: organizing units below it, grassroots unions and employers in its subtree.

    Sibling nodes share a path length, so one grouped query per table covers all of them.
    """
    if not nodes:
        return {}
    width = len(nodes[0].path)
    scope = Union.objects.all()
    if parent is not None:
        low, high = subtree_bounds(parent.path)
        scope = scope.filter(path__gte=low, path__lt=high)
    paths = [n.path for n in nodes]
    union_counts = (
        scope.annotate(branch=Substr("path", 1, width))
        .filter(branch__in=paths)
        .values("branch")
        .annotate(
            grassroots=Count(
                "pk", filter=Q(level__in=Union.GRASSROOTS_LEVELS, dissolved_on__isnull=True)
            ),
            # Townships below the node, not the node itself.
            townships=Count("pk", filter=Q(level=Union.Level.TOWNSHIP) & ~Q(path__in=paths)),
        )
    )
    employer_counts = (
        Employer.objects.annotate(branch=Substr("owner__path", 1, width))
        .filter(branch__in=paths)
        .values("branch")
        .annotate(employers=Count("pk"))
    )
    result: dict[str, dict[str, int]] = {p: {} for p in paths}
    for row in union_counts:
        result[row["branch"]].update(grassroots=row["grassroots"], townships=row["townships"])
    for row in employer_counts:
        result[row["branch"]]["employers"] = row["employers"]
    return result


def breadcrumb(user, union: Union) -> list[tuple[str, str | None]]:
    """The chain from the root to a union; nodes above the user's own are shown unlinked."""
    ancestors = Union.objects.filter(path__in=path_ancestors(union.path)).order_by("path")
    visible = set(
        Union.objects.visible_to(user)
        .filter(pk__in=[a.pk for a in ancestors])
        .values_list("pk", flat=True)
    )
    return [(a.name, a.get_absolute_url() if a.pk in visible else None) for a in ancestors]
