"""The form that publishes a period's bulletin."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from ..models import Bulletin
from .base import StyledForm


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
