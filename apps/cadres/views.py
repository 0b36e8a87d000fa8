from __future__ import annotations

from functools import partial
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django_tables2 import RequestConfig

from apps.core import views as generic
from apps.core.forms import style_widgets
from apps.core.importing import Column
from apps.core.registry import register_model_view
from apps.core.tables import related_table
from apps.unions.filtersets import organizing_unions
from apps.unions.models import Union

from . import ballots, filtersets, importers, rules, services, tables
from . import forms as cadre_forms
from .models import Cadre, Election, Position

# ------------------------------------------------------------------ cadres


def cadre_list_queryset():
    current = Position.objects.current().select_related("union")
    return Cadre.objects.select_related("union").prefetch_related(
        Prefetch("positions", queryset=current, to_attr="current_positions")
    )


@register_model_view(Cadre, "list", detail=False)
class CadreListView(generic.ObjectListView):
    queryset = cadre_list_queryset()
    table, filterset = tables.CadreTable, filtersets.CadreFilterSet
    title = "工会干部台帐"


@register_model_view(Cadre, "detail")
class CadreDetailView(generic.ObjectDetailView):
    queryset = Cadre.objects.select_related("union", "member")

    def related(self, cadre):
        positions = Position.objects.visible_to(self.request.user).filter(cadre=cadre)
        return [("任职记录", related_table(tables.PositionTable, positions.select_related("union"),
                                          self.request.user, exclude=("pk", "cadre")))]  # fmt: skip


generic.register_ledger_views(
    Cadre,
    form=cadre_forms.CadreForm,
    importer=importers.CadreImporter,
    filterset=filtersets.CadreFilterSet,
    export_queryset=Cadre.objects.select_related("union"),
    search_fields=["name__icontains", "id_number__startswith"],
)

# ------------------------------------------------------------------ positions


@register_model_view(Position, "list", detail=False)
class PositionListView(generic.ObjectListView):
    queryset = Position.objects.select_related("cadre", "union", "election")
    table, filterset = tables.PositionTable, filtersets.PositionFilterSet
    title = "干部任职台帐"


@register_model_view(Position, "detail")
class PositionDetailView(generic.ObjectDetailView):
    queryset = Position.objects.select_related("cadre", "union", "election__union")


generic.register_ledger_views(
    Position,
    form=cadre_forms.PositionForm,
    bulk_delete=True,
    importer=importers.PositionImporter,
    filterset=filtersets.PositionFilterSet,
    export_queryset=Position.objects.select_related("cadre", "union"),
)


@register_model_view(Position, "bulk_edit", detail=False)
class PositionBulkEditView(generic.BulkEditView):
    """The generic bulk edit, its form told the selected positions (to check the end date)."""

    queryset = Position.objects.select_related("cadre", "union")
    form, edit_form = cadre_forms.PositionBulkEditForm, cadre_forms.PositionForm

    def handle(self, rows):
        self.form = partial(cadre_forms.PositionBulkEditForm, positions=rows)
        return super().handle(rows)


# ------------------------------------------------------------------ elections


@register_model_view(Election, "list", detail=False)
class ElectionListView(generic.ObjectListView):
    queryset = Election.objects.select_related("union").annotate(
        candidate_count=Count("candidates")
    )
    table, filterset = tables.ElectionTable, filtersets.ElectionFilterSet
    title = "主席选举台帐"


@register_model_view(Election, "detail")
class ElectionDetailView(generic.ObjectDetailView):
    queryset = Election.objects.select_related("union").prefetch_related("candidates")

    def extra_context(self, election):
        return {
            "candidates": ballots.ballot_candidates(election),
            "result": election.result(),
            "chair_positions": Position.objects.visible_to(self.request.user)
            .filter(election=election)
            .select_related("cadre"),
        }


@register_model_view(Election, "rules")
class ElectionRulesView(generic.ObjectFileView):
    """The election's rules (选举办法) as uploaded, within the election's scope."""

    queryset = Election.objects.select_related("union")
    file_field = "rules_document"
    missing = "该选举没有上传选举办法"

    def download_name(self, election):
        return f"{election.union.name}{election.held_on:%Y%m%d}选举办法"


generic.register_ledger_views(
    Election,
    form=cadre_forms.ElectionForm,
    search_fields=["union__name__icontains"],
)


def _winner(attr: str):
    def read(election: Election):
        winner = election.result().winner
        return getattr(winner, attr) if winner is not None else ""

    return read


