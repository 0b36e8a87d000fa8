"""Training spreadsheets: the course list's export, and the sign-in list (签到表) that adds
a course's attendees."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Q

from apps.core import foreign
from apps.core.exchange.columns import Column, clean_text, parse_id_number, parse_phone, text_max
from apps.core.exchange.excel import SpreadsheetError, read_sheets
from apps.core.exchange.results import ImportFileError, RowError
from apps.core.exchange.sheet import locate_header

from ..models import Cadre, TrainingCourse
from ..models.training import cadres_outside_organizer


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


SIGN_IN_COLUMNS = [
    Column("name", "姓名", ("学员姓名",), parse=text_max(30), required=True, example="张主席"),
    Column(
        "id_number",
        "身份证号",
        ("身份证号码", "公民身份号码"),
        parse=parse_id_number,
        example="421002198501010011",
    ),
    Column(
        "mobile", "手机号", ("手机", "联系电话", "电话"), parse=parse_phone, example="13900001111"
    ),
    Column("unit", "工作单位", ("单位", "所在工会", "单位及职务")),
]


@dataclass
class SignInResult:
    header_row: int
    cadres: list[Cadre]
    errors: list[RowError]


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
