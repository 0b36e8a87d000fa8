from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils import timezone

from apps.core.forms import ScopedModelForm, style_widgets
from apps.unions.filtersets import organizing_unions
from apps.unions.models import Nature, Union

from . import rules
from .models import (
    EvaluationRound,
    HomeInspection,
    Level,
    ModelUnion,
    ReviewItem,
    StandardReview,
    WorkersHome,
)


def grassroots_only(form: ScopedModelForm) -> None:
    """Reviews and candidates concern grassroots unions (single or joint)."""
    field = form.fields["union"]
    field.queryset = field.queryset.filter(level__in=Union.GRASSROOTS_LEVELS)
    if hasattr(field.widget, "narrow"):
        field.widget.narrow(level=list(Union.GRASSROOTS_LEVELS))


class StandardReviewForm(ScopedModelForm):
    """The review's own fields, and per rule a score (prefilled) and a correction reason."""

    class Meta:
        model = StandardReview
        fields = ["union", "year", "reviewed_on", "reviewer", "rectification_due", "note"]

    def __init__(self, *args: Any, items: list[ReviewItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grassroots_only(self)
        self.items = items
        for item in items:
            self.fields[f"score_{item.rule_code}"] = forms.IntegerField(
                label=item.label,
                min_value=0,
                max_value=item.points,
                initial=item.score,
                error_messages={
                    "max_value": f"不能超过该项分值{item.points}分",
                    "min_value": "不能为负数",
                    "required": "请填写得分",
                },
            )
            self.fields[f"reason_{item.rule_code}"] = forms.CharField(
                label="更正理由", max_length=200, required=False, initial=item.reason
            )
        style_widgets(self)

    def item_rows(self) -> list[tuple[ReviewItem, Any, Any]]:
        return [
            (item, self[f"score_{item.rule_code}"], self[f"reason_{item.rule_code}"])
            for item in self.items
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for item in self.items:
            score = data.get(f"score_{item.rule_code}")
            reason = (data.get(f"reason_{item.rule_code}") or "").strip()
            if score is not None and score != item.prefilled and not reason:
                self.add_error(
                    f"reason_{item.rule_code}",
                    f"得分与系统检查结果（{item.prefilled}分）不同，请填写更正理由",
                )
        due = data.get("rectification_due")
        if due and data.get("reviewed_on") and due < data["reviewed_on"]:
            self.add_error("rectification_due", "整改期限不能早于检查日期")
        return data

    def scored_items(self) -> list[ReviewItem]:
        for item in self.items:
            item.score = self.cleaned_data[f"score_{item.rule_code}"]
            item.reason = self.cleaned_data[f"reason_{item.rule_code}"].strip()
        return self.items


class ModelUnionForm(ScopedModelForm):
    class Meta:
        model = ModelUnion
        fields = ["union", "year", "nominated_on", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        grassroots_only(self)
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["nominated_on"].initial = timezone.localdate()


class StepForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)


class AcceptForm(StepForm):
    accepted_on = forms.DateField(label="验收日期", initial=timezone.localdate)
    accepted_by = forms.CharField(label="验收人", max_length=60, help_text="验收组或验收人姓名")


class RewardForm(StepForm):
    reward_amount = forms.DecimalField(
        label="奖励金额（元）", min_value=0, max_digits=10, decimal_places=2
    )
    funder = forms.ChoiceField(label="奖励出资方", choices=ModelUnion.Funder.choices)
    rewarded_on = forms.DateField(label="奖励日期", initial=timezone.localdate)


class RejectForm(StepForm):
    rejected_on = forms.DateField(label="日期", initial=timezone.localdate)
    rejection_reason = forms.CharField(label="未通过原因", max_length=200)


class WorkersHomeForm(ScopedModelForm):
    class Meta:
        model = WorkersHome
        fields = ["union", "level", "year", "is_evaluation_pilot", "note"]


class HomeInspectionForm(ScopedModelForm):
    class Meta:
        model = HomeInspection
        fields = ["home", "inspected_on", "result", "title_kept"]


class EvaluationRoundForm(ScopedModelForm):
    class Meta:
        model = EvaluationRound
        fields = ["union", "year", "held_on", "satisfied", "basically_satisfied", "dissatisfied"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        votes = [data.get(k) for k in ("satisfied", "basically_satisfied", "dissatisfied")]
        if all(v is not None for v in votes) and sum(votes) == 0:
            self.add_error("satisfied", "请填写各项票数（至少一票）")
        held_on, year = data.get("held_on"), data.get("year")
        if held_on and year and held_on.year != year:
            self.add_error("held_on", f"测评日期应在{year}年内")
        return data


# 职工人数 bands of the results' filter: (code, label, lowest, highest or None).
SIZES = [
    ("1", "25人以下", 0, 24),
    ("2", "25–99人", 25, 99),
    ("3", "100–199人", 100, 199),
    ("4", "200–999人", 200, 999),
    ("5", "1000人以上", 1000, None),
]


class ResultFilterForm(forms.Form):
    within = forms.ModelChoiceField(
        label="所属组织（含下级）",
        queryset=Union.objects.none(),
        required=False,
        empty_label="全部",
    )
    category = forms.ChoiceField(label="问题类别", required=False)
    rule = forms.ChoiceField(label="检查项", required=False)
    level = forms.ChoiceField(label="等级", required=False, choices=[("", "全部"), *Level.choices])
    size = forms.ChoiceField(
        label="职工人数", required=False, choices=[("", "全部"), *((c, n) for c, n, *_ in SIZES)]
    )
    nature = forms.ChoiceField(
        label="单位性质", required=False, choices=[("", "全部"), *Nature.choices]
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["within"].queryset = organizing_unions(request).order_by("path")
        self.fields["category"].choices = [("", "全部"), *rules.CATEGORIES.items()]
        rule_choices = [(r.code, r.label) for r in rules.RULES.values()]
        self.fields["rule"].choices = [("", "全部"), *rule_choices]
        style_widgets(self)

    def keep(self, result: rules.UnionResult) -> bool:
        data = self.cleaned_data
        if data["level"] and result.level != data["level"]:
            return False
        if data["nature"] and result.nature != data["nature"]:
            return False
        if data["size"]:
            _, _, low, high = next(s for s in SIZES if s[0] == data["size"])
            if result.employees < low or (high is not None and result.employees > high):
                return False
        if data["category"] and not any(
            f.rule.category == data["category"] for f in result.findings
        ):
            return False
        return not data["rule"] or any(f.rule.code == data["rule"] for f in result.findings)
