"""How long a full draft takes for a large grassroots union: figures, JSON and .docx (issue 4 targets: 3 s, 5 s).

    python bench/reports_draft.py                                   # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_reports_bench python bench/reports_draft.py
    python bench/reports_draft.py --members 5000 --data-dir /tmp/rb   # smaller; keep the file and reuse it

Builds (bulk, benchmark data only) one grassroots union with 8 branches under a federation: --members members with
their membership periods and admission events, a year (2025) of membership changes, and care records — condolence
visits, assistance, hardship files — so that there are about 500,000 records in all. Then, with the foundation of
the reports app (the summary generator is not written yet, so a stand-in draft is built the way it will be):

    figures   every registered metric compared with last year (registry.compare: two queries each) and every
              breakdown (one query each), for the union's subtree over 2025
    draft     a Document: per work area a heading and one templated paragraph per figure (documents.fill,
              rounded phrases), a table of all figures with 同比, and three charts from breakdowns
    JSON      figures + draft + documents.to_json          (target < 3 s)
    .docx     figures + draft + docx.render, charts drawn  (target < 5 s)

PostgreSQL: the database named in DATABASE_URL is dropped and created again unless --reuse is given.
"""
from __future__ import annotations

import argparse
import datetime
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, migrate, print_table, setup, timer  # noqa: E402

D = datetime.date
YEAR = 2025


