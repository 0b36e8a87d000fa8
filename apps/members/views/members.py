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


generic.register_ledger_views(
    Member,
    form=forms.MemberForm,
    bulk_edit_form=forms.MemberBulkEditForm,
    importer=MemberImporter,
    filterset=filtersets.MemberFilterSet,
    export_queryset=Member.objects.select_related(
        "union", "employer", "dispatching_employer", "using_employer"
    ),
)


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
