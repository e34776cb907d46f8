"""How fast 会费收缴率 is for a large subtree, and the bulk computation of a month's dues.

    python bench/funds_dues.py                                   # SQLite, 20,000 members in 100 unions, 12 months
    python bench/funds_dues.py --members 200000 --unions 1000 --months 60   # issue 11's size (12 million rows)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_funds_bench python bench/funds_dues.py

Loads `gonghui demo --members N --unions M` (the large federation) into a fresh database, then writes --months of
dues rows in bulk with core.bulk.insert_rows (a charge per member and month at 0.5% of a wage drawn once, and a payment
for about 97% of them under one payroll receipt per union and month), and times:

- 会费收缴率 (`funds.dues.rate`) of the whole federation over the last year (two sums over the subtree);
- the same for each child union (`by_child`: one grouped query per side);
- `dues_compute` of one union for a new month (members, wages, exemptions, retirees read in three queries; bulk
  insert and audit rows);
Target (issue 11, on PostgreSQL with 12 million rows): the rate for the subtree and each child under 2 s.
"""
from __future__ import annotations

import argparse
import datetime
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, count_queries, measure, migrate, print_table, setup, timer  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=20_000)
    parser.add_argument("--unions", type=int, default=100)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    add_database_arguments(parser)
    args = parser.parse_args()

    where = setup(args)
    from django.core.management import call_command
    from django.db import connection, transaction

    from gonghui.core import bulk
    from gonghui.core.context import acting_as
    from gonghui.demo import builder
    from gonghui.funds.models import DuesCharge, DuesPayment, DuesReceipt, Wage
    from gonghui.funds.services import dues
    from gonghui.members.models import Membership
    from gonghui.orgs.models import PATH_STEP, Organization
    from gonghui.reports import registry

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    if not builder.is_loaded():
        with timer() as elapsed:
            call_command("demo", members=args.members, unions=args.unions, verbosity=0)
        print(f"==> load: {elapsed():.1f} s for {args.members} members in {args.unions} unions")
    fed = Organization.objects.get(code=builder.FED_CODE)
    today = datetime.date.today()
    last = dues.month_start(today) - datetime.timedelta(days=1)
    months = []
    day = dues.month_start(last)
    for _ in range(args.months):
        months.append(day)
        day = dues.month_start(day - datetime.timedelta(days=1))
    months.reverse()

    if not DuesCharge.objects.exists() and connection.vendor == "postgresql":
        with timer() as elapsed:
            charges, payments = _generate_in_sql(months)
        print(f"==> dues rows: {charges} charges, {payments} payments in {elapsed():.1f} s (INSERT … SELECT)")
    if not DuesCharge.objects.exists():
        rng = random.Random(11)
        members = list(Membership.objects.filter(ended_on__isnull=True).values_list("person_id", "org_id",
                                                                                   "org__path"))
        cut = len(fed.path) + PATH_STEP  # a grassroots union's path, the first part of its members' paths
        union_of = {}
        for union_id, path in Organization.objects.filter(kind=Organization.Kind.GRASSROOTS).values_list("pk", "path"):
            union_of[path] = union_id
        with timer() as elapsed, transaction.atomic(), acting_as(None, source="command"):
            wages = {pk: Decimal(rng.randrange(380000, 1200000)) / 100 for pk, _, _ in members}
            bulk.insert_rows(Wage, ("org_id", "person_id", "month", "amount", "source"),
                             [(org, pk, months[0], wages[pk], "import") for pk, org, _ in members])
            charges = 0
            payments = 0
            receipt_no = 0
            for month in months:
                rows = [(org, pk, month, wages[pk], Decimal("0.0050"), "wage",
                         dues.dues_amount(wages[pk], Decimal("0.0050"))) for pk, org, _ in members]
                ids = bulk.insert_rows(DuesCharge, ("org_id", "person_id", "month", "wage", "rate", "basis",
                                                    "amount"), rows)
                charges += len(ids)
                receipts = {}
                paid = []
                for charge_id, (pk, org, path), row in zip(ids, members, rows):
                    if rng.random() < 0.03:
                        continue  # arrears
                    union = union_of.get(path[:cut], org)
                    if union not in receipts:
                        receipt_no += 1
                        receipts[union] = DuesReceipt.objects.create(
                            org_id=union, receipt_no=f"DK{receipt_no:07d}", paid_on=month, method="payroll",
                            total=Decimal("0"), token="").pk
                    paid.append((receipts[union], charge_id, org, pk, month, row[6]))
                bulk.insert_rows(DuesPayment, ("receipt_id", "charge_id", "org_id", "person_id", "month", "amount"),
                                 paid)
                payments += len(paid)
        print(f"==> dues rows: {charges} charges, {payments} payments in {elapsed():.1f} s")

    start, end = months[-12] if len(months) >= 12 else months[0], months[-1]
    rate = registry.get("funds.dues.rate")
    children = [o for o in fed.children.all()]
    rows = []
    value = rate.compute(fed, start, dues.month_end(end))
    queries, _ = count_queries(lambda: rate.compute(fed, start, dues.month_end(end)))
    t = measure(lambda: rate.compute(fed, start, dues.month_end(end)), runs=args.runs, warmup=1)
    rows.append(["会费收缴率 全区（近一年）", f"{t.median:.0f}", f"{t.cpu:.0f}", queries, str(value),
                 "是" if t.median < 2000 else "否"])
    queries, _ = count_queries(lambda: rate.by_child(fed, start, dues.month_end(end)))
    t = measure(lambda: rate.by_child(fed, start, dues.month_end(end)), runs=args.runs, warmup=1)
    rows.append([f"会费收缴率 各下级（{len(children)}个）", f"{t.median:.0f}", f"{t.cpu:.0f}", queries, "",
                 "是" if t.median < 2000 else "否"])
    union = max(children, key=lambda o: Membership.objects.filter(org__path__startswith=o.path,
                                                                   ended_on__isnull=True).count())
    new_month = dues.month_start(today)
    with timer() as elapsed, acting_as(None, source="command"):
        result = dues.dues_compute(actor=None, org=union, month=new_month)
    rows.append([f"核定一个工会一个月的会费（{result.created}人）", f"{elapsed() * 1000:.0f}", "", "", "", ""])
    print_table(["操作", "中位数 ms", "CPU ms", "查询数", "结果", "< 2 s"], rows,
                title=f"会费收缴率（{DuesCharge.objects.count()} 条应缴，{DuesPayment.objects.count()} 条缴纳）")
    return 0