def build(members: int, rng: random.Random) -> None:
    from gonghui.care.models import (
        Assistance,
        Condolence,
        FundingSource,
        HardshipFile,
        HardshipLevelChange,
        Occasion,
        RecipientKind,
    )
    from gonghui.members.models import Membership, MembershipEvent, Person
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    fed = org_services.org_create(code="RFED", name="基准区总工会", kind=Organization.Kind.FEDERATION)
    union = org_services.org_create(code="RCO", name="基准公司工会", kind=Organization.Kind.GRASSROOTS, parent=fed,
                                    party_org="基准公司党委")
    orgs = [union] + [org_services.org_create(code=f"RCO{b}", name=f"基准公司第{b}分会",
                                              kind=Organization.Kind.BRANCH, parent=union) for b in range(1, 9)]

    def day(year=YEAR):
        return D(year, 1, 1) + datetime.timedelta(days=rng.randrange(365))

    people = []
    for i in range(members + members // 20):  # 5% employees who are not members
        org = orgs[i % len(orgs)]
        retired = rng.random() < 0.1
        people.append(Person(
            org=org, name=f"职工{i}", name_pinyin=f"zhigong{i:06d}", name_initials="zg", gender="MF"[i % 2],
            birth_date=D(1960 + rng.randrange(40), rng.randrange(1, 13), rng.randrange(1, 29)),
            work_status=Person.WorkStatus.RETIRED if retired else Person.WorkStatus.SERVING,
            retired_on=day(rng.choice((2020, 2024, YEAR))) if retired else None,
            member_status=Person.MemberStatus.ACTIVE if i < members else Person.MemberStatus.NONE,
            member_no=f"{org.code}-{i:06d}" if i < members else "", joined_on=D(2015, 1, 1) if i < members else None))
    Person.objects.bulk_create(people, batch_size=5000)
    rows = list(Person.objects.filter(org__path__startswith=union.path, member_status="active")
                .order_by("id").values_list("id", "org_id"))
    del people
    joined = {pid: (D(2015, 1, 1) if n % 20 else day()) for n, (pid, _) in enumerate(rows)}  # 5% new in 2025
    Membership.objects.bulk_create([Membership(person_id=pid, org_id=org_id, member_no=f"M{pid}",
                                               started_on=joined[pid]) for pid, org_id in rows], batch_size=5000)
    MembershipEvent.objects.bulk_create([MembershipEvent(person_id=pid, org_id=org_id, kind="join",
                                                         occurred_on=joined[pid], member_no=f"M{pid}")
                                         for pid, org_id in rows], batch_size=5000)
    # Withdrawals in 2025 (1%).
    leaving = rng.sample(rows, len(rows) // 100)
    ends = {pid: day() for pid, _ in leaving}
    for pid, end in ends.items():
        Membership.objects.filter(person_id=pid).update(ended_on=max(end, joined[pid]), end_reason="withdrawn")
    MembershipEvent.objects.bulk_create([MembershipEvent(person_id=pid, org_id=org_id, kind="withdraw",
                                                         occurred_on=max(ends[pid], joined[pid]))
                                         for pid, org_id in leaving], batch_size=5000)

    org_of = dict(rows)
    ids = [pid for pid, _ in rows]
    in_care = rng.sample(ids, min(3000, len(ids) // 10))
    HardshipFile.objects.bulk_create([
        HardshipFile(org_id=org_of[pid], person_id=pid, file_no=f"KN{n:05d}", level="ordinary",
                     opened_on=D(2023 + n % 3, 1 + n % 12, 1 + n % 28), household_size=3)
        for n, pid in enumerate(in_care)], batch_size=5000)
    files = dict(HardshipFile.objects.values_list("person_id", "pk"))
    HardshipLevelChange.objects.bulk_create([
        HardshipLevelChange(file_id=fid, level="ordinary", effective_from=opened, reason="建档")
        for fid, opened in HardshipFile.objects.values_list("pk", "opened_on")], batch_size=5000)

    amounts = [Decimal(x) for x in ("200", "300", "500", "800", "1000")]
    sources, kinds = FundingSource.values, RecipientKind.values  # enum .values is rebuilt on every access
    occasions, assistance_kinds = Occasion.values, Assistance.Kind.values
    care = max(1000, (500_000 - 3 * len(rows)) // 2)  # the rest of ~500,000 records, half visits, half assistance
    for chunk in range(0, care, 50_000):
        Condolence.objects.bulk_create([
            Condolence(org_id=org_of[pid], person_id=pid, recipient_kind=rng.choice(kinds),
                       occasion=rng.choice(occasions), visited_on=day(rng.choice((YEAR - 1, YEAR))),
                       amount=rng.choice(amounts), funding_source=rng.choice(sources),
                       hardship_file_id=files.get(pid))
            for pid in (rng.choice(ids) for _ in range(min(50_000, care - chunk)))], batch_size=5000)
        assistance = []
        for pid in (rng.choice(ids) for _ in range(min(50_000, care - chunk))):
            applied = day(rng.choice((YEAR - 1, YEAR)))
            assistance.append(Assistance(
                org_id=org_of[pid], person_id=pid, kind=rng.choice(assistance_kinds),
                amount=rng.choice(amounts) * 2, funding_source=rng.choice(sources), applied_on=applied,
                hardship_file_id=files.get(pid), status=Assistance.Status.DISBURSED, disbursed_on=applied))
        Assistance.objects.bulk_create(assistance, batch_size=5000)


def record_count() -> int:
    from django.apps import apps

    return sum(m.objects.count() for m in apps.get_models()
               if m._meta.app_label in ("members", "care") and m.__name__ not in ("ImportBatch",))


CHARTS = [("members.new", "month", "bar", "新入会会员按月"), ("care.assistance.amount", "kind", "pie", "救助补助按类别"),
          ("care.condolence.visits", "month", "line", "慰问看望按月")]
IN_TEXT = [("care.condolence.visits", "occasion")]  # "其中生病住院…人次、…" sentences


def draft(org, period):
    """A stand-in for the summary generator: every figure with 同比 (compare_many), a templated paragraph per
    figure, a table of them all, the breakdowns a summary uses (three charts and one in the text)."""
    from gonghui.reports import documents, phrasing, registry
    from gonghui.reports.documents import Chart, Document, Paragraph, Series, Table

    document = Document(title=f"{org.name}{period.label}工作总结", subtitle=f"（{org.name}）", org=org.code,
                        org_name=org.name, period=period.key, signature=[org.name, "2026年1月10日"])
    comparisons = registry.compare_many([m.code for m in registry.all()], org, period)
    rows = []
    for number, area in enumerate(registry.by_area(), 1):
        document.add(documents.numbered(1, number, area.label))
        for metric in area.metrics:
            comparison = comparisons[metric.code]
            fig = documents.make_figure(metric, comparison.current, org, period, style="rounded")
            change = phrasing.change_phrase(comparison, metric.unit)
            document.add(documents.fill(f"{metric.label}{{{metric.code}}}" + (f"，{change}。" if change else "。"),
                                        {metric.code: fig}))
            if fig is not None:
                rows.append([metric.label, fig, str(comparison.previous or "—"), change or "—"])
    for code, by in IN_TEXT:
        if code in registry.default:
            parts = registry.get(code).breakdown(org, period.start, period.end, by)
            document.add(Paragraph(["其中" + "、".join(f"{label}{value}" for _, label, value in parts) + "。"]))
    document.add(Table(["指标", "本期", "上年同期", "同比"], rows, title="主要指标"))
    for code, by, kind, title in CHARTS:
        if code not in registry.default:
            continue
        metric = registry.get(code)
        data = metric.breakdown(org, period.start, period.end, by)
        document.add(Chart(title, kind, [label for _, label, _ in data],
                           [Series(metric.label, [v for _, _, v in data], code, by)], unit=metric.unit))
    document.add(Paragraph(["存在的问题：……"]))
    return document


def every_breakdown(org, period):
    """Not part of a draft (a dashboard shows some of these): every breakdown of every figure, one query each."""
    from gonghui.reports import registry

    return [metric.breakdown(org, period.start, period.end, name) for metric in registry.all() for name in metric.by]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    add_database_arguments(parser)
    args = parser.parse_args()

    where = setup(args)
    from django.db import connection

    from gonghui.orgs.models import Organization
    from gonghui.reports import charts, docx, documents, registry
    from gonghui.reports.periods import Period

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    if not Organization.objects.filter(code="RCO").exists():
        with timer() as elapsed:
            build(args.members, random.Random(20250101))
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"==> built in {elapsed():.1f} s")
    org = Organization.objects.get(code="RCO")
    period = Period.year(YEAR)
    print(f"==> {record_count():,} records; {len(registry.all())} registered figures in "
          f"{len(registry.by_area())} areas ({', '.join(a.label for a in registry.by_area())})")
    charts.cjk_font()  # font lookup is once per process, like in a server

    from _common import count_queries

    queries, _ = count_queries(lambda: draft(org, period))
    results = []
    for name, fn, target in (("figures + draft", lambda: draft(org, period), None),
                             ("JSON", lambda: documents.to_json(draft(org, period)), 3.0),
                             (".docx", lambda: docx.render(draft(org, period)), 5.0),
                             ("(every breakdown)", lambda: every_breakdown(org, period), None)):
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            out = fn()
            times.append(time.perf_counter() - started)
        size = f"{len(out):,} B" if isinstance(out, (str, bytes)) else (
            f"{queries} queries" if name.startswith("figures") else f"{len(out)} queries")
        verdict = "" if target is None else ("OK" if max(times) < target else "TOO SLOW")
        results.append([name, f"{times[0]:.2f}", f"{min(times):.2f}", f"< {target:.0f}" if target else "",
                        verdict, size])
    print_table(["", "first s", "best s", "target s", "", "output"], results,
                title=f"\n{org.name}, {period.label}, {args.members:,} members", align="lrrrll")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
