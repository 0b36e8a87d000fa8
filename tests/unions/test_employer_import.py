"""Importing the employer ledger from the files clerks really keep."""

import io

import pytest
from django.core.management import CommandError, call_command

from apps.core.exchange.columns import parse_date
from apps.core.exchange.results import ImportFileError
from apps.core.validators import make_uscc
from apps.unions.importers import EmployerImporter
from apps.unions.models import Employer

from .files import csv_file, xls, xlsx

HEADER = ["统一社会信用代码", "单位名称", "所属工会组织", "单位性质", "职工人数", "女职工"]


def usccs(n, start=5000):
    return [make_uscc(start + i, prefix="91421002") for i in range(n)]


def rows(n=3, owner="中山街道工会"):
    return [
        [code, f"沙市区导入单位{i}有限公司", owner, "私营", 30 + i, 10]
        for i, code in enumerate(usccs(n))
    ]


def run(world, file, *, commit=True, user=None):
    return EmployerImporter(user or world.clerk_a).run(file, file.name, commit=commit)


def test_clean_file_is_imported_with_history(world):
    result = run(world, xlsx([HEADER, *rows(3)]))
    assert (result.created, result.updated, result.errors) == (3, 0, [])
    employer = Employer.objects.get(uscc=usccs(1)[0])
    assert employer.owner == world.a.township
    record = employer.history.get()
    assert record.history_user == world.clerk_a
    assert record.history_change_reason == "Excel导入：台帐.xlsx"


def test_reimporting_the_same_file_changes_nothing(world):
    run(world, xlsx([HEADER, *rows(3)]))
    history = Employer.history.count()
    result = run(world, xlsx([HEADER, *rows(3)]))
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Employer.history.count() == history


def test_changed_row_is_updated_in_place(world):
    run(world, xlsx([HEADER, *rows(2)]))
    changed = rows(2)
    changed[1][4] = 99
    result = run(world, xlsx([HEADER, *changed]))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Employer.objects.get(uscc=usccs(2)[1]).employees == 99


def test_title_rows_and_merged_two_level_header_are_found(world):
    top = ["统一社会信用代码", "单位名称", "所属工会组织", "单位性质", "职工人数", ""]
    sub = ["", "", "", "", "合计", "女职工"]
    file = xlsx([sub, *rows(2)], title="沙市区单位台帐（2026年）", merged_header=top)
    result = run(world, file)
    assert result.errors == []
    assert result.header_row == 4
    assert Employer.objects.get(uscc=usccs(1)[0]).employees == 30


def test_full_width_digits_spaces_and_lowercase_are_normalized(world):
    code = usccs(1)[0]
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isalnum() else c for c in code.lower())
    result = run(
        world,
        xlsx([HEADER, [f" {wide}\u3000", "全角单位", "中山街道工会", "私营", "１２０", "４０"]]),
    )
    assert result.errors == []
    employer = Employer.objects.get(uscc=code)
    assert (employer.employees, employer.women) == (120, 40)


def test_owner_is_found_by_full_name_short_name_or_region_code(world):
    owners = ["中山街道工会", "中山街道", "421002001"]
    named = [[*row[:2], owner, *row[3:]] for row, owner in zip(rows(3), owners, strict=True)]
    file = xlsx([HEADER, *named])
    result = run(world, file)
    assert result.errors == []
    assert {e.owner for e in Employer.objects.filter(uscc__in=usccs(3))} == {world.a.township}


def test_owner_of_another_county_is_not_found(world):
    result = run(world, xlsx([HEADER, *rows(1, owner="西城街道工会")]), commit=False)
    # Only names of the clerk's own scope are ever suggested.
    assert [e.message for e in result.errors] == [
        "“西城街道工会”不存在或不在您的管辖范围内；您要填的是不是：“中山街道工会”？"
    ]


def test_equal_cells_of_other_types_are_read_each_by_its_own_type(world):
    """1 and True are equal dict keys: a column's distinct cells must not be merged."""
    mixed = rows(3)
    mixed[0][4], mixed[1][4], mixed[2][4] = 1, True, 1.5
    for row in mixed:
        row[5] = 0  # 女职工
    result = run(world, xlsx([HEADER, *mixed]), commit=False)
    assert [(e.row, e.value, e.message) for e in result.errors] == [
        (3, "True", "应为整数"),
        (4, "1.5", "应为整数"),
    ]


@pytest.mark.parametrize(
    "typed", ["2021-03-05", "2021/3/5", "2021.3.5", "2021年3月5日", "20210305", 44260, "44260"]
)
def test_each_date_form_people_type_is_read(typed):
    import datetime

    assert parse_date(typed) == datetime.date(2021, 3, 5)


