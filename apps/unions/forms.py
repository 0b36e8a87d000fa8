from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core.exchange.columns import parse_phone
from apps.core.forms import BulkEditForm, ScopedModelForm, bulk_boolean, style_widgets

from . import parameters
from .models import (
    Coverage,
    Employer,
    FollowUp,
    FundPayment,
    Industry,
    Nature,
    Union,
    YearlyParameter,
    parts_over_employees,
)

# Which levels may sit under which: the tree's shape (市总 → 县级/产业 → 乡镇 → 村 → 基层).
ALLOWED_PARENTS = {
    Union.Level.COUNTY: (Union.Level.CITY,),
    Union.Level.INDUSTRY: (Union.Level.CITY,),
    Union.Level.TOWNSHIP: (Union.Level.COUNTY,),
    Union.Level.VILLAGE: (Union.Level.TOWNSHIP,),
    Union.Level.GRASSROOTS: Union.ORGANIZING_LEVELS,
    Union.Level.JOINT: Union.ORGANIZING_LEVELS,
}


def only_levels(field: forms.ModelChoiceField, levels) -> None:
    """Limit a union field, and its autocomplete, to unions of the given levels."""
    field.queryset = field.queryset.filter(level__in=levels)
    field.widget.narrow(level=list(levels))


class PhoneCleanMixin:
    def clean_phone(self):
        phone = self.cleaned_data.get("phone", "")
        if not phone:
            return phone
        try:
            return parse_phone(phone)
        except ValueError as exc:
            raise ValidationError(str(exc)) from None


class UnionForm(PhoneCleanMixin, ScopedModelForm):
    class Meta:
        model = Union
        fields = [
            "name",
            "level",
            "parent",
            "uscc",
            "employer",
            "founded_on",
            "dissolved_on",
            "phone",
            "address",
            "legal_cert_no",
            "legal_cert_on",
            "committee_since",
            *Union.STANDARDIZATION_FIELDS,
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            c for c in self.fields["level"].choices if c[0] != Union.Level.CITY
        ]
        self.fields["parent"].required = True
        only_levels(self.fields["parent"], Union.ORGANIZING_LEVELS)

    def clean_uscc(self):
        uscc = (self.cleaned_data.get("uscc") or "").strip().upper()
        if uscc and not uscc.startswith("81"):
            raise ValidationError("工会的统一社会信用代码应以81开头")
        return uscc or None

    def clean(self):
        data = super().clean()
        level, parent = data.get("level"), data.get("parent")
        if level and parent and parent.level not in ALLOWED_PARENTS.get(level, ()):
            self.add_error("parent", f"“{parent}”不能作为{Union.Level(level).label}的上级")
        if self.instance.pk and parent and parent.path.startswith(self.instance.path):
            self.add_error("parent", "上级工会不能是本工会或其下级")
        if level == Union.Level.GRASSROOTS and not data.get("employer"):
            self.add_error("employer", "单独建会的基层工会须选择所在单位")
        founded, dissolved = data.get("founded_on"), data.get("dissolved_on")
        if founded and dissolved and dissolved < founded:
            self.add_error("dissolved_on", "撤销日期不能早于成立日期")
        return data


class EmployerForm(PhoneCleanMixin, ScopedModelForm):
    class Meta:
        model = Employer
        fields = [
            "name",
            "uscc",
            "owner",
            "nature",
            "category",
            "industry",
            "employees",
            "women",
            "migrant_workers",
            "dispatched_workers",
            "taxi_mode",
            "is_labour_dispatch",
            "address",
            "contact_person",
            "phone",
            "source",
            "started_on",
            "closed_on",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["owner"], Union.ORGANIZING_LEVELS)
        self.fields["started_on"].required = False

    def clean_uscc(self):
        return self.cleaned_data["uscc"].strip().upper()

    def clean_started_on(self):
        # Not known: the day it was entered (kept when the row is edited).
        return self.cleaned_data["started_on"] or self.instance.started_on or timezone.localdate()

    def clean(self):
        data = super().clean()
        employees = data.get("employees")
        for name in parts_over_employees(employees, data):
            self.add_error(name, f"不能大于职工人数（{employees}）")
        return data


