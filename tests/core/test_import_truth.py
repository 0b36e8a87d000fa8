"""做实 §5: the import engine tells the whole truth about a file — nothing dropped in silence,
total and note rows not taken for data, Excel's damage named, month-only dates read as
months, what the check passes the commit writes, and templates that keep data intact."""

import datetime
import io

import openpyxl
import pytest
from django.db import IntegrityError

from apps.core.exchange.columns import (
    EXCEL_NUMBER_DAMAGE,
    parse_date_or_month,
    parse_day_or_month_start,
    parse_id_number,
    parse_year_month,
)
from apps.core.exchange.results import ImportCommitError, ImportFileError
from apps.core.exchange.tasks import run_import
from apps.core.models import ImportRecord
from apps.core.validators import make_id_number, make_uscc
from apps.members.importers import MemberImporter
from apps.unions.importers import EmployerImporter
from apps.unions.models import Employer
from tests.unions.files import xlsx

CODES = [make_uscc(7100 + i, prefix="91421002") for i in range(4)]


def employers(
    world,
    *rows,
    header=(
        "统一社会信用代码",
        "单位名称",
        "所属工会组织",
        "单位性质",
        "职工人数（人）",
        "其中：女职工",
    ),
    commit=True,
):
    return EmployerImporter(world.clerk_a).run(
        xlsx([list(header), *rows]), "台帐.xlsx", commit=commit
    )


def test_decorated_headers_are_matched_and_their_data_kept(world):
    result = employers(world, [CODES[0], "其中公司", "中山街道工会", "私营", 40, 12])
    assert result.errors == [] and result.ignored_columns == []
    assert (Employer.objects.get(uscc=CODES[0]).women, result.created) == (12, 1)


def test_every_header_that_matches_nothing_is_named(world):
    header = ("统一社会信用代码", "单位名称", "所属工会组织", "单位性质", "女职工人数比例", "经办")
    result = employers(
        world, [CODES[1], "列名公司", "中山街道工会", "私营", "40%", "王"], header=header
    )
    assert result.ignored_columns == ["E列“女职工人数比例”", "F列“经办”"]
    assert any("E列“女职工人数比例”" in note for note in result.notes)


def test_a_needed_column_that_appears_twice_is_an_error_naming_both(world):
    header = ("统一社会信用代码", "单位名称", "所属工会组织", "单位性质", "职工人数", "职工数")
    with pytest.raises(ImportFileError, match="“职工人数”列出现了两次（第E列和第F列）"):
        employers(world, [CODES[2], "重复公司", "中山街道工会", "私营", 40, 41], header=header)


def test_total_rows_and_the_notes_under_a_table_are_skipped_and_said(world):
    result = employers(
        world,
        [CODES[0], "合计前公司", "中山街道工会", "私营", 40, 12],
        ["合计", None, None, None, 40, 12],
        ["填表人：王五", None, "审核人：赵六"],
        ["说明：本表数据截至11月底"],
    )
    assert result.errors == [] and result.created == 1
    assert "第3行是合计（小计）行" in " ".join(result.notes)
    assert "第4、5行是表下的签名、说明行" in " ".join(result.notes)


def test_an_id_number_excel_kept_as_a_number_names_the_damage_not_a_check_digit():
    number = make_id_number(17)
    for damaged in (float(number[:17] + "0"), "4.21002E+17"):
        with pytest.raises(ValueError) as caught:
            parse_id_number(damaged)
        assert str(caught.value) == EXCEL_NUMBER_DAMAGE
        assert "应为" not in str(caught.value)


@pytest.mark.parametrize(
    "typed", [1985.03, "1985.03", "1985-03", "1985/3", "1985年3月", "198503", 198503]
)
def test_month_only_dates_are_read_as_months(typed):
    assert parse_year_month(typed) == (1985, 3)
    assert parse_date_or_month(typed) == (1985, 3)
    assert parse_day_or_month_start(typed) == datetime.date(1985, 3, 1)


def test_full_dates_are_still_days_and_a_bare_year_is_refused():
    assert parse_date_or_month("1985-03-05") == datetime.date(1985, 3, 5)
    assert parse_date_or_month(31111) == datetime.date(1985, 3, 5)  # an Excel serial
    with pytest.raises(ValueError):
        parse_day_or_month_start(1985)  # not 1905-06-07


def test_a_roster_birth_month_is_compared_with_the_id_number(world):
    number = make_id_number(18, birth=datetime.date(1988, 7, 9))
    rows = [
        ["姓名", "身份证号", "出生年月", "所在工会", "入会时间"],
        ["七月生", number, 1988.06, world.a.union.name, "2021.07"],
    ]
    result = MemberImporter(world.clerk_a).run(xlsx(rows), "花名册.xlsx", commit=False)
    assert [(e.column, e.message) for e in result.errors] == [
        ("出生日期", "与身份证号中的出生日期1988-07-09不符")
    ]
    rows[1][2] = 1988.07
    result = MemberImporter(world.clerk_a).run(xlsx(rows), "花名册.xlsx", commit=True)
    assert result.errors == []
    assert world.a.union.members.get(id_number=number).joined_on == datetime.date(2021, 7, 1)


def test_what_the_database_would_refuse_is_an_error_at_the_check(world):
    result = employers(
        world, [CODES[3], "空人数公司", "中山街道工会", "私营", None, 12], commit=False
    )
    assert [(e.row, e.column) for e in result.errors] == [(2, "女职工")]
    assert "职工人数为空" in result.errors[0].message


