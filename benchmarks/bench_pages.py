"""List pages through django.test.Client: median time over runs, and the SQL queries each makes."""

from __future__ import annotations

import math
import statistics
import time
from dataclasses import dataclass

from common import Row, fmt_ms, mark, short_sql
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.accounts.models import User
from apps.core.views import PER_PAGE_CHOICES
from apps.unions.models import Employer

GOAL_MS, GOAL_QUERIES = 200, 12
CITY_DEEP_PAGE = 2000


@dataclass
class PageResult:
    median_s: float
    queries: int
    slowest_s: float
    slowest_sql: str


def measure(client: Client, url: str, runs: int) -> PageResult:
    """One warm-up request, then `runs` timed ones; queries counted on the last."""
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, url
    slowest = max(captured.captured_queries, key=lambda q: float(q["time"]))
    return PageResult(
        statistics.median(times),
        len(captured.captured_queries),
        float(slowest["time"]),
        short_sql(slowest["sql"]),
    )


def pages(user: User, deep_page: int) -> list[tuple[str, str]]:
    employers = reverse("unions:employer_list")
    return [
        ("employer list, first page", employers),
        ("employer filter nature=private&status=none", f"{employers}?nature=private&status=none"),
        ("employer sort -employees", f"{employers}?sort=-employees"),
        (f"employer deep page {deep_page}", f"{employers}?page={deep_page}"),
        ("unorganized ledger", reverse("unions:employer_unorganized")),
        ("grassroots union list", reverse("unions:union_list")),
    ]


def run(admin: User, clerk: User, runs: int) -> tuple[list[Row], list[str]]:
    rows, details = [], []
    visible = Employer.objects.visible_to(clerk).count()
    county_deep = max(1, math.ceil(visible / PER_PAGE_CHOICES[0]))  # its last page
    goal = f"< {GOAL_MS} ms, ≤ {GOAL_QUERIES} queries"
    for who, user, deep in (("city", admin, CITY_DEEP_PAGE), ("county", clerk, county_deep)):
        client = Client()
        client.force_login(user)
        for label, url in pages(user, deep):
            print(f"  {who}: {label} …", flush=True)
            result = measure(client, url, runs)
            ok = result.median_s * 1000 < GOAL_MS and result.queries <= GOAL_QUERIES
            rows.append(
                Row(
                    f"{who} · {label}",
                    f"{fmt_ms(result.median_s)}, {result.queries} queries",
                    goal=f"{goal} {mark(ok)}",
                )
            )
            details.append(
                f"- {who} · {label} (`{url}`): slowest query {fmt_ms(result.slowest_s)}: "
                f"`{result.slowest_sql}`"
            )
    return rows, details
