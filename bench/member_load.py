"""Open-loop load on the member's pages (issue 9: 150 member requests a second for 60 s on loopback, PostgreSQL,
4 workers, answered with p99 under 300 ms and no errors).

    python bench/member_load.py                          # PostgreSQL gonghui_bench_load on 127.0.0.1 (built once)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/other python bench/member_load.py
    python bench/member_load.py --rate 200 --duration 30 --accounts 50
    python bench/member_load.py --rebuild                # drop the database and load it again

1. Builds the federation with `gonghui demo --members 200000 --unions 200` unless the database holds it (or
   --rebuild), gives --accounts members a login with notices and messages (bench/_member_data.py), and collects the
   static files.
2. Starts gunicorn as in production (GONGHUI_ENV=production, --workers 4 sync workers, 127.0.0.1, a throw-away
   secret key; TLS redirect off since there is no proxy in front), and signs every account in through the login
   form (CSRF token, password check; the answer must send a member straight to /portal/).
3. Warms up for --warmup seconds, then sends --rate requests a second for --duration seconds on a fixed schedule
   (open loop: request i leaves at start + i/rate whatever the answers; a late answer does not delay the next
   request). At most --concurrency requests are in flight (threads, one new connection per request as a sync
   worker closes it; a plain socket and a prepared request, read to the end: the generator shares the two CPUs
   with the server, so it must cost little); a request waiting for a free thread is still timed from its scheduled moment, so queueing in
   the generator counts against the server and not in its favour. The pages are those of the member's phone
   site, in a fixed mix: 首页 35 %, 服务 15 %, 我的 15 %, 消息 15 %, 通知公告 10 %, a notice 10 %.
4. Prints p50/p95/p99/max (from the scheduled moment to the last byte of the answer), per page, the error counts
   (anything but 200 with the member's page, a timeout of --timeout seconds, a refused connection), the rate
   reached, the CPU the gunicorn workers used per request, the generator's own CPU per request, and the load
   average. Exit status 0 when p99 is under
   --target-ms and there is no error.
"""
from __future__ import annotations

import argparse
import http.client
import math
import os
import queue
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, migrate, print_table, recreate_postgres_database, setup, timer  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_bench_load"
HOST = "127.0.0.1"
MIX = [("首页", "/portal/", 35), ("服务", "/portal/services/", 15), ("我的", "/portal/me/", 15),
       ("消息", "/portal/messages/", 15), ("通知公告", "/portal/notices/", 10), ("通知详情", "notice", 10)]
MARKER = b'class="member-tab'  # every member page carries the bottom tab bar: a login page or desk page does not


