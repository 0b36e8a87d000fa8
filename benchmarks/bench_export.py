"""Exporting 100,000 employers (and 1,000,000 members) through the real view, against bare
xlsxwriter.

Each figure comes from a child process (`run.py --child MODE`) so that its peak resident set
size is its own: `idle` only sets Django up, `export` also runs the export view and reads the
whole response, `xlsx` writes the same number of rows and columns of plain values with
xlsxwriter in constant_memory mode. `export:members` and `xlsx:members` do the same for the
member ledger.

The peak is VmHWM from /proc/self/status where there is one. ru_maxrss (also recorded) is not
the child's own on Linux: the kernel keeps the high-water mark of the process that forked it
across fork and exec, so every child would report at least the parent's size at that moment.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import xlsxwriter
from bench_data import CITY_ADMIN_USERNAME
from common import Row, fmt_s, mark, megabytes, plural, ratio
from django.db import connection
from django.test import Client
from django.urls import reverse

from apps.accounts.models import User
from apps.members.importers import MemberImporter
from apps.members.models import Member
from apps.unions.importers import EmployerImporter
from apps.unions.models import Employer

GOAL_RATIO = 2
RUN_PY = Path(__file__).resolve().parent / "run.py"
# What is exported: the list's export URL, its model, the columns of its importer, and the
# peak memory its issue allows (MB).
TARGETS = {
    "employers": ("unions:employer_export", Employer, EmployerImporter, 150),
    "members": ("members:member_export", Member, MemberImporter, 200),
}


def child(mode: str) -> dict[str, Any]:
    """The work of one child process; returns its figures (printed as JSON by run.py)."""
    import unionorg.urls  # noqa: F401  (views and URLs loaded in every mode alike)

    kind, _, target = mode.partition(":")
    url_name, model, importer, _ = TARGETS[target or "employers"]
    connection.ensure_connection()
    admin = User.objects.get(username=CITY_ADMIN_USERNAME)
    figures: dict[str, Any] = {"rows": model.objects.visible_to(admin).count()}
    start = time.perf_counter()
    if kind == "export":
        client = Client()
        client.force_login(admin)
        start = time.perf_counter()
        response = client.get(reverse(url_name))
        figures["bytes"] = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        figures["status"] = response.status_code
    elif kind == "xlsx":
        figures["bytes"] = bare_xlsx(figures["rows"], len(importer.columns))
    figures["seconds"] = time.perf_counter() - start
    figures["maxrss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    figures["peak_kib"] = own_peak_kib() or figures["maxrss_kib"]
    return figures


def own_peak_kib() -> int | None:
    """VmHWM: the peak resident set size of this process's own address space (Linux)."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def bare_xlsx(rows: int, columns: int) -> int:
    """xlsxwriter constant_memory: rows × columns of plain strings and numbers; file size."""
    with tempfile.TemporaryFile() as out:
        book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
        sheet = book.add_worksheet("单位")
        sheet.write_row(0, 0, [f"列{c}" for c in range(columns)])
        for r in range(1, rows + 1):
            for c in range(columns):
                if c % 3 == 2:
                    sheet.write_number(r, c, r + c)
                else:
                    sheet.write_string(r, c, f"荆州市单位{r}第{c}列")
        book.close()
        out.seek(0)
        return sum(len(chunk) for chunk in iter(lambda: out.read(1 << 16), b""))


def spawn(mode: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, str(RUN_PY), "--child", mode], capture_output=True, text=True
    )
    if done.returncode:
        raise RuntimeError(f"child {mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(target: str = "employers") -> tuple[list[Row], list[str]]:
    suffix = "" if target == "employers" else f":{target}"
    figures = {}
    for kind in ("idle", "export", "xlsx"):
        mode = kind if kind == "idle" else kind + suffix
        print(f"  child process: {mode} …", flush=True)
        figures[kind] = spawn(mode)
    idle, export, bare = figures["idle"], figures["export"], figures["xlsx"]
    columns = len(TARGETS[target][2].columns)
    if export.get("status") != 200:
        raise RuntimeError(f"export answered {export.get('status')}")
    peak, goal_mb = export["peak_kib"], TARGETS[target][3]
    grown = peak - idle["peak_kib"]
    bare_grown = bare["peak_kib"] - idle["peak_kib"]
    rows = [
        Row(
            f"export {plural(export['rows'])} {target} (city admin, whole response read)",
            f"{fmt_s(export['seconds'])} ({export['bytes'] / 1e6:.1f} MB .xlsx)",
            f"xlsxwriter constant_memory {fmt_s(bare['seconds'])} "
            f"({plural(bare['rows'])} × {columns} plain values)",
            ratio(export["seconds"], bare["seconds"]),
            f"≤ {GOAL_RATIO}× {mark(export['seconds'] <= GOAL_RATIO * bare['seconds'])}",
        ),
        Row(
            f"export {target} peak memory (RSS of the process)",
            f"{megabytes(peak)} (Django alone {megabytes(idle['peak_kib'])}, +{megabytes(grown)})",
            f"bare xlsxwriter {megabytes(bare['peak_kib'])} (+{megabytes(bare_grown)})",
            "—",
            f"< {goal_mb} MB {mark(peak < goal_mb * 1024)}",
        ),
    ]
    details = [f"- {target} export child figures: `{json.dumps(figures)}`"]
    return rows, details
