"""500 members answering one survey at once through the member's portal, over loopback, on a real server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_surveys python bench/democracy_surveys.py \
        [--members 500] [--workers 4] [--concurrency 32] [--double 0.1] [--reuse]

What it does: a union with N members, each with a portal account and a signed-in session (made in the database,
so that the run measures answering, not password hashing); a survey with four questions (single, multiple, rating,
text), opened. Then gunicorn serves the project with several worker processes on 127.0.0.1 and a pool of client
threads (bounded concurrency) does what a phone does: GET the answer form (CSRF cookie and token), POST the answers.
A share of the members (--double) post twice at the same moment (a double tap). At the end the database is checked:
one participation, one response and one counted answer per member — none lost, none counted twice — and the form
answers add up. Prints the figures: errors by status, wall time, answers per second, latency p50/p95/max.
SQLite works too (one writer at a time: expect waits), PostgreSQL is the target.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, add_database_arguments, print_table, setup  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(n: int):
    import datetime

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.utils.module_loading import import_string
    from django.utils.timezone import localdate

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.core.context import acting_as
    from gonghui.democracy.models import Question
    from gonghui.democracy.services import surveys as services
    from gonghui.members import services as members
    from gonghui.orgs import services as orgs
    from gonghui.orgs.models import Organization
    from gonghui.core import idcard

    with acting_as(None, source="command"):
        union = orgs.org_create(code="SV", name="问卷压测公司工会", kind=Organization.Kind.GRASSROOTS)
        hashed = make_password("Bench-2025-pass")
        people = []
        for i in range(n):
            birth = datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
            p = members.person_create(org=union, name=f"会员{i:04d}", id_number=idcard.make("320102", birth, i % 499 * 2 + 1))
            members.member_admit(person=p, joined_on=datetime.date(2020, 1, 1))
            people.append(p)
        users = [User(username=f"sv{i:04d}", display_name=p.name, person=p, password=hashed,
                      must_change_password=False) for i, p in enumerate(people)]
        User.objects.bulk_create(users)
        users = list(User.objects.filter(username__startswith="sv").order_by("username"))
        RoleAssignment.objects.bulk_create([RoleAssignment(user=u, org=union, role=Role.MEMBER) for u in users])
        today = localdate()
        survey = services.survey_create(actor=None, org=union, title="压测问卷", opens_on=today,
                                        closes_on=today + datetime.timedelta(days=7))
        qs = [services.question_add(actor=None, survey=survey, text="单选", kind=Question.Kind.SINGLE,
                                    options=["满意", "基本满意", "不满意"]),
              services.question_add(actor=None, survey=survey, text="多选", kind=Question.Kind.MULTIPLE,
                                    options=["甲", "乙", "丙"], required=False),
              services.question_add(actor=None, survey=survey, text="评分", kind=Question.Kind.RATING),
              services.question_add(actor=None, survey=survey, text="意见", kind=Question.Kind.TEXT, required=False)]
        survey = services.survey_open(actor=None, survey=survey)
    engine = import_string(settings.SESSION_ENGINE + ".SessionStore")
    cookies = []
    for u in users:
        session = engine()
        session[SESSION_KEY] = str(u.pk)
        session[BACKEND_SESSION_KEY] = next((b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend")),
                                            settings.AUTHENTICATION_BACKENDS[-1])
        session[HASH_SESSION_KEY] = u.get_session_auth_hash()
        session.save()
        cookies.append(session.session_key)
    return survey, qs, cookies


def answer(port: int, session_key: str, survey_pk: int, form: dict, double: bool) -> list[tuple[int, float]]:
    """GET the form, POST the answers (twice at once for a double tap). [(status, seconds)] of the POSTs."""
    path = f"/democracy/surveys/mine/{survey_pk}/"
    cookie = f"{os.environ.get('GONGHUI_SESSION_COOKIE', 'sessionid')}={session_key}"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie, "Host": f"127.0.0.1:{port}"})
    r = conn.getresponse()
    body = r.read().decode()
    if r.status != 200:
        return [(r.status, 0.0)]
    csrf_cookie = next((c.split("=", 1)[1].split(";")[0] for c in r.headers.get_all("Set-Cookie") or []
                        if c.startswith("csrftoken=")), "")
    token = CSRF.search(body).group(1)
    from urllib.parse import urlencode

    data = urlencode({"csrfmiddlewaretoken": token, **form}, doseq=True)
    headers = {"Cookie": f"{cookie}; csrftoken={csrf_cookie}", "Content-Type": "application/x-www-form-urlencoded",
               "Host": f"127.0.0.1:{port}", "Referer": f"http://127.0.0.1:{port}{path}", "Origin": f"http://127.0.0.1:{port}"}
    results: list[tuple[int, float]] = []

    def post(c):
        started = time.perf_counter()
        c.request("POST", path, body=data, headers=headers)
        resp = c.getresponse()
        resp.read()
        results.append((resp.status, time.perf_counter() - started))

    if double:
        other = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        t = threading.Thread(target=post, args=(other,))
        t.start()
        post(conn)
        t.join()
        other.close()
    else:
        post(conn)
    conn.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--double", type=float, default=0.1, help="share of members who tap 提交 twice at once")
    add_database_arguments(parser)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        print("注意：未设置 DATABASE_URL，使用 SQLite（目标是 PostgreSQL）。", file=sys.stderr)
    args.reuse = False
    described = setup(args)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    survey, qs, cookies = build(args.members)
    built = time.perf_counter() - started
    q1, q2, q3, q4 = qs
    o1 = [o.pk for o in q1.options.all()]
    o2 = [o.pk for o in q2.options.all()]
    forms = [{f"q{q1.pk}": o1[i % 3], f"q{q2.pk}": o2[: 1 + i % 3], f"q{q3.pk}": 1 + i % 5,
              f"q{q4.pk}": f"意见{i}" if i % 4 == 0 else ""} for i in range(args.members)]
    doubles = {i for i in range(args.members) if (i * 7919) % 100 < args.double * 100}

    port = free_port()
    env = {**os.environ, "GONGHUI_DEBUG": "0", "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "gonghui.wsgi:application", "-b", f"127.0.0.1:{port}",
         "-w", str(args.workers), "--timeout", "120", "--log-level", "warning"], env=env, cwd=str(ROOT))
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                c.request("GET", "/accounts/login/")
                if c.getresponse().status in (200, 302):
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise SystemExit("服务器未能启动")
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            futures = [pool.submit(answer, port, cookies[i], survey.pk, forms[i], i in doubles)
                       for i in range(args.members)]
            results = []
            for f in futures:
                try:
                    results.extend(f.result())
                except Exception as exc:  # noqa: BLE001 - a failed request is an error of the run
                    results.append((f"{type(exc).__name__}", 0.0))
        wall = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    from gonghui.democracy.models import Answer, Participation, Response, Survey

    survey = Survey.objects.get(pk=survey.pk)
    statuses = Counter(s for s, _ in results)
    latencies = sorted(t for s, t in results if s == 302)
    participations = Participation.objects.filter(survey=survey).count()
    responses = Response.objects.filter(survey=survey).count()
    rated = Answer.objects.filter(question=q3).count()
    single = Answer.objects.filter(question=q1).count()
    expected_multi = sum(1 + i % 3 for i in range(args.members))
    multi = Answer.objects.filter(question=q2).count()
    errors = sum(n for s, n in statuses.items() if s != 302)
    ok = (errors == 0 and participations == responses == survey.online_returned == single == rated == args.members
          and multi == expected_multi)
    rows = [
        ("数据库 / database", described),
        ("构建 / build", f"{args.members}名会员、账号和登录会话 {built:.1f} s"),
        ("服务器 / server", f"gunicorn {args.workers} workers, 127.0.0.1, 并发 {args.concurrency}"),
        ("提交 / POSTs", f"{len(results)}（其中 {len(doubles)} 人同时提交两次）"),
        ("状态 / statuses", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))),
        ("错误 / errors", str(errors)),
        ("总用时 / wall", f"{wall:.2f} s（{args.members / wall:.0f} 份/秒，含打开表单）"),
        ("提交延迟 p50 / p95 / max",
         f"{statistics.median(latencies) * 1000:.0f} / {latencies[int(len(latencies) * 0.95) - 1] * 1000:.0f} / "
         f"{latencies[-1] * 1000:.0f} ms" if latencies else "—"),
        ("参与记录 / participations", str(participations)),
        ("答卷 / responses", str(responses)),
        ("计数 online_returned", str(survey.online_returned)),
        ("单选/评分/多选答题行", f"{single} / {rated} / {multi}（应为 {args.members} / {args.members} / {expected_multi}）"),
        ("结论 / verdict", "通过：0 错误，无丢失，无重复计数" if ok else "未通过"),
    ]
    print_table(["项目", "结果"], rows)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
