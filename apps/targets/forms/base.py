"""The Bootstrap look of the app's forms, for model forms and plain forms alike."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.core.forms import style_widgets


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_widgets(self)


class StyledForm(forms.Form):
    """StyledModelForm's Bootstrap look for a plain form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        style_widgets(self)
