from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from apps.core.tables import EditColumn, LedgerTable
from apps.unions import parameters

from . import params
from .models import EvaluationRound, HomeInspection, ModelUnion, StandardReview, WorkersHome
from .rules import CATEGORIES

NAME_ATTRS = {"td": {"class": "col-name"}}


class StandardReviewTable(LedgerTable):
    union = tables.Column(linkify=lambda record: record.get_absolute_url(), attrs=NAME_ATTRS)
    edit = EditColumn("campaigns:standardreview_edit")

    default_columns = (
        "union",
        "year",
        "reviewed_on",
        "total",
        "level",
        "rectification_due",
        "edit",
    )

    class Meta(LedgerTable.Meta):
        model = StandardReview
        fields = (
            "pk",
            "union",
            "year",
            "reviewed_on",
            "reviewer",
            "total",
            "level",
            "rectification_due",
            "note",
            "edit",
        )
        sequence = fields


class ReviewItemTable(tables.Table):
    category = tables.Column("类别")
    label = tables.Column("检查项")
    points = tables.Column("分值")
    evidence = tables.Column("系统检查结果", empty_values=())
    score = tables.Column("得分")
    reason = tables.Column("更正理由")

    class Meta:
        attrs = {"class": "table table-sm align-middle ledger-table"}
        template_name = "django_tables2/bootstrap5.html"
        orderable = False

    def render_category(self, value):
        return CATEGORIES.get(value, value)

    def render_evidence(self, record):
        return record.evidence if record.found else "未发现问题"


class ModelUnionTable(LedgerTable):
    union = tables.Column(linkify=lambda record: record.get_absolute_url(), attrs=NAME_ATTRS)
    edit = EditColumn("campaigns:modelunion_edit")

    default_columns = (
        "union",
        "year",
        "status",
        "nominated_on",
        "accepted_on",
        "reward_amount",
        "funder",
        "edit",
    )

    class Meta(LedgerTable.Meta):
        model = ModelUnion
        fields = (
            "pk",
            "union",
            "year",
            "status",
            "nominated_on",
            "note",
            "accepted_on",
            "accepted_by",
            "reward_amount",
            "funder",
            "rewarded_on",
            "rejected_on",
            "rejection_reason",
            "edit",
        )
        sequence = fields


class WorkersHomeTable(LedgerTable):
    union = tables.Column(linkify=lambda record: record.get_absolute_url(), attrs=NAME_ATTRS)
    withdrawn_on = tables.DateColumn("称号撤销日期")
    last_inspected_on = tables.DateColumn("最近复查")
    edit = EditColumn("campaigns:workershome_edit")

    default_columns = (
        "union",
        "level",
        "year",
        "is_evaluation_pilot",
        "last_inspected_on",
        "withdrawn_on",
        "edit",
    )

    class Meta(LedgerTable.Meta):
        model = WorkersHome
        fields = (
            "pk",
            "union",
            "level",
            "year",
            "is_evaluation_pilot",
            "last_inspected_on",
            "withdrawn_on",
            "note",
            "edit",
        )
        sequence = fields


class HomeInspectionTable(LedgerTable):
    home = tables.Column(linkify=True, attrs=NAME_ATTRS)
    inspected_on = tables.DateColumn(linkify=lambda record: record.get_absolute_url())
    edit = EditColumn("campaigns:homeinspection_edit")

    default_columns = ("home", "inspected_on", "result", "title_kept", "edit")

    class Meta(LedgerTable.Meta):
        model = HomeInspection
        fields = ("pk", "home", "inspected_on", "result", "title_kept", "edit")
        sequence = fields


