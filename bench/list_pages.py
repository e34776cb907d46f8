"""How fast the person list answers with a large federation.

    python bench/list_pages.py                                   # SQLite, 200,000 members in 200 unions
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench python bench/list_pages.py
    python bench/list_pages.py --members 20000 --unions 20 --data-dir /tmp/b   # smaller; keep the file

Loads `gonghui demo --members N --unions M` into a fresh database (unless one is kept), then requests each page
with django.test.Client inside this process: two warm-up requests, then --runs requests, in server time (the
full Django request: middleware, session, queries, template). Prints the median and 95th percentile in ms and the
query count. The target is a 95th percentile under 150 ms for the rows that have a verdict.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, count_queries, measure, migrate, print_table, setup, timer  # noqa: E402

TARGET_MS = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--unions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sql", action="store_true", help="print the SQL of each page")
    add_database_arguments(parser)
    args = parser.parse_args()

    where = setup(args)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from gonghui.accounts.models import User
    from gonghui.demo import builder
    from gonghui.members.models import Person

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    if builder.is_loaded():
        people = Person.objects.count()
        print(f"==> reusing the loaded data: {people} people")
    else:
        with timer() as elapsed:
            call_command("demo", members=args.members, unions=args.unions, verbosity=1)
        print(f"==> load: {elapsed():.1f} s for {args.members} members in {args.unions} unions")
    people = Person.objects.count()

    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(username=username))
        return client

    fed, company, admin = client_for("fed_staff"), client_for("company_officer"), client_for("admin")
    sample = Person.objects.filter(member_status="active").exclude(phone="").order_by("id")[
        people // 2:people // 2 + 1].get()
    pages = [
        # (label, client, url, target?)
        ("全部人员 / federation officer", fed, "/people/", True),
        ("全部人员 / company officer", company, "/people/", True),
        ("筛选 会员+女+30–39岁 / federation", fed, "/people/?member_status=active&gender=F&age=30-39", True),
        ("筛选 会员+女+30–39岁 / company", company, "/people/?member_status=active&gender=F&age=30-39", True),
        ("拼音 q=zhang / federation", fed, "/people/?q=zhang", True),
        ("首字母 q=zs / federation", fed, "/people/?q=zs", True),
        ("拼音 q=zhang / company", company, "/people/?q=zhang", True),
        ("首字母 q=zs / company", company, "/people/?q=zs", True),
        ("第100页 / federation", fed, "/people/?page=100", False),
        ("按年龄排序 / federation", fed, "/people/?sort=birth_date", False),
        ("姓名 q=张 / federation", fed, "/people/?q=张", True),
        ("姓名 q=张 / company", company, "/people/?q=张", True),
        (f"姓名 q={sample.name[-1]} / federation", fed, f"/people/?q={sample.name[-1]}", True),
        (f"身份证尾号 q={sample.id_number[-4:]} / federation", fed, f"/people/?q={sample.id_number[-4:]}", True),
        (f"身份证尾号 q={sample.id_number[-6:]} / federation", fed, f"/people/?q={sample.id_number[-6:]}", True),
        (f"身份证尾号 q={sample.id_number[-4:]} / company", company, f"/people/?q={sample.id_number[-4:]}", True),
        (f"手机尾号 q={sample.phone[-4:]} / federation", fed, f"/people/?q={sample.phone[-4:]}", True),
        (f"会员编号 q={sample.member_no} / federation", fed, f"/people/?q={sample.member_no}", False),
        ("全部人员 / superuser", admin, "/people/", False),
        ("人员详情 / federation", fed, f"/people/{sample.pk}/", False),
        ("首页 / federation", fed, "/", True),
        ("首页 / company officer", company, "/", True),
        ("组织列表 / federation", fed, "/orgs/", False),
    ]
    rows = []
    slow = []
    for label, client, url, target in pages:
        response = client.get(url)
        if response.status_code != 200:
            rows.append([label, "—", "—", "—", "—", "—", f"HTTP {response.status_code}", ""])
            continue
        timing = measure(lambda: client.get(url), runs=args.runs)
        queries, sql = count_queries(lambda: client.get(url))
        verdict = ("ok" if timing.p95 < TARGET_MS else "SLOW") if target else ""
        rows.append([label, f"{timing.median:.1f}", f"{timing.p95:.1f}", f"{timing.low:.1f}", f"{timing.high:.1f}",
                     f"{timing.cpu:.1f}", str(queries), verdict])
        if args.sql:
            slow.append((label, sql))
    print()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print_table(["page", "median ms", "p95 ms", "min", "max", "cpu ms", "queries", f"p95 <{TARGET_MS} ms"], rows,
                title=f"{connection.vendor}: {people} people, {args.runs} runs "
                      f"(load average {load:.1f} on {os.cpu_count()} CPUs)",
                align="lrrrrrrl")
    for label, sql in slow:
        print(f"\n--- {label}")
        for statement in sql:
            print("   ", statement[:400])
    return 0 if all(r[-1] != "SLOW" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
