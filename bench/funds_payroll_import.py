"""How fast a payroll spreadsheet (工资表) imports for the dues (issue 11: 200,000 rows in under 15 s on SQLite).

    python bench/funds_payroll_import.py                          # SQLite, 200,000 members in 200 unions
    python bench/funds_payroll_import.py --members 20000 --unions 20
    python bench/funds_payroll_import.py --data-dir /tmp/payroll  # keep the loaded database for a second run

Loads the large demo federation (`gonghui demo --members N --unions M`) unless the database holds it, writes a
payroll .xlsx of every member for one month (姓名, 身份证号, 月份, 月基本工资 — some wages typed as "4,500.00元"), then
times the real import through the import engine, as the page does it: `stage_upload` (read the file with calamine,
parse and check every row: the person found by ID number in the federation's subtree, the name compared) and
`commit_batch` (new wages with core.bulk.insert_rows, audit rows). Then the same file again (every wage unchanged
or updated, nothing new). Prints wall and CPU seconds of each step.
"""
from __future__ import annotations

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, migrate, print_table, setup, timer  # noqa: E402


def _cpu() -> float:
    return time.process_time()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--unions", type=int, default=200)
    add_database_arguments(parser)
    args = parser.parse_args()

    where = setup(args)
    from django.core.management import call_command
    from openpyxl import Workbook

    from gonghui.accounts.models import User
    from gonghui.core import importing
    from gonghui.core.context import acting_as
    from gonghui.demo import builder
    from gonghui.funds.models import Wage
    from gonghui.members.models import Person
    from gonghui.orgs.models import Organization

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    if not builder.is_loaded():
        with timer() as elapsed:
            call_command("demo", members=args.members, unions=args.unions, verbosity=0)
        print(f"==> load: {elapsed():.1f} s for {args.members} members in {args.unions} unions")
    fed = Organization.objects.get(code=builder.FED_CODE)
    user = User.objects.filter(is_superuser=True).first()
    people = list(Person.objects.filter(org__path__startswith=fed.path, member_status=Person.MemberStatus.ACTIVE)
                  .exclude(id_number="").values_list("name", "id_number"))
    month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    rng = random.Random(7)
    path = Path(tempfile.mkdtemp(prefix="gonghui-payroll-")) / "payroll.xlsx"
    with timer() as elapsed:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("工资表")
        sheet.append(["姓名", "身份证号", "月份", "月基本工资"])
        for i, (name, id_number) in enumerate(people):
            wage = rng.randrange(380000, 1200000) / 100
            sheet.append([name, id_number, f"{month:%Y-%m}", f"{wage:,.2f}元" if i % 10 == 0 else wage])
        book.save(path)
    print(f"==> payroll file: {len(people)} rows, {path.stat().st_size / 1e6:.1f} MB, written in {elapsed():.1f} s")

    importer = importing.get("payroll")
    rows = []
    for label in ("首次导入", "再次导入（同一文件）"):
        with acting_as(user, source="command"):
            t0, c0 = time.perf_counter(), _cpu()
            batch = importing.stage_upload(importer, org=fed, user=user, path=str(path), filename="payroll.xlsx")
            t1, c1 = time.perf_counter(), _cpu()
            result = importing.commit_batch(importer, batch, user=user)
            t2, c2 = time.perf_counter(), _cpu()
        if not result.committed:
            print(f"导入未完成：{result.message}")
            return 1
        rows.append([label, f"{t1 - t0:.1f}", f"{t2 - t1:.1f}", f"{t2 - t0:.1f}", f"{c2 - c0:.1f}",
                     "是" if t2 - t0 < 15 else "否"])
    print_table(["", "读取与校验 s", "写入 s", "合计 s", "CPU s", "< 15 s"], rows,
                title=f"工资表导入（{len(people)} 行，{Wage.objects.count()} 条工资记录）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
