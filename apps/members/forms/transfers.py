"""会籍接转: the request by the receiving union and the releasing union's decision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core import foreign
from apps.core.forms import scope_form_fields, style_widgets
from apps.core.validators import normalize_code, validate_id_number
from apps.unions.forms import only_levels
from apps.unions.models import Union

from ..models import Member, MembershipStatus
from .members import not_in_future


class TransferRequestForm(forms.Form):
    """会籍接转申请: the receiving union names the person by the full ID number."""

    id_number = forms.CharField(label="会员身份证号", max_length=20)
    to_union = forms.ModelChoiceField(Union.objects.all(), label="转入工会")
    on = forms.DateField(label="接转日期", initial=timezone.localdate, validators=[not_in_future])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        scope_form_fields(self, user)
        only_levels(self.fields["to_union"], Union.GRASSROOTS_LEVELS)
        style_widgets(self)

    def clean_id_number(self):
        number = normalize_code(self.cleaned_data["id_number"])
        validate_id_number(number)
        try:
            member = Member.objects.select_related("union").get(id_number=number)
        except Member.DoesNotExist:
            raise ValidationError("没有以此身份证号登记的会员；新会员请直接登记入会。") from None
        if not Member.objects.visible_to(self.user).filter(pk=member.pk).exists():
            # A transfer from elsewhere is this form's purpose; the lookup is logged and
            # nothing of the person's record is shown until the releasing union decides.
            if number not in foreign.note(self.user, [number], "会籍接转申请"):
                raise ValidationError(foreign.over_bound_message())
            if member.status != MembershipStatus.ACTIVE:
                raise ValidationError("该人员目前不能办理接转，请与其所在工会联系。")
        return member


class TransferDecisionForm(forms.Form):
    on = forms.DateField(label="办理日期", initial=timezone.localdate, validators=[not_in_future])
    note = forms.CharField(
        label="说明", max_length=200, required=False, help_text="拒绝时请写明原因"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)
