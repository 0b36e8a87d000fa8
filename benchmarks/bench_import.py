"""Importing a 20,000-row employer ledger, against reading it bare and bulk-creating the rows."""

from __future__ import annotations

import io
from statistics import median
from typing import Any

from bench_data import BASELINE_PREFIX, COUNTY_REGION, IMPORT_PREFIX, delete_employers, tidy
from common import Row, fmt_s, importer_xlsx, mark, plural, ratio, timed
from django.db import transaction
from python_calamine import CalamineWorkbook

from apps.accounts.models import User
from apps.core.exchange.engine import WRITE_BATCH
from apps.core.exchange.results import ImportResult
from apps.core.validators import make_uscc
from apps.unions.importers import EmployerImporter
from apps.unions.models import Employer, EmployerCategory, Industry, Nature, Union

ROWS = 20_000
GOAL_RATIO = 3
FILENAME = "基准测试单位台帐.xlsx"
NATURES = [Nature.PRIVATE, Nature.PRIVATE, Nature.PRIVATE, Nature.INDIVIDUAL, Nature.FOREIGN]


def owner_township() -> Union:
    """The first township of 沙市区: the owner column of every imported row."""
    county = Union.objects.get(region_code=COUNTY_REGION)
    return county.subtree().filter(level=Union.Level.TOWNSHIP).order_by("path").first()


def records(n: int, prefix: str, owner: str) -> list[dict[str, Any]]:
    """Plausible rows keyed like the importer's columns (labels as a clerk types them)."""
    categories = list(EmployerCategory.objects.values_list("code", flat=True))
    industries = list(Industry.objects.values_list("letter", flat=True))
    rows = []
    for i in range(n):
        employees = 10 + i % 490
        rows.append(
            {
                "uscc": make_uscc(i + 1, prefix=prefix),
                "name": f"荆州市沙市区基准测试{i + 1}号有限公司",
                "owner": owner,
                "nature": Nature(NATURES[i % len(NATURES)]).label,
                "category": categories[i % len(categories)],
                "industry": industries[i % len(industries)],
                "employees": employees,
                "women": employees // 3,
                "migrant_workers": employees // 4,
                "dispatched_workers": employees // 20,
                "taxi_mode": "",
                "is_labour_dispatch": "否",
                "address": f"荆州市沙市区北京中路{i % 900 + 1}号",
                "contact_person": "张伟",
                "phone": f"139{i:08d}",
                "started_on": f"20{10 + i % 15:02d}-0{1 + i % 9}-15",
            }
        )
    return rows


def build_xlsx(rows: list[dict[str, Any]]) -> bytes:
    return importer_xlsx(EmployerImporter.columns, rows, "单位台帐")


def import_file(user: User, data: bytes) -> ImportResult:
    return EmployerImporter(user).run(io.BytesIO(data), FILENAME, commit=True)


def bare_read(data: bytes) -> int:
    """python-calamine alone: every row of the first sheet."""
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    return sum(1 for _ in sheet.iter_rows())


def bare_create(rows: list[dict[str, Any]], keys: list[str], owner: Union) -> None:
    """Employer objects built from the same values and bulk-created, no validation or history."""
    categories = dict(EmployerCategory.objects.values_list("code", "pk"))
    industries = dict(Industry.objects.values_list("letter", "pk"))
    objs = [
        Employer(
            uscc=key,
            name=r["name"],
            owner=owner,
            nature=Nature.PRIVATE,
            category_id=categories[r["category"]],
            industry_id=industries[r["industry"]],
            employees=r["employees"],
            women=r["women"],
            migrant_workers=r["migrant_workers"],
            dispatched_workers=r["dispatched_workers"],
            address=r["address"],
            contact_person=r["contact_person"],
            phone=r["phone"],
        )
        for r, key in zip(rows, keys, strict=True)
    ]
    with transaction.atomic():
        Employer.objects.bulk_create(objs, batch_size=WRITE_BATCH)


def summary(result: ImportResult) -> str:
    return (
        f"{plural(result.created)} created / {plural(result.updated)} updated / "
        f"{plural(result.unchanged)} unchanged"
    )


def run(admin: User, runs: int) -> tuple[list[Row], list[str]]:
    """Medians over `runs`: import with new keys, re-import, and the bare baseline."""
    owner = owner_township()
    rows = records(ROWS, IMPORT_PREFIX, owner.name)
    data = build_xlsx(rows)
    keys = [make_uscc(i + 1, prefix=BASELINE_PREFIX) for i in range(ROWS)]
    details = [f"- import file: {plural(ROWS)} rows, {len(data) / 1e6:.1f} MB, owner {owner}"]
    times: dict[str, list[float]] = {"import": [], "reimport": [], "read": [], "create": []}
    for n in range(1, runs + 1):
        print(f"  run {n}/{runs}: import, re-import, bare read, bare bulk_create …", flush=True)
        delete_employers(IMPORT_PREFIX)
        try:
            seconds, first = timed(lambda: import_file(admin, data))
            times["import"].append(seconds)
            seconds, second = timed(lambda: import_file(admin, data))
            times["reimport"].append(seconds)
        finally:
            delete_employers(IMPORT_PREFIX)
        seconds, read_rows = timed(lambda: bare_read(data))
        times["read"].append(seconds)
        delete_employers(BASELINE_PREFIX)
        try:
            seconds, _ = timed(lambda: bare_create(rows, keys, owner))
            times["create"].append(seconds)
        finally:
            delete_employers(BASELINE_PREFIX)
    tidy()
    for result in (first, second):
        if result.errors:
            shown = "; ".join(f"row {e.row} {e.column}: {e.message}" for e in result.errors[:5])
            details.append(f"- import errors ({len(result.errors)}): {shown}")
    details.append(f"- bare read saw {plural(read_rows)} rows (header included)")
    details.append(
        "- import runs (s): "
        + "; ".join(f"{k} {', '.join(f'{t:.2f}' for t in v)}" for k, v in times.items())
    )

    first_s, second_s = median(times["import"]), median(times["reimport"])
    read_s, create_s = median(times["read"]), median(times["create"])
    base = read_s + create_s
    baseline = f"read {fmt_s(read_s)} + bulk_create {fmt_s(create_s)} = {fmt_s(base)}"
    first_ok = first.committed and first.created == ROWS
    second_ok = second.created == 0 and second.updated == 0
    return [
        Row(
            f"import {plural(ROWS)} rows, new keys (median of {runs})",
            f"{fmt_s(first_s)} ({summary(first)})",
            baseline,
            ratio(first_s, base),
            f"≤ {GOAL_RATIO}× {mark(first_ok and first_s <= GOAL_RATIO * base)}",
        ),
        Row(
            f"re-import of the same file (median of {runs})",
            f"{fmt_s(second_s)} ({summary(second)})",
            baseline,
            ratio(second_s, base),
            f"0 created / 0 updated {mark(second_ok)}",
        ),
    ], details
