from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from apps.core.forms import (
    BulkEditForm,
    ScopedModelForm,
    bulk_boolean,
)

from ..models import Position


class PositionForm(ScopedModelForm):
    class Meta:
        model = Position
        fields = [
            "cadre",
            "union",
            "role",
            "full_time",
            "came_by",
            "start_on",
            "end_on",
            "employer_post",
            "election",
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_on"), data.get("end_on")
        if start and end and end < start:
            self.add_error("end_on", "离任日期不能早于任职日期")
        election, union = data.get("election"), data.get("union")
        if election and union and election.union_id != union.pk:
            self.add_error("election", f"所选选举是“{election.union}”的，不是本工会的选举")
        if (
            election
            and start
            and data.get("role") == Position.Role.CHAIR
            and start < election.held_on
            and data.get("came_by") != Position.CameBy.APPOINTED
        ):
            self.add_error(
                "start_on",
                f"主席任职日期（{start:%Y-%m-%d}）早于产生该职务的选举（{election.held_on:%Y-%m-%d}）。"
                "若确系选举前委派任职，请将产生方式选为“委派（任命）”，系统将按“先任后选”标记。",
            )
        return data


class PositionBulkEditForm(BulkEditForm):
    """What clerks set for many positions at once: the end date when a committee leaves at a
    re-election, full-time or part-time, the post held in the employer. An end date before
    any selected position's start is refused, naming the position."""

    end_on = forms.DateField(label="离任日期", required=False)
    full_time = bulk_boolean("专职")
    employer_post = forms.ChoiceField(
        label="在单位所任职务",
        required=False,
        choices=[("", "不修改"), *Position.EmployerPost.choices],
    )

    def __init__(self, *args, positions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.positions = list(positions)

    def clean_end_on(self):
        end = self.cleaned_data.get("end_on")
        early = [p for p in self.positions if end and end < p.start_on]
        if early:
            first = min(early, key=lambda p: p.start_on)
            raise ValidationError(
                f"离任日期（{end:%Y-%m-%d}）早于所选{len(early)}条任职的任职日期，"
                f"如“{first}”任职于{first.start_on:%Y-%m-%d}；请只勾选已到任的记录"
            )
        return end
