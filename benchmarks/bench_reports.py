"""The statistics table at city scale (issue 7): the city's and a county's 《基层工会组织建设
基本情况统计表》 as .xlsx and PDF through Django. Same goal as the dashboards: under 1 s on
PostgreSQL and under 2 s on SQLite, with a number of queries that does not depend on the
number of counties or townships (one per figure family)."""

from __future__ import annotations

from bench_pages import measure
from common import Row, fmt_ms, mark
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User

GOAL_S = {"postgresql": 1.0, "sqlite": 2.0}
GOAL_QUERIES = 20


def run(admin: User, clerk: User, runs: int) -> tuple[list[Row], list[str]]:
    from django.db import connection

    goal_s = GOAL_S.get(connection.vendor, 2.0)
    rows, details = [], []
    for who, user in (("city", admin), ("county", clerk)):
        client = Client()
        client.force_login(user)
        for kind in ("xlsx", "pdf"):
            url = reverse(f"reports:table_{kind}")
            print(f"  {who}: statistics table {kind} …", flush=True)
            result = measure(client, url, runs)
            ok = result.median_s < goal_s and result.queries <= GOAL_QUERIES
            rows.append(
                Row(
                    f"{who} · statistics table .{kind}",
                    f"{fmt_ms(result.median_s)}, {result.queries} queries",
                    goal=f"< {goal_s:.0f} s, ≤ {GOAL_QUERIES} queries {mark(ok)}",
                )
            )
            details.append(
                f"- {who} · statistics table .{kind} (`{url}`): slowest query "
                f"{fmt_ms(result.slowest_s)}: `{result.slowest_sql}`"
            )
    return rows, details
