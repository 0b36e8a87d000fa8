"""教育培训: courses, their attendees (cadres from the ledger, added one by one or from the
Excel sign-in list) and each county's courses of the year against its minimum."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import IO, Any

import django_filters
import django_tables2 as tables
from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from simple_history.utils import bulk_create_with_history

from apps.core import foreign
from apps.core import views as generic
from apps.core.excel import SpreadsheetError, read_sheets, write_xlsx
from apps.core.filtersets import LedgerFilterSet, year_filter
from apps.core.forms import ScopedModelForm, scope_form_fields, style_widgets
from apps.core.importing import (
    Column,
    ImportFileError,
    RowError,
    clean_text,
    locate_header,
    parse_id_number,
    parse_phone,
    text_max,
)
from apps.core.registry import register_model_view
from apps.core.tables import LedgerTable
from apps.unions import parameters
from apps.unions.filtersets import WithinFilter
from apps.unions.forms import only_levels

from .counties import county_choice, year_choice
from .models import Attendance, Cadre, TrainingCourse
from .models.training import cadres_outside_organizer

MIN_COURSES = parameters.register(
    "cadres.training_min_courses", "每年至少举办工会干部培训班", default=2, unit="期",
    per_county=True,
)  # fmt: skip


# ------------------------------------------------------------------ tables, filters, forms


class TrainingCourseTable(LedgerTable):
    name = tables.Column(linkify=True)
    organizer = tables.Column(linkify=True)
    starts_on = tables.DateColumn(format="Y-m-d")
    ends_on = tables.DateColumn(format="Y-m-d")
    attendee_count = tables.Column("学员人数", attrs={"td": {"class": "text-end"}})

    default_columns = ("name", "organizer", "kind", "starts_on", "ends_on", "place", "hours",
                       "attendee_count")  # fmt: skip

    class Meta(LedgerTable.Meta):
        model = TrainingCourse
        fields = ("pk", "name", "organizer", "kind", "starts_on", "ends_on", "place", "hours",
                  "attendee_count", "note")  # fmt: skip
        sequence = fields


class AttendeeTable(tables.Table):
    name = tables.Column("姓名", accessor="cadre__name", linkify=lambda record: record.cadre)
    union = tables.Column("登记工会", accessor="cadre__union")
    mobile = tables.Column("手机号", accessor="cadre__masked_mobile", default="—")
    remove = tables.TemplateColumn(
        template_name="cadres/_attendee_remove.html", verbose_name="", orderable=False
    )

    class Meta(LedgerTable.Meta):
        model = Attendance
        fields = ("name", "union", "mobile", "remove")
        exclude = ("pk",)


class TrainingCourseFilterSet(LedgerFilterSet):
    within = WithinFilter(label="主办单位（含下级）", prefix="organizer__")
    kind = django_filters.ChoiceFilter(
        label="培训类型", choices=TrainingCourse.Kind.choices, empty_label="全部"
    )
    year = year_filter("年度", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = TrainingCourse
        fields = ["q", "within", "kind", "year"]


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


# ------------------------------------------------------------------ sign-in list


SIGN_IN_COLUMNS = [
    Column("name", "姓名", ("学员姓名",), parse=text_max(30), required=True, example="张主席"),
    Column(
        "id_number",
        "身份证号",
        ("身份证号码", "公民身份号码"),
        parse=parse_id_number,
        example="421002198501010011",
    ),  # fmt: skip
    Column(
        "mobile", "手机号", ("手机", "联系电话", "电话"), parse=parse_phone, example="13900001111"
    ),  # fmt: skip
    Column("unit", "工作单位", ("单位", "所在工会", "单位及职务")),
]


@dataclass
class SignInResult:
    header_row: int
    cadres: list[Cadre]
    errors: list[RowError]
    already: int = 0


def check_sign_in(course: TrainingCourse, user: Any, fileobj: IO[bytes], filename: str):
    """Match every row of a sign-in list to a cadre in the user's and the organizer's scope
    (by ID number, else by mobile, the name agreeing). Raises ImportFileError for a file
    that is not a sign-in list."""
    try:
        sheets = read_sheets(fileobj, filename)
        sheet = next(sheets, None)
        if sheet is None:
            raise ImportFileError("文件中没有工作表。")
        index, mapping, rest, scanned, _ = locate_header(sheet, SIGN_IN_COLUMNS)
        rows = [*scanned, *rest]
    except SpreadsheetError as exc:
        raise ImportFileError(str(exc)) from exc
    if not any(c.key == "name" for c in mapping.values()):
        raise ImportFileError("签到表缺少“姓名”列。")
    if not any(c.key in ("id_number", "mobile") for c in mapping.values()):
        raise ImportFileError("签到表须有“身份证号”或“手机号”列，才能与干部台帐对应。")
    errors: list[RowError] = []
    records = []
    for offset, row in enumerate(rows):
        row_no = index + 2 + offset
        values = {c.key: (row[col] if col < len(row) else None) for col, c in mapping.items()}
        if all(v is None or not str(v).strip() for v in values.values()):
            continue
        record = {"row": row_no, "raw": {}}
        for column in SIGN_IN_COLUMNS:
            value = values.get(column.key)
            record["raw"][column.key] = "" if value is None else clean_text(value)
            record[column.key] = None
            if value is None or not str(value).strip():
                continue
            try:
                record[column.key] = column.parse(value)
            except ValueError as exc:
                errors.append(RowError(row_no, column.header, record["raw"][column.key], str(exc)))
        if not record["name"]:
            errors.append(RowError(row_no, "姓名", "", "必填项为空"))
        elif not record["id_number"] and not record["mobile"]:
            errors.append(RowError(row_no, "身份证号", "", "请填写身份证号或手机号"))
        records.append(record)
    if not records:
        raise ImportFileError("签到表中没有学员：表头下面是空的。")
    cadres, match_errors = match_cadres(course, user, records)
    errors.extend(match_errors)
    errors.sort(key=lambda e: e.row)
    return SignInResult(header_row=index + 1, cadres=cadres, errors=errors)


def match_cadres(course, user, records) -> tuple[list[Cadre], list[RowError]]:
    numbers = {r["id_number"] for r in records if r["id_number"]}
    mobiles = {r["mobile"] for r in records if r["mobile"] and not r["id_number"]}
    # Scope first: only the user's cadres are compared; an ID number registered elsewhere
    # gets the one answer and is logged (apps.core.foreign), a mobile elsewhere is not found.
    found = list(
        Cadre.objects.visible_to(user).filter(Q(id_number__in=numbers) | Q(mobile__in=mobiles))
    )
    pks = [c.pk for c in found]
    elsewhere = set(
        Cadre.objects.filter(id_number__in=numbers)
        .exclude(pk__in=pks)
        .values_list("id_number", flat=True)
    )
    answerable = foreign.note(user, elsewhere, "培训签到表导入")
    outside = cadres_outside_organizer(course, pks)
    by_number = {c.id_number: c for c in found}
    by_mobile: dict[str, list[Cadre]] = defaultdict(list)
    for cadre in found:
        if cadre.mobile:
            by_mobile[cadre.mobile].append(cadre)
    errors, cadres, seen = [], [], set()
    for r in records:
        if not r["name"] or not (r["id_number"] or r["mobile"]):
            continue
        key, header = ("id_number", "身份证号") if r["id_number"] else ("mobile", "手机号")
        raw = r["raw"][key]

        def error(message: str, r=r, header=header, raw=raw) -> None:
            errors.append(RowError(r["row"], header, raw, message))

        if r["id_number"]:
            candidates = [by_number[r["id_number"]]] if r["id_number"] in by_number else []
        else:
            candidates = by_mobile.get(r["mobile"], [])
        if not candidates and r["id_number"] in elsewhere:
            answer = foreign.ELSEWHERE if r["id_number"] in answerable else None
            error(answer or foreign.over_bound_message())
            continue
        if not candidates:
            error(f"干部台帐中没有“{r['name']}”（按{header}查找），请先登记为工会干部")
            continue
        if len(candidates) > 1:
            error("该手机号对应多名工会干部，请填写身份证号")
            continue
        cadre = candidates[0]
        if cadre.pk in outside:
            error(f"“{r['name']}”不在主办单位“{course.organizer}”的管辖范围内，不能作为本班学员")
            continue
        if cadre.name != r["name"]:
            message = f"与干部台帐中该{header}的姓名“{cadre.name}”不一致"
            errors.append(RowError(r["row"], "姓名", r["name"], message))
            continue
        if cadre.pk not in seen:  # signing in on several days is one attendee
            seen.add(cadre.pk)
            cadres.append(cadre)
    return cadres, errors


@transaction.atomic
def add_attendees(course: TrainingCourse, cadres: list[Cadre], *, actor, reason: str) -> int:
    """Add the cadres not yet on the list; returns how many were added."""
    already = set(course.attendances.values_list("cadre_id", flat=True))
    new = [Attendance(course=course, cadre=c) for c in cadres if c.pk not in already]
    if new:
        bulk_create_with_history(new, Attendance, default_user=actor,
                                 default_change_reason=reason)  # fmt: skip
    return len(new)


# ------------------------------------------------------------------ views


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


generic.register_ledger_views(TrainingCourse, form=TrainingCourseForm)


class TrainingCourseExport:
    """The course list as an Excel export (the filtered list, attendee counts included).
    Courses are entered in the browser and their attendees come from the sign-in list."""

    model = TrainingCourse
    columns = [
        Column("name", "培训班名称", export=lambda c: c.name),
        Column("organizer", "主办单位", export=lambda c: str(c.organizer)),
        Column("kind", "培训类型", export=lambda c: c.get_kind_display()),
        Column("starts_on", "开班日期", export=lambda c: c.starts_on),
        Column("ends_on", "结业日期", export=lambda c: c.ends_on),
        Column("place", "培训地点", export=lambda c: c.place),
        Column("hours", "学时", export=lambda c: float(c.hours)),
        Column("attendee_count", "学员人数", export=lambda c: c.attendee_count),
        Column("note", "备注", export=lambda c: c.note),
    ]

    def __init__(self, user) -> None:
        self.user = user

    def export_row(self, obj: TrainingCourse) -> list:
        return [column.export(obj) for column in self.columns]


register_model_view(TrainingCourse, "export", detail=False)(
    type("TrainingCourseExportView", (generic.ExportView,), {
        "queryset": course_queryset(), "importer": TrainingCourseExport,
        "filterset": TrainingCourseFilterSet,
    })
)  # fmt: skip


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
            add_attendees(course, [form.cleaned_data["cadre"]], actor=request.user,
                          reason="添加学员")  # fmt: skip
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
        added = add_attendees(course, result.cadres, actor=request.user,
                              reason=f"签到表导入：{upload.name}")  # fmt: skip
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
    result: dict[int, dict[str, int]] = {c.pk: {"courses": 0, "attendances": 0, "cadres": 0}
                                         for c in counties}  # fmt: skip
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
        result[by_path[row["county_path"]]].update(courses=row["courses"],
                                                   attendances=row["attendances"])  # fmt: skip
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
            if county is None else None
        )  # fmt: skip
        return self.render(year=year, years=years, counties=counties, county=county,
                           rows=rows, city_courses=city_courses)  # fmt: skip
