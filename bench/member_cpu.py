"""CPU per request of the member's pages, in process, with production settings (issue 9's load target in CPU terms).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_bench_load python bench/member_cpu.py
    python bench/member_cpu.py --runs 300 --accounts 20
    python bench/member_cpu.py --profile 首页          # cProfile of that page's requests, top functions
    python bench/member_cpu.py --data-dir /tmp/b       # SQLite (the federation is loaded when missing)

`bench/member_load.py` answers the real question (150 requests a second, 60 s, 4 gunicorn workers, p99 < 300 ms)
but only on a quiet machine: its latencies are those of whatever else runs on the two CPUs. This script gives the
figure behind it even on a loaded machine, because CPU time is what a process spent, not what it waited:

1. Django starts with the settings gunicorn gets in production (GONGHUI_ENV=production, DEBUG off, manifest static
   storage — the static files are collected once under the data folder — persistent database connections with
   health checks, TLS redirect off since there is no proxy), and the federation is loaded unless present.
2. --accounts members sign in through the login form (CSRF token, password check) by calling the WSGI application
   exactly as gunicorn's sync worker does: an environ per request, the body read, `close()` called (Django's
   request_finished, which closes or keeps the database connection).
3. Each page of the load's mix is requested --warmup times, then --runs times, the accounts in turn. For every page:
   the median and mean CPU of this process per request (`time.process_time`: middleware, session, queries'
   Python side, template), the CPU the PostgreSQL backend serving this connection used per request (from
   /proc/<pid>/stat of `pg_backend_pid()`, when the database runs on this machine), queries and bytes.
4. The mix's weighted CPU per request (the load's weights: 首页 35 %, 服务 15 %, 我的 15 %, 消息 15 %, 通知公告 10 %,
   a notice 10 %) and what it means: requests a second that the CPUs can serve at most, all of them busy.

The wall time is printed too but means little when others share the machine (the load average is printed).
"""
from __future__ import annotations

import argparse
import io
import os
import re
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, print_table  # noqa: E402

HOST = "127.0.0.1"
MIX = [("首页", "/portal/", 35), ("服务", "/portal/services/", 15), ("我的", "/portal/me/", 15),
       ("消息", "/portal/messages/", 15), ("通知公告", "/portal/notices/", 10), ("通知详情", "notice", 10)]
MARKER = b'class="member-tab'


def production_environment(data_dir: str | None) -> None:
    """The environment gunicorn gets in bench/member_load.py, set before Django starts."""
    if data_dir:
        os.environ["GONGHUI_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ.setdefault("GONGHUI_DATA_DIR", str(ROOT / "data"))
    os.environ.update(GONGHUI_ENV="production", GONGHUI_DEBUG="0", GONGHUI_ALLOWED_HOSTS=HOST,
                      GONGHUI_SSL_REDIRECT="0", GONGHUI_LOG_LEVEL="WARNING",
                      GONGHUI_STATIC_ROOT=str(Path(os.environ["GONGHUI_DATA_DIR"]) / "bench-static"))
    os.environ.setdefault("GONGHUI_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")


class WsgiClient:
    """Calls a WSGI application as gunicorn's sync worker does (one environ per request, the whole body read,
    close() called), keeping cookies per client."""

    def __init__(self, app):
        self.app = app
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, dict, bytes]:
        environ = {
            "REQUEST_METHOD": method, "SCRIPT_NAME": "", "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": HOST, "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": HOST,
            "HTTP_HOST": f"{HOST}:8000", "HTTP_USER_AGENT": "gonghui-member-cpu", "HTTP_CONNECTION": "close",
            "HTTP_ACCEPT": "text/html", "HTTP_ACCEPT_ENCODING": "gzip, deflate",
            "wsgi.version": (1, 0), "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        }
        if self.cookies:
            environ["HTTP_COOKIE"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body:
            environ["CONTENT_TYPE"] = "application/x-www-form-urlencoded"
            environ["CONTENT_LENGTH"] = str(len(body))
        status_headers = {}

        def start_response(status, headers, exc_info=None):
            status_headers["status"] = int(status.split()[0])
            status_headers["headers"] = headers

        result = self.app(environ, start_response)
        try:
            data = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        headers = {}
        for name, value in status_headers["headers"]:
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                self.cookies[cookie_name.strip()] = rest.split(";", 1)[0]
            headers[name] = value
        return status_headers["status"], headers, data

    def log_in(self, username: str, password: str) -> None:
        status, _, page = self.request("GET", "/accounts/login/")
        assert status == 200, f"login page: HTTP {status}"
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password}).encode()
        status, headers, _ = self.request("POST", "/accounts/login/", body)
        if status != 302 or headers.get("Location") != "/portal/" or "sessionid" not in self.cookies:
            raise SystemExit(f"login of {username}: HTTP {status} → {headers.get('Location')}")


