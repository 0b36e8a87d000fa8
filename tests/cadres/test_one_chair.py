"""One chair: the 任职台帐 is the one source of who chairs a union; the union ledger's 主席姓名
follows it through every write path (form, end of tenure, delete, cadre rename, imports)."""

import datetime
import importlib

from django.apps import apps
from django.utils import timezone

from apps.cadres.importers import CadreImporter, PositionImporter
from apps.cadres.models import Cadre, Position
from apps.core.validators import make_id_number
from apps.unions.importers import UnionImporter
from apps.unions.models import Union
from tests.unions.files import xlsx

from .factories import YEAR_AGO, cadre, position

TODAY = timezone.localdate()


def chair_of(union) -> str:
    return Union.objects.get(pk=union.pk).chair_name


def test_the_union_form_has_no_chair_of_its_own(client_a, world):
    page = client_a.get(f"/unions/unions/{world.a.union.pk}/edit/").content.decode()
    assert 'name="chair_name"' not in page
    union = world.a.union
    data = {
        "name": union.name,
        "level": union.level,
        "parent": union.parent_id,
        "employer": union.employer_id,
        "founded_on": union.founded_on.isoformat(),
        "chair_name": "手填主席",
    }
    client_a.post(f"/unions/unions/{union.pk}/edit/", data)
    assert chair_of(union) == ""


def test_a_chair_entered_ended_and_deleted_in_the_positions_ledger(client_a, world):
    union = world.a.union
    person = cadre(union, "周主席")
    data = {
        "cadre": person.pk,
        "union": union.pk,
        "role": "chair",
        "came_by": "elected",
        "start_on": union.founded_on.isoformat(),
        "employer_post": "worker",
    }
    assert client_a.post("/cadres/positions/add/", data).status_code == 302
    assert chair_of(union) == "周主席"
    page = client_a.get(f"/unions/unions/{union.pk}/").content.decode()
    assert "周主席" in page
    made = Position.objects.get()
    data["end_on"] = (TODAY - datetime.timedelta(days=1)).isoformat()
    assert client_a.post(f"/cadres/positions/{made.pk}/edit/", data).status_code == 302
    assert chair_of(union) == ""
    later = position(union, cadre=cadre(union, "吴主席"), start_on=TODAY)
    assert chair_of(union) == "吴主席"
    assert client_a.post(f"/cadres/positions/{later.pk}/delete/").status_code == 302
    assert chair_of(union) == ""


def test_a_committee_member_is_not_the_chair_and_a_rename_follows(world):
    union = world.a.union
    position(union, Position.Role.COMMITTEE, name="委员甲", start_on=union.founded_on)
    assert chair_of(union) == ""
    chair = position(union, name="郑主席", start_on=union.founded_on)
    assert chair_of(union) == "郑主席"
    chair.cadre.name = "郑主席新"
    chair.cadre.save()
    assert chair_of(union) == "郑主席新"


def test_position_and_cadre_imports_keep_the_union_column(world):
    union = world.a.union
    number = make_id_number(31, birth=datetime.date(1980, 5, 1))
    rows = [
        ["姓名", "身份证号", "任职工会", "职务", "任职日期"],
        ["冯主席", number, union.name, "主席", union.founded_on.isoformat()],
    ]
    file = xlsx(rows)
    result = PositionImporter(world.clerk_a).run(file, file.name, commit=True)
    assert result.errors == [] and result.committed
    assert chair_of(union) == "冯主席"
    file = xlsx([["姓名", "身份证号", "登记工会"], ["冯主席改", number, union.name]])
    # The roster's name must match the stored one for positions, but the cadre roster renames.
    result = CadreImporter(world.clerk_a).run(file, file.name, commit=True)
    assert result.errors == [] and Cadre.objects.get(id_number=number).name == "冯主席改"
    assert chair_of(union) == "冯主席改"


def test_a_union_sheet_s_chair_column_is_named_as_kept_elsewhere(world):
    union = world.a.union
    position(union, name="现任主席", start_on=union.founded_on)
    rows = [
        [
            "统一社会信用代码",
            "工会名称",
            "组建形式",
            "上级工会",
            "所在单位统一社会信用代码",
            "成立日期",
            "主席姓名",
        ],
        [
            union.uscc,
            union.name,
            "单独建会",
            "中山街道工会",
            world.a.employer.uscc,
            union.founded_on.isoformat(),
            "表里的主席",
        ],
    ]
    file = xlsx(rows)
    result = UnionImporter(world.clerk_a).run(file, file.name, commit=True)
    assert result.errors == [] and result.committed
    assert any("G列“主席姓名”没有导入：工会主席由干部任职台帐维护" in n for n in result.notes)
    assert not any("不是本台帐的列" in n for n in result.notes)
    assert chair_of(union) == "现任主席"


def test_migration_moves_typed_chairs_into_the_positions_ledger(world):
    typed, dissolved, chaired = world.a.union, world.b.union, world.a.joint
    Union.objects.filter(pk=typed.pk).update(chair_name="旧主席", committee_since=YEAR_AGO)
    Union.objects.filter(pk=dissolved.pk).update(
        chair_name="撤销前主席", dissolved_on=TODAY - datetime.timedelta(days=10)
    )
    position(chaired, name="台帐主席", start_on=chaired.founded_on)
    Union.objects.filter(pk=chaired.pk).update(chair_name="另一个名字")
    migration = importlib.import_module("apps.cadres.migrations.0005_chairs_typed_on_unions")
    migration.move_typed_chairs(apps, None)
    moved = Position.objects.get(union=typed)
    assert (moved.cadre.name, moved.role, moved.start_on, moved.end_on) == (
        "旧主席",
        "chair",
        YEAR_AGO,
        None,
    )
    ended = Position.objects.get(union=dissolved)
    assert ended.end_on == TODAY - datetime.timedelta(days=11) and ended.cadre.name == "撤销前主席"
    assert [chair_of(u) for u in (typed, dissolved, chaired)] == ["旧主席", "", "台帐主席"]
