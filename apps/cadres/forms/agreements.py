from __future__ import annotations

from django import forms

from apps.core.forms import (
    ScopedModelForm,
)
from apps.unions.forms import only_levels

from ..models import ChairAgreement


class ChairAgreementForm(ScopedModelForm):
    """The pilot kind follows from the union where it can (the model's `clean`)."""

    class Meta:
        model = ChairAgreement
        fields = [
            "union",
            "kind",
            "upper_party",
            "employer_party",
            "chair_name",
            "status",
            "signed_on",
            "term_start",
            "term_end",
            "file",
            "note",
        ]
        # Uploading replaces the file; no link to the storage path, which is not served
        # (the detail page's download checks the scope).
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["union"], ChairAgreement.UNION_LEVELS)
        kind = self.fields["kind"]
        kind.required = False
        kind.choices = [("", "按工会自动判断"), *ChairAgreement.Kind.choices]
