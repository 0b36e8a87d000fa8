"""Importing a member roster (会员花名册) as counties keep it: the national form's columns,
title rows, GBK CSV; every error named, nothing half-written; conflicts left for a transfer.

The rosters keep `# fmt: skip`: a spreadsheet row a line, they read as the sheet."""

import datetime

import pytest
from django.utils import timezone

from apps.core.validators import make_id_number
from apps.members.importers import MemberImporter
from apps.members.models import Member, MemberConflict, Membership, MembershipStatus
from tests.unions.files import csv_file, xlsx

HEADER = ["序号", "姓名", "性别", "身份证号码", "出生年月", "户籍类型", "所在工会", "入会时间",
          "是否递交入会申请书", "会员证号"]  # fmt: skip
BORN = datetime.date(1985, 1, 1)  # make_id_number's default birth date


def number(seq, *, female=False, region="421002"):
    return make_id_number(seq, region=region, female=female)


def roster_rows(world, count=3, start=100):
    union = world.a.union.name
    return [
        [i + 1, f"会员{i}", "男", number(start + i), "1985.01", "农业户口", union,
         "2021-03-05", "是", f"HY{i:04d}"]
        for i in range(count)
    ]  # fmt: skip


def run(world, file, *, user=None, commit=True):
    return MemberImporter(user or world.clerk_a).run(file, "花名册" + file.name[2:], commit=commit)


def test_clean_roster_adds_members_with_memberships_and_history(world):
    result = run(world, xlsx([HEADER, *roster_rows(world)]))
    assert (result.errors, result.created, result.committed) == ([], 3, True)
    member = Member.objects.get(id_number=number(100))
    assert (member.sex, member.birth_date, member.union) == ("male", BORN, world.a.union)
    assert member.status == MembershipStatus.ACTIVE and member.household_type == "agricultural"
    assert member.name_initials == "hy0" and member.joined_on == datetime.date(2021, 3, 5)
    membership = member.memberships.get()
    assert (membership.union, membership.status) == (world.a.union, MembershipStatus.ACTIVE)
    assert member.history.get().history_change_reason == "Excel导入：花名册.xlsx"


def test_a_roster_larger_than_a_batch_gives_each_member_one_membership(world, monkeypatch):
    """New members' memberships are written a batch at a time: every batch lands whole."""
    monkeypatch.setattr("apps.members.importers.MEMBERSHIP_BATCH", 2)
    rows = roster_rows(world, count=5)
    assert run(world, xlsx([HEADER, *rows])).created == 5
    for row in rows:
        stay = Membership.objects.get(member__id_number=row[3])
        assert (stay.union, stay.joined_on) == (world.a.union, datetime.date(2021, 3, 5))
        assert stay.history.get().history_type == "+"


def test_reimporting_the_same_roster_changes_nothing(world):
    rows = [*roster_rows(world), [9, "荆州会员", "男", world.b.member.id_number, "", "",
                                  world.a.union.name, "2021-03-05", "是", ""]]  # fmt: skip
    first = run(world, xlsx([HEADER, *rows]))
    counts = (Member.objects.count(), Membership.objects.count(), MemberConflict.objects.count())
    again = run(world, xlsx([HEADER, *rows]))
    assert (first.created, again.created, again.updated, again.unchanged) == (3, 0, 0, 3)
    assert len(again.conflicts) == 1
    after = (Member.objects.count(), Membership.objects.count(), MemberConflict.objects.count())
    assert after == counts


def test_title_rows_gbk_csv_lowercase_x_and_full_width_are_read(world):
    x_number = next(n for seq in range(400) if (n := number(seq))[-1] == "X")
    rows = roster_rows(world, 1)
    rows[0][3] = x_number.lower()
    file = csv_file([["沙市区会员实名制信息采集表"], ["填报单位：沙市区总工会"], [], ["单位：人"],
                     ["填报日期：2026年11月"], HEADER, *rows], encoding="gb18030")  # fmt: skip
    result = run(world, file)
    assert (result.errors, result.header_row) == ([], 6)
    assert Member.objects.filter(id_number=x_number).exists()


def test_every_bad_row_is_named_and_nothing_is_written(world):
    rows = roster_rows(world, 8)
    rows[0][3] = rows[0][3][:-1] + ("0" if rows[0][3][-1] != "0" else "1")  # check digit
    rows[1][4] = "1991-02-03"  # birth date not the ID's
    rows[2][2] = "女"  # sex not the ID's
    rows[3][7] = "1996-06-01"  # joined at 11
    rows[4][7] = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    rows[5][6] = "不存在的工会委员会"
    rows[6][6] = world.b.union.name  # a union of county B
    rows[7] = [
        *rows[6][:1],
        "别的名字",
        *rows[0][2:3],
        number(106),
        *rows[6][4:6],
        world.a.union.name,
        *rows[6][7:],
    ]  # same ID as row 8 with other data
    result = run(world, xlsx([HEADER, *rows]))
    found = {(e.row, e.column): e.message for e in result.errors}
    assert "校验" in found[(2, "身份证号")]
    assert found[(3, "出生日期")] == "与身份证号中的出生日期1985-01-01不符"
    assert "与身份证号不符" in found[(4, "性别")]
    assert "入会时未满16周岁" in found[(5, "入会日期")]
    assert found[(6, "入会日期")] == "入会日期不能晚于今天"
    assert "不存在或不在您的管辖范围内" in found[(7, "所在工会")]
    assert "不存在或不在您的管辖范围内" in found[(8, "所在工会")]
    assert found[(9, "身份证号")] == "与第8行重复"
    assert not result.committed and Member.objects.count() == 2


