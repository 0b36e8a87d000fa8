"""Forms of the year-end assessment: a score's adjustment and a county's outcome."""

from __future__ import annotations

from django import forms

from ..models import CountyOutcome
from .base import StyledForm, StyledModelForm


class AdjustForm(StyledForm):
    new_points = forms.DecimalField(label="调整后得分", max_digits=8, decimal_places=2)
    reason = forms.CharField(
        label="调整理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "调整得分须写明理由"},
    )


class OutcomeForm(StyledModelForm):
    class Meta:
        model = CountyOutcome
        fields = [
            "outcome",
            "returned_amount",
            "reward_amount",
            "forfeited_amount",
            "honours",
            "note",
        ]
        widgets = {"honours": forms.TextInput(attrs={"list": "honour-choices"})}
