"""Form machinery shared by every ledger: scoped choices, autocomplete, Bootstrap styling."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.urls import reverse
from django.utils.http import urlencode

from .registry import has_model_view


class AutocompleteSelect(forms.Select):
    """A select that renders only the chosen option and asks the server for the rest.

    A select of 30,000 unions is not usable; the browser widget (Tom Select) calls the
    model's scoped `_autocomplete` URL as the user types.
    """

    def __init__(self, url: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"data-autocomplete-url": url, **(attrs or {})})
        self.url = url

    def narrow(self, **filters: Any) -> None:
        """Ask the server only for rows the field accepts (its view's `filter_fields`)."""
        self.attrs["data-autocomplete-url"] = f"{self.url}?{urlencode(filters, doseq=True)}"

    def optgroups(self, name, value, attrs=None):
        # A re-rendered form shows what was posted, tampered values included: only keys
        # the primary key can hold are looked up (`abc` or 10**20 would fail in the query).
        chosen = set()
        for typed in value:
            try:
                key = self.choices.queryset.model._meta.pk.to_python(typed)
            except ValidationError:
                continue
            if key not in (None, "") and (not isinstance(key, int) or 0 < key < 2**63):
                chosen.add(key)
        queryset = self.choices.queryset.filter(pk__in=chosen) if chosen else []
        options = [self.create_option(name, "", "", not chosen, 0)]
        for index, obj in enumerate(queryset, start=1):
            options.append(self.create_option(name, obj.pk, str(obj), True, index))
        return [(None, options, 0)]


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap classes on every widget, and the invalid state on fields with errors.

    It reads errors only once the form has been validated: touching `form.errors` here would
    validate a bound form before the subclass has finished limiting its fields' choices.
    """
    errors = form._errors or {}
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == "---------":
                field.empty_label = "请选择"
        elif (
            isinstance(field, forms.ChoiceField)
            and field.choices
            and field.choices[0] == ("", "---------")
        ):
            field.choices = [("", "请选择"), *field.choices[1:]]
        if isinstance(widget, forms.RadioSelect):
            continue  # its attrs land on the container too; app.css styles the boxes
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        if name in errors:
            css += " is-invalid"
        classes = widget.attrs.get("class", "").split()
        widget.attrs["class"] = " ".join(dict.fromkeys([*classes, *css.split()]))
        if isinstance(field, forms.DateField):
            widget.input_type = "date"
            widget.format = "%Y-%m-%d"


def scope_form_fields(form: forms.BaseForm, user: Any) -> None:
    """Limit every foreign-key choice to rows the user may see (NetBox's restrict_form_fields).

    A clerk cannot pick another county's union as a parent, even by posting its id.
    """
    for field in form.fields.values():
        if not isinstance(field, forms.ModelChoiceField):
            continue
        model = field.queryset.model
        manager = model._default_manager
        if hasattr(manager, "visible_to"):
            field.queryset = field.queryset & manager.visible_to(user)
        if has_model_view(model, "autocomplete"):
            opts = model._meta
            url = reverse(f"{opts.app_label}:{opts.model_name}_autocomplete")
            field.widget = AutocompleteSelect(url)
            field.widget.choices = field.choices


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose foreign keys are scoped to the user and rendered for Bootstrap."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_form_fields(self, user)
        style_widgets(self)

    def full_clean(self) -> None:
        # Once more after validation: fields with errors get Bootstrap's invalid state.
        super().full_clean()
        style_widgets(self)

    def _update_errors(self, errors: ValidationError) -> None:
        # A model rule may be about a field this form does not show (a date set by a
        # service): its message goes above the form instead of being lost.
        shown_above_form(self, errors)
        super()._update_errors(errors)


def shown_above_form(form: forms.BaseForm, errors: ValidationError) -> None:
    """Move the errors of fields the form lacks to its non-field errors."""
    if not hasattr(errors, "error_dict"):
        return
    for name in [n for n in errors.error_dict if n != NON_FIELD_ERRORS and n not in form.fields]:
        errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(errors.error_dict.pop(name))


class BulkEditForm(forms.Form):
    """Bulk edit of selected rows: only fields the user fills are changed.

    Subclasses declare the editable fields, all `required=False`; a boolean is a
    three-way select (不修改 / 是 / 否).
    """

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_form_fields(self, user)
        style_widgets(self)

    def changes(self) -> dict[str, Any]:
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


def bulk_boolean(label: str) -> forms.NullBooleanField:
    return forms.NullBooleanField(
        label=label,
        required=False,
        widget=forms.Select(choices=[("unknown", "不修改"), ("true", "是"), ("false", "否")]),
    )
