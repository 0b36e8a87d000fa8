"""工会主席协议管理: the pilots' ledger (with the signed agreement file) and each county's
progress against its two yearly quotas."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse

from apps.core import views as generic
from apps.core.filtersets import LedgerFilterSet, year_filter
from apps.core.forms import ScopedModelForm
from apps.core.importing import Column
from apps.core.registry import register_model_view
from apps.core.tables import LedgerTable
from apps.unions import parameters
from apps.unions.filtersets import WithinFilter, date_range_filter
from apps.unions.forms import only_levels

from .counties import COUNTY_LEVELS, county_choice, year_choice
from .models import ChairAgreement

QUOTA_NON_PUBLIC = parameters.register(
    "cadres.agreement_quota_non_public", "主席协议管理试点任务（非公企业）",
    default=2, unit="个", per_county=True,
)  # fmt: skip
QUOTA_REGIONAL = parameters.register(
    "cadres.agreement_quota_regional", "主席协议管理试点任务（区域性、行业性工会）",
    default=1, unit="个", per_county=True,
)  # fmt: skip
QUOTAS = {ChairAgreement.Kind.NON_PUBLIC: QUOTA_NON_PUBLIC,
          ChairAgreement.Kind.REGIONAL: QUOTA_REGIONAL}  # fmt: skip


class ChairAgreementTable(LedgerTable):
    union = tables.Column(linkify=True)
    signed_on = tables.DateColumn(format="Y-m-d", linkify=True)
    term_start = tables.DateColumn(format="Y-m-d")
    term_end = tables.DateColumn(format="Y-m-d")
    file = tables.Column("协议文本", orderable=False)

    default_columns = ("union", "kind", "chair_name", "signed_on", "term_end", "status", "file")

    class Meta(LedgerTable.Meta):
        model = ChairAgreement
        fields = ("pk", "union", "kind", "upper_party", "employer_party", "chair_name",
                  "signed_on", "term_start", "term_end", "status", "file", "note")  # fmt: skip
        sequence = fields

    def render_file(self, value):
        return "已上传" if value else "—"


class ChairAgreementFilterSet(LedgerFilterSet):
    search_fields = ("union__name__contains", "chair_name__contains", "employer_party__contains")
    within = WithinFilter(label="所属组织（含下级）", prefix="union__")
    kind = django_filters.ChoiceFilter(
        label="试点类别", choices=ChairAgreement.Kind.choices, empty_label="全部"
    )
    status = django_filters.ChoiceFilter(
        label="状态", choices=ChairAgreement.Status.choices, empty_label="全部"
    )
    year = year_filter("签订年度", field_name="signed_on",
                                       lookup_expr="year")  # fmt: skip
    # The figures' drill-down (apps.stats): pilots signed from 1 January to the as-of day.
    signed = date_range_filter("签订日期（起止）", field_name="signed_on")

    class Meta:
        model = ChairAgreement
        fields = ["q", "within", "kind", "status", "year", "signed"]


class ChairAgreementForm(ScopedModelForm):
    """The pilot kind follows from the union where it can (the model's `clean`)."""

    class Meta:
        model = ChairAgreement
        fields = ["union", "kind", "upper_party", "employer_party", "chair_name", "status",
                  "signed_on", "term_start", "term_end", "file", "note"]  # fmt: skip
        # Uploading replaces the file; no link to the storage path, which is not served
        # (the detail page's download checks the scope).
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["union"], ChairAgreement.UNION_LEVELS)
        kind = self.fields["kind"]
        kind.required = False
        kind.choices = [("", "按工会自动判断"), *ChairAgreement.Kind.choices]


def _date(attr: str):
    return lambda a: f"{value:%Y-%m-%d}" if (value := getattr(a, attr)) else ""


class ChairAgreementExport:
    """The pilots' list as an Excel export. Export only: the signed agreement is a file that
    cannot come from a spreadsheet, so pilots are entered in the browser."""

    model = ChairAgreement
    columns = [
        Column("union", "试点工会", export=lambda a: str(a.union)),
        Column("kind", "试点类别", export=lambda a: a.get_kind_display()),
        Column("upper_party", "甲方（上级工会）", export=lambda a: a.upper_party),
        Column("employer_party", "乙方（企业或区域、行业方）", export=lambda a: a.employer_party),
        Column("chair_name", "工会主席", export=lambda a: a.chair_name),
        Column("signed_on", "签订日期", export=_date("signed_on")),
        Column("term_start", "协议期限起", export=_date("term_start")),
        Column("term_end", "协议期限止", export=_date("term_end")),
        Column("status", "状态", export=lambda a: a.get_status_display()),
        Column("file", "协议文本", export=lambda a: "已上传" if a.file else "未上传"),
        Column("note", "备注", export=lambda a: a.note),
    ]

    def __init__(self, user) -> None:
        self.user = user

    def export_row(self, obj: ChairAgreement) -> list:
        return [column.export(obj) for column in self.columns]


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


generic.register_ledger_views(ChairAgreement, form=ChairAgreementForm)
register_model_view(ChairAgreement, "export", detail=False)(
    type("ChairAgreementExportView", (generic.ExportView,), {
        "queryset": ChairAgreement.objects.select_related("union"),
        "importer": ChairAgreementExport, "filterset": ChairAgreementFilterSet,
    })
)  # fmt: skip


# ------------------------------------------------------------------ 试点进度


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
                row["kinds"].append({
                    "kind": kind, "quota": quota, "signed": signed,
                    "preparing": counts[c.pk, kind, ChairAgreement.Status.PREPARING],
                    "met": quota is not None and Decimal(signed) >= quota,
                })  # fmt: skip
            row["met"] = all(k["met"] for k in row["kinds"])
            rows.append(row)
        return self.render(year=year, years=years, counties=counties, county=county,
                           rows=rows, kinds=ChairAgreement.Kind)  # fmt: skip
