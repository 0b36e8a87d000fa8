"""The member ledger at a million rows: list and search pages, each beside its bare SQL.

Members are made by `manage.py generate_scale` (apps/members/management/commands). The bare
figure of a page is the same two statements the page needs at least — the count for the
paginator and the page's rows joined to their union — run through connection.cursor().
"""

from __future__ import annotations

import json
import math
import re
import statistics
import time
from collections.abc import Callable
from io import StringIO
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench_data import COUNTY_REGION
from bench_pages import measure
from common import OUT, Row, fmt_ms, fmt_s, mark, plural, ratio, timed
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.core.pagination import Cursor
from apps.core.scoping import PATH_SEGMENT_WIDTH, subtree_bounds
from apps.core.views import PER_PAGE_CHOICES
from apps.members.models import Member
from apps.unions.models import Union

GOAL_MS, GOAL_QUERIES = 300, 12
# The check pages run a list's queries and more: 年度更新 its unions' counts, 会员核查 the other
# tabs' counts and the namesakes of the rows shown (14). Fixed, whatever the scope's size.
CHECK_QUERIES = 14
CITY_DEEP_PAGE = 20_000  # OFFSET 500,000: the middle of a million
INITIALS = "zw"  # 张伟, 周文, 赵伟华 …
PER_PAGE = PER_PAGE_CHOICES[0]
# Cleared, children first, when the wanted size differs from the database's.
MEMBER_TABLES = (
    "members_memberconflict",
    "members_historicaltransfer",
    "members_transfer",
    "members_historicalmembership",
    "members_membership",
    "members_historicalmember",
    "members_member",
)


def prepare(members: int) -> dict[str, Any] | None:
    """Exactly `members` generated members: kept when present, else cleared and generated.
    Returns the generation's figures (kept in out/ for later runs of the same size)."""
    saved = OUT / f"generated-members-{connection.vendor}.json"
    present = Member.objects.count()
    if present == members:
        info = json.loads(saved.read_text()) if saved.exists() else {}
        return info if info.get("members") == members else None
    if present:
        print(f"clearing {plural(present)} members (want {plural(members)}) …", flush=True)
        with connection.cursor() as cursor:
            for name in MEMBER_TABLES:
                cursor.execute(f"DELETE FROM {connection.ops.quote_name(name)}")
    print(f"generating {plural(members)} members (manage.py generate_scale) …", flush=True)
    seconds, _ = timed(lambda: call_command("generate_scale", members=members, stdout=StringIO()))
    info = {"seconds": seconds, "members": members, "on": f"{time.strftime('%Y-%m-%d')}"}
    saved.write_text(json.dumps(info))
    print(f"generated in {seconds:.0f} s", flush=True)
    return info


def generation_row(info: dict[str, Any]) -> Row:
    return Row(
        f"generate {plural(info['members'])} members (generate_scale, run of {info['on']})",
        f"{fmt_s(info['seconds'])} ({plural(round(info['members'] / info['seconds']))} rows/s, "
        "one membership each)",
        goal=f"a few minutes {mark(info['seconds'] < 300)}",
    )


# ------------------------------------------------------------------ bare SQL


def bare_page(
    where: str,
    params: list[Any],
    *,
    order: str = "m.name, m.id",
    offset: int = 0,
    start: tuple[str, list[Any]] = ("", []),
):
    """The page's work without Django, the way the page does it (keys first): the count, the
    page's ids (from the keyset condition `start`, if any), then those rows joined to their
    union."""
    keys_where, keys_params = f"{where}{start[0]}", params + start[1]
    member, union = Member._meta.db_table, Union._meta.db_table

    def run() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {member} m WHERE {where}", params)
            cursor.fetchone()
            cursor.execute(
                f"SELECT m.id FROM {member} m WHERE {keys_where} ORDER BY {order} "
                f"LIMIT {PER_PAGE} OFFSET {offset}",
                keys_params,
            )
            keys = [row[0] for row in cursor.fetchall()]
            if not keys:
                return 0
            cursor.execute(
                f"SELECT m.id, m.name, m.id_number, m.sex, m.status, m.joined_on, u.id, u.name "
                f"FROM {member} m JOIN {union} u ON u.id = m.union_id "
                f"WHERE m.id IN ({', '.join(['%s'] * len(keys))})",
                keys,
            )
            return len(cursor.fetchall())

    return run


def bare_median(fn: Callable[[], int], runs: int) -> float:
    fn()  # warm-up, as for the page
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def scope(path: str) -> tuple[str, list[str]]:
    """The scope condition as the page writes it: on SQLite the root's bounds carry the
    planner hint of apps.core.scoping (likelihood 1.0)."""
    if connection.vendor == "sqlite" and len(path) == PATH_SEGMENT_WIDTH:
        where = "likelihood(m.union_path >= %s, 1.0) AND likelihood(m.union_path < %s, 1.0)"
        return where, list(subtree_bounds(path))
    return "m.union_path >= %s AND m.union_path < %s", list(subtree_bounds(path))


