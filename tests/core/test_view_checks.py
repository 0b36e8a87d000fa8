"""The system check of the ledgers' views (`apps.core.checks`): it passes for the project and
fails, with the rule's id, for each way a registration can hide a button or break a link."""

import django_tables2 as tables
from django.core.checks import run_checks

from apps.core import views as generic
from apps.core.checks import check_model_views, model_view_errors
from apps.core.models import ExportLog
from apps.core.registry import registered_views
from apps.core.tables import EditColumn, LedgerTable
from apps.unions.filtersets import EmployerFilterSet
from apps.unions.forms import EmployerBulkEditForm, EmployerForm, UnionForm
from apps.unions.importers import EmployerImporter, UnionImporter
from apps.unions.models import Coverage, Employer
from apps.unions.tables import EmployerTable
from apps.unions.views.employers import EmployerEditView, EmployerListView


def test_the_project_passes():
    assert check_model_views() == []
    assert not [e for e in run_checks() if e.id.startswith("core.E1")]


def test_every_ledger_of_the_project_is_checked():
    labels = {model._meta.label for model in registered_views()}
    assert {"unions.Employer", "members.Member", "cadres.Election", "core.ImportRecord"} <= labels


class Edit(generic.ObjectEditView):
    queryset = Employer.objects.all()
    form = EmployerForm


class Import(generic.ImportView):
    queryset = Employer.objects.all()
    importer = EmployerImporter


class Template(generic.ImportTemplateView):
    queryset = Employer.objects.all()
    importer = UnionImporter  # not the import's importer


class BulkEdit(generic.BulkEditView):
    queryset = Employer.objects.all()
    form, edit_form = EmployerBulkEditForm, UnionForm  # not the edit view's form


class BrokenTable(LedgerTable):
    edit = EditColumn("unions:employer_nothing")

    class Meta(LedgerTable.Meta):
        model = Employer
        fields = ("name",)


class NoPageTable(LedgerTable):
    ledger = tables.Column(linkify=True)  # export logs have no page

    class Meta(LedgerTable.Meta):
        model = ExportLog
        fields = ("ledger",)


class BrokenList(generic.ObjectListView):
    queryset = Employer.objects.all()
    table, filterset = BrokenTable, EmployerFilterSet


class NoPageList(generic.ObjectListView):
    queryset = ExportLog.objects.all()
    table = NoPageTable


def errors(registered, names=frozenset()):
    found = model_view_errors(registered, set(names) | PROJECT_URL_NAMES)
    return sorted((e.id, e.msg) for e in found)


PROJECT_URL_NAMES = {
    f"unions:{model}_{action}"
    for model in ("employer", "coverage")
    for action in (
        "list",
        "detail",
        "add",
        "edit",
        "delete",
        "history",
        "import",
        "import_template",
        "export",
        "bulk_edit",
    )
} | {"core:exportlog_list", "unions:union_detail"}


def ids(registered):
    return [id_ for id_, _ in errors(registered)]


def test_a_view_without_its_url_fires():
    found = errors({Employer: [("list", False, EmployerListView), ("merge", True, Edit)]})
    assert [id_ for id_, _ in found] == ["core.E101"]
    assert "unions:employer_merge" in found[0][1]


def test_an_action_registered_twice_fires():
    registered = {Employer: [("list", False, EmployerListView), ("list", False, EmployerListView)]}
    assert ids(registered) == ["core.E101"]


def test_an_edit_without_delete_and_history_fires():
    found = errors({Coverage: [("add", False, Edit), ("edit", True, Edit)]})
    assert [id_ for id_, _ in found] == ["core.E102"]
    assert "delete and history" in found[0][1]


def test_an_import_without_template_and_export_fires():
    registered = {Employer: [("list", False, EmployerListView), ("import", False, Import)]}
    assert ids(registered) == ["core.E103", "core.E103"]


def test_an_import_template_of_another_importer_fires():
    registered = {
        Employer: [
            ("list", False, EmployerListView),
            ("import", False, Import),
            ("import_template", False, Template),
            (
                "export",
                False,
                type("Export", (generic.ExportView,), {"importer": EmployerImporter}),
            ),
        ]
    }
    found = errors(registered)
    assert [id_ for id_, _ in found] == ["core.E103"]
    assert "import_template" in found[0][1]


def test_list_buttons_without_the_list_fire():
    registered = {
        Employer: [
            ("import", False, Import),
            ("import_template", False, type("T", (Template,), {"importer": EmployerImporter})),
            (
                "export",
                False,
                type("Export", (generic.ExportView,), {"importer": EmployerImporter}),
            ),
        ]
    }
    assert ids(registered) == ["core.E104", "core.E104"]


def test_a_bulk_edit_not_checked_by_the_edit_form_fires():
    base = [("list", False, EmployerListView), ("bulk_edit", False, BulkEdit)]
    assert ids({Employer: base}) == ["core.E105"]  # no edit view at all
    registered = {
        Employer: [
            *base,
            ("add", False, EmployerEditView),
            ("edit", True, EmployerEditView),
            ("delete", True, generic.ObjectDeleteView),
            ("history", True, generic.ObjectHistoryView),
        ]
    }
    found = errors(registered)
    assert [id_ for id_, _ in found] == ["core.E105"]
    assert "UnionForm" in found[0][1]


def test_a_table_linking_to_an_unregistered_page_fires():
    found = errors({Employer: [("list", False, BrokenList)]})
    assert [id_ for id_, _ in found] == ["core.E106"]
    assert "unions:employer_nothing" in found[0][1]
    found = errors({ExportLog: [("list", False, NoPageList)]})
    assert [id_ for id_, _ in found] == ["core.E106"]
    assert "get_absolute_url" in found[0][1]


def test_a_sound_registration_passes():
    assert EmployerTable.base_columns["name"].link is not None  # linkify=True, checked
    registered = {
        Employer: [
            ("list", False, EmployerListView),
            ("detail", True, generic.ObjectDetailView),
            ("add", False, EmployerEditView),
            ("edit", True, EmployerEditView),
            ("delete", True, generic.ObjectDeleteView),
            ("history", True, generic.ObjectHistoryView),
        ]
    }
    assert errors(registered) == []
