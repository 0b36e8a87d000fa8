from __future__ import annotations

from django import forms
from django.http import HttpRequest

from apps.core.forms import (
    style_widgets,
)
from apps.unions.filtersets import organizing_unions
from apps.unions.models import Union

from .. import rules


class FindingFilterForm(forms.Form):
    rule = forms.ChoiceField(label="问题", required=False)
    within = forms.ModelChoiceField(
        label="所属组织（含下级）",
        queryset=Union.objects.none(),
        required=False,
        empty_label="全部",
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [
            ("", "全部"),
            *((r.code, r.label) for r in rules.RULES.values()),
        ]
        self.fields["within"].queryset = organizing_unions(request).order_by("path")
        style_widgets(self)
