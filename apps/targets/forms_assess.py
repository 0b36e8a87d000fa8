"""Forms of the year-end assessment and the bulletins."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from apps.core.forms import style_widgets

from .forms import StyledModelForm
from .records import Bulletin, CountyOutcome


class StyledForm(forms.Form):
    """StyledModelForm's Bootstrap look for a plain form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_widgets(self)


class AdjustForm(StyledForm):
    new_points = forms.DecimalField(label="调整后得分", max_digits=8, decimal_places=2)
    reason = forms.CharField(
        label="调整理由", widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "调整得分须写明理由"},
    )  # fmt: skip


class OutcomeForm(StyledModelForm):
    class Meta:
        model = CountyOutcome
        fields = ["outcome", "returned_amount", "reward_amount", "forfeited_amount", "honours",
                  "note"]  # fmt: skip
        widgets = {"honours": forms.TextInput(attrs={"list": "honour-choices"})}


class PublishForm(StyledForm):
    year = forms.IntegerField(label="年度", min_value=2020, max_value=2100)
    period = forms.ChoiceField(label="通报周期", choices=Bulletin.Period.choices)
    period_number = forms.IntegerField(
        label="月份或季度", min_value=1, max_value=12, help_text="月度填1–12，季度填1–4"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        previous = today.month - 1 or 12
        self.fields["year"].initial = today.year if today.month > 1 else today.year - 1
        self.fields["period_number"].initial = previous

    def clean(self):
        data = super().clean()
        if data.get("period") == Bulletin.Period.QUARTER and (data.get("period_number") or 0) > 4:
            self.add_error("period_number", "季度应为1–4")
        return data
