"""Target scoring at city scale (issue 8): `apps.targets.scoring.ranking()` for every county's
signed letter (all indicators of the default template) as of today, and the city's 目标考核
page. Goal: ranking() under 1 s on PostgreSQL with 1,000,000 members, a number of queries
that does not depend on the number of counties."""

from __future__ import annotations

import statistics
import time

from bench_pages import measure
from common import Row, fmt_ms, mark
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.stats.figures import Scope, compute, families, wanted
from apps.targets import indicators, services
from apps.targets.models import TargetLetter
from apps.targets.scoring import ranking

GOAL_S = 1.0


def prepare(year: int) -> int:
    """The year's template and a signed letter for every county, once."""
    template = services.default_template(year)
    services.draft_letters(template, services.county_units())
    TargetLetter.objects.filter(year=year, status=TargetLetter.Status.DRAFT).update(
        status=TargetLetter.Status.SIGNED, signed_on=timezone.localdate()
    )
    return TargetLetter.objects.filter(year=year).count()


def run(admin: User, runs: int) -> tuple[list[Row], list[str]]:
    today = timezone.localdate()
    letters = prepare(today.year)
    times = []
    for n in range(runs + 1):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = ranking(today.year, today)
            elapsed = time.perf_counter() - start
        if n:  # the first run warms the caches
            times.append(elapsed)
        # Read now: the page requests below reset the connection's query log.
        queries = len(captured.captured_queries)
        slowest = max(float(q["time"]) for q in captured.captured_queries)
    median = statistics.median(times)
    rows = [
        Row(
            f"ranking() · {letters} counties × {len(result.counties[0].items)} indicators, today",
            f"{fmt_ms(median)}, {queries} queries",
            goal=f"< {GOAL_S:.0f} s {mark(median < GOAL_S)}",
        )
    ]
    client = Client()
    client.force_login(admin)
    url = reverse("targets:scoring") + f"?year={today.year}&as_of={today}"
    page = measure(client, url, runs)
    rows.append(
        Row(
            "city · 目标考核 page",
            f"{fmt_ms(page.median_s)}, {page.queries} queries",
            goal=f"< {GOAL_S:.0f} s {mark(page.median_s < GOAL_S)}",
        )
    )
    root = result.counties[0].county.parent
    scope = Scope(root, today, today.year)
    read = wanted(indicators.get(i.code).actual for i in indicators.indicators())
    parts = []
    for family in families():
        keys = [f.key for f in family.figures if f.key in read]
        if not keys:
            continue
        start = time.perf_counter()
        compute(scope, only=keys)
        parts.append(f"{family.key} {fmt_ms(time.perf_counter() - start)}")
    details = [
        f"- ranking(): slowest query {slowest:.3f} s; each family alone: {', '.join(parts)}",
        f"- 目标考核 page (`{url}`): slowest query {fmt_ms(page.slowest_s)}: `{page.slowest_sql}`",
    ]
    return rows, details
