"""Benchmark: every care metric for a year with 200,000 care records, target < 1 s each.

    python bench/care_metrics.py                                                    # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_care python bench/care_metrics.py   # PostgreSQL

Builds a throw-away database (SQLite: a temporary data folder; PostgreSQL: a database named gonghui_care_bench_<pid>,
dropped afterwards), bulk-creates a federation of 10 unions and 40 branches with 20,000 people, 2,000 hardship files
with level history, 100,000 condolence visits, 90,000 assistance records and 10 campaigns with 10,000 recipients
(200,000 care records, all in 2025), runs ANALYZE, then times each metric's figure and each breakdown for the whole
federation over 2025 (first run and best of three) and prints a table.
"""
from __future__ import annotations

import contextlib
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

D = datetime.date
YEAR = (D(2025, 1, 1), D(2025, 12, 31))


@contextlib.contextmanager
def bench_database():
    """A fresh, migrated database for one benchmark run; yields the vendor's name."""
    tmp = None
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp(prefix="gonghui-care-bench-")
        os.environ["GONGHUI_DATA_DIR"] = tmp
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    os.environ["GONGHUI_DEBUG"] = "0"  # no query log
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        try:
            call_command("migrate", verbosity=0)
            yield "SQLite"
        finally:
            connection.close()
            shutil.rmtree(tmp, ignore_errors=True)
    else:
        connection.settings_dict.setdefault("TEST", {})["NAME"] = f"gonghui_care_bench_{os.getpid()}"
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        try:
            yield "PostgreSQL"
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def make_tree(unions: int = 10, branches: int = 4):
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    fed = org_services.org_create(code="BFED", name="基准市总工会", kind=Organization.Kind.FEDERATION)
    leaves = []
    for u in range(unions):
        union = org_services.org_create(code=f"BU{u:02d}", name=f"基准{u}号单位工会", kind=Organization.Kind.GRASSROOTS,
                                        parent=fed)
        leaves.append(union)
        for b in range(branches):
            leaves.append(org_services.org_create(code=f"BU{u:02d}B{b}", name=f"基准{u}号单位第{b}分会",
                                                  kind=Organization.Kind.BRANCH, parent=union))
    return fed, leaves


def bulk_people(orgs, n: int, *, rng: random.Random, prefix: str = "职工", **fields):
    """n members spread over `orgs`, without the per-row services (benchmark data only)."""
    from gonghui.members.models import Person

    rows = []
    for i in range(n):
        org = orgs[i % len(orgs)]
        rows.append(Person(
            org=org, name=f"{prefix}{i}", name_pinyin=f"{prefix}{i:06d}", name_initials="zg", gender="MF"[i % 2],
            birth_date=D(1950 + rng.randrange(50), rng.randrange(1, 13), rng.randrange(1, 29)),
            member_status=Person.MemberStatus.ACTIVE, member_no=f"{org.code}-{i:06d}", joined_on=D(2015, 1, 1),
            **fields))
    Person.objects.bulk_create(rows, batch_size=2000)
    return list(Person.objects.filter(name__startswith=prefix).order_by("id").values_list("id", "org_id"))


