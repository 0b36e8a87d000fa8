from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from apps.core.forms import (
    ScopedModelForm,
)
from apps.core.validators import normalize_code, normalize_mobile, validate_id_number
from apps.unions.forms import only_levels

from ..importers.assistants import parse_month
from ..models import Assistant, AssistantPayment


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.Field):
    widget = MonthInput

    def to_python(self, value: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        try:
            return parse_month(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def prepare_value(self, value: Any) -> Any:
        return f"{value:%Y-%m}" if isinstance(value, datetime.date) else value


class AssistantForm(ScopedModelForm):
    # Wider than the stored 11 digits: "139 0000 1111" and "+86…" are normalized by clean_mobile.
    mobile = forms.CharField(label="手机号", max_length=20, required=False)

    class Meta:
        model = Assistant
        fields = [
            "name",
            "id_number",
            "mobile",
            "post",
            "hired_on",
            "left_on",
            "route",
            "insurance",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["post"], Assistant.POST_LEVELS)

    def clean_id_number(self):
        number = normalize_code(self.cleaned_data["id_number"])
        validate_id_number(number)
        if Assistant.objects.filter(id_number=number).exclude(pk=self.instance.pk).exists():
            raise ValidationError("该身份证号已登记为工会协理员，不能重复登记")
        return number

    def clean_mobile(self):
        mobile = self.cleaned_data.get("mobile", "")
        try:
            return normalize_mobile(mobile) if mobile else mobile
        except ValidationError:
            raise ValidationError("手机号应为以1开头的11位数字") from None


class AssistantPaymentForm(ScopedModelForm):
    """A month's pay; a month before the hiring date is refused at the field (the model's
    `clean` says why)."""

    month = MonthField(label="月份", help_text="如 2026-03")

    class Meta:
        model = AssistantPayment
        fields = ["assistant", "month", "salary", "insured", "note"]

    def clean_salary(self):
        salary = self.cleaned_data["salary"]
        if salary is not None and salary < 0:
            raise ValidationError("实发工资不能为负数")
        return salary

    def validate_unique(self):
        # The database's one-row-per-month rule, said at the month and in the clerk's words.
        try:
            self.instance.validate_constraints(exclude=self._get_validation_exclusions())
        except ValidationError as exc:
            errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
            for error in (e for group in errors for e in group):
                if error.code == "unique_together":
                    self.add_error("month", "该协理员这个月的工资已经登记，请修改原记录")
                else:
                    self.add_error(None, error)