def ensure_database(url: str, rebuild: bool) -> None:
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if rebuild or not exists:
        recreate_postgres_database(url)


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def request(port: int, method: str, path: str, *, cookies: dict | None = None, body: str | None = None,
            timeout: float = 10.0) -> tuple[int, dict, bytes, list[str]]:
    """One HTTP request on a new connection: (status, headers, body, Set-Cookie lines)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        headers = {"Host": f"{HOST}:{port}", "User-Agent": "gonghui-member-load"}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        return response.status, dict(response.getheaders()), data, response.headers.get_all("Set-Cookie") or []
    finally:
        conn.close()


def get_page(port: int, path: str, cookie: bytes, timeout: float) -> tuple[int, bytes]:
    """GET on a new connection, read to the end (a sync worker closes the connection after its answer): (status,
    whole answer). A plain socket and one prepared request instead of http.client, whose header parsing cost the
    generator as much CPU as a member page costs the server, on the same two CPUs: the timing is the same (from the
    scheduled moment to the last byte), the answer is checked the same way (status line and the member's tab bar)."""
    request_bytes = (f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nUser-Agent: gonghui-member-load\r\n"
                     f"Connection: close\r\n").encode() + b"Cookie: " + cookie + b"\r\n\r\n"
    with socket.create_connection((HOST, port), timeout=timeout) as sock:
        sock.sendall(request_bytes)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    answer = b"".join(chunks)
    head, _, _ = answer.partition(b"\r\n")
    parts = head.split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/") or not parts[1].isdigit():
        raise ConnectionError("no HTTP answer")
    return int(parts[1]), answer


def parse_cookies(lines: list[str]) -> dict:
    out = {}
    for line in lines:
        name, _, rest = line.partition("=")
        out[name.strip()] = rest.split(";", 1)[0]
    return out


def log_in(port: int, username: str, password: str) -> dict:
    status, _, page, set_cookie = request(port, "GET", "/accounts/login/")
    if status != 200:
        raise SystemExit(f"login page: HTTP {status}")
    cookies = parse_cookies(set_cookie)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    status, headers, _, set_cookie = request(port, "POST", "/accounts/login/", cookies=cookies, body=body,
                                             timeout=60)
    cookies.update(parse_cookies(set_cookie))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login of {username}: HTTP {status}, no session")
    if headers.get("Location") != "/portal/":
        raise SystemExit(f"login of {username} sent to {headers.get('Location')}, not straight to /portal/")
    return {"sessionid": cookies["sessionid"]}


def start_server(port: int, workers: int, env: dict, log_path: Path) -> subprocess.Popen:
    log = open(log_path, "w")  # noqa: SIM115 (kept open for the server's life)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "gonghui.wsgi:application", "--workers", str(workers),
         "--bind", f"{HOST}:{port}", "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 300  # four workers import Django at once: slow on a busy machine
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (see {log_path})")
        try:
            if request(port, "GET", "/accounts/login/", timeout=5)[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 300 s (see {log_path})")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)  # its own process group (start_new_session): the master and its workers
    try:
        server.wait(20)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class Result:
    __slots__ = ("page", "latency", "status", "error")

    def __init__(self, page, latency, status, error):
        self.page, self.latency, self.status, self.error = page, latency, status, error


def run_open_loop(port: int, sessions: list[dict], notice_ids: list[int], *, rate: float, duration: float,
                  concurrency: int, timeout: float, seed: int) -> tuple[list[Result], float, float]:
    """Send rate × duration requests on a fixed schedule; returns the results, the seconds the sending took and the
    largest delay between a request's moment and its leaving (waiting for a free thread included)."""
    rng = random.Random(seed)
    labels = [label for label, _, weight in MIX for _ in range(weight)]
    paths = {label: path for label, path, _ in MIX}
    total = int(rate * duration)
    jobs: queue.Queue = queue.Queue()
    results: list[Result] = []
    lock = threading.Lock()
    lag = [0.0]

    def work():
        while True:
            job = jobs.get()
            if job is None:
                return
            scheduled, label, path, cookies = job
            started = time.perf_counter()
            with lock:
                lag[0] = max(lag[0], started - scheduled)
            status, error = 0, ""
            try:
                status, body = get_page(port, path, cookies, timeout)
                if status != 200:
                    error = f"HTTP {status}"
                elif MARKER not in body:
                    error = "not a member page"
            except socket.timeout:
                error = "timeout"
            except OSError as exc:
                error = type(exc).__name__
            latency = time.perf_counter() - scheduled
            with lock:
                results.append(Result(label, latency, status, error))

    cookie_lines = ["; ".join(f"{k}={v}" for k, v in cookies.items()).encode() for cookies in sessions]
    threads = [threading.Thread(target=work, daemon=True) for _ in range(concurrency)]
    for t in threads:
        t.start()
    start = time.perf_counter() + 0.2
    for i in range(total):
        label = labels[rng.randrange(len(labels))]
        path = paths[label] if paths[label] != "notice" else f"/portal/notices/{notice_ids[0]}/"  # the federation's
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        jobs.put((scheduled, label, path, cookie_lines[i % len(sessions)]))
    sent = time.perf_counter() - start
    for _ in threads:
        jobs.put(None)
    for t in threads:
        t.join(timeout + 5)
    return results, sent, lag[0]


def pct(values: list[float], p: float) -> float:
    """The p-th percentile, nearest rank: the smallest value at least p % of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--unions", type=int, default=200)
    parser.add_argument("--rebuild", action="store_true", help="drop the database and load it again")
    parser.add_argument("--accounts", type=int, default=100, help="member accounts signed in (default 100)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rate", type=float, default=150.0, help="requests a second (default 150)")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds measured (default 60)")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds at the same rate before (default 10)")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight at most (default 64)")
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--target-ms", type=float, default=300.0)
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("member_load.py runs on PostgreSQL: DATABASE_URL=postgres://…")
    ensure_database(url, args.rebuild)
    where = setup(None)
    from django.conf import settings
    from django.core.management import call_command

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
    prepared = prepare(args.accounts)
    static_root = Path(settings.DATA_DIR) / "bench-static"
    env = dict(os.environ, GONGHUI_ENV="production", GONGHUI_DEBUG="0", GONGHUI_SECRET_KEY=secrets.token_urlsafe(50),
               GONGHUI_ALLOWED_HOSTS=HOST, GONGHUI_SSL_REDIRECT="0", GONGHUI_STATIC_ROOT=str(static_root),
               GONGHUI_LOG_LEVEL="WARNING", PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT),
                                                                                    os.environ.get("PYTHONPATH")])))
    from django.db import connections

    connections.close_all()
    subprocess.run([sys.executable, "-m", "gonghui", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)
    port = free_port()
    log_path = Path(settings.DATA_DIR) / "member_load_gunicorn.log"
    server = start_server(port, args.workers, env, log_path)
    try:
        with timer() as elapsed:
            with ThreadPoolExecutor(args.workers) as pool:  # one login per worker at a time (a password check each)
                sessions = list(pool.map(lambda name: log_in(port, name, PASSWORD), prepared.usernames))
        print(f"==> {len(sessions)} members signed in through the login form in {elapsed():.1f} s "
              f"(each straight to /portal/)")
        if args.warmup > 0:
            run_open_loop(port, sessions, prepared.notice_ids, rate=args.rate, duration=args.warmup,
                          concurrency=args.concurrency, timeout=args.timeout, seed=args.seed + 1)
        pids = worker_pids(server.pid)
        cpu_before = cpu_seconds(pids)
        load_before = os.getloadavg()
        print(f"==> load average before: {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} "
              f"on {os.cpu_count()} CPUs; {args.rate:g} req/s for {args.duration:g} s")
        generator_cpu = time.process_time()
        results, took, lag = run_open_loop(port, sessions, prepared.notice_ids, rate=args.rate,
                                           duration=args.duration, concurrency=args.concurrency,
                                           timeout=args.timeout, seed=args.seed)
        cpu_used = cpu_seconds(pids) - cpu_before
        generator_cpu = time.process_time() - generator_cpu
        load_after = os.getloadavg()
    finally:
        stop_server(server)

    ms = [r.latency * 1000 for r in results]
    errors = Counter(r.error for r in results if r.error)
    by_page = defaultdict(list)
    for r in results:
        by_page[r.page].append(r.latency * 1000)
    rows = [[label, str(len(by_page[label])), f"{statistics.median(by_page[label]):.1f}",
             f"{pct(by_page[label], 95):.1f}", f"{pct(by_page[label], 99):.1f}", f"{max(by_page[label]):.1f}"]
            for label, _, _ in MIX if by_page[label]]
    rows.append(["all", str(len(ms)), f"{statistics.median(ms):.1f}", f"{pct(ms, 95):.1f}", f"{pct(ms, 99):.1f}",
                 f"{max(ms):.1f}"])
    print()
    print_table(["page", "requests", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows,
                title=f"PostgreSQL, {members} members, gunicorn {args.workers} sync workers, {len(sessions)} "
                      f"members signed in, {args.rate:g} req/s open loop for {args.duration:g} s "
                      f"(at most {args.concurrency} in flight)")
    print(f"\nsent {len(results)} in {took:.1f} s = {len(results) / took:.1f} req/s; generator lag max "
          f"{lag * 1000:.1f} ms")
    print(f"errors: {sum(errors.values())}" + (f" ({dict(errors)})" if errors else ""))
    print(f"gunicorn workers' CPU: {cpu_used:.1f} s = {cpu_used / max(1, len(results)) * 1000:.1f} ms a request")
    print(f"this generator's CPU: {generator_cpu:.1f} s = {generator_cpu / max(1, len(results)) * 1000:.1f} ms a request "
          f"(on the same CPUs as the server)")
    print(f"load average before {load_before[0]:.2f}, after {load_after[0]:.2f} {load_after[1]:.2f} "
          f"{load_after[2]:.2f} on {os.cpu_count()} CPUs")
    ok = pct(ms, 99) < args.target_ms and not errors
    print(f"verdict: p99 {pct(ms, 99):.1f} ms {'<' if pct(ms, 99) < args.target_ms else '>='} {args.target_ms:g} ms, "
          f"{sum(errors.values())} errors → {'ok' if ok else 'FAILED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
