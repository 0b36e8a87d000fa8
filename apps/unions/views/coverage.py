"""The ledgers that hang off an employer: coverage by a joint union (涵盖), follow-ups of an
employer without a union (跟踪记录) and payments of the preparation fund (筹备金缴纳)."""

from apps.core import views as generic
from apps.core.registry import register_model_view

from .. import filtersets, forms, importers, tables
from ..models import (
    Coverage,
    FollowUp,
    FundPayment,
)


@register_model_view(Coverage, "edit")
@register_model_view(Coverage, "add", detail=False)
class CoverageEditView(generic.ObjectEditView):
    queryset = Coverage.objects.all()
    form = forms.CoverageForm


@register_model_view(Coverage, "delete")
class CoverageDeleteView(generic.ObjectDeleteView):
    queryset = Coverage.objects.all()


@register_model_view(Coverage, "history")
class CoverageHistoryView(generic.ObjectHistoryView):
    queryset = Coverage.objects.all()


@register_model_view(FollowUp, "edit")
@register_model_view(FollowUp, "add", detail=False)
class FollowUpEditView(generic.ObjectEditView):
    queryset = FollowUp.objects.all()
    form = forms.FollowUpForm


@register_model_view(FollowUp, "delete")
class FollowUpDeleteView(generic.ObjectDeleteView):
    queryset = FollowUp.objects.all()


@register_model_view(FollowUp, "history")
class FollowUpHistoryView(generic.ObjectHistoryView):
    queryset = FollowUp.objects.all()


@register_model_view(FundPayment, "edit")
@register_model_view(FundPayment, "add", detail=False)
class FundPaymentEditView(generic.ObjectEditView):
    queryset = FundPayment.objects.all()
    form = forms.FundPaymentForm


@register_model_view(FundPayment, "delete")
class FundPaymentDeleteView(generic.ObjectDeleteView):
    queryset = FundPayment.objects.all()


@register_model_view(FundPayment, "history")
class FundPaymentHistoryView(generic.ObjectHistoryView):
    queryset = FundPayment.objects.all()


@register_model_view(FundPayment, "import", detail=False)
class FundPaymentImportView(generic.ImportView):
    queryset = FundPayment.objects.all()
    importer = importers.FundPaymentImporter


@register_model_view(FundPayment, "import_template", detail=False)
class FundPaymentImportTemplateView(generic.ImportTemplateView):
    queryset = FundPayment.objects.all()
    importer = importers.FundPaymentImporter


@register_model_view(FundPayment, "export", detail=False)
class FundPaymentExportView(generic.ExportView):
    queryset = FundPayment.objects.select_related("employer")
    importer, filterset = importers.FundPaymentImporter, filtersets.FundPaymentFilterSet


@register_model_view(FundPayment, "list", detail=False)
class FundPaymentListView(generic.ObjectListView):
    queryset = FundPayment.objects.select_related("employer", "employer__owner")
    table, filterset = tables.FundPaymentTable, filtersets.FundPaymentFilterSet
