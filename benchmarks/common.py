"""Shared pieces of the benchmarks: the database they use, Django setup, timing, the report."""

from __future__ import annotations

import io
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import xlsxwriter

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
T = TypeVar("T")


def database_url() -> str:
    """BENCH_DATABASE_URL if set, else a SQLite file of its own (never the dev db.sqlite3)."""
    return os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{OUT / 'bench.sqlite3'}"


def setup_django(*, create_database: bool = False) -> None:
    """Point the settings at the benchmark database (before they are read) and set Django up."""
    OUT.mkdir(parents=True, exist_ok=True)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    url = database_url()
    if create_database and url.startswith(("postgres://", "postgresql://")):
        create_postgres_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "unionorg.settings"
    hosts = {h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h}
    os.environ["ALLOWED_HOSTS"] = ",".join(sorted(hosts | {"testserver"}))
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no "Not Found" noise in the output

    import django

    django.setup()


def create_postgres_database(url: str) -> None:
    """CREATE DATABASE for the benchmark when it does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    params = {
        "dbname": "postgres",
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }
    with psycopg.connect(autocommit=True, **{k: v for k, v in params.items() if v}) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
            print(f"created database {config['NAME']}")


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def machine_line() -> str:
    import django
    from django.db import connection

    if connection.vendor == "postgresql":
        shown = {}
        with connection.cursor() as cursor:
            for name in ("server_version", "jit", "autovacuum", "work_mem", "shared_buffers"):
                cursor.execute(f"SHOW {name}")
                shown[name] = cursor.fetchone()[0]
        version = shown.pop("server_version").split()[0]
        engine = f"PostgreSQL {version} ({', '.join(f'{k} {v}' for k, v in shown.items())})"
    elif connection.vendor == "sqlite":
        import sqlite3

        engine = f"SQLite {sqlite3.sqlite_version} (WAL)"
    else:
        engine = connection.vendor
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (
        f"nproc {os.cpu_count()} · Python {platform.python_version()} · Django "
        f"{django.get_version()} · {engine} · {platform.machine()} · load average at start {load}"
    )


# ------------------------------------------------------------------ report


@dataclass
class Row:
    measure: str
    figure: str
    baseline: str = "—"
    ratio: str = "—"
    goal: str = "—"


def mark(ok: bool) -> str:
    return "✓" if ok else "✗"


def ratio(value: float, base: float) -> str:
    return f"{value / base:.1f}×" if base else "—"


def megabytes(kib: int) -> str:
    return f"{kib / 1024:.0f} MB"


def table(rows: list[Row]) -> str:
    lines = ["| measure | figure | baseline | ratio | goal |", "|---|---|---|---|---|"]
    for r in rows:
        cells = (r.measure, r.figure, r.baseline, r.ratio, r.goal)
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def report(title: str, header: list[str], rows: list[Row], details: list[str]) -> str:
    parts = [f"# {title}", "", *header, "", table(rows)]
    if details:
        parts += ["", "## Details", "", *details]
    return "\n".join(parts) + "\n"


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def fmt_s(seconds: float) -> str:
    return f"{seconds:.2f} s"


def plural(n: int) -> str:
    return f"{n:,}"


def short_sql(text: Any, head: int = 90, tail: int = 200) -> str:
    """The start and the end (where the WHERE, ORDER BY and LIMIT are) of a long query."""
    text = " ".join(str(text).split())
    return text if len(text) <= head + tail else f"{text[:head]} … {text[-tail:]}"


def importer_xlsx(columns: Any, rows: list[dict[str, Any]], sheet_name: str) -> bytes:
    """A file in an importer's layout: its column headers, then the rows (by column key)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(sheet_name)
    sheet.write_row(0, 0, [c.header for c in columns])
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, [row[c.key] for c in columns])
    book.close()
    return buffer.getvalue()
