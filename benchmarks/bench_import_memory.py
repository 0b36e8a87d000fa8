"""Peak memory of reading and checking a large member roster (issue 19 §3).

Each measurement runs in a child process of its own and reports the child's VmHWM (peak
resident memory, /proc/self/status): Django set up and nothing read; read_sheets walking
every row; MemberImporter.run with commit=False (read, parse, check, as the task does before
a clerk confirms) and with commit=True (the same, then writing the members, their
memberships and history; removed again afterwards). The roster is built as
bench_member_import builds it, against the benchmark database (generate it first with
`make bench`).

    .venv/bin/python benchmarks/bench_import_memory.py --rows 320000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the benchmark's own modules

import common  # noqa: E402

MODES = ("django", "read", "check", "commit")
GOAL_MB = 500


def peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def child(mode: str, path: str) -> None:
    common.setup_django()
    import bench_member_import as members
    from bench_data import users

    from apps.core.exchange.excel import read_sheets
    from apps.members.importers import MemberImporter

    admin, _ = users()
    detail = "nothing read"
    started = time.perf_counter()
    with open(path, "rb") as fileobj:
        if mode == "read":
            detail = f"{sum(sum(1 for _ in sheet) for sheet in read_sheets(fileobj, path))} rows"
        elif mode in ("check", "commit"):
            result = MemberImporter(admin).run(fileobj, "花名册.xlsx", commit=mode == "commit")
            detail = f"{result.rows} rows, {len(result.errors)} errors, {result.created} new"
    print(f"{peak_mb():.0f}\t{detail}, {time.perf_counter() - started:.1f} s")
    if mode == "commit":
        members.clear()


def build(rows: int, path: Path) -> None:
    common.setup_django()
    import bench_member_import as members

    members.ROWS = rows
    path.write_bytes(members.build_xlsx(members.records(members.roster_unions())))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=320_000)
    parser.add_argument("--child", choices=(*MODES, "build"), help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "build":
        build(args.rows, Path(args.file))
    elif args.child:
        child(args.child, args.file)
    else:
        measure(args.rows)


def measure(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.xlsx"
        # Built in a child of its own too, so building the file counts nowhere.
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--rows",
                str(rows),
                "--child",
                "build",
                "--file",
                str(path),
            ],
            check=True,
        )
        print(f"member roster: {rows:,} rows, {path.stat().st_size / 1e6:.1f} MB")
        for mode in MODES:
            out = (
                subprocess.run(
                    [sys.executable, __file__, "--child", mode, "--file", str(path)],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            peak, detail = out.split("\t")
            goal = f" (goal < {GOAL_MB} MB)" if mode in ("check", "commit") else ""
            print(f"  {mode:<7} peak {peak:>5} MB{goal}  {detail}")


if __name__ == "__main__":
    main()
