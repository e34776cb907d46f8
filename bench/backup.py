"""Backup and restore of a federation's database (`gonghui backup` / `gonghui restore`, core/backup.py).

    python bench/backup.py                      SQLite, 40,000 members (about 120,000 rows with memberships and events)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench_backup python bench/backup.py
    python bench/backup.py --members 100000

Prints the rows, the archive's size, and the wall/CPU time and peak memory of a backup, of a restore into a fresh
database and of a restore over the live one (both verified table by table).
"""
from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from _common import add_database_arguments, migrate, print_table, setup


def timed(fn):
    started, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=40000)
    add_database_arguments(parser)
    args = parser.parse_args()
    args.reuse = False
    where = setup(args)
    migrate()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.core import backup

    call_command("demo", members=args.members, verbosity=0)
    folder = Path(tempfile.mkdtemp(prefix="gonghui-bench-backup-"))
    archive = folder / "b.tar.gz"
    made, wall_b, cpu_b = timed(lambda: backup.create(archive, media=False))
    rss_b = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    if connection.vendor == "sqlite":
        fresh = str(folder / "fresh.sqlite3")
    else:
        import psycopg

        params = dict(connection.get_connection_params())
        fresh = f"{connection.settings_dict['NAME']}_fresh"
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
            db.execute(f'CREATE DATABASE "{fresh}"')
    _, wall_f, cpu_f = timed(lambda: backup.restore(archive, target=fresh, media=False))
    _, wall_l, cpu_l = timed(lambda: backup.restore(archive, media=False))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = made.rows
    print_table(["step", "rows", "archive MB", "wall s", "CPU s", "peak RSS MB"], [
        ["backup (checksums included)", rows, f"{archive.stat().st_size / 1e6:.1f}", f"{wall_b:.2f}", f"{cpu_b:.2f}",
         f"{rss_b:.0f}"],
        ["restore into a fresh database (verified)", rows, "", f"{wall_f:.2f}", f"{cpu_f:.2f}", ""],
        ["restore over the live database (verified)", rows, "", f"{wall_l:.2f}", f"{cpu_l:.2f}", f"{rss:.0f}"],
    ], title=f"gonghui backup / restore, {args.members:,} members, {len(made.manifest['tables'])} tables — {where}")


if __name__ == "__main__":
    main()
