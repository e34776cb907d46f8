"""300 members signing up at the same moment for 50 places, through the member's phone pages, on a real server.

    [DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_activities_bench] python bench/activities_signup.py \
        [--members 300] [--places 50] [--workers 4] [--concurrency 100]

What it does: a union with N members, each with a portal account and a signed-in session (made in the database,
so that the run measures signing up, not password hashing); an event opened for sign-up with P places. Then
gunicorn serves the project with several worker processes on 127.0.0.1 (started as bench/member_load.py starts it,
in its own process group) and a bounded pool of client threads does what a phone does: every member first opens the
event page (CSRF cookie and token); then, behind a barrier, all of them press 我要报名 at once (POST). At the end
the database is checked: exactly P confirmed, N − P waiting, one sign-up per member, the waiting list in order.
Prints errors by status, wall time and the POST latency p50 / p95 / p99 / max. Exit status 0 when the invariant
holds with no error. SQLite works too (one writer at a time: the settings' IMMEDIATE transactions serialise the
sign-ups); PostgreSQL locks the event row.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, add_database_arguments, print_table, setup  # noqa: E402

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def build(n: int, places: int):
    import datetime

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone
    from django.utils.module_loading import import_string

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.activities.services import events as services
    from gonghui.core import idcard
    from gonghui.core.context import acting_as
    from gonghui.members import services as members
    from gonghui.orgs import services as orgs
    from gonghui.orgs.models import Organization

    with acting_as(None, source="command"):
        union = orgs.org_create(code="AS", name="报名压测公司工会", kind=Organization.Kind.GRASSROOTS)
        hashed = make_password("Bench-2025-pass")
        people = []
        for i in range(n):
            birth = datetime.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
            p = members.person_create(org=union, name=f"会员{i:04d}",
                                      id_number=idcard.make("320102", birth, i % 499 * 2 + 1))
            members.member_admit(person=p, joined_on=datetime.date(2020, 1, 1))
            people.append(p)
        User.objects.bulk_create([User(username=f"as{i:04d}", display_name=p.name, person=p, password=hashed,
                                       must_change_password=False) for i, p in enumerate(people)])
        users = list(User.objects.filter(username__startswith="as").order_by("username"))
        RoleAssignment.objects.bulk_create([RoleAssignment(user=u, org=union, role=Role.MEMBER) for u in users])
        start = timezone.now() + datetime.timedelta(days=7)
        event = services.event_create(actor=None, org=union, title="压测：春季登山", kind="outing", starts_at=start,
                                      deadline=start - datetime.timedelta(days=1), capacity=places)
        event = services.event_open(actor=None, event=event)
    engine = import_string(settings.SESSION_ENGINE + ".SessionStore")
    backend = next((b for b in settings.AUTHENTICATION_BACKENDS if b.endswith("ModelBackend")),
                   settings.AUTHENTICATION_BACKENDS[-1])
    cookies = []
    for u in users:
        session = engine()
        session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(u.pk), backend
        session[HASH_SESSION_KEY] = u.get_session_auth_hash()
        session.save()
        cookies.append(session.session_key)
    return event, cookies


def start_server(port: int, workers: int, env: dict, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 (kept open for the server's life)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gonghui.wsgi:application", "--workers", str(workers),
         "--bind", f"{HOST}:{port}", "--backlog", "2048", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (see {log_path})")
        try:
            c = http.client.HTTPConnection(HOST, port, timeout=5)
            c.request("GET", "/accounts/login/")
            if c.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 300 s (see {log_path})")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)  # its own process group: the master and its workers
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(5)


def open_form(port: int, session_key: str, event_pk: int) -> dict | None:
    """GET the event page as the member: the CSRF cookie and token for the POST."""
    path = f"/activities/m/{event_pk}/"
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    conn.request("GET", path, headers={"Cookie": f"sessionid={session_key}", "Host": f"{HOST}:{port}"})
    r = conn.getresponse()
    body = r.read().decode()
    conn.close()
    match = CSRF.search(body)
    if r.status != 200 or not match:
        return None
    csrf_cookie = next((c.split("=", 1)[1].split(";")[0] for c in r.headers.get_all("Set-Cookie") or []
                        if c.startswith("csrftoken=")), "")
    return {"session": session_key, "csrf_cookie": csrf_cookie, "token": match.group(1)}


def sign_up(port: int, form: dict, event_pk: int, barrier: threading.Barrier | None) -> tuple[object, float]:
    path = f"/activities/m/{event_pk}/signup/"
    headers = {"Cookie": f"sessionid={form['session']}; csrftoken={form['csrf_cookie']}",
               "Content-Type": "application/x-www-form-urlencoded", "Host": f"{HOST}:{port}",
               "Referer": f"http://{HOST}:{port}/activities/m/{event_pk}/", "Origin": f"http://{HOST}:{port}"}
    data = urlencode({"csrfmiddlewaretoken": form["token"], "family": "0"})
    conn = http.client.HTTPConnection(HOST, port, timeout=120)
    conn.connect()
    if barrier is not None:
        barrier.wait()
    started = time.perf_counter()
    conn.request("POST", path, body=data, headers=headers)
    r = conn.getresponse()
    r.read()
    took = time.perf_counter() - started
    location = r.getheader("Location") or ""
    conn.close()
    ok = r.status == 302 and location.endswith(f"/activities/m/{event_pk}/")
    return (r.status if ok or r.status != 302 else f"302→{location}"), took


def pct(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    k = max(0, min(len(values) - 1, round(p / 100 * len(values) + 0.5) - 1))
    return values[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=300)
    parser.add_argument("--places", type=int, default=50)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=100, help="client threads (all wait at one barrier)")
    add_database_arguments(parser)
    args = parser.parse_args()
    args.reuse = False
    described = setup(args)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    event, cookies = build(args.members, args.places)
    built = time.perf_counter() - started
    from django.db import connections

    connections.close_all()
    from django.conf import settings

    port = free_port()
    env = {**os.environ, "GONGHUI_DEBUG": "0", "PYTHONPATH": str(ROOT), "GONGHUI_ALLOWED_HOSTS": HOST}
    server = start_server(port, args.workers, env, Path(settings.DATA_DIR) / "activities_signup_gunicorn.log")
    try:
        with ThreadPoolExecutor(max_workers=min(args.concurrency, 32)) as pool:
            forms = list(pool.map(lambda key: open_form(port, key, event.pk), cookies))
        missing = sum(1 for f in forms if f is None)
        forms = [f for f in forms if f is not None]
        threads = min(args.concurrency, len(forms))
        started = time.perf_counter()
        results: list[tuple[object, float]] = []
        # Rounds of `threads` sign-ups, each released at one barrier: with the default 100 threads, three waves of
        # 100 members pressing the button at the same instant (all 300 at once with --concurrency 300).
        with ThreadPoolExecutor(max_workers=threads) as pool:
            for first in range(0, len(forms), threads):
                wave = forms[first:first + threads]
                barrier = threading.Barrier(len(wave))
                futures = [pool.submit(sign_up, port, f, event.pk, barrier) for f in wave]
                for fut in futures:
                    try:
                        results.append(fut.result())
                    except Exception as exc:  # noqa: BLE001 - a failed request is an error of the run
                        results.append((type(exc).__name__, 0.0))
        wall = time.perf_counter() - started
    finally:
        stop_server(server)

    from gonghui.activities.models import Signup

    rows = Signup.objects.filter(event=event)
    confirmed = rows.filter(status="confirmed").count()
    waiting = rows.filter(status="waiting").count()
    people = rows.values("person").distinct().count()
    statuses = Counter(s for s, _ in results)
    errors = missing + sum(n for s, n in statuses.items() if s != 302)
    latencies = sorted(t for s, t in results if s == 302)
    expected_waiting = max(0, args.members - args.places)
    ok = (errors == 0 and confirmed == min(args.places, args.members) and waiting == expected_waiting
          and people == rows.count() == args.members)
    ms = [t * 1000 for t in latencies]
    print_table(["项目", "结果"], [
        ("数据库 / database", described),
        ("构建 / build", f"{args.members}名会员、账号和登录会话，名额{args.places} {built:.1f} s"),
        ("服务器 / server", f"gunicorn {args.workers} workers, {HOST}; 客户端线程 {threads}（每轮同时放行）"),
        ("报名提交 / POSTs", str(len(results))),
        ("状态 / statuses", ", ".join(f"{k}: {v}" for k, v in sorted(statuses.items(), key=str))),
        ("错误 / errors", str(errors)),
        ("总用时 / wall", f"{wall:.2f} s（{len(results) / wall:.0f} 次/秒）"),
        ("延迟 p50 / p95 / p99 / max",
         f"{pct(ms, 50):.0f} / {pct(ms, 95):.0f} / {pct(ms, 99):.0f} / {ms[-1]:.0f} ms" if ms else "—"),
        ("报名成功 / confirmed", f"{confirmed}（应为 {min(args.places, args.members)}）"),
        ("候补 / waiting", f"{waiting}（应为 {expected_waiting}）"),
        ("每人一条 / one per member", f"{people} 人 {rows.count()} 条"),
        ("结论 / verdict", "通过：名额不超，0 错误" if ok else "未通过"),
    ])
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