class ElectionExport:
    """The election ledger as an Excel export, one row per election with its result.

    Export only: an election is a document, not a row. It holds its candidates (a variable
    number, each with votes and nomination), the uploaded election rules, and numbers checked
    against one another (votes within voters, the majority of eligible voters); the import
    engine upserts one row into one model on a natural key, so elections are recorded in the
    browser, where the ballot is also printed.
    """

    model = Election
    columns = [
        Column("union", "工会", export=lambda e: str(e.union)),
        Column("kind", "选举类型", export=lambda e: e.get_kind_display()),
        Column("held_on", "选举日期", export=lambda e: e.held_on),
        Column("method", "选举方式", export=lambda e: e.get_method_display()),
        Column("eligible_voters", "应参加选举人数", export=lambda e: e.eligible_voters),
        Column("votes_cast", "实际投票人数", export=lambda e: e.votes_cast),
        Column("candidates", "候选人及得票",
               export=lambda e: "；".join(f"{c.name}（{c.votes}票）" for c in e.candidates.all())),
        Column("winner", "当选人", export=_winner("name")),
        Column("winner_votes", "当选人得票", export=_winner("votes")),
        Column("result", "选举结果", export=lambda e: e.result().text),
        Column("approved", "上级工会批复",
               export=lambda e: "已批复" if e.is_approved else "未批复"),
        Column("approved_on", "批复日期", export=lambda e: e.approved_on),
        Column("approval_number", "批复文号", export=lambda e: e.approval_number),
        Column("term_end", "任期届满日期", export=lambda e: e.term_end),
        Column("rules_document", "选举办法", export=lambda e: "已上传" if e.rules_document
               else "未上传"),
    ]  # fmt: skip

    def __init__(self, user) -> None:
        self.user = user

    def export_row(self, obj: Election) -> list:
        return [column.export(obj) for column in self.columns]


register_model_view(Election, "export", detail=False)(
    type("ElectionExportView", (generic.ExportView,), {
        "queryset": Election.objects.select_related("union").prefetch_related("candidates"),
        "importer": ElectionExport, "filterset": filtersets.ElectionFilterSet,
    })
)  # fmt: skip


class ElectionPdfView(generic.BaseObjectView):
    queryset = Election.objects.select_related("union").prefetch_related("candidates")
    render_pdf = staticmethod(ballots.ballot_pdf)
    kind = "选票"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        election = self.get_object()
        response = HttpResponse(self.render_pdf(election), content_type="application/pdf")
        name = f"{election.union.name}{election.held_on:%Y%m%d}{self.kind}.pdf"
        response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
        return response


register_model_view(Election, "ballot")(ElectionPdfView)
register_model_view(Election, "tally")(
    type(
        "ElectionTallyView",
        (ElectionPdfView,),
        {"render_pdf": staticmethod(ballots.tally_pdf), "kind": "计票单"},
    )  # fmt: skip
)


@register_model_view(Election, "approve")
class ElectionApproveView(generic.BaseObjectView):
    """The upper union's approval (批复); the elected candidate becomes the chair."""

    queryset = Election.objects.select_related("union").prefetch_related("candidates")
    template_name = "cadres/election_approve.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        election = self.get_object()
        self.require("change")
        return self.render(object=election, form=cadre_forms.ApprovalForm(instance=election),
                           result=election.result())  # fmt: skip

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        election = self.get_object()
        self.require("change")
        form = cadre_forms.ApprovalForm(request.POST, instance=election)
        if not form.is_valid():
            return self.render(object=election, form=form, result=election.result())
        data = form.cleaned_data
        position = services.approve_election(
            election, approved_on=data["approved_on"], number=data["approval_number"],
            term_end=data.get("term_end"),
        )  # fmt: skip
        if position is not None:
            messages.success(request, f"已登记批复，{position.cadre}任{position.union}主席。")
        else:
            messages.success(request, f"已登记批复。{election.result().text}")
        return redirect(election.get_absolute_url())


# ------------------------------------------------------------------ findings


class FindingFilterForm(forms.Form):
    rule = forms.ChoiceField(label="问题", required=False)
    within = forms.ModelChoiceField(label="所属组织（含下级）", queryset=Union.objects.none(),
                                    required=False, empty_label="全部")  # fmt: skip

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [
            ("", "全部"),
            *((r.code, r.label) for r in rules.RULES.values()),
        ]
        self.fields["within"].queryset = organizing_unions(request).order_by("path")
        style_widgets(self)


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    """Findings of the cadre and election rules over the user's scope, filtered by rule and
    by organizing union (county, township)."""
    unions = Union.objects.visible_to(request.user)
    if not request.user.has_perm("cadres.view_position"):
        unions = unions.none()
    form = FindingFilterForm(request.GET or None, request=request)
    chosen = ""
    if form.is_valid():
        chosen = form.cleaned_data["rule"]
        if form.cleaned_data["within"]:
            unions = unions & form.cleaned_data["within"].subtree()
    # Every rule runs (one query each), so the counts beside the list cover all of them.
    found = rules.findings(unions, timezone.localdate())
    counts = {code: 0 for code in rules.RULES}
    for finding in found:
        counts[finding.rule.code] += 1
    if chosen:
        found = [f for f in found if f.rule.code == chosen]
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    table = tables.FindingTable(list(page.object_list))
    RequestConfig(request, paginate=False).configure(table)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cadres/finding_list.html", {
        "form": form, "table": table, "page": page, "total": len(found),
        "counts": [(rules.RULES[c], n) for c, n in counts.items()],
        "querystring": query.urlencode(),
    })  # fmt: skip


def union_panels(user, union: Union) -> list[tuple[str, object]]:
    """The union detail page's sections from this app (registered in apps.py)."""
    sections = []
    if user.has_perm("cadres.view_position"):
        committee = (
            Position.objects.visible_to(user).current().filter(union=union)
            .select_related("cadre", "union", "election").in_role_order()
        )  # fmt: skip
        sections.append(("本届委员会（现任干部）", related_table(
            tables.PositionTable, committee, user, exclude=("pk", "union"))))  # fmt: skip
    # The union's findings, these rules' among them, are the standardization panel's
    # (apps.campaigns), each with where to fix it.
    return sections
