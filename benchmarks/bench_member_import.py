"""Importing a 100,000-row member roster, against reading it bare and bulk-upserting the rows.

The rows are people born in 仙桃 (region 429004), where no generated member was born, so every
ID number is new; they are deleted again afterwards, leaving the generated million as it was.
Names and birth days are spread as in a real workforce (generate_scale's names, 40 years of
birth days): a roster of ten names born on a hundred days made every row a namesake, and the
import spent a third of its time flagging them.
"""

from __future__ import annotations

import datetime
import io
import random
from typing import Any

from bench_data import COUNTY_REGION, tidy
from common import Row, fmt_s, importer_xlsx, mark, plural, ratio, timed
from django.db import connection, transaction
from django.db.models import Count
from python_calamine import CalamineWorkbook

from apps.accounts.models import User
from apps.core.exchange.engine import WRITE_BATCH
from apps.core.exchange.results import ImportResult
from apps.core.validators import ID_MAX_SEQ, make_id_number
from apps.members.demo import scale_name
from apps.members.importers import MemberImporter
from apps.members.models import Member, Membership
from apps.members.pinyin import name_initials
from apps.unions.models import Union

ROWS = 100_000
GOAL_RATIO = 3
REGION = "429004"
FILENAME = "基准测试会员花名册.xlsx"
JOINED = datetime.date(2020, 5, 1)
BIRTH_DAYS = 40 * 365


def roster_unions(n: int = 50) -> list[Union]:
    """Grassroots unions of 沙市区 whose names are unique in the city (the roster names them),
    founded by the roster's 入会日期 (做实: nobody joins a union before it exists)."""
    county = Union.objects.get(region_code=COUNTY_REGION)
    unique = Union.objects.values("name").annotate(n=Count("pk")).filter(n=1).values("name")
    return list(
        county.subtree()
        .filter(level=Union.Level.GRASSROOTS, name__in=unique, founded_on__lte=JOINED)
        .active()
        .order_by("path")[:n]
    )


def id_numbers(n: int) -> list[str]:
    """`n` distinct ID numbers born in 仙桃 on the 14,600 days from 1960 on (a few people a day,
    up to 499 of each sex)."""
    assert n <= BIRTH_DAYS * 2 * (ID_MAX_SEQ + 1)
    start = datetime.date(1960, 1, 1)
    return [
        make_id_number(
            (i // BIRTH_DAYS) // 2,
            region=REGION,
            female=bool((i // BIRTH_DAYS) % 2),
            birth=start + datetime.timedelta(days=i % BIRTH_DAYS),
        )
        for i in range(n)
    ]


def names(n: int) -> list[str]:
    """`n` Chinese names drawn as generate_scale draws them (the same seed every run)."""
    rng = random.Random(20261204)
    return [scale_name(rng) for _ in range(n)]


def records(unions: list[Union]) -> list[dict[str, Any]]:
    rows = []
    for i, (number, name) in enumerate(zip(id_numbers(ROWS), names(ROWS), strict=True)):
        rows.append(
            {
                "name": name,
                "id_number": number,
                "sex": "",
                "birth_date": "",
                "ethnicity": "汉族",
                "political_status": "群众",
                "education": "大学本科",
                "mobile": f"139{i:08d}",
                "household_type": "农业户口",
                "employment_form": "劳动合同",
                "union": unions[i % len(unions)].name,
                "employer": "",
                "joined_on": JOINED.isoformat(),
                "application_submitted": "是",
                "card_number": f"XT{i:08d}",
                "dispatching_employer": "",
                "using_employer": "",
            }
        )
    return rows


def build_xlsx(rows: list[dict[str, Any]]) -> bytes:
    return importer_xlsx(MemberImporter.columns, rows, "会员花名册")


def clear() -> None:
    """Remove the benchmark's members with their memberships, conflicts and history, in SQL
    (a queryset delete would write a history record per row)."""
    chosen = "SELECT id FROM members_member WHERE id_number LIKE %s"
    like = [REGION + "%"]
    with connection.cursor() as cursor:
        for table in (
            "members_memberconflict",
            "members_historicalmembership",
            "members_membership",
        ):
            cursor.execute(f"DELETE FROM {table} WHERE member_id IN ({chosen})", like)
        for table in ("members_historicalmember", "members_member"):
            cursor.execute(f"DELETE FROM {table} WHERE id_number LIKE %s", like)


def bare_read(data: bytes) -> int:
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return sum(1 for _ in sheet.iter_rows())


def bare_upsert(rows: list[dict[str, Any]], unions: dict[str, Union]) -> None:
    """Member objects from the same values, bulk upserted on the ID number, then their
    memberships: no validation, no history."""
    members = []
    for r in rows:
        number, union = r["id_number"], unions[r["union"]]
        members.append(
            Member(
                id_number=number,
                name=r["name"],
                name_initials=name_initials(r["name"]),
                sex="female" if int(number[16]) % 2 == 0 else "male",
                birth_date=datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14])),
                id_tail=number[-4:],
                mobile=r["mobile"],
                household_type="agricultural",
                education="bachelor",
                application_submitted=True,
                card_number=r["card_number"],
                union=union,
                union_path=union.path,
                status="active",
                joined_on=JOINED,
            )
        )
    with transaction.atomic():
        Member.objects.bulk_create(
            members,
            batch_size=WRITE_BATCH,
            update_conflicts=True,
            unique_fields=["id_number"],
            update_fields=["name", "mobile", "union", "union_path", "card_number"],
        )
        Membership.objects.bulk_create(
            [Membership.of(m, union=m.union, joined_on=JOINED) for m in members],
            batch_size=WRITE_BATCH,
        )


def summary(result: ImportResult) -> str:
    return (
        f"{plural(result.created)} created / {plural(result.updated)} updated / "
        f"{plural(result.unchanged)} unchanged"
    )


def run(admin: User) -> tuple[list[Row], list[str]]:
    """One import of the roster (new ID numbers), and the bare baseline."""
    unions = roster_unions()
    rows = records(unions)
    data = build_xlsx(rows)
    details = [
        f"- member roster: {plural(ROWS)} rows, {len(data) / 1e6:.1f} MB, "
        f"{len(unions)} unions of 沙市区"
    ]
    clear()
    try:
        print("  MemberImporter.run …", flush=True)
        import_s, result = timed(
            lambda: MemberImporter(admin).run(io.BytesIO(data), FILENAME, commit=True)
        )
    finally:
        clear()
    print("  bare read and bulk upsert …", flush=True)
    read_s, read_rows = timed(lambda: bare_read(data))
    try:
        upsert_s, _ = timed(lambda: bare_upsert(rows, {u.name: u for u in unions}))
    finally:
        clear()
    tidy()
    if result.errors:
        shown = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in result.errors[:5])
        details.append(f"- import errors ({len(result.errors)}): {shown}")
    details.append(f"- bare read saw {plural(read_rows)} rows (header included)")
    base = read_s + upsert_s
    ok = result.committed and result.created == ROWS and import_s <= GOAL_RATIO * base
    return [
        Row(
            f"import {plural(ROWS)}-row member roster, new ID numbers "
            f"({plural(round(ROWS / import_s))} rows/s)",
            f"{fmt_s(import_s)} ({summary(result)})",
            f"calamine read {fmt_s(read_s)} + bulk upsert {fmt_s(upsert_s)} = {fmt_s(base)}",
            ratio(import_s, base),
            f"≤ {GOAL_RATIO}× {mark(ok)}",
        )
    ], details
