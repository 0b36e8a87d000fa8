"""The member's own forms: facts, 入会, status steps and bulk edits."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core import foreign
from apps.core.forms import (
    BulkEditForm,
    ScopedModelForm,
    bulk_boolean,
    style_widgets,
)
from apps.core.validators import id_number_facts, normalize_code, validate_id_number
from apps.unions.forms import only_levels
from apps.unions.models import Employer, Union

from .. import services
from ..models import Member, MembershipStatus

MIN_JOIN_AGE = 16  # the labour law's minimum working age


def not_in_future(value: datetime.date) -> None:
    if value > timezone.localdate():
        raise ValidationError("日期不能晚于今天")


def working_age_on(born: datetime.date) -> datetime.date:
    """The day a person born on `born` turns MIN_JOIN_AGE (29 February → 1 March)."""
    try:
        return born.replace(year=born.year + MIN_JOIN_AGE)
    except ValueError:
        return datetime.date(born.year + MIN_JOIN_AGE, 3, 1)


class MemberForm(ScopedModelForm):
    """A member's facts; on adding also the union joined and the date (入会)."""

    union = forms.ModelChoiceField(Union.objects.all(), label="所在工会")
    joined_on = forms.DateField(label="入会日期", initial=timezone.localdate)

    class Meta:
        model = Member
        fields = [
            "name",
            "id_number",
            "ethnicity",
            "political_status",
            "education",
            "mobile",
            "household_type",
            "employment_form",
            "employer",
            "dispatching_employer",
            "using_employer",
            "application_submitted",
            "card_number",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["union"], self.fields["joined_on"]
        else:
            only_levels(self.fields["union"], Union.GRASSROOTS_LEVELS)

    def clean_id_number(self):
        number = normalize_code(self.cleaned_data["id_number"])
        validate_id_number(number)
        others = Member.objects.filter(id_number=number).exclude(pk=self.instance.pk)
        if others.exists():
            if not others.visible_to(self.user).exists():  # elsewhere: the one answer, logged
                allowed = foreign.note(self.user, [number], "登记会员")
                raise ValidationError(
                    foreign.MEMBER_ELSEWHERE if number in allowed else foreign.over_bound_message()
                )
            raise ValidationError(
                "该身份证号已登记为会员，不能重复登记；如已换工会，请办理会籍接转。"
            )
        return number

    def clean(self):
        data = super().clean()
        number, joined = data.get("id_number"), data.get("joined_on")
        if number and joined:
            born, _ = id_number_facts(number)
            if joined > timezone.localdate():
                self.add_error("joined_on", "入会日期不能晚于今天")
            elif joined < working_age_on(born):
                self.add_error(
                    "joined_on", f"入会日期早于年满{MIN_JOIN_AGE}周岁（{born:%Y-%m-%d}出生）"
                )
        return data

    def save(self, commit: bool = True) -> Member:
        if self.instance.pk:
            return super().save(commit)
        return services.enroll(
            self.instance,
            self.cleaned_data["union"],
            self.cleaned_data["joined_on"],
            actor=self.user,
        )


class MemberStatusForm(forms.Form):
    """保留会籍 / 恢复 / 退会 / 死亡, with the date and the reason."""

    status = forms.ChoiceField(label="变更为")
    on = forms.DateField(label="日期", initial=timezone.localdate, validators=[not_in_future])
    reason = forms.CharField(
        label="原因", max_length=200, help_text="如：退休、失业、升学、本人申请退会"
    )

    def __init__(self, *args, member: Member, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.fields["status"].choices = [
            (status, MembershipStatus(status).label)
            for status in services.STATUS_CHANGES.get(member.status, ())
        ]
        style_widgets(self)


class MemberBulkEditForm(BulkEditForm):
    """Facts clerks set for many members at once (e.g. 已交入会申请 after a collection drive)."""

    application_submitted = bulk_boolean("已交入会申请")
    household_type = forms.ChoiceField(
        label="户籍类型", required=False, choices=[("", "不修改"), *Member.HouseholdType.choices]
    )
    employment_form = forms.ChoiceField(
        label="用工形式", required=False, choices=[("", "不修改"), *Member.EmploymentForm.choices]
    )
    political_status = forms.ChoiceField(
        label="政治面貌", required=False, choices=[("", "不修改"), *Member.PoliticalStatus.choices]
    )
    employer = forms.ModelChoiceField(Employer.objects.all(), label="工作单位", required=False)
