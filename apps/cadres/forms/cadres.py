from __future__ import annotations

from django.core.exceptions import ValidationError

from apps.core.forms import (
    ScopedModelForm,
)
from apps.core.validators import normalize_code, normalize_mobile, validate_id_number
from apps.members.models import Member

from ..models import Cadre


def linked_member(user, id_number: str | None):
    """The real-name member with this ID number, if the user may see one."""
    if not id_number:
        return None
    return Member.objects.visible_to(user).filter(id_number=id_number).first()


class CadreForm(ScopedModelForm):
    """A cadre; the member record is linked by the ID number when there is one."""

    class Meta:
        model = Cadre
        fields = ["name", "id_number", "sex", "mobile", "union", "note"]

    def clean_id_number(self):
        number = normalize_code(self.cleaned_data.get("id_number") or "")
        if not number:
            return None
        validate_id_number(number)
        if Cadre.objects.filter(id_number=number).exclude(pk=self.instance.pk).exists():
            raise ValidationError("该身份证号的干部已在台帐中登记，请勿重复添加")
        return number

    def clean_mobile(self):
        mobile = self.cleaned_data.get("mobile", "")
        return normalize_mobile(mobile) if mobile else mobile

    def clean(self):
        data = super().clean()
        if not data.get("id_number") and not data.get("sex") and "sex" not in self.errors:
            self.add_error("sex", "未填写身份证号时请选择性别")
        return data

    def save(self, commit: bool = True) -> Cadre:
        member = linked_member(self.user, self.cleaned_data.get("id_number"))
        if member is not None:
            self.instance.member = member
        return super().save(commit)