def test_a_refusal_at_commit_fails_the_record_in_chinese_with_nothing_written(
    world, monkeypatch, settings, tmp_path
):
    from django.core.files.storage import default_storage

    def refuse(self, *args, **kwargs):
        raise IntegrityError('duplicate key value violates unique constraint "x"')

    monkeypatch.setattr(EmployerImporter, "write", refuse)
    file = xlsx(
        [
            ["统一社会信用代码", "单位名称", "所属工会组织", "单位性质"],
            [CODES[0], "拒绝公司", "中山街道工会", "私营"],
        ]
    )
    with pytest.raises(ImportCommitError):
        EmployerImporter(world.clerk_a).run(file, "台帐.xlsx", commit=True)
    file.seek(0)
    stored = default_storage.save("imports/refused.xlsx", file)
    record = ImportRecord.objects.create(
        ledger="employers",
        user=world.clerk_a,
        filename="台帐.xlsx",
        stored_name=stored,
        union_path=world.a.county.path,
        status=ImportRecord.Status.WRITING,
        created=1,
    )
    run_import.call(record.pk, True)
    record.refresh_from_db()
    assert record.status == ImportRecord.Status.FAILED
    assert "未导入任何数据" in record.message and "duplicate" not in record.message
    assert (record.created, Employer.objects.filter(name="拒绝公司").exists()) == (0, False)


def test_an_unknown_union_name_gets_the_nearest_names_in_scope(world):
    rows = [
        ["姓名", "身份证号", "所在工会", "入会时间"],
        ["错字", make_id_number(19), "沙市区机械有限公司工会", "2021-03-01"],
    ]
    result = MemberImporter(world.clerk_a).run(xlsx(rows), "花名册.xlsx", commit=False)
    assert "您要填的是不是：“沙市区机械有限公司工会委员会”" in result.errors[0].message
    assert "荆州区" not in result.errors[0].message  # names outside the scope are never offered


def test_the_template_keeps_codes_as_text_offers_choices_and_explains(client_a):
    response = client_a.get("/members/members/import/template/")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["导入模板", "选项", "填写说明"]
    sheet = book["导入模板"]
    headers = [c.value for c in sheet[1]]
    id_col = headers.index("身份证号*") + 1
    (dimension,) = [d for d in sheet.column_dimensions.values() if d.min <= id_col <= d.max]
    assert dimension.number_format == "@"  # what is typed there stays text
    assert isinstance(sheet.cell(2, id_col).value, str)
    sex = openpyxl.utils.get_column_letter(headers.index("性别") + 1)
    validations = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    assert validations[f"{sex}2"].type == "list"
    assert [c.value for c in book["选项"][sex]][:2] == ["男", "女"]
    notes = {row[0]: row[2] for row in book["填写说明"].iter_rows(values_only=True) if row[0]}
    assert "按文本格式" in notes["身份证号"]


def test_the_preview_shows_each_row_new_or_changed_with_old_and_new_values(world):
    employers(world, [CODES[0], "预览公司", "中山街道工会", "私营", 40, 12])
    other = world.a.township.__class__.objects.create(
        name="预览街道工会", level="township", parent=world.a.county
    )
    result = employers(
        world,
        [CODES[0], "预览公司", "预览街道工会", "私营", 60, 12],
        [CODES[1], "新来公司", "中山街道工会", "私营", 10, 2],
        commit=False,
    )
    assert other and [(c.row, c.key, c.kind) for c in result.changes] == [
        (2, CODES[0], "修改"),
        (3, CODES[1], "新增"),
    ]
    assert (
        result.changes[0].detail == "所属工会组织：中山街道工会 → 预览街道工会；职工人数：40 → 60"
    )


def test_the_preview_says_which_members_move_and_which_rejoin(world):
    person = world.a.member
    rows = [
        ["姓名", "身份证号", "所在工会", "入会时间"],
        [person.name, person.id_number, world.a.joint.name, "2020-05-01"],
    ]
    result = MemberImporter(world.clerk_a).run(xlsx(rows), "花名册.xlsx", commit=False)
    assert [(c.kind, c.detail) for c in result.changes] == [
        ("转入本范围内其他工会", f"所在工会：{world.a.union.name} → {world.a.joint.name}")
    ]


def test_the_record_page_and_its_file_hold_the_preview(client_a, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = xlsx(
        [
            ["统一社会信用代码", "单位名称", "所属工会组织", "单位性质"],
            [CODES[2], "清单公司", "中山街道工会", "私营"],
        ]
    )
    upload = SimpleUploadedFile("台帐.xlsx", file.read())
    response = client_a.post("/unions/employers/import/", {"file": upload})
    record = ImportRecord.objects.get()
    page = client_a.get(response.url).content.decode()
    assert "确认后将写入的变动" in page and CODES[2] in page and "新增" in page
    download = client_a.get(f"/imports/{record.pk}/errors/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert [c.value for c in sheet[2]][:4] == ["新增", 2, None, CODES[2]]


def test_a_file_without_a_column_keeps_what_the_ledger_holds_there(world):
    """A sheet of names and headcounts must not blank every address, phone and industry."""
    employer = world.a.employer
    Employer.objects.filter(pk=employer.pk).update(
        address="北京路1号", phone="13907161234", migrant_workers=9
    )
    result = employers(
        world,
        [employer.uscc, employer.name, "中山街道工会", "私营", 80, 20],
        header=("统一社会信用代码", "单位名称", "所属工会组织", "单位性质", "职工人数", "女职工"),
    )
    assert result.errors == [] and result.changes[0].detail == "职工人数：50 → 80"
    employer.refresh_from_db()
    assert (employer.address, employer.phone, employer.migrant_workers) == (
        "北京路1号",
        "13907161234",
        9,
    )
