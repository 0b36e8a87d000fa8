"""Cadre findings at scale: the check rules over every grassroots union of the city (about
31,000) and of one county, through the findings page (apps.cadres.rules, one query per rule)."""

from __future__ import annotations

import json
import time
from typing import Any

from bench_pages import measure
from common import OUT, Row, fmt_ms, fmt_s, mark, timed
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.cadres.demo import generate_cadres
from apps.cadres.models import Election, Position
from apps.cadres.rules import RULES
from apps.unions.models import Union

# Share of grassroots unions with their committee and chair election in the ledger: counties
# fill the cadre ledger gradually, so well under all of them (issue 5).
CADRE_SHARE = 0.6
GOAL_MS, GOAL_QUERIES = 2000, 20


def prepare() -> dict[str, Any] | None:
    """Cadres, positions and elections for CADRE_SHARE of the grassroots unions, once."""
    saved = OUT / f"generated-cadres-{connection.vendor}.json"
    if Position.objects.exists():
        return json.loads(saved.read_text()) if saved.exists() else None
    print("generating cadres, positions and elections …", flush=True)
    seconds, made = timed(
        lambda: generate_cadres(
            Union.objects.grassroots().active(), share=CADRE_SHARE, today=timezone.localdate()
        )
    )
    info = {"seconds": seconds, "made": made, "on": f"{time.strftime('%Y-%m-%d')}"}
    saved.write_text(json.dumps(info))
    return info


def generation_row(info: dict[str, Any]) -> Row:
    made = ", ".join(f"{v:,} {k}" for k, v in info["made"].items())
    return Row(
        f"generate cadres for {CADRE_SHARE:.0%} of grassroots unions (run of {info['on']})",
        f"{fmt_s(info['seconds'])} ({made})",
        goal=f"< 3 min, as demo.generate {mark(info['seconds'] < 180)}",
    )


def run(admin: User, clerk: User, runs: int) -> tuple[list[Row], list[str]]:
    rows, details = [], []
    url = reverse("cadres:finding_list")
    grassroots = Union.objects.grassroots().active()
    goal = f"< {GOAL_MS} ms, ≤ {GOAL_QUERIES} queries"
    for who, user in (("city", admin), ("county", clerk)):
        client = Client()
        client.force_login(user)
        unions = grassroots.visible_to(user).count()
        for label, query in (("all rules", ""), ("one rule", "?rule=election.not_approved")):
            print(f"  {who}: findings, {label} …", flush=True)
            result = measure(client, url + query, runs)
            ok = result.median_s * 1000 < GOAL_MS and result.queries <= GOAL_QUERIES
            rows.append(
                Row(
                    f"{who} · cadre findings, {label} ({unions:,} grassroots unions)",
                    f"{fmt_ms(result.median_s)}, {result.queries} queries",
                    goal=f"{goal} {mark(ok)}",
                )
            )
            details.append(
                f"- {who} · cadre findings, {label} (`{url + query}`, {len(RULES)} rules, "
                f"{Position.objects.count():,} positions, {Election.objects.count():,} "
                f"elections): slowest query {fmt_ms(result.slowest_s)}: `{result.slowest_sql}`"
            )
    return rows, details
