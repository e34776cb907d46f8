"""Congress room speed: a union with 2,000 delegates over 10 terms (200 a term) and one big term of 2,000 delegates
whose session is walked: the session page (roll of 2,000), the state (应到/实到/quorum), the composition check, the
closing (absent rows written for the unmarked), the sign-in on the phone, a vote, the figures.

    python bench/democracy_congress.py            # SQLite in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_congress python bench/democracy_congress.py
"""
from __future__ import annotations

import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import count_queries, measure, print_table  # noqa: E402
from care_metrics import analyze, bench_database, bulk_people, make_tree  # noqa: E402

D = datetime.date


def main() -> None:
    with bench_database() as vendor:
        run(vendor)


def run(vendor: str) -> None:
    from django.test import Client
    from django.utils.timezone import localdate

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.democracy.metrics import congress as metrics
    from gonghui.democracy.models import Delegate, SessionAttendance
    from gonghui.democracy.selectors import congress as reads
    from gonghui.democracy.services import congress as services
    from gonghui.members.models import Person

    rng = random.Random(10)
    fed, leaves = make_tree(unions=1, branches=4)
    union = leaves[0]
    bulk_people(leaves, 4000, rng=rng)
    people = list(Person.objects.filter(org__path__startswith=union.path).order_by("id"))
    officer = User.objects.create_user("bench_officer", password="x")
    RoleAssignment.objects.create(user=officer, org=union, role=Role.OFFICER)
    congress = services.congress_create(actor=None, org=union)
    categories = ["frontline"] * 6 + ["technical"] * 2 + ["manager", "other"]
    today = localdate()
    for number in range(1, 11):  # ten terms of 200, then the big one
        start = D(today.year - 11 + number, 3, 1)
        term = services.term_open(actor=None, congress=congress, number=number, started_on=start)
        group = services.delegation_create(actor=None, term=term, name="第一代表团")
        Delegate.objects.bulk_create([
            Delegate(term=term, org=union, person=p, delegation=group, category=rng.choice(categories),
                     is_woman=p.gender == "F", is_young=False, elected_on=start)
            for p in rng.sample(people, 200)])
    term = services.term_open(actor=None, congress=congress, number=11, started_on=D(today.year, 1, 2))
    groups = [services.delegation_create(actor=None, term=term, name=f"第{i + 1}代表团", order=i) for i in range(8)]
    Delegate.objects.bulk_create([
        Delegate(term=term, org=union, person=p, delegation=groups[i % 8], category=rng.choice(categories),
                 is_woman=p.gender == "F", is_young=False, elected_on=term.started_on)
        for i, p in enumerate(people[:2000])])
    session = services.session_create(actor=None, term=term, opened_on=today, place="礼堂")
    services.session_open(actor=None, session=session)
    delegates = list(Delegate.objects.filter(term=term).select_related("person")[:1500])
    SessionAttendance.objects.bulk_create([SessionAttendance(session=session, org=union, delegate=d,
                                                             status="present") for d in delegates[:1400]])
    analyze()
    client = Client()
    client.force_login(officer)
    url = f"/democracy/congress/sessions/{session.pk}/"
    rows = []

    def timed(label, fn, runs=7):
        t = measure(fn, runs=runs, warmup=1)
        n, _ = count_queries(fn)
        rows.append([label, f"{t.median:.1f}", f"{t.p95:.1f}", f"{t.cpu:.1f}", n])

    timed("会议页（2000名代表点名表）", lambda: client.get(url))
    timed("应到/实到/法定人数", lambda: reads.session_state(session, with_roll=False))
    timed("代表构成检查", lambda: reads.composition(term))
    timed("届次与代表页", lambda: client.get(f"/democracy/congress/terms/{term.pk}/"))
    timed("代表名单页", lambda: client.get(f"/democracy/congress/terms/{term.pk}/delegates/"))
    signers = iter(delegates[1400:1500])
    timed("手机签到（一名代表）", lambda: services.attendance_sign_in(actor=None, session=session,
                                                                 person=next(signers).person), runs=20)
    resolution = services.resolution_add(actor=None, session=session, title="基准决议")
    timed("登记表决（重复提交）", lambda: services.resolution_vote(
        actor=officer, resolution=resolution, votes_for=1200, votes_against=100, votes_abstain=50))
    year = (D(today.year, 1, 1), D(today.year, 12, 31))
    import time

    started, started_cpu = time.perf_counter(), time.process_time()
    n, _ = count_queries(lambda: services.session_close(actor=officer, session=session))
    rows.append(["闭幕（一次；为500名未签到代表写入缺席）", f"{(time.perf_counter() - started) * 1000:.1f}", "—",
                 f"{(time.process_time() - started_cpu) * 1000:.1f}", n])
    for m in metrics.METRICS[:5]:
        timed(f"指标 {m.code}", lambda m=m: m.compute(fed, *year))
    print_table(["操作", "中位 ms", "P95 ms", "CPU ms", "查询数"], rows,
                title=f"职代会（{vendor}）：2000名代表×10届 + 本届2000名代表")


if __name__ == "__main__":
    main()