def _generate_in_sql(months) -> tuple[int, int]:
    """PostgreSQL: the same rows as the Python loop below (a wage per member drawn once, a charge per member and
    month at 0.5%, about 97% paid under one payroll receipt per organisation and month), written by the server itself with
    INSERT … SELECT: 12 million charges in minutes instead of an hour of COPY from Python."""
    from django.db import connection, transaction

    first, last = months[0].isoformat(), months[-1].isoformat()
    series = f"generate_series('{first}'::date, '{last}'::date, interval '1 month')"
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SELECT setseed(0.11)")
        cur.execute("CREATE TEMP TABLE bench_wage ON COMMIT DROP AS SELECT DISTINCT ON (person_id) person_id, org_id, "
                    "(380000 + floor(random() * 820000))::numeric / 100 AS wage FROM members_membership "
                    "WHERE ended_on IS NULL ORDER BY person_id, id")
        cur.execute("INSERT INTO funds_wage (org_id, person_id, month, amount, source) "
                    f"SELECT org_id, person_id, '{first}'::date, wage, 'import' FROM bench_wage")
        cur.execute("INSERT INTO funds_duescharge (org_id, person_id, month, wage, rate, basis, amount, computed_at) "
                    "SELECT w.org_id, w.person_id, m::date, w.wage, 0.0050, 'wage', round(w.wage * 0.005, 2), now() "
                    f"FROM bench_wage w CROSS JOIN {series} m")
        charges = cur.rowcount
        cur.execute("INSERT INTO funds_duesreceipt (receipt_no, paid_on, method, total, token, note, created_at, org_id) "
                    "SELECT 'DK' || lpad((row_number() OVER ())::text, 7, '0'), m::date, 'payroll', 0, '', '', now(), "
                    f"o.org_id FROM (SELECT DISTINCT org_id FROM bench_wage) o CROSS JOIN {series} m")
        cur.execute("INSERT INTO funds_duespayment (month, amount, charge_id, org_id, person_id, receipt_id) "
                    "SELECT c.month, c.amount, c.id, c.org_id, c.person_id, r.id FROM funds_duescharge c "
                    "JOIN funds_duesreceipt r ON r.org_id = c.org_id AND r.paid_on = c.month WHERE random() >= 0.03")
        payments = cur.rowcount
    with connection.cursor() as cur:
        cur.execute("ANALYZE funds_duescharge; ANALYZE funds_duespayment; ANALYZE funds_duesreceipt")
    return charges, payments


if __name__ == "__main__":
    raise SystemExit(main())
