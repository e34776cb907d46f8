"""Server time and query count of the member's pages with a large federation (issue 9: the member's 首页 under
15 ms median with 200,000 members, in a fixed number of queries).

    python bench/member_pages.py                                  # SQLite, 200,000 members in 200 unions
    python bench/member_pages.py --data-dir /tmp/b                # keep the SQLite file (reused when loaded)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench python bench/member_pages.py --reuse

Loads `gonghui demo --members N --unions M` unless the database holds it already, gives a member a login with
notices and messages (bench/_member_data.py), then requests each page of the member's phone site with
django.test.Client inside this process (server time: every middleware, the session, the queries, the template;
no network): two warm-up requests, then --runs requests. Prints median, 95th percentile, CPU and queries per page,
and the login: the POST and where it sends the member (one redirect, straight to /portal/).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, count_queries, measure, migrate, print_table, setup, timer  # noqa: E402

TARGET_MS = 15.0  # the 首页's median


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--unions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--sql", action="store_true", help="print the SQL of each page")
    add_database_arguments(parser)
    args = parser.parse_args()

    where = setup(args)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from _member_data import PASSWORD, prepare
    from gonghui.demo import builder
    from gonghui.members.models import Person

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    if builder.is_loaded():
        print("==> reusing the loaded data")
    else:
        with timer() as elapsed:
            call_command("demo", members=args.members, unions=args.unions, verbosity=1)
        print(f"==> load: {elapsed():.1f} s")
    members = Person.objects.filter(member_status=Person.MemberStatus.ACTIVE).count()
    prepared = prepare(20)
    username = prepared.usernames[0]

    client = Client()
    with timer() as elapsed:
        login = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    login_ms = elapsed() * 1000
    assert login.status_code == 302, login.status_code
    pages = [
        ("首页 /portal/", "/portal/"),
        ("服务 /portal/services/", "/portal/services/"),
        ("我的 /portal/me/ (会员卡与二维码)", "/portal/me/"),
        ("消息 /portal/messages/", "/portal/messages/"),
        ("通知公告 /portal/notices/", "/portal/notices/"),
        ("通知详情 /portal/notices/<pk>/", f"/portal/notices/{prepared.notice_ids[0]}/"),
        ("我的信息 /people/me/", "/people/me/"),
        ("我的救助申请 /care/my/", "/care/my/"),
    ]
    rows, sqls, verdicts = [], [], []
    for label, url in pages:
        response = client.get(url)
        if response.status_code != 200:
            rows.append([label, "—", "—", "—", "—", f"HTTP {response.status_code}", ""])
            verdicts.append(False)
            continue
        timing = measure(lambda: client.get(url), runs=args.runs)
        queries, sql = count_queries(lambda: client.get(url))
        verdict = ""
        if url == "/portal/":
            verdict = "ok" if timing.median < TARGET_MS else "SLOW"
            verdicts.append(verdict == "ok")
        rows.append([label, f"{timing.median:.1f}", f"{timing.p95:.1f}", f"{timing.cpu:.1f}", f"{timing.high:.1f}",
                     str(queries), verdict])
        sqls.append((label, sql))
    print()
    print(f"login POST: {login_ms:.0f} ms (password hashing included) → {login['Location']}")
    load = os.getloadavg()
    print_table(["page", "median ms", "p95 ms", "cpu ms", "max ms", "queries", f"median <{TARGET_MS:.0f} ms"], rows,
                title=f"{connection.vendor}: {members} members, {args.runs} runs, member {username} "
                      f"(load average {load[0]:.2f} {load[1]:.2f} on {os.cpu_count()} CPUs)",
                align="lrrrrrl")
    if args.sql:
        for label, sql in sqls:
            print(f"\n--- {label}")
            for statement in sql:
                print("   ", statement[:300])
    return 0 if all(verdicts) and login["Location"] == "/portal/" else 1


if __name__ == "__main__":
    sys.exit(main())
