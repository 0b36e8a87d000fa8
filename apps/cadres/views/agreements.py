"""工会主席协议管理: the pilots' ledger (with the signed agreement file) and each county's
progress against its two yearly quotas."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse

from apps.core import views as generic
from apps.core.registry import register_model_view
from apps.unions import parameters

from ..counties import COUNTY_LEVELS, county_choice, year_choice
from ..filtersets.agreements import ChairAgreementFilterSet
from ..forms.agreements import ChairAgreementForm
from ..importers.agreements import ChairAgreementExport
from ..models import ChairAgreement
from ..rules import QUOTA_NON_PUBLIC, QUOTA_REGIONAL
from ..tables.agreements import ChairAgreementTable

QUOTAS = {
    ChairAgreement.Kind.NON_PUBLIC: QUOTA_NON_PUBLIC,
    ChairAgreement.Kind.REGIONAL: QUOTA_REGIONAL,
}


@register_model_view(ChairAgreement, "list", detail=False)
class ChairAgreementListView(generic.ObjectListView):
    queryset = ChairAgreement.objects.select_related("union")
    table, filterset = ChairAgreementTable, ChairAgreementFilterSet
    title = "主席协议管理试点"
    add_label = "登记试点"


@register_model_view(ChairAgreement, "detail")
class ChairAgreementDetailView(generic.ObjectDetailView):
    queryset = ChairAgreement.objects.select_related("union")
    template_name = "cadres/chairagreement_detail.html"

    def extra_context(self, agreement):
        return {"file_url": self.url("file", agreement) if agreement.file else None}


@register_model_view(ChairAgreement, "file")
class ChairAgreementFileView(generic.ObjectFileView):
    queryset = ChairAgreement.objects.all()
    missing = "该试点没有上传协议文本"

    def download_name(self, agreement):
        return f"{agreement.union}主席协议"


@register_model_view(ChairAgreement, "edit")
@register_model_view(ChairAgreement, "add", detail=False)
class ChairAgreementEditView(generic.ObjectEditView):
    queryset = ChairAgreement.objects.all()
    form = ChairAgreementForm


@register_model_view(ChairAgreement, "delete")
class ChairAgreementDeleteView(generic.ObjectDeleteView):
    queryset = ChairAgreement.objects.all()


@register_model_view(ChairAgreement, "history")
class ChairAgreementHistoryView(generic.ObjectHistoryView):
    queryset = ChairAgreement.objects.all()


@register_model_view(ChairAgreement, "export", detail=False)
class ChairAgreementExportView(generic.ExportView):
    queryset = ChairAgreement.objects.select_related("union")
    importer, filterset = ChairAgreementExport, ChairAgreementFilterSet


def pilot_counts(scope, counties, year: int) -> dict[tuple[int, str, str], int]:
    """(county pk, kind, status) → pilots signed in the year, or being prepared now; one
    grouped query for all counties."""
    if not counties:
        return {}
    width = len(counties[0].path)
    by_path = {c.path: c.pk for c in counties}
    signed = Q(status=ChairAgreement.Status.SIGNED, signed_on__year=year)
    grouped = (
        scope.filter(signed | Q(status=ChairAgreement.Status.PREPARING))
        .annotate(county_path=Substr("union__path", 1, width))
        .filter(county_path__in=list(by_path))
        .values("county_path", "kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[int, str, str], int] = defaultdict(int)
    for row in grouped:
        counts[by_path[row["county_path"]], row["kind"], row["status"]] += row["n"]
    return counts


@register_model_view(ChairAgreement, "progress", path="progress/", detail=False)
class ChairAgreementProgressView(generic.BaseObjectView):
    """试点进度: per county, pilots signed in the year of each kind against its two quotas,
    and pilots being prepared. A fixed number of queries for all counties."""

    queryset = ChairAgreement.objects.all()
    template_name = "cadres/chairagreement_progress.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year, years = year_choice(request)
        counties, county = county_choice(request)
        counties = [c for c in counties if c.level in COUNTY_LEVELS]
        shown = [county] if county is not None else counties
        counts = pilot_counts(self.scoped(), shown, year)
        quotas = {kind: parameters.county_values(key, year) for kind, key in QUOTAS.items()}
        rows = []
        for c in shown:
            row = {"county": c, "kinds": []}
            for kind in ChairAgreement.Kind:
                quota = quotas[kind].get(c.pk)
                signed = counts[c.pk, kind, ChairAgreement.Status.SIGNED]
                row["kinds"].append(
                    {
                        "kind": kind,
                        "quota": quota,
                        "signed": signed,
                        "preparing": counts[c.pk, kind, ChairAgreement.Status.PREPARING],
                        "met": quota is not None and Decimal(signed) >= quota,
                    }
                )
            row["met"] = all(k["met"] for k in row["kinds"])
            rows.append(row)
        return self.render(
            year=year,
            years=years,
            counties=counties,
            county=county,
            rows=rows,
            kinds=ChairAgreement.Kind,
        )