def test_every_error_is_listed_and_nothing_is_written(world):
    bad = rows(4)
    bad[0][0] = bad[0][0][:-1] + ("0" if bad[0][0][-1] != "0" else "1")  # wrong check char
    bad[1][3] = "不知道"  # unknown nature
    bad[2][5] = 500  # more women than employees
    bad[3][4] = "三十"  # not a number
    result = run(world, xlsx([HEADER, *bad]))
    assert not result.committed
    found = {(e.row, e.column) for e in result.errors}
    assert found == {(2, "统一社会信用代码"), (3, "单位性质"), (4, "女职工"), (5, "职工人数")}
    check = next(e for e in result.errors if e.row == 2)
    assert "校验位错误" in check.message and check.value == bad[0][0]
    assert not Employer.objects.filter(uscc__in=usccs(4)).exists()


def test_duplicate_keys_inside_one_file_are_errors(world):
    data = rows(2)
    data[1][0] = data[0][0]
    result = run(world, xlsx([HEADER, *data]))
    assert [(e.row, e.message) for e in result.errors] == [(3, "与第2行重复")]
    assert not Employer.objects.filter(uscc=data[0][0]).exists()


def test_row_of_another_county_is_an_error_never_written(world):
    data = rows(2)
    data[0][2] = world.b.township.name  # a township of county B
    data[1][0] = world.b.employer.uscc  # an employer county B keeps
    result = run(world, xlsx([HEADER, *data]))
    messages = {e.row: e.message for e in result.errors}
    assert "不在您的管辖范围内" in messages[2]
    assert "不在您的管辖范围内" in messages[3]
    world.b.employer.refresh_from_db()
    assert world.b.employer.name == "荆州区机械有限公司"


def test_missing_required_column_names_it(world):
    with pytest.raises(ImportFileError, match="缺少必填列：单位性质"):
        run(
            world, xlsx([[h for h in HEADER if h != "单位性质"], *[r[:3] + r[4:] for r in rows(1)]])
        )


def test_empty_file_says_so(world):
    with pytest.raises(ImportFileError, match="没有数据行"):
        run(world, xlsx([HEADER]))


def test_file_without_a_recognizable_header(world):
    with pytest.raises(ImportFileError, match="找不到表头"):
        run(world, xlsx([["姓名", "年龄"], ["张三", 30]]))


def test_non_excel_file_renamed_xlsx_gets_a_clear_message(world):
    fake = io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(200))
    fake.name = "照片.xlsx"
    with pytest.raises(ImportFileError, match="内容不是 Excel"):
        run(world, fake)


def test_corrupt_xlsx_gets_a_clear_message(world):
    broken = io.BytesIO(b"PK\x03\x04" + b"garbage" * 50)
    broken.name = "损坏.xlsx"
    with pytest.raises(ImportFileError, match="无法读取"):
        run(world, broken)


def test_excel_97_2003_xls_is_read(world):
    result = run(world, xls([HEADER, *rows(2)]))
    assert (result.created, result.errors) == (2, [])


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk"])
def test_csv_in_utf8_or_gbk_is_read(world, encoding):
    result = run(world, csv_file([HEADER, *rows(2)], encoding=encoding))
    assert (result.created, result.errors) == (2, [])
    assert Employer.objects.filter(name="沙市区导入单位0有限公司").exists()


def test_read_only_user_cannot_add_rows(world):
    result = run(world, xlsx([HEADER, *rows(1)]), user=world.reader_a)
    assert result.errors and "没有新增记录的权限" in result.errors[0].message


def test_command_line_prints_the_same_errors(world, tmp_path, capsys):
    bad = rows(2)
    bad[1][3] = "不知道"
    path = tmp_path / "bad.xlsx"
    path.write_bytes(xlsx([HEADER, *bad]).getvalue())
    with pytest.raises(CommandError, match="发现1处错误"):
        call_command("import_ledger", "employers", str(path), "--as", "clerk_a", "--commit")
    assert "第3行 [单位性质] “不知道”：应为以下之一" in capsys.readouterr().out
    assert not Employer.objects.filter(uscc__in=usccs(2)).exists()


def test_command_line_commits_only_when_asked(world, tmp_path, capsys):
    path = tmp_path / "good.xlsx"
    path.write_bytes(xlsx([HEADER, *rows(2)]).getvalue())
    call_command("import_ledger", "employers", str(path), "--as", "clerk_a")
    assert not Employer.objects.filter(uscc__in=usccs(2)).exists()
    call_command("import_ledger", "employers", str(path), "--as", "clerk_a", "--commit")
    assert Employer.objects.filter(uscc__in=usccs(2)).count() == 2
    assert "已导入" in capsys.readouterr().out
