"""UnionOrg at scale: list pages, import and export against bare baselines (`make bench`).

    .venv/bin/python benchmarks/run.py                      # SQLite file benchmarks/out/
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/unionorg_bench \\
        .venv/bin/python benchmarks/run.py                  # PostgreSQL
    .venv/bin/python benchmarks/run.py --members 50000      # a quick run (BENCH_MEMBERS)

Prints a Markdown table and writes it to benchmarks/out/results.md (and results-<db>.md).
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benchmark's own modules

import common  # noqa: E402

SECTIONS = (
    "pages",
    "members",
    "dashboard",
    "import",
    "export",
    "member-import",
    "member-export",
    "cadres",
    "standardization",
    "reports",
    "targets",
)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed requests per page (median)")
    parser.add_argument(
        "--import-runs", type=int, default=3, help="imports of the 20,000-row file (median)"
    )
    parser.add_argument(
        "--members",
        type=int,
        default=int(os.environ.get("BENCH_MEMBERS", 1_000_000)),
        help="members to generate and measure (BENCH_MEMBERS; default 1,000,000)",
    )
    parser.add_argument(
        "--skip", action="append", default=[], choices=SECTIONS, help="leave a section out"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)  # export child processes
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    common.setup_django(create_database=not args.child)
    import bench_data
    import bench_export

    if args.child:
        print(json.dumps(bench_export.child(args.child)))
        return

    import bench_cadres
    import bench_dashboard
    import bench_import
    import bench_member_import
    import bench_members
    import bench_pages
    import bench_reports
    import bench_standardization
    import bench_targets
    from django.db import connection

    info = bench_data.prepare()
    admin, clerk = bench_data.users()
    rows: list[common.Row] = []
    details: list[str] = []
    generation = info["generation"]
    if generation:
        made = ", ".join(f"{v:,} {k}" for k, v in generation["made"].items())
        rows.append(
            common.Row(
                f"generate scale data (demo.generate, run of {generation['on']})",
                f"{common.fmt_s(generation['seconds'])} ({made})",
                goal=f"< 3 min {common.mark(generation['seconds'] < 180)}",
            )
        )
    if {"members", "dashboard", "reports", "targets"} - set(args.skip):
        generated = bench_members.prepare(args.members)
        if generated:
            rows.append(bench_members.generation_row(generated))
    if "cadres" not in args.skip:
        generated = bench_cadres.prepare()
        if generated:
            rows.append(bench_cadres.generation_row(generated))
    info["counts"] = bench_data.counts()
    # Each section: its label while it runs, and what it measures (rows for the table, notes).
    sections = {
        "pages": ("list pages", lambda: bench_pages.run(admin, clerk, args.runs)),
        "members": ("member pages", lambda: bench_members.run(admin, clerk, args.runs)),
        "dashboard": ("dashboards", lambda: bench_dashboard.run(admin, clerk, args.runs)),
        "reports": ("statistics table", lambda: bench_reports.run(admin, clerk, args.runs)),
        "import": ("import", lambda: bench_import.run(admin, args.import_runs)),
        "export": ("export", lambda: bench_export.run()),
        "member-import": ("member roster import", lambda: bench_member_import.run(admin)),
        "cadres": ("cadre findings", lambda: bench_cadres.run(admin, clerk, args.runs)),
        "member-export": ("member export", lambda: bench_export.run("members")),
        "standardization": (
            "standardization rules",
            lambda: bench_standardization.run(admin, clerk, args.runs),
        ),
        "targets": ("target scoring", lambda: bench_targets.run(admin, args.runs)),
    }
    for name, (label, measure) in sections.items():
        if name in args.skip:
            continue
        print(f"{label} …", flush=True)
        section_rows, section_details = measure()
        rows += section_rows
        details += section_details

    counts = ", ".join(f"{k} {v:,}" for k, v in info["counts"].items())
    header = [
        f"Run {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z} · {common.machine_line()}",
        "",
        f"Data: {counts}."
        + (
            f" VACUUM ANALYZE before measuring ({common.fmt_s(info['vacuum_s'])})."
            if connection.vendor == "postgresql"
            else ""
        )
        + f" Pages: median of {args.runs} requests after one warm-up "
        "(django.test.Client, DEBUG on, persistent connection).",
    ]
    text = common.report("UnionOrg benchmarks", header, rows, details)
    print()
    print(text)
    for name in ("results.md", f"results-{connection.vendor}.md"):
        (common.OUT / name).write_text(text, encoding="utf-8")
    print(f"written to {common.OUT / 'results.md'}")


if __name__ == "__main__":
    main()
