#!/usr/bin/env python
"""Benchmark: importing a 100,000-row roster (花名册导入).

Generates a realistic .xlsx roster (valid ID numbers, Chinese names, 90% with an 入会日期) and measures, each on a
fresh database (SQLite always; PostgreSQL too when DATABASE_URL is set), each in its own process:

  floor    reading the file with calamine + one bulk insert of the same Person rows (core.bulk.insert of Person
           objects, the least an import does; the import itself writes plain rows with core.bulk.insert_rows,
           which needs no model objects at all — the floor is left as it was defined)
  import   the real thing: validate (upload: read, parse and check every row; the parsed rows are kept, signed,
           beside the stored file) + commit (check them again against the database — or read the stored file
           again when they cannot be used — and write people, memberships, membership events and one audit
           entry per person in one transaction)
  again    importing the same file once more (every row matched by ID number, nothing to change)

Targets: the full import under 10 s on SQLite and within 4x of the floor.

    python bench/import_members.py [--rows 100000] [--db sqlite|postgres]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_floor(db: str, path: str) -> dict:
    from _members_bench import make_org_and_user, peak_rss_mb, setup_django

    tmp, cleanup = setup_django(db)
    try:
        import datetime

        from django.db import transaction
        from python_calamine import CalamineWorkbook

        from gonghui.core import bulk
        from gonghui.core.pinyin import name_pinyin
        from gonghui.members.models import Person

        _, floor_org, _ = make_org_and_user()
        with open(path, "rb") as fh:  # the people as plain values, pinyin computed beforehand (not timed)
            data = CalamineWorkbook.from_filelike(fh).get_sheet_by_index(0).to_python()[1:]
        pinyin = [name_pinyin(r[0]) for r in data]
        t0, c0 = time.perf_counter(), time.process_time()
        with open(path, "rb") as fh:
            sheet = CalamineWorkbook.from_filelike(fh).get_sheet_by_index(0)
        parsed = sum(1 for _ in sheet.iter_rows()) - 1
        t1 = time.perf_counter()
        with transaction.atomic():
            people = [Person(org=floor_org, name=r[0], name_pinyin=p[0], name_initials=p[1], id_number=r[1],
                             gender="M" if r[2] == "男" else "F", birth_date=r[3], ethnicity=r[4], phone=r[5],
                             department=r[9], post=r[10], work_started_on=r[11], hired_on=r[12],
                             joined_on=r[14] if isinstance(r[14], datetime.date) else None)
                      for r, p in zip(data, pinyin)]
            bulk.insert(Person, people)
        t2, c2 = time.perf_counter(), time.process_time()
        return {"rows": parsed, "floor_parse": t1 - t0, "floor_insert": t2 - t1, "floor": t2 - t0, "floor_cpu": c2 - c0,
                "floor_rss_mb": round(peak_rss_mb())}
    finally:
        cleanup()


def run_import(db: str, path: str) -> dict:
    from _members_bench import make_org_and_user, peak_rss_mb, setup_django

    tmp, cleanup = setup_django(db)
    try:
        from gonghui.core.context import acting_as
        from gonghui.members import importing
        from gonghui.members.models import ImportBatch, Membership, Person

        org, _, user = make_org_and_user()
        rss_before = peak_rss_mb()
        with acting_as(user, source="web"):
            t0, c0 = time.perf_counter(), time.process_time()
            batch = importing.stage_upload(org=org, user=user, path=path, filename="roster.xlsx")
            t1 = time.perf_counter()
            result = importing.commit_batch(batch, user=user, mode=ImportBatch.Mode.ALL)
            t2, c2 = time.perf_counter(), time.process_time()
        assert result.committed, result.message
        count = Person.objects.filter(org=org).count()
        assert count == batch.total_rows
        rss_import = peak_rss_mb()
        with acting_as(user, source="web"):
            t3 = time.perf_counter()
            again = importing.stage_upload(org=org, user=user, path=path, filename="roster.xlsx")
            again = importing.commit_batch(again, user=user, mode=ImportBatch.Mode.ALL)
            t4 = time.perf_counter()
        assert again.committed and again.batch.unchanged_count == count, again.message
        return {"people": count, "members": Membership.objects.filter(org=org).count(),
                "validate": t1 - t0, "commit": t2 - t1, "import": t2 - t0, "import_cpu": c2 - c0, "again": t4 - t3,
                "rss_growth_mb": round(rss_import - rss_before)}
    finally:
        cleanup()


def child(args) -> None:
    result = run_floor(args.db, args.file) if args.part == "floor" else run_import(args.db, args.file)
    print("RESULT " + json.dumps(result))


def run_part(part: str, db: str, path: str) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--part", part, "--db", db, "--file", path],
                          capture_output=True, text=True)
    line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
    if proc.returncode or line is None:
        print(proc.stdout, proc.stderr, file=sys.stderr)
        raise SystemExit(f"{db} {part}: benchmark failed")
    return json.loads(line[len("RESULT "):])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], help="only this database")
    parser.add_argument("--part", choices=["floor", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.part:
        child(args)
        return
    from _members_bench import roster_rows, write_roster_xlsx

    dbs = [args.db] if args.db else ["sqlite"] + (
        ["postgres"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])
    with tempfile.TemporaryDirectory(prefix="gonghui-roster-") as tmp:
        path = str(Path(tmp) / "roster.xlsx")
        write_roster_xlsx(path, roster_rows(args.rows))
        size_mb = Path(path).stat().st_size / 1024 / 1024
        results = []
        for db in dbs:
            results.append({"db": db, **run_part("floor", db, path), **run_part("import", db, path)})
    print(f"\n花名册导入基准：{args.rows:,} 行，.xlsx {size_mb:.1f} MB（时间单位：秒）")
    print(f"{'数据库':<9}{'下限(解析+写入)':>16}{'校验':>8}{'提交':>8}{'导入合计':>9}{'倍数':>7}"
          f"{'CPU:下限':>9}{'CPU:导入':>9}{'CPU倍数':>8}{'重复导入':>9}{'导入内存增长MB':>15}  结论")
    for r in results:
        ratio = r["import"] / r["floor"]
        cpu_ratio = r["import_cpu"] / r["floor_cpu"]
        ok = ratio <= 4 and (r["db"] != "sqlite" or r["import"] < 10)
        floor = f"{r['floor']:.2f}({r['floor_parse']:.2f}+{r['floor_insert']:.2f})"
        print(f"{r['db']:<10}{floor:>20}{r['validate']:>10.2f}{r['commit']:>10.2f}{r['import']:>12.2f}"
              f"{ratio:>9.2f}{r['floor_cpu']:>11.2f}{r['import_cpu']:>11.2f}{cpu_ratio:>10.2f}"
              f"{r['again']:>12.2f}{r['rss_growth_mb']:>18}  {'通过' if ok else '未达标'}")
    print("目标：SQLite 上导入合计 < 10 秒，且不超过下限的 4 倍。CPU 列为本进程 CPU 时间（机器繁忙时比墙钟时间稳定；"
          "PostgreSQL 服务器端的时间不在其中）。")
    print(f"机器负载（1/5/15 分钟）：{' '.join(f'{x:.1f}' for x in os.getloadavg())}，CPU {os.cpu_count()} 个")


if __name__ == "__main__":
    main()
