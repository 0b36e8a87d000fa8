"""会员核查: marking a conflict resolved."""

from typing import Any

from django import forms

from apps.core.forms import style_widgets


class ResolveConflictForm(forms.Form):
    resolution = forms.CharField(
        label="处理结果",
        max_length=200,
        help_text="如：已办理会籍接转；经核对为录入错误，已更正姓名；系同一人，已告知原工会。",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)