def build_records(rng: random.Random):
    from gonghui.care.models import (
        Assistance,
        Campaign,
        CampaignRecipient,
        Condolence,
        FundingSource,
        HardshipCause,
        HardshipCauseKind,
        HardshipFile,
        HardshipLevelChange,
        Occasion,
        RecipientKind,
    )

    fed, leaves = make_tree()
    people = bulk_people(leaves, 20_000, rng=rng)
    org_of = dict(people)
    ids = [pid for pid, _ in people]
    # Hardship files with level history.
    in_care = rng.sample(ids, 2_000)
    HardshipFile.objects.bulk_create([
        HardshipFile(org_id=org_of[pid], person_id=pid, file_no=f"KN{n:05d}", level="ordinary",
                     opened_on=D(2023 + n % 3, 1 + n % 12, 1 + n % 28), household_size=3)
        for n, pid in enumerate(in_care)], batch_size=2000)
    files = dict(HardshipFile.objects.values_list("person_id", "pk"))
    opened = dict(HardshipFile.objects.values_list("pk", "opened_on"))
    changes, causes = [], []
    for fid, day in opened.items():
        changes.append(HardshipLevelChange(file_id=fid, level="ordinary", effective_from=day, reason="建档"))
        if rng.random() < 0.5:
            changes.append(HardshipLevelChange(file_id=fid, level="deep", effective_from=D(2025, 7, 1), reason="复核"))
        for cause in rng.sample(HardshipCauseKind.values, rng.randrange(1, 3)):
            causes.append(HardshipCause(file_id=fid, cause=cause))
    HardshipLevelChange.objects.bulk_create(changes, batch_size=2000)
    HardshipCause.objects.bulk_create(causes, batch_size=2000)

    def day():
        return D(2025, 1, 1) + datetime.timedelta(days=rng.randrange(365))

    amounts = [Decimal(x) for x in ("200", "300", "500", "800", "1000")]
    sources = FundingSource.values
    condolences = []
    for _ in range(100_000):
        pid = rng.choice(ids)
        condolences.append(Condolence(
            org_id=org_of[pid], person_id=pid, recipient_kind=rng.choice(RecipientKind.values),
            occasion=rng.choice(Occasion.values), visited_on=day(), amount=rng.choice(amounts),
            funding_source=rng.choice(sources), hardship_file_id=files.get(pid), over_cap=rng.random() < 0.01))
    Condolence.objects.bulk_create(condolences, batch_size=5000)
    del condolences
    assistance = []
    for _ in range(90_000):
        pid = rng.choice(ids)
        applied = day()
        paid = rng.random() < 0.8
        assistance.append(Assistance(
            org_id=org_of[pid], person_id=pid, kind=rng.choice(Assistance.Kind.values), amount=rng.choice(amounts) * 2,
            funding_source=rng.choice(sources), applied_on=applied, hardship_file_id=files.get(pid),
            status=Assistance.Status.DISBURSED if paid else Assistance.Status.APPROVED,
            disbursed_on=min(applied + datetime.timedelta(days=rng.randrange(10)), D(2025, 12, 31)) if paid else None))
    Assistance.objects.bulk_create(assistance, batch_size=5000)
    del assistance
    recipients = []
    for n in range(10):
        campaign = Campaign.objects.create(org=fed, kind=Campaign.Kind.SPRING, title=f"基准活动{n}",
                                           planned_on=D(2025, 1 + n, 15), status=Campaign.Status.DELIVERING)
        for pid in rng.sample(ids, 1_000):
            delivered = rng.random() < 0.9
            recipients.append(CampaignRecipient(campaign=campaign, person_id=pid, amount=Decimal("500"),
                                                status="delivered" if delivered else "pending",
                                                delivered_on=campaign.planned_on if delivered else None))
    CampaignRecipient.objects.bulk_create(recipients, batch_size=5000)
    return fed, leaves


def timed(fn, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, times[0], min(times)


def show(value) -> str:
    if isinstance(value, list):
        return f"{len(value)}组"
    return str(value)


def main() -> None:
    with bench_database() as vendor:
        from gonghui.care import metrics
        from gonghui.care.models import Assistance, CampaignRecipient, Condolence

        rng = random.Random(20250101)
        start = time.perf_counter()
        fed, _ = build_records(rng)
        analyze()
        records = Condolence.objects.count() + Assistance.objects.count() + CampaignRecipient.objects.count()
        print(f"\n{vendor}: {records:,} care records built in {time.perf_counter() - start:.1f} s "
              f"(federation subtree, period {YEAR[0]}–{YEAR[1]})\n")
        print(f"{'metric':<42} {'breakdown':<15} {'value':>16} {'first ms':>9} {'best ms':>8}")
        print("-" * 94)
        worst = 0.0
        for metric in metrics.METRICS:
            runs = [(metric.code, "", lambda m=metric: m.compute(fed, *YEAR))]
            runs += [(metric.code, name, lambda m=metric, n=name: m.breakdown(fed, *YEAR, n)) for name in metric.by]
            for code, name, fn in runs:
                value, first, best = timed(fn)
                worst = max(worst, first)
                print(f"{code:<42} {name:<15} {show(value):>16} {first * 1000:>9.1f} {best * 1000:>8.1f}")
        print("-" * 94)
        verdict = "OK" if worst < 1.0 else "TOO SLOW"
        print(f"slowest: {worst * 1000:.0f} ms (target < 1000 ms each) — {verdict}\n")


if __name__ == "__main__":
    main()
