"""Target management's forms, one module per family; gathered here for `from .forms import …`."""

from .acceptance import AcceptanceRecordForm, MultipleFileField, MultipleFileInput
from .assessment import AdjustForm, OutcomeForm
from .base import StyledForm, StyledModelForm
from .bulletins import PublishForm
from .letters import (
    ItemForm,
    ItemFormSet,
    LetterForm,
    LetterItemFormSet,
    SignForm,
    TemplateForm,
    TemplateItemFormSet,
    rule_help,
)

__all__ = [
    "AcceptanceRecordForm",
    "AdjustForm",
    "ItemForm",
    "ItemFormSet",
    "LetterForm",
    "LetterItemFormSet",
    "MultipleFileField",
    "MultipleFileInput",
    "OutcomeForm",
    "PublishForm",
    "SignForm",
    "StyledForm",
    "StyledModelForm",
    "TemplateForm",
    "TemplateItemFormSet",
    "rule_help",
]
