"""The dashboards at city scale: the whole page through Django, and each figure family's one
grouped query on its own (`apps.stats.figures.compute`), so a slow page names its family.

Goal (issue 7): the city dashboard under 1 s on PostgreSQL and under 2 s on SQLite, with a
number of queries that does not depend on the number of counties or townships.
"""

from __future__ import annotations

import datetime
import time

from bench_pages import measure
from common import Row, fmt_ms, mark
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.stats.figures import Scope, compute, families

GOAL_S = {"postgresql": 1.0, "sqlite": 2.0}
# The tests pin the exact count (a family adds one); this bound only catches a query per row
# (the city has 17 rows, a county more than 10).
GOAL_QUERIES = 40


def family_times(user: User, as_of: datetime.date) -> list[tuple[str, float]]:
    """Each family alone (its counts, not the rates that would bring other families in), for
    every row of the user's table: the median of three runs."""
    scope = Scope(user.union, as_of, as_of.year, user)
    result = []
    for family in families():
        times = []
        for _ in range(3):
            start = time.perf_counter()
            compute(scope, only=[f.key for f in family.figures if not f.rate])
            times.append(time.perf_counter() - start)
        result.append((family.key, sorted(times)[1]))
    return result


def run(admin: User, clerk: User, runs: int) -> tuple[list[Row], list[str]]:
    from django.db import connection

    goal_s = GOAL_S.get(connection.vendor, 2.0)
    today = timezone.localdate()
    year_end = datetime.date(today.year - 1, 12, 31)
    rows, details = [], []
    for who, user in (("city", admin), ("county", clerk)):
        client = Client()
        client.force_login(user)
        for label, query in (("today", ""), (f"as of {year_end}", f"?as_of={year_end}")):
            url = reverse("stats:dashboard") + query
            print(f"  {who}: dashboard {label} …", flush=True)
            result = measure(client, url, runs)
            ok = result.median_s < goal_s and result.queries <= GOAL_QUERIES
            rows.append(
                Row(
                    f"{who} · dashboard, {label}",
                    f"{fmt_ms(result.median_s)}, {result.queries} queries",
                    goal=f"< {goal_s:.0f} s, ≤ {GOAL_QUERIES} queries {mark(ok)}",
                )
            )
            details.append(
                f"- {who} · dashboard {label} (`{url}`): slowest query "
                f"{fmt_ms(result.slowest_s)}: `{result.slowest_sql}`"
            )
        times = ", ".join(f"{key} {fmt_ms(s)}" for key, s in family_times(user, today))
        details.append(f"- {who}: each figure family alone (all rows, today): {times}")
    return rows, details