def backend() -> tuple[int, float] | None:
    """(pid, CPU seconds used) of the PostgreSQL backend serving this process's open connection, when there is one
    and it runs on this machine. Read from psycopg's connection info: no query."""
    from django.db import connection

    raw = connection.connection
    if connection.vendor != "postgresql" or raw is None or raw.closed:
        return None
    pid = raw.info.backend_pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, PermissionError):
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class QueryCounter:
    """Counts the queries run while it is installed (connection.execute_wrapper; survives Django's reset_queries at
    each request's start, which empties connection.queries)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", help="data folder (SQLite database, collected static files)")
    parser.add_argument("--members", type=int, default=200_000, help="federation loaded when missing")
    parser.add_argument("--unions", type=int, default=200)
    parser.add_argument("--accounts", type=int, default=20, help="members signed in, used in turn (default 20)")
    parser.add_argument("--runs", type=int, default=200, help="measured requests per page (default 200)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--cpus", type=int, default=os.cpu_count(), help="CPUs for the capacity estimate")
    parser.add_argument("--profile", metavar="PAGE", help="cProfile that page (首页, 服务, 我的 …) and print the top")
    parser.add_argument("--top", type=int, default=40, help="functions printed by --profile")
    args = parser.parse_args()

    production_environment(args.data_dir)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from _common import migrate
    from _member_data import PASSWORD, prepare
    from gonghui.demo import builder

    assert settings.PRODUCTION and not settings.DEBUG
    print(f"==> {connection.vendor} {connection.settings_dict['NAME']}, production settings, "
          f"CONN_MAX_AGE {connection.settings_dict['CONN_MAX_AGE']}")
    migrate()
    if not builder.is_loaded():
        call_command("demo", members=args.members, unions=args.unions, verbosity=1)
    if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    prepared = prepare(args.accounts)
    paths = {label: (path if path != "notice" else f"/portal/notices/{prepared.notice_ids[0]}/")
             for label, path, _ in MIX}

    app = get_wsgi_application()
    clients = []
    for username in prepared.usernames:
        client = WsgiClient(app)
        client.log_in(username, PASSWORD)
        clients.append(client)

    if args.profile:
        return profile(clients, paths[args.profile], args)

    rows, mix_cpu, mix_db = [], 0.0, 0.0
    weights = {label: weight for label, _, weight in MIX}
    for label, path in paths.items():
        for i in range(args.warmup):
            status, _, body = clients[i % len(clients)].request("GET", path)
            assert status == 200 and MARKER in body, f"{label} {path}: HTTP {status}"
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            clients[0].request("GET", path)
        cpu, wall, size, db_seconds, db_runs = [], [], 0, 0.0, 0
        for i in range(args.runs):
            client = clients[i % len(clients)]
            before = backend()
            started, started_cpu = time.perf_counter(), time.process_time()
            status, _, body = client.request("GET", path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
            after = backend()
            if before is not None and after is not None and before[0] == after[0]:  # same backend (no reconnect)
                db_seconds += after[1] - before[1]
                db_runs += 1
            assert status == 200, f"{label}: HTTP {status}"
            size = len(body)
        db_ms = db_seconds * 1000 / db_runs if db_runs >= args.runs // 2 else None
        mean = statistics.fmean(cpu)
        mix_cpu += mean * weights[label] / 100
        mix_db += (db_ms or 0.0) * weights[label] / 100
        rows.append([label, path, f"{statistics.median(cpu):.2f}", f"{mean:.2f}",
                     "—" if db_ms is None else f"{db_ms:.2f}", str(counter.count), f"{size // 1024} KiB",
                     f"{statistics.median(wall):.1f}"])
    load = os.getloadavg()
    print()
    print_table(["page", "path", "cpu median ms", "cpu mean ms", "db cpu ms", "queries", "size", "wall median ms"],
                rows, title=f"member pages, {args.runs} requests each after {args.warmup} warm-ups, "
                            f"{len(clients)} members in turn (load average {load[0]:.2f} on {os.cpu_count()} CPUs)",
                align="llrrrrrr")
    total = mix_cpu + mix_db
    print(f"\nmix (首页 35 %, 服务/我的/消息 15 % each, 通知公告/a notice 10 % each): {mix_cpu:.2f} ms Django + "
          f"{mix_db:.2f} ms PostgreSQL = {total:.2f} ms CPU a request")
    print(f"at most {args.cpus * 1000 / total:.0f} requests a second on {args.cpus} CPUs, every CPU busy and nothing "
          f"else running (gunicorn's own parsing and the load generator come on top); 150 req/s needs "
          f"{150 * total / 10:.0f} % of one CPU")
    return 0


def profile(clients, path: str, args) -> int:
    import cProfile
    import pstats

    for i in range(args.warmup):
        clients[i % len(clients)].request("GET", path)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for i in range(args.runs):
        clients[i % len(clients)].request("GET", path)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(args.top)
    stats.sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