def test_missing_required_column_is_named(world):
    from apps.core.exchange.results import ImportFileError

    with pytest.raises(ImportFileError, match="缺少必填列：身份证号"):
        run(world, xlsx([["姓名", "所在工会"], ["张三", world.a.union.name]]))


def test_new_member_needs_a_join_date(world):
    rows = roster_rows(world, 1)
    rows[0][7] = ""
    result = run(world, xlsx([HEADER, *rows]))
    assert [e.message for e in result.errors] == ["新会员须填写入会日期"]


def test_member_active_in_another_county_is_a_conflict_not_moved(world):
    b_member = world.b.member
    rows = [*roster_rows(world, 2), [3, b_member.name, "男", b_member.id_number, "", "",
                                     world.a.union.name, "2021-03-05", "是", ""]]  # fmt: skip
    result = run(world, xlsx([HEADER, *rows]))
    assert result.committed and result.created == 2 and not result.errors
    assert [(c.row, c.column) for c in result.conflicts] == [(4, "所在工会")]
    assert "请办理会籍接转" in result.conflicts[0].message
    assert world.b.union.name not in result.conflicts[0].message  # nothing of county B shown
    b_member.refresh_from_db()
    assert b_member.union == world.b.union  # not moved
    conflict = MemberConflict.objects.get()
    assert (conflict.member, conflict.union, conflict.kind) == (
        b_member, world.a.union, MemberConflict.Kind.ACTIVE_ELSEWHERE)  # fmt: skip
    assert MemberConflict.objects.visible_to(world.clerk_b).count() == 1  # B sees it too


def test_same_id_with_another_name_is_a_conflict_to_check(world):
    a_member = world.a.member
    rows = [[1, "另一个名字", "男", a_member.id_number, "", "", world.a.union.name,
             "2021-03-05", "是", ""]]  # fmt: skip
    result = run(world, xlsx([HEADER, *rows]))
    assert result.committed and "姓名不一致" in result.conflicts[0].message
    a_member.refresh_from_db()
    assert a_member.name == "沙市会员"
    assert MemberConflict.objects.get().kind == MemberConflict.Kind.FACTS_DIFFER


def test_member_listed_in_another_union_of_the_scope_is_moved_at_once(world):
    a_member = world.a.member
    rows = [[1, a_member.name, "男", a_member.id_number, "", "", world.a.joint.name,
             "2020-05-01", "是", ""]]  # fmt: skip
    result = run(world, xlsx([HEADER, *rows]))
    assert (result.updated, result.errors) == (1, [])
    a_member.refresh_from_db()
    assert a_member.union == world.a.joint and a_member.union_path == world.a.joint.path
    old, new = a_member.memberships.order_by("pk")
    assert (old.status, old.left_on) == (MembershipStatus.TRANSFERRED_OUT, timezone.localdate())
    assert (new.union, new.status) == (world.a.joint, MembershipStatus.ACTIVE)


def test_person_who_left_a_union_elsewhere_joins_again(world):
    from apps.members.services import change_status

    b_member = world.b.member
    world.b_transfer.delete()
    change_status(b_member, MembershipStatus.WITHDRAWN, on=datetime.date(2024, 1, 1),
                  reason="离职", actor=world.clerk_b)  # fmt: skip
    rows = [[1, b_member.name, "男", b_member.id_number, "", "", world.a.union.name,
             "2025-03-01", "是", ""]]  # fmt: skip
    result = run(world, xlsx([HEADER, *rows]))
    assert (result.errors, result.conflicts, result.updated) == ([], [], 1)
    b_member.refresh_from_db()
    assert (b_member.union, b_member.status) == (world.a.union, MembershipStatus.ACTIVE)
    assert b_member.memberships.filter(status=MembershipStatus.ACTIVE).get().union == world.a.union


def test_read_only_user_cannot_add_members(world):
    result = run(world, xlsx([HEADER, *roster_rows(world, 1)]), user=world.reader_a)
    assert [e.message for e in result.errors] == ["您没有新增记录的权限"]


def test_accepting_the_transfer_settles_the_import_conflict(world):
    from apps.members.services import accept_transfer, request_transfer

    b_member = world.b.member
    world.b_transfer.delete()
    rows = [[1, b_member.name, "男", b_member.id_number, "", "", world.a.union.name,
             "2021-03-05", "是", ""]]  # fmt: skip
    run(world, xlsx([HEADER, *rows]))
    transfer = request_transfer(b_member, world.a.union, on=timezone.localdate(),
                                actor=world.clerk_a)  # fmt: skip
    assert MemberConflict.objects.get().resolved_on is None
    accept_transfer(transfer, on=timezone.localdate(), actor=world.clerk_b)
    conflict = MemberConflict.objects.get()
    assert (conflict.resolved_by, conflict.resolution) == (world.clerk_b, "已办理会籍接转")


def test_import_page_names_the_key_the_rows_are_matched_on(client_a, world):
    # The same header as repeated-key errors name (test above): one property serves both.
    assert MemberImporter(world.clerk_a).key_header == "身份证号"
    html = client_a.get("/members/members/import/").content.decode()
    assert "按身份证号更新" in html