def keyset_pages(
    client: Client, user: User, where: str, params: list[Any]
) -> list[tuple[str, str, Callable[[], int]]]:
    """The next and previous links of a page in the middle (apps.core.pagination's keyset
    cursors: the boundary row's name and id), each with its bare SQL."""
    visible = Member.objects.visible_to(user).count()
    middle = CITY_DEEP_PAGE if not user.union.parent_id else math.ceil(visible / PER_PAGE) // 2
    url = f"{reverse('members:member_list')}?page={middle}"
    html = client.get(url).content.decode()
    found = []
    for rel, label, op, order in (
        (
            "next",
            f"page {plural(middle + 1)} by the next link of {plural(middle)}",
            ">",
            "m.name, m.id",
        ),
        (
            "prev",
            f"page {plural(middle - 1)} by the previous link of {plural(middle)}",
            "<",
            "m.name DESC, m.id DESC",
        ),
    ):
        link = re.search(rf'rel="{rel}" href="([^"]+)"', html)
        if not link or "cursor=" not in link.group(1):
            raise RuntimeError(f"no keyset {rel} link on {url}")
        href = link.group(1).replace("&amp;", "&")
        token = parse_qs(urlsplit(href).query)["cursor"][0]
        name, pk = Cursor.loads(token).values
        condition = f" AND m.name {op}= %s AND (m.name {op} %s OR (m.name = %s AND m.id {op} %s))"
        bare = bare_page(where, params, order=order, start=(condition, [name, name, name, pk]))
        found.append((label, f"{reverse('members:member_list')}{href}", bare))
    return found


def pages(
    user: User, township: Union, tail: str
) -> list[tuple[str, str, Callable[[], int] | None]]:
    """(label, url, bare equivalent or None) of each measured page, for `user`'s scope."""
    url = reverse("members:member_list")
    where, params = scope(user.union.path)
    town_where, town_params = scope(township.path)
    visible = Member.objects.visible_to(user).count()
    last = math.ceil(visible / PER_PAGE)
    deep = CITY_DEEP_PAGE if not user.union.parent_id else last
    low, high = INITIALS, INITIALS + "\uffff"
    # The paginator reads pages past the middle backwards from the end (apps/core/pagination).
    last_page = (
        f"last page {plural(last)}",
        f"{url}?page={last}",
        bare_page(where, params, order="m.name DESC, m.id DESC"),
    )
    checks = [
        ("年度更新 (roster update)", reverse("members:rosterconfirmation_list"), None),
        ("会员核查 · 疑似重复 (duplicates)", reverse("members:checks_duplicates"), None),
    ]
    return [
        ("member list, first page", url, bare_page(where, params)),
        (
            f"filter by township ({township.name})",
            f"{url}?within={township.pk}",
            bare_page(f"{where} AND {town_where}", params + town_params),
        ),
        ("sort by name", f"{url}?sort=name", bare_page(where, params)),
        (
            "sort by name, descending",
            f"{url}?sort=-name",
            bare_page(where, params, order="m.name DESC, m.id DESC"),
        ),
        (
            f"deep page {plural(deep)}",
            f"{url}?page={deep}",
            bare_page(where, params, offset=(deep - 1) * PER_PAGE)
            if deep != last
            else last_page[2],
        ),
        *([last_page] if deep != last else []),
        (
            f"search pinyin initials “{INITIALS}”",
            f"{url}?q={INITIALS}",
            bare_page(
                f"{where} AND m.name_initials >= %s AND m.name_initials < %s", params + [low, high]
            ),
        ),
        (
            f"search ID tail “{tail}”",
            f"{url}?q={tail}",
            bare_page(f"{where} AND m.id_tail = %s", params + [tail]),
        ),
        *checks,
    ]


def run(admin: User, clerk: User, runs: int) -> tuple[list[Row], list[str]]:
    county = Union.objects.get(region_code=COUNTY_REGION)
    township = county.subtree().filter(level=Union.Level.TOWNSHIP).order_by("path").first()
    tail = Member.objects.visible_to(clerk).order_by("pk").values_list("id_tail", flat=True)[0]
    rows, details = [], []
    for who, user in (("city", admin), ("county", clerk)):
        client = Client()
        client.force_login(user)
        counts = set()
        where, params = scope(user.union.path)
        measured = pages(user, township, tail)
        measured[5:5] = keyset_pages(client, user, where, params)  # after the deep page
        for label, url, bare in measured:
            print(f"  {who}: members {label} …", flush=True)
            result = measure(client, url, runs)
            bare_s = bare_median(bare, runs) if bare else 0
            if bare:  # the member list's pages, which must all run the same queries
                counts.add(result.queries)
            bound = GOAL_QUERIES if bare else CHECK_QUERIES
            ok = result.median_s * 1000 < GOAL_MS and result.queries <= bound
            rows.append(
                Row(
                    f"{who} · {label}",
                    f"{fmt_ms(result.median_s)}, {result.queries} queries",
                    f"bare SQL {fmt_ms(bare_s)} (3 queries)" if bare else "—",
                    ratio(result.median_s, bare_s),
                    f"< {GOAL_MS} ms, ≤ {bound} queries {mark(ok)}",
                )
            )
            details.append(
                f"- {who} · members {label} (`{url}`): slowest query "
                f"{fmt_ms(result.slowest_s)}: `{result.slowest_sql}`"
            )
        details.append(f"- {who}: query counts of the member pages: {sorted(counts)}")
    return rows, details