class CoverageForm(ScopedModelForm):
    class Meta:
        model = Coverage
        fields = ["union", "employer", "start_on", "end_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["union"], [Union.Level.JOINT])
        self.fields["union"].queryset = self.fields["union"].queryset.active()

    def clean(self):
        data = super().clean()
        end = data.get("end_on")
        employer = data.get("employer")
        if employer and not end:
            open_ = Coverage.objects.filter(employer=employer, end_on__isnull=True).exclude(
                pk=self.instance.pk
            )
            if open_.exists():
                self.add_error("employer", "该单位已被其他联合工会涵盖，请先终止原涵盖关系")
        return data


class FollowUpForm(ScopedModelForm):
    class Meta:
        model = FollowUp
        fields = ["employer", "on", "action", "person", "next_step", "next_on"]
        widgets = {
            "action": forms.Textarea(attrs={"rows": 2}),
            "next_step": forms.Textarea(attrs={"rows": 2}),
        }


class FundPaymentForm(ScopedModelForm):
    class Meta:
        model = FundPayment
        fields = ["employer", "year", "amount"]


class UnionBulkEditForm(BulkEditForm):
    parent = forms.ModelChoiceField(Union.objects.all(), label="上级工会", required=False)
    has_sign = bulk_boolean("有工会牌子")
    has_venue = bulk_boolean("有活动场所")
    has_funds_audit_committee = bulk_boolean("有经费审查委员会")
    has_women_committee = bulk_boolean("有女职工委员会")
    has_work_rules = bulk_boolean("有工作制度")
    has_independent_account = bulk_boolean("有独立经费账户")
    has_archives = bulk_boolean("档案资料齐全")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["parent"], Union.ORGANIZING_LEVELS)


class EmployerBulkEditForm(BulkEditForm):
    owner = forms.ModelChoiceField(Union.objects.all(), label="所属工会组织", required=False)
    nature = forms.ChoiceField(
        label="单位性质", required=False, choices=[("", "不修改"), *Nature.choices]
    )
    industry = forms.ModelChoiceField(Industry.objects.all(), label="行业", required=False)
    is_labour_dispatch = bulk_boolean("劳务派遣单位")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["owner"], Union.ORGANIZING_LEVELS)


class YearlyParametersForm(forms.Form):
    """The city's numbers for one year: one field per city-wide parameter, and one per county
    and per-county parameter (named `key@county_pk`), each starting at the value in force."""

    def __init__(self, *args, year: int, counties, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.counties = list(counties)
        self.in_force = parameters.in_force(year, [p.key for p in parameters.registered()])
        self.sources: dict[str, str] = {}
        for param in parameters.registered():
            cells = [(param.key, None)]
            if param.per_county:
                cells = [(param.key, county.pk) for county in self.counties]
            for key, county_pk in cells:
                name = key if county_pk is None else f"{key}@{county_pk}"
                row = self.in_force.get((key, county_pk)) or self.in_force.get((key, None))
                self.fields[name] = forms.DecimalField(
                    label=param.label,
                    min_value=0,
                    max_digits=12,
                    decimal_places=2,
                    initial=param.default if row is None else row.value,
                    error_messages={"invalid": "请输入数字", "required": "请填写数值"},
                )
                self.sources[name] = (
                    "默认值"
                    if row is None
                    else "本年设定"
                    if row.year == year
                    else f"沿用{row.year}年"
                )
        style_widgets(self)

    def changes(self) -> list[YearlyParameter]:
        """Rows to write for this year: only values that differ from what is in force."""
        changed = []
        for name in self.changed_data:
            key, _, county = name.partition("@")
            changed.append(
                YearlyParameter(
                    key=key,
                    year=self.year,
                    county_id=int(county) if county else None,
                    value=self.cleaned_data[name],
                )
            )
        return changed
