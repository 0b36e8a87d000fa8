"""Generic ledger views, written once; an app's view only declares its model's pieces.

    from apps.core import views as generic

    @register_model_view(Employer, "edit")
    @register_model_view(Employer, "add", detail=False)
    class EmployerEditView(generic.ObjectEditView):
        queryset = Employer.objects.all()
        form = EmployerForm

Every view gets its rows from `queryset.visible_to(request.user)`: a row outside the user's
scope answers 404; a row in scope that the user's role may not change answers 403. The
modules: `base` (the base view, the filtered queryset), `objects` (list, detail, file,
history, edit, delete), `bulk` (bulk edit and delete), `exchange` (export, import template,
import), `autocomplete`.
"""

from .autocomplete import AutocompleteView
from .base import BULK_MAX, PER_PAGE_CHOICES, BaseObjectView, FilteredMixin, PermissionsViolation
from .bulk import BULK_ERRORS_SHOWN, BulkDeleteView, BulkEditView, BulkView, bulk_refusal
from .exchange import ExportView, ImportTemplateView, ImportView, xlsx_response
from .objects import (
    ObjectDeleteView,
    ObjectDetailView,
    ObjectEditView,
    ObjectFileView,
    ObjectHistoryView,
    ObjectListView,
    history_changes,
)

__all__ = [
    "BULK_ERRORS_SHOWN",
    "BULK_MAX",
    "PER_PAGE_CHOICES",
    "AutocompleteView",
    "BaseObjectView",
    "BulkDeleteView",
    "BulkEditView",
    "BulkView",
    "ExportView",
    "FilteredMixin",
    "ImportTemplateView",
    "ImportView",
    "ObjectDeleteView",
    "ObjectDetailView",
    "ObjectEditView",
    "ObjectFileView",
    "ObjectHistoryView",
    "ObjectListView",
    "PermissionsViolation",
    "bulk_refusal",
    "history_changes",
    "xlsx_response",
]