class EvaluationRoundTable(LedgerTable):
    union = tables.Column(linkify=lambda record: record.get_absolute_url(), attrs=NAME_ATTRS)
    votes = tables.Column("总票数", empty_values=(), orderable=False)
    satisfaction = tables.Column("满意率", empty_values=(), orderable=False)
    outcome = tables.Column("测评结果", empty_values=(), orderable=False)
    edit = EditColumn("campaigns:evaluationround_edit")

    default_columns = (
        "union",
        "year",
        "held_on",
        "satisfied",
        "basically_satisfied",
        "dissatisfied",
        "satisfaction",
        "outcome",
        "edit",
    )

    class Meta(LedgerTable.Meta):
        model = EvaluationRound
        fields = (
            "pk",
            "union",
            "year",
            "held_on",
            "satisfied",
            "basically_satisfied",
            "dissatisfied",
            "votes",
            "satisfaction",
            "outcome",
            "edit",
        )
        sequence = fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._thresholds: dict[int, object] = {}

    def threshold(self, year: int):
        if year not in self._thresholds:  # one query per year shown, not per row
            self._thresholds[year] = parameters.value(params.SATISFACTION_MIN, year)
        return self._thresholds[year]

    def render_votes(self, record):
        return record.votes

    def render_satisfaction(self, record):
        return "—" if record.satisfaction is None else f"{record.satisfaction}%"

    def render_outcome(self, record):
        outcome = record.outcome(self.threshold(record.year))
        css = "text-bg-success" if outcome == "满意" else "text-bg-warning"
        return format_html('<span class="badge {}">{}</span>', css, outcome)


LEVEL_BADGES = {
    "one": "text-bg-success",
    "two": "text-bg-primary",
    "three": "text-bg-info",
    "below": "text-bg-danger",
}


class ResultTable(tables.Table):
    """The engine's results, one row per union (rows are rules.UnionResult)."""

    name = tables.Column(
        "工会",
        orderable=False,
        linkify=lambda record: reverse("unions:union_detail", args=[record.pk]),
    )
    parent_name = tables.Column("上级工会", orderable=False)
    employees = tables.Column("职工人数", orderable=False)
    nature = tables.Column("单位性质", accessor="nature_label", orderable=False)
    score = tables.Column("得分", orderable=False)
    level = tables.Column("等级", orderable=False)
    findings = tables.Column("问题及依据", empty_values=(), orderable=False)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle ledger-table"}
        empty_text = "没有符合条件的工会。"
        template_name = "django_tables2/bootstrap5.html"

    def render_level(self, record):
        return format_html(
            '<span class="badge {}">{}</span>', LEVEL_BADGES[record.level], record.level.label
        )

    def render_findings(self, record):
        if not record.findings:
            return "未发现问题"
        return format_html(
            '<ul class="list-unstyled mb-0 small">{}</ul>',
            format_html_join(
                "",
                "<li><strong>{}</strong>（−{}）：{}</li>",
                ((f.rule.label, f.rule.points, f.evidence) for f in record.findings),
            ),
        )


class UnionFindingTable(tables.Table):
    """One union's findings on its detail page, each with the link that fixes it."""

    category = tables.Column("类别", accessor="0__rule__category_label")
    rule = tables.Column("问题", accessor="0__rule__label")
    points = tables.Column("扣分", accessor="0__rule__points")
    evidence = tables.Column("依据", accessor="0__evidence")
    fix = tables.Column("处理", accessor="1")

    class Meta:
        attrs = {"class": "table table-sm align-middle ledger-table union-findings"}
        empty_text = "未发现问题。"
        template_name = "django_tables2/bootstrap5.html"
        orderable = False

    def render_fix(self, record):
        finding, url = record
        return format_html('<a href="{}">{}</a>', url, finding.rule.fix.label)


class RuleTable(tables.Table):
    category = tables.Column("类别", accessor="category_label")
    code = tables.Column("代码")
    label = tables.Column("检查项")
    points = tables.Column("分值")
    fix = tables.Column("在哪里整改", accessor="fix__label")

    class Meta:
        attrs = {"class": "table table-sm align-middle ledger-table"}
        template_name = "django_tables2/bootstrap5.html"
        orderable = False
