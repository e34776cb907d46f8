"""Shared helpers for the benchmark scripts in bench/ (they print tables of figures; they are not tests).

    from _common import setup, migrate, print_table, measure

`setup()` must run before anything imports Django models: it picks the database (a fresh SQLite file in a
temporary data folder unless DATABASE_URL or --data-dir says otherwise), optionally recreates a PostgreSQL
database, and calls django.setup().
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def add_database_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", help="SQLite: keep the database in this folder (reused if already loaded); "
                                           "default is a new temporary folder")
    parser.add_argument("--reuse", action="store_true",
                        help="PostgreSQL: keep the database named in DATABASE_URL if it is already loaded "
                             "(default: drop and recreate it)")


def setup(args: argparse.Namespace | None = None, *, debug: bool = False) -> str:
    """Choose the database and start Django. Returns a short description ("SQLite /tmp/…", "PostgreSQL …").

    A PostgreSQL database is dropped and created again only when `args` (from add_database_arguments) says so.
    """
    data_dir = getattr(args, "data_dir", None)
    if data_dir:
        os.environ["GONGHUI_DATA_DIR"] = str(Path(data_dir).resolve())
    elif "GONGHUI_DATA_DIR" not in os.environ:
        os.environ["GONGHUI_DATA_DIR"] = tempfile.mkdtemp(prefix="gonghui-bench-")
    os.environ["GONGHUI_DEBUG"] = "1" if debug else "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")) and args is not None and not getattr(args, "reuse", True):
        recreate_postgres_database(url)
    import django

    django.setup()
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {connection.settings_dict['NAME']}"
    return f"PostgreSQL {connection.settings_dict['NAME']}@{connection.settings_dict.get('HOST') or 'local'}"


def recreate_postgres_database(url: str) -> None:
    """Drop and create the database named in the URL (connecting to the "postgres" maintenance database)."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if not name:
        raise SystemExit("DATABASE_URL has no database name")
    maintenance = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def migrate() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - started


@contextmanager
def timer():
    """with timer() as t: ...; t() → seconds since the block started (frozen when it ends)."""
    started = time.perf_counter()
    end = None

    def elapsed() -> float:
        return (end or time.perf_counter()) - started

    try:
        yield elapsed
    finally:
        end = time.perf_counter()


class Timing(NamedTuple):
    median: float  # wall-clock milliseconds
    low: float
    high: float
    cpu: float  # median CPU milliseconds of this process (steadier than wall time on a busy machine; with
    #             PostgreSQL it leaves out the database server's work)
    p95: float = float("nan")  # 95th percentile of the wall time (nearest rank)


def measure(fn, *, runs: int = 7, warmup: int = 2) -> Timing:
    """Call fn() `warmup` times, then `runs` times; the median, fastest, slowest and 95th-percentile wall time and
    the median CPU."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    ordered = sorted(wall)
    p95 = ordered[max(0, -(-95 * len(ordered) // 100) - 1)]  # nearest rank: the smallest value ≥ 95 % of runs
    return Timing(statistics.median(wall), min(wall), max(wall), statistics.median(cpu), p95)


def count_queries(fn) -> tuple[int, list[str]]:
    """Run fn() once and return (number of queries, their SQL)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: list[str], rows: list[list], *, title: str = "", align: str | None = None) -> None:
    """A plain-text table that lines up Chinese text too. `align` is one letter per column: l or r."""
    cells = [[str(h) for h in headers]] + [[("" if c is None else str(c)) for c in row] for row in rows]
    widths = [max(_width(r[i]) for r in cells) for i in range(len(headers))]
    align = align or "l" + "r" * (len(headers) - 1)

    def fmt(row):
        parts = []
        for text, width, a in zip(row, widths, align):
            pad = " " * (width - _width(text))
            parts.append(pad + text if a == "r" else text + pad)
        return "  ".join(parts).rstrip()

    if title:
        print(title)
    print(fmt(cells[0]))
    print("  ".join("-" * w for w in widths))
    for row in cells[1:]:
        print(fmt(row))
    sys.stdout.flush()
