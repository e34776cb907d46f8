"""How fast one union's ledger (收支账) pages with 100,000 entries.

    python bench/funds_ledger.py                         # SQLite, 100,000 entries
    python bench/funds_ledger.py --entries 20000 --data-dir /tmp/b
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_ledger_bench python bench/funds_ledger.py

Makes a federation with one grassroots union and its officer in a fresh database, writes --entries booked ledger
entries over ten years (income and spending of every category, vouchers numbered per month, a few proposals) with
core.bulk.insert_rows, then requests the ledger list page with django.test.Client inside this process (the full
request: middleware, session, scoping, filter, table, template): the first page, a deep page (page 1,000 = 50,000
rows in), and filtered pages (a category and a date range; a text search; a voucher prefix). The list pages with
django-tables2's LazyPaginator: no COUNT(*) of the ledger; each page reads one row more than it shows. Target (issue
11): under 150 ms. Prints wall and CPU time (the machine is shared: CPU time is the steadier figure).
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, count_queries, measure, migrate, print_table, setup, timer  # noqa: E402

TARGET_MS = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sql", action="store_true", help="print the SQL of each page")
    add_database_arguments(parser)
    args = parser.parse_args()

    where = setup(args)
    from django.db import connection, transaction
    from django.test import Client

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.core import bulk
    from gonghui.funds.models import INCOME, Category, LedgerEntry
    from gonghui.funds.models.ledger import direction_of
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    union = Organization.objects.filter(code="LB1").first()
    if union is None:
        fed = org_services.org_create(code="LB", name="基准区总工会", kind=Organization.Kind.FEDERATION)
        union = org_services.org_create(code="LB1", name="基准公司工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
        officer = User.objects.create_user(username="ledger_officer", password="x")
        RoleAssignment.objects.create(user=officer, org=union, role=Role.OFFICER)
    officer = User.objects.get(username="ledger_officer")
    have = LedgerEntry.objects.filter(org=union).count()
    if have < args.entries:
        rng = random.Random(11)
        today = datetime.date.today()
        first = today - datetime.timedelta(days=3650)
        categories = Category.values
        words = ("职工活动", "慰问", "会费", "拨缴经费", "图书", "培训", "体检", "文体比赛", "帮扶", "办公用品")
        parties = ("新华书店", "滨江饭店", "体育用品商店", "客运公司", "职工", "行政")
        rows = []
        days = sorted(first + datetime.timedelta(days=rng.randrange(3650)) for _ in range(args.entries - have))
        per_month: dict[tuple[int, int], int] = {}
        for i, day in enumerate(days):
            category = rng.choice(categories)
            key = (day.year, day.month)
            per_month[key] = per_month.get(key, 0) + 1
            proposed = i % 200 == 0
            amount = Decimal(rng.randrange(1000, 5_000_000)) / 100 if category not in INCOME else \
                Decimal(rng.randrange(10000, 20_000_000)) / 100
            rows.append((union.pk, day, category, "", direction_of(category), amount,
                         f"{rng.choice(words)}{i}", rng.choice(parties),
                         "" if proposed else f"记-{day:%Y%m}-{per_month[key]:04d}",
                         "proposed" if proposed else "booked", f"bench:{i}" if proposed else "", "", "", "", ""))
        with timer() as elapsed, transaction.atomic():
            bulk.insert_rows(LedgerEntry, ("org_id", "entry_date", "category", "subcategory", "direction", "amount",
                                           "summary", "counterparty", "voucher_no", "status", "source_key",
                                           "source_url", "reject_reason", "note", "token"), rows,
                             constants={"created_at": datetime.datetime.now(datetime.timezone.utc)})
        print(f"==> wrote {len(rows)} entries in {elapsed():.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE funds_ledgerentry")
    total = LedgerEntry.objects.filter(org=union).count()
    client = Client()
    client.force_login(officer)
    session = client.session
    session["current_org"] = union.pk
    session.save()
    year = datetime.date.today().year - 3
    sample = LedgerEntry.objects.filter(org=union, status="booked").order_by("pk")[total // 2]
    pages = [
        ("第一页", "/funds/ledger/"),
        ("第1000页（5万行之后）", "/funds/ledger/?page=1000"),
        ("科目+日期范围", f"/funds/ledger/?category=activities&start={year}-01-01&end={year}-12-31"),
        ("科目+日期范围 第5页", f"/funds/ledger/?category=activities&start={year}-01-01&end={year}-12-31&page=5"),
        ("状态=待入账", "/funds/ledger/?status=proposed"),
        ("凭证号前缀", f"/funds/ledger/?voucher={sample.voucher_no[:9]}"),
        ("摘要搜索", f"/funds/ledger/?q={sample.summary}"),
        ("按日期升序", "/funds/ledger/?sort=entry_date"),
        ("收支表（一年）", f"/funds/ledger/balances/?year={year}"),
        ("待入账", "/funds/ledger/inbox/"),
    ]
    results = []
    slow = []
    for label, url in pages:
        response = client.get(url)
        if response.status_code != 200:
            results.append([label, "—", "—", "—", "—", f"HTTP {response.status_code}"])
            continue
        timing = measure(lambda: client.get(url), runs=args.runs)
        queries, sql = count_queries(lambda: client.get(url))
        verdict = "ok" if timing.median < TARGET_MS else "SLOW"
        results.append([label, f"{timing.median:.1f}", f"{timing.p95:.1f}", f"{timing.cpu:.1f}", str(queries), verdict])
        if args.sql:
            slow.append((label, sql))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print_table(["page", "median ms", "p95 ms", "cpu ms", "queries", f"< {TARGET_MS} ms"], results,
                title=f"{connection.vendor}: one union, {total} ledger entries, {args.runs} runs "
                      f"(load average {load:.1f} on {os.cpu_count()} CPUs)", align="lrrrrl")
    for label, sql in slow:
        print(f"\n--- {label}")
        for statement in sql:
            print("   ", statement[:600])
    return 0 if all(r[-1] != "SLOW" for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
