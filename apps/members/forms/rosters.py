"""年度更新: confirming a union's roster for a year."""

from typing import Any

from django import forms
from django.utils import timezone

from apps.core.forms import style_widgets

from ..models.rosters import roster_year_choices
from .members import not_in_future


class RosterConfirmForm(forms.Form):
    year = forms.TypedChoiceField(label="年度", coerce=int, choices=roster_year_choices)
    confirmed_on = forms.DateField(
        label="确认日期", initial=timezone.localdate, validators=[not_in_future]
    )
    note = forms.CharField(
        label="说明", max_length=200, required=False, help_text="如：本年新增3人、退会1人，已核对"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, on = data.get("year"), data.get("confirmed_on")
        if year and on and on.year < year:
            self.add_error("confirmed_on", f"确认日期不能早于{year}年1月1日")
        return data
