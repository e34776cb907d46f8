"""How long the dashboard of a large federation takes: 1,000 unions, 1,000,000 members (issue 4 target: < 5 s on
PostgreSQL, with queries that aggregate in the database and no loop over the unions).

    python bench/dashboard.py                       # PostgreSQL gonghui_bench_dash on 127.0.0.1 (built once, reused)
    DATABASE_URL=postgres://postgres@host:5432/other python bench/dashboard.py
    python bench/dashboard.py --rebuild             # drop the database and build it again
    python bench/dashboard.py --members 100000 --unions 100 --rebuild   # smaller

Builds (benchmark data only, with COPY — no services, no audit) a federation 基准市总工会 with 10 industry unions
and --unions grassroots unions below them, --members members (and 5% employees who are not members) with their
membership periods and admission events (5% admitted in 2025, 1% withdrawn in 2025, 5% retired), 2,000 transfers
between unions in 2025, and care records for 2024 and 2025: condolence visits, disbursed assistance and hardship
files (about 10% as many as members each), campaigns and health checks. The database is reused when it already
holds a federation of that size (it is dropped and built again with --rebuild or when the sizes differ).

Then times, for the federation over 2025 and for one grassroots union, what the dashboard page computes
(reports.dashboard.build): the key figures with 同比 and the table of child unions side by side
(dashboard.key_figures: core.metrics.compute_with_children + compute_many), each chart (dashboard.chart_data),
and the whole page over HTTP (Django test client).
"""
from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import count_queries, measure, migrate, print_table, recreate_postgres_database, setup  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/gonghui_bench_dash"
D = datetime.date
FED_CODE = "DASHFED"
INDUSTRIES = 10
TARGET_SECONDS = 5.0


def ensure_database(url: str, rebuild: bool) -> None:
    """Create the PostgreSQL database if it does not exist (or drop and create it with --rebuild)."""
    import psycopg
    from urllib.parse import urlparse

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    maintenance = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
    if rebuild or not exists:
        recreate_postgres_database(url)


# ---------------------------------------------------------------------------------------------------------------
# Building the data (COPY)
# ---------------------------------------------------------------------------------------------------------------

def copy_rows(model, fields: list[str], rows, *, with_ids: bool = False) -> int:
    """COPY rows (tuples in the order of `fields`) into the model's table; the other columns get the model's
    defaults (auto_now fields: now). With with_ids the first field is "id" and the sequence is moved past it."""
    from django.db import connection
    from django.utils import timezone

    meta = model._meta
    given = set(fields)
    extra, extra_values = [], []
    now = timezone.now()
    for f in meta.concrete_fields:
        if f.primary_key or f.attname in given or f.name in given:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = now
        elif f.null and not f.has_default():
            continue
        else:
            value = f.get_default()  # "" for text without a default
            if value is None:
                raise ValueError(f"{meta.label}.{f.name} needs a value")
            if isinstance(value, (list, dict)):
                value = json.dumps(value)
        extra.append(f.column)
        extra_values.append(value)
    columns = [meta.get_field(name).column for name in fields] + extra
    sql = f'COPY {meta.db_table} ({", ".join(columns)}) FROM STDIN'
    extra_values = tuple(extra_values)
    count = 0
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(tuple(row) + extra_values)
                count += 1
        if with_ids:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{meta.db_table}', 'id'), "
                           f"(SELECT MAX(id) FROM {meta.db_table}))")
    return count


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1


