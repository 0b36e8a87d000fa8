"""教育培训: courses a county (or the city) holds for union cadres, and who attended."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from apps.core.lifecycle import DateRulesMixin, InLife, NotBefore
from apps.core.scoping import ScopedQuerySet
from apps.unions.models import Union


class TrainingCourse(DateRulesMixin, models.Model):
    """A course (培训班): its organizer union, type, dates, place and hours."""

    class Kind(models.TextChoices):
        NEW_CADRES = "new_cadres", "新任工会干部"
        TOWNSHIP_CHAIRS = "township_chairs", "乡镇工会主席"
        VILLAGE_CHAIRS = "village_chairs", "村（社区）工会主席"
        OTHER = "other", "其他业务培训"

    # Courses are held by the city, a county-level union or a city industry union.
    ORGANIZER_LEVELS = (Union.Level.CITY, Union.Level.COUNTY, Union.Level.INDUSTRY)

    scope_path = "organizer__path"
    # A course may be planned ahead; it is held by a union that exists then.
    date_rules = (InLife("starts_on", "organizer"), NotBefore("ends_on", "starts_on"))

    name = models.CharField("培训班名称", max_length=100)
    organizer = models.ForeignKey(
        Union,
        verbose_name="主办单位",
        on_delete=models.PROTECT,
        related_name="training_courses",
        help_text="市总工会或县市区总工会（市直产业工会）",
    )
    kind = models.CharField("培训类型", max_length=20, choices=Kind.choices)
    starts_on = models.DateField("开班日期")
    ends_on = models.DateField("结业日期")
    place = models.CharField("培训地点", max_length=100)
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    note = models.CharField("备注", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "培训班"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["starts_on"], name="trainingcourse_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="trainingcourse_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gt=0), name="trainingcourse_hours_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cadres:trainingcourse_detail", args=[self.pk])

    def row_errors(self) -> dict[str, str]:
        errors = {}
        if self.hours is not None and self.hours <= 0:
            errors["hours"] = "学时应大于0"
        if self.organizer_id and self.organizer.level not in self.ORGANIZER_LEVELS:
            errors["organizer"] = "培训班应由市总工会或县市区总工会（市直产业工会）主办"
        return errors


class Attendance(models.Model):
    """A cadre from the ledger who attended a course."""

    scope_path = "course__organizer__path"

    course = models.ForeignKey(
        # The attendance list is part of the course: it goes with the course.
        TrainingCourse,
        verbose_name="培训班",
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    cadre = models.ForeignKey(
        "cadres.Cadre",
        verbose_name="学员",
        on_delete=models.PROTECT,
        related_name="training_attendances",
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "参训学员"
        ordering = ["course", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "cadre"], name="attendance_once_per_course")
        ]

    def __str__(self) -> str:
        return f"{self.course}：{self.cadre}"

    def get_absolute_url(self) -> str:
        return self.course.get_absolute_url()

    def clean(self) -> None:
        if (
            self.course_id
            and self.cadre_id
            and cadres_outside_organizer(self.course, [self.cadre_id])
        ):
            raise ValidationError(
                {"cadre": f"“{self.cadre}”不在主办单位“{self.course.organizer}”的管辖范围内"}
            )


def cadres_outside_organizer(course: TrainingCourse, cadre_ids: list[int]) -> set[int]:
    """The cadres (by pk) who are not in the organizer's subtree: a county's course is for
    the county's cadres, the city's for everyone's."""
    cadres = Attendance._meta.get_field("cadre").related_model._default_manager
    inside = set(
        cadres.in_subtree(course.organizer.path)
        .filter(pk__in=cadre_ids)
        .values_list("pk", flat=True)
    )
    return set(cadre_ids) - inside
