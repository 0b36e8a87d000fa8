"""Cadre rosters from Excel (one row per person and office): positions and new cadres are
written together, every bad row is named and nothing is written, re-import changes nothing."""

import datetime
import io

from python_calamine import CalamineWorkbook

from apps.cadres.importers import CadreImporter, PositionImporter
from apps.cadres.models import Cadre, Position
from apps.core.validators import make_id_number
from tests.unions.files import xlsx

from .factories import cadre

HEADER = [
    "序号",
    "姓名",
    "身份证号",
    "任职工会",
    "职务",
    "是否专职",
    "产生方式",
    "任职日期",
    "离任日期",
    "在单位所任职务",
]


def number(seq):
    return make_id_number(seq, region="421002")


def roster(world):
    union, joint = world.a.union.name, world.a.joint.name
    return [
        [1, "张伟", number(1), union, "主席", "专职", "选举", "2023年5月10日", "", "普通职工"],
        [2, "张伟", number(1), joint, "委员", "兼职", "选举产生", "2023-06-01", "", ""],
        [3, "李娜", number(2), union, "委员", "否", "", "2023.5.10", "", "劳资人事负责人"],
        [4, "王强", number(3).lower(), union, "女职工委员会委员", "否", "委派", 45056, "", ""],
    ]


def run(world, rows, *, user=None):
    return PositionImporter(user or world.clerk_a).run(
        xlsx([HEADER, *rows]), "干部名册.xlsx", commit=True
    )


def test_roster_adds_cadres_and_their_positions(world):
    result = run(world, roster(world))
    assert (result.errors, result.created, result.committed) == ([], 4, True)
    assert "其中3人是新登记的干部" in result.notes[0]
    zhang = Cadre.objects.get(id_number=number(1))
    assert zhang.positions.count() == 2 and zhang.union == world.a.union
    chair = zhang.positions.get(role="chair")
    assert (chair.full_time, chair.came_by, chair.start_on) == (
        True,
        "elected",
        datetime.date(2023, 5, 10),
    )
    assert Position.objects.get(cadre__name="李娜").employer_post == "hr"
    assert Position.objects.get(cadre__name="王强").came_by == "appointed"
    assert chair.history.get().history_change_reason == "Excel导入：干部名册.xlsx"


def test_reimporting_the_roster_changes_nothing_and_corrections_update(world):
    run(world, roster(world))
    again = run(world, roster(world))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    rows = roster(world)
    rows[0][8] = "2026-01-31"
    changed = run(world, rows)
    assert (changed.created, changed.updated) == (0, 1)
    assert Position.objects.get(role="chair").end_on == datetime.date(2026, 1, 31)
    assert Cadre.objects.count() == 3


def test_every_bad_row_is_named_and_nothing_is_written(world):
    rows = roster(world)
    rows[1][1] = "张卫"  # another name for the ID number of row 2
    rows[2][3] = world.b.union.name  # a union outside the clerk's scope
    rows[2][8] = "2000-01-01"  # and it ends before it starts
    rows[3][4] = "会长"
    result = run(world, rows)
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(3, "姓名")] == "与该身份证号已登记的姓名“张伟”不一致"
    assert "不存在或不在您的管辖范围内" in messages[(4, "任职工会")]
    assert "不能早于任职日期" in messages[(4, "离任日期")]
    assert "应为以下之一" in messages[(5, "职务")]
    assert not result.committed
    assert not Position.objects.exists() and not Cadre.objects.exists()


def test_a_cadre_kept_by_another_county_is_refused(world):
    cadre(world.b.union, name="张伟", id_number=number(1))
    result = run(world, roster(world)[:1])
    assert result.errors[0].message == "该人员已在其他工会组织登记，不在您的管辖范围内。"
    assert not Position.objects.exists()


def test_positions_export_reads_the_cadre(client_a, world):
    run(world, roster(world))
    response = client_a.get("/cadres/positions/export/")
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["姓名", "身份证号", "手机号"]
    assert ["张伟", number(1)] in [r[:2] for r in rows[1:]]


def test_cadre_ledger_import_links_members(world):
    rows = [
        ["姓名", "身份证号", "登记工会"],
        [world.a.member.name, world.a.member.id_number, world.a.union.name],
    ]
    result = CadreImporter(world.clerk_a).run(xlsx(rows), "干部.xlsx", commit=True)
    assert result.errors == [] and Cadre.objects.get().member == world.a.member
