"""Benchmark: open affairs (厂务公开) and opinions (意见箱) at the size of a large union over ten years.

    python bench/democracy_openaffairs.py                       # SQLite (a temporary data folder)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_openaffairs_bench python bench/democracy_openaffairs.py

Builds one federation with 20 unions; each has 10 years × 8 required categories and, over those years, 50,000
published items and 40,000 opinions in all (bulk-created, ANALYZE), plus a member of one union with 500 unread items.
Times (median of 7, wall and this process's CPU, ms): the officers' item list and opinion list pages (server time,
test client), the list of required categories for a year, the to-do count, every open-affairs and opinion figure for
the federation's year (compute_many), and the member's 首页 card; each with its number of queries.
"""
from __future__ import annotations

import argparse
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, count_queries, measure, migrate, print_table, setup  # noqa: E402

D = datetime.date


def build(unions: int, items: int, opinions: int):
    from django.db import connection

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.democracy.models import (
        OpenAffairsCategory,
        OpenAffairsChannel,
        OpenAffairsItem,
        OpenAffairsRequirement,
        Opinion,
        OpinionCategory,
    )
    from gonghui.members import services as members
    from gonghui.orgs import services as orgs
    from gonghui.orgs.models import Organization

    rng = random.Random(10)
    fed = orgs.org_create(code="BF", name="基准区总工会", kind=Organization.Kind.FEDERATION)
    made = [orgs.org_create(code=f"BF{i:02d}", name=f"基准第{i}公司工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
            for i in range(unions)]
    years = list(range(2016, 2026))
    categories = OpenAffairsCategory.values[:8]
    freq = OpenAffairsRequirement.Frequency.values
    OpenAffairsRequirement.objects.bulk_create([
        OpenAffairsRequirement(org=o, year=y, category=c, frequency=freq[k % 3])
        for o in made for y in years for k, c in enumerate(categories)], batch_size=2000)
    channels = OpenAffairsChannel.values
    rows = []
    for n in range(items):
        day = D(rng.choice(years), rng.randint(1, 12), rng.randint(1, 28))
        rows.append(OpenAffairsItem(org=made[n % unions], title=f"公开事项{n}", category=rng.choice(categories),
                                    channel=rng.choice(channels), published_on=day, content="内容" * 40,
                                    approved_by="公开领导小组", status=OpenAffairsItem.Status.PUBLISHED))
    OpenAffairsItem.objects.bulk_create(rows, batch_size=2000)
    statuses = Opinion.Status.values
    rows = []
    for n in range(opinions):
        day = D(rng.choice(years), rng.randint(1, 12), rng.randint(1, 28))
        status = rng.choice(statuses)
        answered = status == Opinion.Status.ANSWERED
        rows.append(Opinion(org=made[n % unions], channel=rng.choice(Opinion.Channel.values),
                            category=rng.choice(OpinionCategory.values), title=f"意见{n}", content="建议" * 30,
                            submitted_on=day, anonymous=n % 4 == 0, status=status,
                            department="人力资源部" if status != Opinion.Status.WAITING else "",
                            answer="答复" if answered else "", outcome="adopted" if answered else "",
                            answered_on=day if answered else None))
    Opinion.objects.bulk_create(rows, batch_size=2000)
    officer = User.objects.create_user(username="bench_officer", password="x")
    RoleAssignment.objects.create(user=officer, org=made[0], role=Role.OFFICER)
    chair = User.objects.create_user(username="bench_fed", password="x")
    RoleAssignment.objects.create(user=chair, org=fed, role=Role.CHAIR)
    person = members.person_create(org=made[0], name="基准会员", id_number="110105198001010016")
    members.member_admit(person=person, joined_on=D(2015, 1, 1))
    member = User.objects.create_user(username="bench_member", password="x", person=person)
    RoleAssignment.objects.create(user=member, org=made[0], role=Role.MEMBER)
    today = datetime.date.today()
    OpenAffairsItem.objects.bulk_create([
        OpenAffairsItem(org=made[0], title=f"新公开{n}", category="finance", channel="board",
                        published_on=today - datetime.timedelta(days=n % 50), content="x", approved_by="x",
                        status=OpenAffairsItem.Status.PUBLISHED) for n in range(500)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return fed, made[0], officer, chair, member


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_database_arguments(parser)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--opinions", type=int, default=40_000)
    args = parser.parse_args()
    where = setup(args)
    migrate()
    from django.test import Client

    from gonghui.core.metrics import compute_many
    from gonghui.democracy.metrics import openaffairs as oa_metrics
    from gonghui.democracy.metrics import opinions as op_metrics
    from gonghui.democracy.selectors import openaffairs as oa
    from gonghui.democracy.selectors import opinions as op
    from gonghui.democracy.views.openaffairs import required_list  # noqa: F401 (the page below)

    fed, union, officer, chair, member = build(20, args.items, args.opinions)
    officer_client, member_client = Client(), Client()
    officer_client.force_login(officer)
    member_client.force_login(member)
    metrics = oa_metrics.METRICS + op_metrics.METRICS
    cases = [
        ("公开事项列表页（本会）", lambda: officer_client.get("/democracy/openaffairs/?category=finance")),
        ("意见建议列表页（未答复）", lambda: officer_client.get("/democracy/opinions/?status=open")),
        ("应公开清单页（2025年）", lambda: officer_client.get("/democracy/openaffairs/required/?year=2025")),
        ("待办：应公开未公开", lambda: len(oa.unpublished(officer, within=union))),
        ("待办：意见待答复", lambda: op.waiting(officer, within=union).count()),
        ("全部指标（区总工会，2025年）", lambda: compute_many(metrics, fed, D(2025, 1, 1), D(2025, 12, 31))),
        ("会员首页卡片", lambda: oa.home_card(member)),
        ("会员公开事项列表页", lambda: member_client.get("/democracy/openaffairs/mine/")),
    ]
    rows = []
    for label, fn in cases:
        queries, _ = count_queries(fn)
        t = measure(fn)
        rows.append([label, queries, f"{t.median:.1f}", f"{t.cpu:.1f}", f"{t.high:.1f}"])
    print_table(["操作", "查询数", "中位数 ms", "CPU ms", "最慢 ms"], rows,
                title=f"厂务公开与意见箱（{where}；{args.items}项公开事项，{args.opinions}条意见建议，20个工会）")


if __name__ == "__main__":
    main()