def build(unions: int, members: int, rng: random.Random) -> None:
    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.care.models import (
        Assistance,
        Campaign,
        Condolence,
        FundingSource,
        HardshipFile,
        HardshipLevelChange,
        HealthCheck,
        HealthCheckParticipant,
        Occasion,
        RecipientKind,
    )
    from gonghui.members.models import Membership, MembershipEvent, Person, Transfer
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    started = time.perf_counter()

    def say(what: str) -> None:
        print(f"  {time.perf_counter() - started:6.1f}s  {what}", flush=True)

    fed = org_services.org_create(code=FED_CODE, name="基准市总工会", kind=Organization.Kind.FEDERATION)
    industries = [org_services.org_create(code=f"DI{i:02d}", name=f"基准第{i + 1}产业工会",
                                          kind=Organization.Kind.INDUSTRY, parent=fed) for i in range(INDUSTRIES)]
    grassroots = [org_services.org_create(code=f"DG{u:04d}", name=f"基准{u + 1}号单位工会",
                                          kind=Organization.Kind.GRASSROOTS, parent=industries[u % INDUSTRIES])
                  for u in range(unions)]
    union_ids = [o.pk for o in grassroots]
    user = User.objects.create_user(username="dash_chair", password="Bench-2025-pass!")
    RoleAssignment.objects.create(user=user, org=fed, role=Role.CHAIR)
    say(f"{1 + INDUSTRIES + unions} unions")

    # People: members, and 5% employees who are not members.
    employees = members + members // 20
    first = next_id(Person)
    org_of = []

    def people():
        for i in range(employees):
            pid = first + i
            org = union_ids[i % unions]
            org_of.append(org)
            retired = rng.random() < 0.05
            day = D(rng.choice((2019, 2023, 2025)), rng.randrange(1, 13), rng.randrange(1, 29)) if retired else None
            member = i < members
            yield (pid, org, f"职工{i}", f"zhigong{i:07d}", "zg", "MF"[i % 3 == 0],
                   D(1965 + i % 35, 1 + i % 12, 1 + i % 28), D(2000 + i % 24, 1 + i % 12, 1 + i % 28),
                   Person.WorkStatus.RETIRED if retired else Person.WorkStatus.SERVING, day,
                   Person.MemberStatus.ACTIVE if member else Person.MemberStatus.NONE,
                   f"M{pid}" if member else "", D(2015, 1, 1) if member else None)

    copy_rows(Person, ["id", "org", "name", "name_pinyin", "name_initials", "gender", "birth_date", "hired_on",
                       "work_status", "retired_on", "member_status", "member_no", "joined_on"], people(), with_ids=True)
    say(f"{employees:,} people")

    # Memberships (one open period each; 5% admitted in 2025; 1% withdrawn in 2025) and admission events.
    joined = {}
    withdrawn = {}
    for i in range(members):
        pid = first + i
        joined[pid] = D(2015, 1, 1) if i % 20 else D(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365))
        if i % 100 == 7:
            withdrawn[pid] = max(joined[pid], D(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365)))
    copy_rows(Membership, ["person", "org", "member_no", "started_on", "ended_on", "end_reason"],
              ((pid, org_of[pid - first], f"M{pid}", joined[pid], withdrawn.get(pid),
                "withdrawn" if pid in withdrawn else "") for pid in joined))
    copy_rows(MembershipEvent, ["person", "org", "kind", "occurred_on", "member_no"],
              ((pid, org_of[pid - first], MembershipEvent.Kind.JOIN, day, f"M{pid}") for pid, day in joined.items()))
    copy_rows(MembershipEvent, ["person", "org", "kind", "occurred_on"],
              ((pid, org_of[pid - first], MembershipEvent.Kind.WITHDRAW, day) for pid, day in withdrawn.items()))
    say(f"{members:,} memberships, {members + len(withdrawn):,} events")

    # Transfers between unions of different industries, accepted in 2025 (benchmark rows only).
    movers = rng.sample(range(members), 2000)
    copy_rows(Transfer, ["person", "from_org", "to_org", "requested_on", "status", "decided_on"],
              ((first + i, org_of[i], union_ids[(union_ids.index(org_of[i]) + 1) % unions], D(2025, 5, 1),
                Transfer.Status.ACCEPTED, D(2025, 5, 10)) for i in movers))

    # Care: hardship files (10% of … capped), condolences and assistance in 2024 and 2025.
    files = max(100, members // 50)
    in_care = rng.sample(range(members), files)
    file_first = next_id(HardshipFile)
    copy_rows(HardshipFile, ["id", "org", "person", "file_no", "level", "opened_on", "household_size"],
              ((file_first + n, org_of[i], first + i, f"KN{n:06d}", "ordinary", D(2023 + n % 3, 1 + n % 12, 1), 3)
               for n, i in enumerate(in_care)), with_ids=True)
    copy_rows(HardshipLevelChange, ["file", "level", "effective_from", "reason"],
              ((file_first + n, "ordinary", D(2023 + n % 3, 1 + n % 12, 1), "建档") for n in range(files)))
    file_of = {first + i: file_first + n for n, i in enumerate(in_care)}
    records = members // 10
    amounts = [Decimal(x) for x in ("200.00", "300.00", "500.00", "800.00", "1000.00")]
    sources, kinds, occasions = FundingSource.values, RecipientKind.values, Occasion.values
    assistance_kinds = Assistance.Kind.values

    def day():
        return D(rng.choice((2024, 2025)), 1, 1) + datetime.timedelta(days=rng.randrange(365))

    def someone():
        return first + rng.randrange(members)

    copy_rows(Condolence, ["org", "person", "recipient_kind", "occasion", "visited_on", "amount", "funding_source",
                           "hardship_file"],
              ((org_of[p - first], p, rng.choice(kinds), rng.choice(occasions), day(), rng.choice(amounts),
                rng.choice(sources), file_of.get(p)) for p in (someone() for _ in range(records))))

    def assistance():
        for _ in range(records):
            p, d = someone(), day()
            yield (org_of[p - first], p, rng.choice(assistance_kinds), rng.choice(amounts) * 2, rng.choice(sources),
                   d, file_of.get(p), Assistance.Status.DISBURSED, d)

    copy_rows(Assistance, ["org", "person", "kind", "amount", "funding_source", "applied_on", "hardship_file",
                           "status", "disbursed_on"], assistance())
    say(f"{files:,} hardship files, {records:,} visits, {records:,} assistance")

    campaigns = [Campaign(org_id=union_ids[n * 7 % unions], kind=Campaign.Kind.SPRING, title=f"基准{n}号送温暖",
                          planned_on=D(2025, 1, 10 + n % 15), status=Campaign.Status.CLOSED) for n in range(200)]
    Campaign.objects.bulk_create(campaigns)
    checks = HealthCheck.objects.bulk_create([HealthCheck(org_id=union_ids[n * 11 % unions], kind="serving",
                                                          title=f"基准{n}号体检", checked_on=D(2025, 6, 1 + n % 28),
                                                          cost=Decimal("50000.00")) for n in range(100)])
    copy_rows(HealthCheckParticipant, ["check_batch", "person"],
              ((checks[n % 100].pk, first + i) for n, i in enumerate(rng.sample(range(members), members // 20))))
    say("campaigns and health checks")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say("ANALYZE")


def loaded(unions: int, members: int) -> bool:
    from gonghui.members.models import Membership
    from gonghui.orgs.models import Organization

    fed = Organization.objects.filter(code=FED_CODE).first()
    if fed is None:
        return False
    return (Organization.objects.filter(path__startswith=fed.path, kind="grassroots").count() == unions
            and Membership.objects.filter(org__path__startswith=fed.path).count() == members)


# ---------------------------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------------------------

def timings(org, user, period, runs: int) -> list[list]:
    from django.test import Client

    from gonghui.reports import dashboard, registry

    areas = dashboard.visible_areas(user, org)
    metrics = [registry.get(code) for area in areas for code in area.key]
    kids = dashboard.child_orgs(org)

    def figures():
        with dashboard.analytic_queries():
            return dashboard.key_figures(metrics, org, period, children=bool(kids))

    steps = [(f"key figures + 同比{' + child unions' if kids else ''}", figures)]
    for area in areas:
        for spec in area.charts:
            def chart(spec=spec):
                with dashboard.analytic_queries():
                    dashboard.chart_data(spec, org, period, True)

            steps.append((f"chart {spec.title}", chart))
    steps.append(("dashboard.build (all of the above)", lambda: dashboard.build(user, org, period)))
    client = Client()
    client.force_login(user)
    url = f"/reports/?org={org.pk}&period={dashboard.period_param(period)}"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    steps.append(("the page over HTTP", page))
    rows = []
    for label, fn in steps:
        queries, _ = count_queries(fn)
        t = measure(fn, runs=runs, warmup=1)
        rows.append([label, queries, f"{t.median / 1000:.2f}", f"{t.low / 1000:.2f}", f"{t.high / 1000:.2f}"])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--unions", type=int, default=1000)
    parser.add_argument("--members", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rebuild", action="store_true", help="drop the database and build it again")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args()

    url = os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("this benchmark is for PostgreSQL: DATABASE_URL=postgres://…")
    ensure_database(url, args.rebuild)
    where = setup()
    migrate()
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.orgs.models import Organization
    from gonghui.reports.periods import Period

    if not loaded(args.unions, args.members):
        if Organization.objects.filter(code=FED_CODE).exists():
            connection.close()
            recreate_postgres_database(url)
            migrate()
        print(f"Building {args.unions:,} unions and {args.members:,} members in {where} …")
        started = time.perf_counter()
        build(args.unions, args.members, random.Random(args.seed))
        print(f"Built in {time.perf_counter() - started:.0f} s\n")
    else:
        print(f"Reusing {where} ({args.unions:,} unions, {args.members:,} members)\n")

    fed = Organization.objects.get(code=FED_CODE)
    user = User.objects.get(username="dash_chair")
    one = Organization.objects.filter(path__startswith=fed.path, kind="grassroots").order_by("path").first()
    period = Period.year(2025)
    headers = ["2025, " + "step", "queries", "median s", "fastest s", "slowest s"]
    rows = timings(fed, user, period, args.runs)
    print_table(headers, rows, title=f"{fed.name}: {args.unions:,} unions, {args.members:,} members (PostgreSQL)")
    total = float(rows[-2][2])
    print(f"\ndashboard.build: {total:.2f} s — target < {TARGET_SECONDS:.0f} s: "
          f"{'met' if total < TARGET_SECONDS else 'NOT MET'}\n")
    print_table(headers, timings(one, user, period, args.runs), title=f"{one.name} (one grassroots union)")


if __name__ == "__main__":
    main()
