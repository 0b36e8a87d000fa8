"""教育培训: courses, their attendees (cadres from the ledger, added one by one or from the
Excel sign-in list) and each county's courses of the year against its minimum."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from apps.core import views as generic
from apps.core.exchange.excel import write_xlsx
from apps.core.exchange.results import ImportFileError
from apps.core.registry import register_model_view
from apps.unions import parameters

from ..counties import county_choice, year_choice
from ..filtersets.training import TrainingCourseFilterSet
from ..forms.training import AttendeeForm, TrainingCourseForm
from ..importers.training import SIGN_IN_COLUMNS, TrainingCourseExport, check_sign_in
from ..models import Attendance, Cadre, TrainingCourse
from ..rules import MIN_COURSES
from ..services import add_attendees
from ..tables.training import AttendeeTable, TrainingCourseTable


def course_queryset():
    return TrainingCourse.objects.select_related("organizer").annotate(
        attendee_count=Count("attendances")
    )


@register_model_view(TrainingCourse, "list", detail=False)
class TrainingCourseListView(generic.ObjectListView):
    queryset = course_queryset()
    table, filterset = TrainingCourseTable, TrainingCourseFilterSet
    title = "教育培训"
    add_label = "新增培训班"


@register_model_view(TrainingCourse, "detail")
class TrainingCourseDetailView(generic.ObjectDetailView):
    queryset = TrainingCourse.objects.select_related("organizer")
    template_name = "cadres/trainingcourse_detail.html"

    def extra_context(self, course):
        attendances = course.attendances.select_related("cadre__union").order_by(
            "cadre__name", "pk"
        )
        may_change = self.request.user.has_perm("cadres.change_trainingcourse")
        table = AttendeeTable(attendances, orderable=False)
        if not may_change:
            table.columns.hide("remove")
        return {
            "attendees": table,
            "attendee_count": len(table.rows),
            "may_change": may_change,
            "attendee_form": AttendeeForm(course=course, user=self.request.user),
            "attendee_url": self.url("attendees", course),
            "sign_in_url": self.url("sign_in", course),
        }


@register_model_view(TrainingCourse, "edit")
@register_model_view(TrainingCourse, "add", detail=False)
class TrainingCourseEditView(generic.ObjectEditView):
    queryset = TrainingCourse.objects.all()
    form = TrainingCourseForm


@register_model_view(TrainingCourse, "delete")
class TrainingCourseDeleteView(generic.ObjectDeleteView):
    queryset = TrainingCourse.objects.all()


@register_model_view(TrainingCourse, "history")
class TrainingCourseHistoryView(generic.ObjectHistoryView):
    queryset = TrainingCourse.objects.all()


@register_model_view(TrainingCourse, "export", detail=False)
class TrainingCourseExportView(generic.ExportView):
    queryset = course_queryset()
    importer, filterset = TrainingCourseExport, TrainingCourseFilterSet


class CourseChangeView(generic.BaseObjectView):
    """Base of the attendee actions: the course in scope, and a role that may change it."""

    queryset = TrainingCourse.objects.select_related("organizer")

    def course(self) -> TrainingCourse:
        course = self.get_object()
        self.require("change")
        return course


@register_model_view(TrainingCourse, "attendees")
class AttendeesView(CourseChangeView):
    """POST: add one cadre (`cadre`), or remove one attendance (`remove`)."""

    template_name = "cadres/trainingcourse_attendees.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        course = self.course()
        return self.render(object=course, form=AttendeeForm(course=course, user=request.user))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        course = self.course()
        if "remove" in request.POST:
            attendance = get_object_or_404(course.attendances, pk=request.POST["remove"])
            name = str(attendance.cadre)
            attendance._change_reason = "移出学员名单"
            attendance.delete()
            messages.success(request, f"已将“{name}”移出学员名单。")
            return redirect(course)
        form = AttendeeForm(request.POST, course=course, user=request.user)
        if form.is_valid():
            add_attendees(
                course, [form.cleaned_data["cadre"]], actor=request.user, reason="添加学员"
            )
            messages.success(request, f"已添加学员“{form.cleaned_data['cadre']}”。")
            return redirect(course)
        return self.render(object=course, form=form)


@register_model_view(TrainingCourse, "sign_in", path="sign-in/")
class SignInImportView(CourseChangeView):
    """Import the Excel sign-in list: every row must match a cadre in the organizer's scope,
    or nothing is written and every bad row is listed."""

    template_name = "cadres/trainingcourse_sign_in.html"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.render(object=self.course(), template_url=self.url("sign_in_template"))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        course = self.course()
        upload = request.FILES.get("file")
        context = {"object": course, "template_url": self.url("sign_in_template")}
        if upload is None:
            return self.render(**context, file_error="请选择签到表文件。")
        try:
            result = check_sign_in(course, request.user, upload, upload.name)
        except ImportFileError as exc:
            return self.render(**context, file_error=str(exc), filename=upload.name)
        if result.errors:
            return self.render(**context, result=result, filename=upload.name)
        added = add_attendees(
            course, result.cadres, actor=request.user, reason=f"签到表导入：{upload.name}"
        )
        messages.success(
            request,
            f"签到表“{upload.name}”共{len(result.cadres)}名学员，新增{added}名，"
            f"{len(result.cadres) - added}名已在名单中。",
        )
        return redirect(course)


@register_model_view(TrainingCourse, "sign_in_template", path="sign-in-template/", detail=False)
class SignInTemplateView(generic.BaseObjectView):
    queryset = TrainingCourse.objects.all()

    def get(self, request: HttpRequest) -> FileResponse:
        headers = [c.header for c in SIGN_IN_COLUMNS]
        out = write_xlsx(headers, [[c.example for c in SIGN_IN_COLUMNS]], sheet_name="签到表")
        return generic.xlsx_response(out, "培训班签到表模板.xlsx")


# ------------------------------------------------------------------ 年度培训情况


def training_counts(scope, counties, year: int) -> dict[int, dict[str, int]]:
    """Per county: courses it held in the year, their attendances, and the distinct cadres
    of the county trained in the year by any course (the city's included); grouped queries."""
    result: dict[int, dict[str, int]] = {
        c.pk: {"courses": 0, "attendances": 0, "cadres": 0} for c in counties
    }
    if not counties:
        return result
    width = len(counties[0].path)
    by_path = {c.path: c.pk for c in counties}
    courses = (
        scope.filter(starts_on__year=year)
        .annotate(county_path=Substr("organizer__path", 1, width))
        .filter(county_path__in=list(by_path))
        .values("county_path")
        .annotate(courses=Count("pk", distinct=True), attendances=Count("attendances"))
        .order_by()
    )
    for row in courses:
        result[by_path[row["county_path"]]].update(
            courses=row["courses"], attendances=row["attendances"]
        )
    cadre_path = Cadre.scope_path if isinstance(Cadre.scope_path, str) else Cadre.scope_path[0]
    trained = (
        Attendance.objects.filter(course__starts_on__year=year)
        .annotate(county_path=Substr(f"cadre__{cadre_path}", 1, width))
        .filter(county_path__in=list(by_path))
        .values("county_path")
        .annotate(cadres=Count("cadre", distinct=True))
        .order_by()
    )
    for row in trained:
        result[by_path[row["county_path"]]]["cadres"] = row["cadres"]
    return result


@register_model_view(TrainingCourse, "progress", path="progress/", detail=False)
class TrainingProgressView(generic.BaseObjectView):
    """年度培训情况: per county, courses held in the year against its minimum, attendances,
    and cadres of the county trained. A fixed number of queries for all counties."""

    queryset = TrainingCourse.objects.all()
    template_name = "cadres/trainingcourse_progress.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        year, years = year_choice(request)
        counties, county = county_choice(request)
        shown = [county] if county is not None else counties
        counts = training_counts(self.scoped(), shown, year)
        minimum = parameters.county_values(MIN_COURSES, year)
        rows = []
        for c in shown:
            row = {"county": c, **counts[c.pk], "minimum": minimum.get(c.pk)}
            row["met"] = row["minimum"] is not None and row["courses"] >= row["minimum"]
            rows.append(row)
        city_courses = (
            self.scoped().filter(starts_on__year=year, organizer__level="city").count()
            if county is None
            else None
        )
        return self.render(
            year=year,
            years=years,
            counties=counties,
            county=county,
            rows=rows,
            city_courses=city_courses,
        )
