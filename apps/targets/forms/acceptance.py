"""The acceptance check's form: the record and its attachments (several files in one input,
removals by checkbox)."""

from __future__ import annotations

import os

from django import forms
from django.conf import settings

from apps.core.forms import ScopedModelForm
from apps.unions.forms import only_levels
from apps.unions.parameters import COUNTY_LEVELS

from ..models import AcceptanceAttachment, AcceptanceRecord


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern): each checked by the
    attachment's own validators, so a bad one is named in the form and nothing is saved."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        checker = AcceptanceAttachment._meta.get_field("file")
        cleaned = []
        for upload in files:
            upload = super().clean(upload, initial)
            checker.run_validators(upload)
            cleaned.append(upload)
        return cleaned


class AcceptanceRecordForm(ScopedModelForm):
    new_files = MultipleFileField(
        label="上传附件",
        required=False,
        help_text=f"可一次选择多个文件：验收报告、照片等（PDF、Word、Excel、图片或压缩包，"
        f"每个不超过{settings.UPLOAD_MAX_DOCUMENT_MB}MB）",
    )
    removed_files = forms.ModelMultipleChoiceField(
        label="删除附件",
        queryset=AcceptanceAttachment.objects.none(),
        required=False,
        help_text="勾选的附件在保存时删除",
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = AcceptanceRecord
        fields = ["county", "year", "area", "checked_on", "inspectors", "conclusion", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["county"], COUNTY_LEVELS)
        if self.instance.pk:
            self.fields["removed_files"].queryset = self.instance.attachments.all()
        else:
            del self.fields["removed_files"]

    def save(self, commit: bool = True) -> AcceptanceRecord:
        """The record, then its new files and the removals, in the view's transaction. A
        removed file stays in storage (the history keeps its name), as Django leaves it."""
        record = super().save()
        for upload in self.cleaned_data["new_files"]:
            AcceptanceAttachment.objects.create(
                record=record, file=upload, name=os.path.basename(upload.name)[:200]
            )
        for attachment in self.cleaned_data.get("removed_files") or ():
            attachment.delete()
        return record
