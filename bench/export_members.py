#!/usr/bin/env python
"""Benchmark: exporting 100,000 members to .xlsx (人员花名册导出).

On a fresh database (SQLite always; PostgreSQL too when DATABASE_URL is set), each in its own process: 100,000
people are inserted (bulk, not timed), then the people list is exported the way the page does it
(members.exporting.export_people: rows read 2,000 at a time — a server-side cursor on PostgreSQL — labelled and
masked, written by core.excel.StreamingXlsx straight into the zip archive).

Reported, for the masked export (what most officers download), each of --runs runs: seconds (wall) and process CPU
seconds (both threads: the writer compresses in a second one); the growth of the process's resident memory during
the run (sampled every 5 ms). Then, once: the unmasked export (two more columns), the file size, the "writer" figure
(StreamingXlsx alone writing the same cells, already in memory: what is left when the database and the labelling
cost nothing), and the peak of Python memory allocated during an export (tracemalloc; a separate run, tracing is
slow) for 20,000 and for all rows — flat memory means the two peaks are about the same.
`--xlsxwriter` also times xlsxwriter (constant_memory) writing the same cells, the writer used before.

Targets: < 10 s for 100,000 rows, and memory that does not grow with the number of rows.

    python bench/export_members.py [--rows 100000] [--db sqlite|postgres] [--runs 3] [--xlsxwriter]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def insert_people(org, count: int) -> None:

    from _members_bench import roster_rows

    from gonghui.core.pinyin import name_pinyin
    from gonghui.members.models import Person

    educations = {"高中": "senior", "中专": "senior", "大专": "college", "本科": "bachelor", "硕士研究生": "master",
                  "初中": "junior"}
    politicals = {"群众": "masses", "中共党员": "cpc", "共青团员": "cyl"}
    employments = {"合同制": "contract", "劳务派遣": "dispatched", "农民工": "migrant", "在编": "establishment"}
    batch = []
    for i, r in enumerate(roster_rows(count)):
        full, initials = name_pinyin(r["姓名"])
        joined = r.get("入会日期")
        batch.append(Person(
            org=org, name=r["姓名"], name_pinyin=full, name_initials=initials, id_number=r["身份证号"],
            gender="M" if r["性别"] == "男" else "F", birth_date=r["出生日期"], ethnicity=r["民族"], phone=r["手机"],
            education=educations[r["学历"]], political_status=politicals[r["政治面貌"]],
            employment_type=employments[r["用工形式"]], department=r["部门"], post=r["岗位"],
            work_started_on=r["参加工作时间"], hired_on=r["入职日期"], base_salary=f"{r['月基本工资']:.2f}",
            member_status="active" if joined else "none", joined_on=joined,
            member_no=f"BENCH-{i + 1:06d}" if joined else "",
            note="=HYPERLINK(\"http://x\")" if i % 1000 == 0 else ""))
        if len(batch) == 5000:
            Person.objects.bulk_create(batch)
            batch = []
    Person.objects.bulk_create(batch)


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


@contextmanager
def rss_growth(result: dict):
    """result["mb"] = the highest resident memory seen while the block ran, minus the memory at its start."""
    start, peak, done = _rss_mb(), [0.0], threading.Event()

    def sample():
        while not done.wait(0.005):
            peak[0] = max(peak[0], _rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        yield
    finally:
        done.set()
        sampler.join()
        result["mb"] = max(peak[0], _rss_mb()) - start


def child(db: str, count: int, runs: int, with_xlsxwriter: bool) -> dict:
    from _members_bench import make_org_and_user, setup_django

    tmp, cleanup = setup_django(db)
    try:
        import tracemalloc

        from django.contrib.sessions.middleware import SessionMiddleware
        from django.test import RequestFactory

        from gonghui.core.context import acting_as
        from gonghui.members import selectors
        from gonghui.members.exporting import export_people
        from gonghui.members.models import Person

        org, _, user = make_org_and_user()
        small = min(20_000, count)
        insert_people(org, count)

        def run(limit: int | None, reveal: bool) -> tuple[float, float, int]:
            request = RequestFactory().get("/people/", {"export": "xlsx", **({"reveal": "1"} if reveal else {})})
            SessionMiddleware(lambda r: None).process_request(request)
            request.user = user
            request.current_org = org
            queryset = selectors.person_list(user, within=org)
            if limit is not None:
                queryset = queryset.filter(pk__in=Person.objects.filter(org=org).order_by("pk")
                                           .values_list("pk", flat=True)[:limit])
            t0, c0 = time.perf_counter(), time.process_time()
            with acting_as(user, source="web"):
                response = export_people(request, queryset, "xlsx")
                size = sum(len(chunk) for chunk in response.streaming_content)
                response.close()
            return time.perf_counter() - t0, time.process_time() - c0, size

        timings = []
        for _ in range(runs):
            growth: dict = {}
            with rss_growth(growth):
                seconds, cpu, size = run(None, reveal=False)
            timings.append({"seconds": seconds, "cpu": cpu, "rss_mb": growth["mb"]})
        seconds_revealed, _, _ = run(None, reveal=True)
        peaks = {}
        for label, limit in (("small", small), ("full", None)):
            tracemalloc.start()
            run(limit, reveal=False)
            peaks[label] = tracemalloc.get_traced_memory()[1] / 1024 / 1024
            tracemalloc.stop()

        # The writer alone: the same cells, already in memory.
        from gonghui.core.excel import Column, StreamingXlsx
        from gonghui.members.exporting import _ordered, _row_transform, xlsx_fields

        specs = xlsx_fields(False)
        transform = _row_transform(False)
        cells = [transform(v) for v in _ordered(Person.objects.filter(org=org))
                 .values_list(*[name for _, name, _, _ in specs])]
        t0, c0 = time.perf_counter(), time.process_time()
        with StreamingXlsx(f"{tmp}/writer.xlsx", [Column(h, w, k) for h, _, k, w in specs], title="基准") as book:
            for row in cells:
                book.append(row)
        writer, writer_cpu = time.perf_counter() - t0, time.process_time() - c0
        xlsxwriter_seconds = _xlsxwriter(f"{tmp}/xlsxwriter.xlsx", cells) if with_xlsxwriter else None
        del cells
        return {"db": db, "rows": count, "small_rows": small, "runs": timings, "writer": writer,
                "writer_cpu": writer_cpu, "xlsxwriter": xlsxwriter_seconds, "seconds_revealed": seconds_revealed,
                "file_mb": size / 1024 / 1024, "peak_small_mb": peaks["small"], "peak_full_mb": peaks["full"],
                "load": os.getloadavg()[0]}
    finally:
        cleanup()


def _xlsxwriter(path: str, cells: list) -> float:
    """xlsxwriter in constant_memory mode writing the same cells (the writer the export used before)."""
    import datetime

    import xlsxwriter

    t0 = time.perf_counter()
    book = xlsxwriter.Workbook(path, {"constant_memory": True})
    sheet = book.add_worksheet()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    epoch = datetime.date(1899, 12, 30)
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, datetime.date):
                sheet.write_number(r, c, (value - epoch).days, date_format)
            else:
                sheet.write_number(r, c, float(value))
    book.close()
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--db", choices=["sqlite", "postgres"], help="only this database")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the masked export (default 3)")
    parser.add_argument("--xlsxwriter", action="store_true", help="also time xlsxwriter writing the same cells")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print("RESULT " + json.dumps(child(args.db, args.rows, args.runs, args.xlsxwriter)))
        return
    dbs = [args.db] if args.db else ["sqlite"] + (
        ["postgres"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else [])
    results = []
    for db in dbs:
        command = [sys.executable, __file__, "--child", "--db", db, "--rows", str(args.rows), "--runs", str(args.runs)]
        proc = subprocess.run(command + (["--xlsxwriter"] if args.xlsxwriter else []), capture_output=True, text=True)
        line = next((l for l in proc.stdout.splitlines() if l.startswith("RESULT ")), None)
        if proc.returncode or line is None:
            print(proc.stdout, proc.stderr, file=sys.stderr)
            raise SystemExit(f"{db}: benchmark failed")
        results.append(json.loads(line[len("RESULT "):]))

    from _common import print_table

    rows = []
    for r in results:
        for number, t in enumerate(r["runs"], start=1):
            rows.append([r["db"], f"第{number}次", f"{t['seconds']:.2f}", f"{t['cpu']:.2f}", f"{t['rss_mb']:.0f}"])
    print_table(["数据库", "轮次", "秒(脱敏)", "CPU秒", "RSS增长MB"], rows,
                title=f"\n人员花名册导出基准：{args.rows:,} 人 → .xlsx（每库 {args.runs} 次）", align="llrrr")
    summary = []
    for r in results:
        median = statistics.median(t["seconds"] for t in r["runs"])
        flat = r["peak_full_mb"] <= max(2 * r["peak_small_mb"], r["peak_small_mb"] + 10)
        ok = median < 10 and flat
        summary.append([
            r["db"], f"{median:.2f}", f"{r['seconds_revealed']:.2f}", f"{r['writer']:.2f}",
            "" if r["xlsxwriter"] is None else f"{r['xlsxwriter']:.2f}", f"{r['file_mb']:.1f}",
            f"{r['peak_small_mb']:.1f}", f"{r['peak_full_mb']:.1f}", f"{r['load']:.1f}",
            ("通过" if ok else "未达标") + ("" if flat else "（内存随行数增长）")])
    print()
    print_table(["数据库", "中位秒", "秒(未脱敏)", "写入器秒", "xlsxwriter秒", "文件MB",
                 f"内存峰值MB({results[0]['small_rows']:,}行)", "内存峰值MB(全部)", "负载", "结论"], summary,
                align="lrrrrrrrrl")
    print("目标：10 万人 < 10 秒，内存不随行数增长。内存峰值为导出期间 Python 分配的峰值（tracemalloc）；"
          "写入器秒：StreamingXlsx 单独写入内存中同样单元格所需的时间。")
    print(f"机器负载（1/5/15 分钟）：{' '.join(f'{x:.1f}' for x in os.getloadavg())}，CPU {os.cpu_count()} 个")


if __name__ == "__main__":
    main()
