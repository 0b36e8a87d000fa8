"""The member ledger (会员台帐): list, detail, add/edit/delete, import, export and status steps."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.core.tables import related_table

from .. import filtersets, forms, services, tables
from ..importers import MemberImporter
from ..models import Member, Membership


@register_model_view(Member, "list", detail=False)
class MemberListView(generic.ObjectListView):
    queryset = Member.objects.select_related("union")
    table, filterset = tables.MemberTable, filtersets.MemberFilterSet
    title = "会员台帐"


@register_model_view(Member, "detail")
class MemberDetailView(generic.ObjectDetailView):
    """The member's facts and membership history. The full ID number and mobile are shown
    only to roles that may edit the member; everyone else sees them masked."""

    queryset = Member.objects.select_related("union", "employer")
    derived_fields = ("sex", "birth_date", "status", "joined_on")

    def related(self, member):
        memberships = Membership.objects.visible_to(self.request.user).filter(member=member)
        return [
            (
                "会籍记录",
                related_table(
                    tables.MembershipTable, memberships.select_related("union"), self.request.user
                ),
            )
        ]


@register_model_view(Member, "edit")
@register_model_view(Member, "add", detail=False)
class MemberEditView(generic.ObjectEditView):
    queryset = Member.objects.all()
    form = forms.MemberForm


@register_model_view(Member, "delete")
class MemberDeleteView(generic.ObjectDeleteView):
    queryset = Member.objects.all()


@register_model_view(Member, "history")
class MemberHistoryView(generic.ObjectHistoryView):
    queryset = Member.objects.all()


@register_model_view(Member, "bulk_edit", detail=False)
class MemberBulkEditView(generic.BulkEditView):
    queryset = Member.objects.all()
    form, edit_form = forms.MemberBulkEditForm, forms.MemberForm


@register_model_view(Member, "import", detail=False)
class MemberImportView(generic.ImportView):
    queryset = Member.objects.all()
    importer = MemberImporter


@register_model_view(Member, "import_template", detail=False)
class MemberImportTemplateView(generic.ImportTemplateView):
    queryset = Member.objects.all()
    importer = MemberImporter


@register_model_view(Member, "export", detail=False)
class MemberExportView(generic.ExportView):
    queryset = Member.objects.select_related(
        "union", "employer", "dispatching_employer", "using_employer"
    )
    importer, filterset = MemberImporter, filtersets.MemberFilterSet


@register_model_view(Member, "status")
class MemberStatusView(generic.BaseObjectView):
    """Retain, restore, withdraw (with the date and reason) — a step on the current membership."""

    queryset = Member.objects.all()

    def get(self, request, pk):
        member = self.get_object()
        self.require("change")
        return self.render(object=member, form=forms.MemberStatusForm(member=member))

    def post(self, request, pk):
        member = self.get_object()
        self.require("change")
        form = forms.MemberStatusForm(request.POST, member=member)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.change_status(
                    member, data["status"], on=data["on"], reason=data["reason"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"“{member}”的会籍状态已变更为“{member.get_status_display()}”。"
                )
                return redirect(member.get_absolute_url())
        return self.render(object=member, form=form)
