"""The letter's and the template's forms: header fields, the items (an inline formset, one
row per indicator) and the signing step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils import timezone

from apps.core.forms import style_widgets

from .. import indicators, rules
from ..models import LetterTemplate, TargetItem, TargetLetter, TemplateItem
from .base import StyledModelForm

PARAM_FIELDS = ("param_1", "param_2")


def rule_help() -> str:
    """What 参数一 / 参数二 mean for each rule (blank: the rule's default)."""
    parts = []
    for r in rules.rules():
        named = "，".join(
            f"参数{'一二'[n]}＝{p.label}（默认{p.default.normalize():f}{p.unit}）"
            for n, p in enumerate(r.params.values())
        )
        parts.append(f"{r.label}：{named or '无参数'}")
    return "；".join(parts)


class ItemForm(forms.ModelForm):
    """One indicator of a letter or template. The rule's parameters are entered as 参数一 and
    参数二 in the order the rule declares them; blank keeps the rule's default."""

    param_1 = forms.DecimalField(label="参数一", required=False, max_digits=8, decimal_places=2)
    param_2 = forms.DecimalField(label="参数二", required=False, max_digits=8, decimal_places=2)

    class Meta:
        fields = ["indicator", "target", "weight", "rule"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk or self.instance.params:
            names = list(rules.get(self.instance.rule).params) if self.instance.rule else []
            for field, name in zip(PARAM_FIELDS, names, strict=False):
                self.initial.setdefault(field, (self.instance.params or {}).get(name))
        style_widgets(self)
        for name in ("target", "weight", *PARAM_FIELDS):
            self.fields[name].widget.attrs.update(size=6, inputmode="decimal")
        self.fields["rule"].widget.attrs["style"] = "min-width: 9em"

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code, target = data.get("indicator"), data.get("target")
        if code and target is not None and indicators.get(code).unit == "%" and target > 100:
            self.add_error("target", "比例类指标的目标值不能超过100%")
        rule = data.get("rule")
        if rule:
            names = list(rules.get(rule).params)
            params = {}
            for n, field in enumerate(PARAM_FIELDS):
                value = data.get(field)
                if value is None:
                    continue
                if n >= len(names):
                    self.add_error(field, f"评分办法“{rules.get(rule).label}”没有参数{'一二'[n]}")
                elif value < 0:
                    self.add_error(field, "参数不能为负数")
                else:
                    params[names[n]] = str(value)
            self.instance.params = params
        return data

    def full_clean(self) -> None:
        super().full_clean()
        style_widgets(self)


class ItemFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError("至少需要一项指标")

    def get_unique_error_message(self, unique_check) -> str:
        # Django's own names the field's code ("indicator"); the only unique pair here is
        # (letter or template, indicator).
        return "同一指标只能列一次"

    def total_weight(self) -> Decimal:
        return sum(
            (
                f.cleaned_data.get("weight") or Decimal(0)
                for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ),
            Decimal(0),
        )


def item_formset(parent_model, model):
    return inlineformset_factory(
        parent_model,
        model,
        form=ItemForm,
        formset=ItemFormSet,
        extra=1,
        can_delete=True,
        fields=ItemForm.Meta.fields,
    )


LetterItemFormSet = item_formset(TargetLetter, TargetItem)
TemplateItemFormSet = item_formset(LetterTemplate, TemplateItem)


class LetterForm(StyledModelForm):
    class Meta:
        model = TargetLetter
        fields = ["deposit_amount", "deposit_paid_on", "city_signatory", "county_signatory", "note"]


class TemplateForm(StyledModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["deposit_amount", "note"]


class SignForm(forms.Form):
    city_signatory = forms.CharField(label="甲方签字人（市总工会）", max_length=30)
    county_signatory = forms.CharField(label="乙方签字人（县级工会）", max_length=30)
    signed_on = forms.DateField(label="签订日期")
    deposit_paid_on = forms.DateField(label="抵押金缴纳日期", required=False)

    def __init__(self, *args: Any, letter: TargetLetter, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "city_signatory": letter.city_signatory,
                "county_signatory": letter.county_signatory,
                "signed_on": timezone.localdate(),
                "deposit_paid_on": letter.deposit_paid_on,
            },
        )
        super().__init__(*args, **kwargs)
        self.letter = letter
        style_widgets(self)

    def clean_signed_on(self):
        day = self.cleaned_data["signed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("签订日期不能晚于今天")
        year = self.letter.year
        if day.year not in (year, year - 1):
            raise forms.ValidationError(f"签订日期应在{year - 1}年或{year}年内")
        return day

    def full_clean(self) -> None:
        super().full_clean()
        style_widgets(self)
