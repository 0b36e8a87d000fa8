from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from apps.core.forms import (
    ScopedModelForm,
    scope_form_fields,
    style_widgets,
)
from apps.unions.forms import only_levels

from ..models import Cadre, TrainingCourse
from ..models.training import cadres_outside_organizer


class TrainingCourseForm(ScopedModelForm):
    class Meta:
        model = TrainingCourse
        fields = ["name", "organizer", "kind", "starts_on", "ends_on", "place", "hours", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        only_levels(self.fields["organizer"], TrainingCourse.ORGANIZER_LEVELS)


class AttendeeForm(forms.Form):
    """Add one cadre to a course: searched in the user's scope, refused when outside the
    organizer's (a county course is for the county's cadres)."""

    cadre = forms.ModelChoiceField(Cadre.objects.all(), label="学员（工会干部）")

    def __init__(self, *args: Any, course: TrainingCourse, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.course = course
        scope_form_fields(self, user)
        style_widgets(self)

    def clean_cadre(self):
        cadre = self.cleaned_data["cadre"]
        if cadres_outside_organizer(self.course, [cadre.pk]):
            raise ValidationError(
                f"“{cadre}”不在主办单位“{self.course.organizer}”的管辖范围内，不能作为本班学员"
            )
        if self.course.attendances.filter(cadre=cadre).exists():
            raise ValidationError(f"“{cadre}”已在本班学员名单中")
        return cadre
