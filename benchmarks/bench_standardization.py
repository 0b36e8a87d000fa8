"""The standardization engine at city scale: every rule over all grassroots unions, one query
each, timed one by one so the slow rules show; then the whole engine (rules.evaluate, which
also reads the unions and derives scores and levels) and the results page.

The cadre rules need committees: bench_cadres.prepare makes them once (the cadres app's own
generator), also when its section is skipped.
"""

from __future__ import annotations

import statistics
import time

import bench_cadres
from bench_pages import measure
from common import Row, fmt_ms, fmt_s, mark, plural, timed
from django.test import Client
from django.utils import timezone

from apps.accounts.models import User
from apps.campaigns import rules
from apps.unions.models import Union

GOAL_S = 10.0
PAGE_GOAL_S = 15.0


def run(admin: User, clerk: User, runs: int) -> tuple[list[Row], list[str]]:
    today = timezone.localdate()
    rows: list[Row] = []
    bench_cadres.prepare()  # the committees the cadre rules look at (once; run.py's row)
    unions = rules.checked_unions(Union.objects.all()).order_by()
    checked = unions.count()
    per_rule: list[tuple[float, rules.StandardRule, int]] = []
    for rule in rules.RULES.values():
        start = time.perf_counter()
        hits = sum(1 for _ in rule.evaluate(unions, today))
        per_rule.append((time.perf_counter() - start, rule, hits))
    rules_total = sum(seconds for seconds, _, _ in per_rule)
    rows.append(
        Row(
            f"standardization · {len(per_rule)} rules one by one over {plural(checked)} unions",
            f"{fmt_s(rules_total)} (slowest: {max(per_rule, key=lambda r: r[0])[1].code})",
            goal=f"< {GOAL_S:.0f} s {mark(rules_total < GOAL_S)}",
        )
    )
    engine = []
    for _ in range(max(1, min(runs, 3))):
        seconds, results = timed(lambda: rules.evaluate(Union.objects.all(), today))
        engine.append(seconds)
    median = statistics.median(engine)
    findings = sum(len(r.findings) for r in results)
    rows.append(
        Row(
            "standardization · rules.evaluate (unions, all rules, scores, levels)",
            f"{fmt_s(median)} ({plural(len(results))} unions, {plural(findings)} findings)",
            goal=f"< {GOAL_S:.0f} s {mark(median < GOAL_S)}",
        )
    )
    for user, who in ((admin, "city"), (clerk, "county")):
        client = Client()
        client.force_login(user)
        page = measure(client, "/campaigns/standardization/", 1)
        rows.append(
            Row(
                f"{who} · 规范化检查 results page",
                f"{fmt_ms(page.median_s)}, {page.queries} queries",
                goal=f"< {PAGE_GOAL_S:.0f} s {mark(page.median_s < PAGE_GOAL_S)}",
            )
        )
    details = [
        "### Standardization rules, one by one",
        "",
        "| rule | category | points | time | unions found |",
        "|---|---|---|---|---|",
    ]
    for seconds, rule, hits in sorted(per_rule, key=lambda r: -r[0]):
        details.append(
            f"| {rule.code} {rule.label} | {rule.category_label} | {rule.points} | "
            f"{fmt_ms(seconds)} | {hits:,} |"
        )
        print(f"  {fmt_ms(seconds):>10}  {hits:>7,}  {rule.code}", flush=True)
    return rows, details
