"""会籍接转: the receiving union asks, the releasing union accepts or refuses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect

from apps.core import views as generic
from apps.core.params import prefill
from apps.core.registry import register_model_view

from .. import filtersets, forms, services, tables
from ..models import Member, MemberConflict, Transfer


@register_model_view(Transfer, "list", detail=False)
class TransferListView(generic.ObjectListView):
    queryset = Transfer.objects.select_related("member", "from_union", "to_union")
    table, filterset = tables.TransferTable, filtersets.TransferFilterSet
    title = "会籍接转"
    add_label = "接转申请"


@register_model_view(Transfer, "detail")
class TransferDetailView(generic.ObjectDetailView):
    queryset = Transfer.objects.select_related("member", "from_union", "to_union")

    def extra_context(self, transfer):
        may_decide = (
            transfer.status == Transfer.Status.PENDING
            and self.request.user.has_perm("members.change_transfer")
            and services.can_act_for(self.request.user, transfer.from_union)
        )
        return {"may_decide": may_decide}


def requestable_member(user, pk: str) -> Member:
    """A member the user may ask a transfer for: one in the user's scope, or the member of
    an open conflict the user sees (an active member of another county met by the user's
    import). Anyone else answers 404, as a row outside the scope does."""
    if not pk.isdigit():
        raise Http404
    conflicts = MemberConflict.objects.visible_to(user).filter(resolved_on__isnull=True)
    return get_object_or_404(
        Member.objects.filter(
            Q(pk__in=Member.objects.visible_to(user).filter(pk=pk).values("pk"))
            | Q(pk__in=conflicts.filter(member=pk).values("member"))
        )
    )


@register_model_view(Transfer, "add", detail=False)
class TransferRequestView(generic.BaseObjectView):
    """The receiving union asks for a member; done at once when the user acts for both."""

    queryset = Transfer.objects.all()

    def get(self, request):
        self.require("add")
        # Prefilled by links such as 会员核查's 发起接转 (?member=<pk>&to_union=<pk>): the
        # member's pk, not the ID number, which would be kept in every access log on the way.
        fields = forms.TransferRequestForm.base_fields
        initial = prefill(request, {"to_union": fields["to_union"]})
        if "member" in request.GET:
            initial["id_number"] = requestable_member(request.user, request.GET["member"]).id_number
        return self.render(form=forms.TransferRequestForm(user=request.user, initial=initial))

    def post(self, request):
        self.require("add")
        form = forms.TransferRequestForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                transfer = services.request_transfer(
                    data["id_number"], data["to_union"], on=data["on"], actor=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                done = transfer.status == Transfer.Status.ACCEPTED
                messages.success(
                    request, "接转已办结。" if done else "已提交接转申请，待转出工会确认。"
                )
                return redirect(transfer.get_absolute_url())
        return self.render(form=form)


class TransferDecisionView(generic.BaseObjectView):
    """Accept or refuse a pending transfer, for users who act for the releasing union."""

    queryset = Transfer.objects.select_related("member", "from_union", "to_union")
    template_name = "members/transfer_decision.html"
    decision = ""

    def allowed_transfer(self) -> Transfer:
        transfer = self.get_object()
        self.require("change")
        if transfer.status != Transfer.Status.PENDING or not services.can_act_for(
            self.request.user, transfer.from_union
        ):
            raise PermissionDenied("只有转出工会可以办理待确认的接转")
        return transfer

    def get(self, request, pk):
        transfer = self.allowed_transfer()
        return self.render(
            object=transfer, form=forms.TransferDecisionForm(), decision=self.decision
        )

    def post(self, request, pk):
        transfer = self.allowed_transfer()
        form = forms.TransferDecisionForm(request.POST)
        if self.decision == "refuse" and not request.POST.get("note", "").strip():
            form.add_error("note", "拒绝接转须写明原因")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if self.decision == "accept":
                    services.accept_transfer(transfer, on=data["on"], actor=request.user)
                else:
                    services.refuse_transfer(
                        transfer, on=data["on"], note=data["note"], actor=request.user
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"已{'同意' if self.decision == 'accept' else '拒绝'}接转。"
                )
                return redirect(transfer.get_absolute_url())
        return self.render(object=transfer, form=form, decision=self.decision)


@register_model_view(Transfer, "accept")
class TransferAcceptView(TransferDecisionView):
    decision = "accept"


@register_model_view(Transfer, "refuse")
class TransferRefuseView(TransferDecisionView):
    decision = "refuse"
