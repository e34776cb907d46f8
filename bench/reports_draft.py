"""How long the full draft of a large grassroots union takes: JSON (target < 3 s) and .docx (target < 5 s), issue 4.

    python bench/reports_draft.py                                        # SQLite, a temporary folder
    python bench/reports_draft.py --data-dir /tmp/rdb                    # keep the SQLite file; later runs reuse it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gonghui_reports_bench python bench/reports_draft.py [--reuse]
    python bench/reports_draft.py --data-dir /tmp/rdb --profile          # where the time goes (cProfile, queries)
    python bench/reports_draft.py --members 5000                         # a tenth of the data, for a quick look

Data (benchmark only, written with gonghui.core.bulk.insert, no services, no audit): one grassroots union (code RCO)
with 8 branches under a federation; 50,000 members (+5% employees who are not members, 10% retired) with their
membership periods and admission events; 2025 (and a smaller 2024 for 同比): admissions, withdrawals, deaths,
transfers out, retirements; 3,000 hardship files with level history and causes; condolence visits (some for
recorded life events such as hospital stays); assistance, disbursed; four festival campaigns whose deliveries are
assistance; health checks with their participants — about 500,000 records dated 2025.

Measured, for build("summary", RCO, 2025, style="rounded") from gonghui.reports.drafting:

    draft        build() alone: every figure, 同比, breakdowns, suggestions, the Document
    JSON         build() + documents.to_json                    (target < 3 s)
    .docx        build() + docx.render with its charts drawn    (target < 5 s)
    charts       docx.render's share: the charts drawn with matplotlib
    command      `gonghui report summary … --format docx` in a new process (Django start, matplotlib import), twice:
                 without and with Python's bytecode cache

Each is run --runs times (default 3) after the matplotlib import and the CJK font lookup (once per process, as in
an app server); the first run and the best are shown. With --profile the draft is run under cProfile and the
slowest functions and the SQL statements are printed.

PostgreSQL: the database named in DATABASE_URL is dropped and created again unless --reuse is given.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import os
import pstats
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT, add_database_arguments, count_queries, migrate, print_table, setup, timer  # noqa: E402

D = datetime.date
YEAR = 2025
CODE = "RCO"
CHUNK = 50_000


# ---------------------------------------------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------------------------------------------


class Builder:
    """Bulk benchmark data for one grassroots union; `scale` 1.0 is 50,000 members."""

    def __init__(self, members: int, rng: random.Random):
        self.members = members
        self.scale = members / 50_000
        self.rng = rng
        self.counts: Counter[str] = Counter()

    def n(self, count: int) -> int:
        return max(1, round(count * self.scale))

    def day(self, year: int = YEAR, first: int = 1, last: int = 12) -> datetime.date:
        start, end = D(year, first, 1), (D(year, last + 1, 1) if last < 12 else D(year + 1, 1, 1))
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days))

    def insert(self, model, objects) -> list:
        """Insert in chunks; returns the objects (with their keys)."""
        from gonghui.core import bulk

        objects = list(objects)
        for offset in range(0, len(objects), CHUNK):
            bulk.insert(model, objects[offset:offset + CHUNK])
        self.counts[model._meta.verbose_name] += len(objects)
        return objects

    def run(self):
        from django.db import transaction

        with transaction.atomic():
            self.orgs()
            self.people()
            self.membership()
            self.hardship()
        with transaction.atomic():
            self.condolences()
        with transaction.atomic():
            self.assistance()
            self.campaigns()
            self.health_checks()
        return self.counts

    # -- organisations and people ------------------------------------------------------------------------------

    def orgs(self):
        from gonghui.orgs import services as org_services
        from gonghui.orgs.models import Organization

        fed = org_services.org_create(code="RFED", name="基准区总工会", kind=Organization.Kind.FEDERATION)
        self.union = org_services.org_create(code=CODE, name="基准机械制造有限公司工会", parent=fed,
                                             kind=Organization.Kind.GRASSROOTS, party_org="基准机械制造有限公司党委")
        self.branches = [org_services.org_create(code=f"{CODE}{b}", name=f"基准机械第{b}分会", parent=self.union,
                                                 kind=Organization.Kind.BRANCH) for b in range(1, 9)]
        self.all_orgs = [self.union, *self.branches]

    def people(self):
        """Employees and members, each member's history decided up front: joined before 2024 (91%), in 2024 (4%)
        or in 2025 (5%); in each of 2024 and 2025 some withdrew, died or transferred out of the system."""
        from gonghui.members.models import Person

        rng = self.rng
        total = self.members + self.members // 20  # 5% employees who are not members
        leaving = set(rng.sample(range(self.members), self.n(1_400)))
        statuses = {"withdrawn": Person.MemberStatus.WITHDRAWN, "deceased": Person.MemberStatus.DECEASED,
                    "transferred": Person.MemberStatus.TRANSFERRED_OUT}
        people, self.history = [], {}
        for i in range(total):
            org = self.all_orgs[i % len(self.all_orgs)]
            retired = rng.random() < 0.1
            member = i < self.members
            person = Person(
                org_id=org.pk, name=f"职工{i}", name_pinyin=f"zhigong{i:06d}", name_initials="zg",
                gender="F" if rng.random() < 0.46 else "M",
                birth_date=D(1960 + rng.randrange(40), rng.randrange(1, 13), rng.randrange(1, 29)),
                hired_on=D(2000 + rng.randrange(24), rng.randrange(1, 13), 1),
                work_status=Person.WorkStatus.RETIRED if retired else Person.WorkStatus.SERVING,
                retired_on=self.day(rng.choice((2018, 2022, YEAR - 1, YEAR))) if retired else None,
                member_status=Person.MemberStatus.ACTIVE if member else Person.MemberStatus.NONE,
                member_no=f"{org.code}-{i:06d}" if member else "")
            if member:
                draw = rng.random()
                person.joined_on = (self.day(YEAR) if draw < 0.05 else self.day(YEAR - 1) if draw < 0.09
                                    else self.day(rng.randrange(2008, YEAR - 1)))
                end = reason = None
                if i in leaving:
                    reason = ("withdrawn", "deceased", "transferred")[i % 3]
                    end = max(self.day(YEAR if i % 2 else YEAR - 1), person.joined_on)
                    person.member_status = statuses[reason]
                    if reason == "deceased":
                        person.died_on, person.work_status = end, Person.WorkStatus.DECEASED
                self.history[i] = (end, reason)
            people.append(person)
        self.insert(Person, people)
        self.member_people = people[:self.members]
        self.org_of = {p.pk: p.org_id for p in people}
        self.active = [p.pk for n, p in enumerate(self.member_people) if self.history[n][0] is None]
        active = set(self.active)
        self.female = [p.pk for p in self.member_people if p.gender == "F" and p.pk in active]
        self.retired = [p.pk for p in self.member_people if p.retired_on and p.pk in active]
        self.serving = [p.pk for p in self.member_people if not p.retired_on and p.pk in active]

    def membership(self):
        from gonghui.members.models import Membership, MembershipEvent, Transfer

        memberships, events, transfers = [], [], []
        kinds = {"withdrawn": "withdraw", "deceased": "death", "transferred": "transfer_out"}
        for n, person in enumerate(self.member_people):
            end, reason = self.history[n]
            memberships.append(Membership(person_id=person.pk, org_id=person.org_id, member_no=person.member_no,
                                          started_on=person.joined_on, ended_on=end, end_reason=reason or ""))
            events.append(MembershipEvent(person_id=person.pk, org_id=person.org_id, kind="join",
                                          occurred_on=person.joined_on, member_no=person.member_no))
            if reason:
                events.append(MembershipEvent(person_id=person.pk, org_id=person.org_id, kind=kinds[reason],
                                              occurred_on=end,
                                              other_org_name="外省某公司工会" if reason == "transferred" else ""))
            if reason == "transferred":
                transfers.append(Transfer(person_id=person.pk, from_org_id=person.org_id, to_org_name="外省某公司工会",
                                          requested_on=end, status=Transfer.Status.OUTSIDE, decided_on=end))
            if person.retired_on and person.retired_on.year >= YEAR - 1:
                events.append(MembershipEvent(person_id=person.pk, org_id=person.org_id, kind="retire",
                                              occurred_on=person.retired_on))
        self.insert(Membership, memberships)
        self.insert(MembershipEvent, events)
        self.insert(Transfer, transfers)

    def hardship(self):
        from gonghui.care.models import HardshipCause, HardshipCauseKind, HardshipFile, HardshipLevelChange
        from gonghui.members.models import FamilyMember

        rng = self.rng
        files = []
        for n, pid in enumerate(rng.sample(self.active, self.n(3_000))):
            opened = self.day(rng.choice((2022, 2023, 2024, YEAR)))
            closed = self.day(YEAR, 7) if n % 15 == 0 and opened.year < YEAR else None
            files.append(HardshipFile(org_id=self.org_of[pid], person_id=pid, file_no=f"KN{n:05d}",
                                      level="deep" if n % 5 == 0 else "ordinary", opened_on=opened,
                                      household_size=rng.randrange(2, 6), status="closed" if closed else "open",
                                      closed_on=closed, review_due_on=self.day(YEAR + 1, 1, 3)))
        self.insert(HardshipFile, files)
        self.file_of = {f.person_id: f.pk for f in files}
        self.insert(HardshipLevelChange, [HardshipLevelChange(file_id=f.pk, level=f.level, effective_from=f.opened_on,
                                                              reason="建档") for f in files])
        causes = HardshipCauseKind.values
        self.insert(HardshipCause, [HardshipCause(file_id=f.pk, cause=c) for f in files
                                    for c in rng.sample(causes, rng.randrange(1, 3))])
        children = [FamilyMember(person_id=pid, relation="child", name=f"子女{n}", gender="MF"[n % 2],
                                 birth_date=D(2004 + n % 14, 1 + n % 12, 1))
                    for n, pid in enumerate(rng.sample(self.active, self.n(4_000)))]
        self.insert(FamilyMember, children)
        self.children = [(c.person_id, c.pk) for c in children]

    # -- care ----------------------------------------------------------------------------------------------------

    def condolences(self):
        """Visits in 2025 (230,000) and 2024 (80,000); one in sixty for a recorded life event."""
        from gonghui.care.models import Condolence, FundingSource, LifeEvent, Occasion, RecipientKind

        rng = self.rng
        amounts = [Decimal(x) for x in ("200", "300", "500", "800", "1000")]
        occasions, kinds, sources = Occasion.values, RecipientKind.values, FundingSource.values
        life_kinds = {"hospitalised": "hospital", "relative_death": "relative_death", "childbirth": "childbirth",
                      "married": "marriage", "injury": "injury"}
        events = self.insert(LifeEvent, [
            LifeEvent(org_id=self.org_of[pid], person_id=pid, kind=rng.choice(list(life_kinds)),
                      occurred_on=self.day(YEAR)) for pid in rng.choices(self.active, k=self.n(6_000))])
        for year, total in ((YEAR, self.n(230_000)), (YEAR - 1, self.n(80_000))):
            for offset in range(0, total, CHUNK):
                rows = []
                for pid in rng.choices(self.active, k=min(CHUNK, total - offset)):
                    rows.append(Condolence(
                        org_id=self.org_of[pid], person_id=pid, recipient_kind=rng.choice(kinds),
                        occasion=rng.choice(occasions), visited_on=self.day(year), amount=rng.choice(amounts),
                        funding_source=rng.choice(sources), hardship_file_id=self.file_of.get(pid),
                        over_cap=rng.random() < 0.002))
                if year == YEAR and offset == 0:  # visits for two thirds of the life events, a few days after
                    for row, event in zip(rows, events[: len(events) * 2 // 3]):
                        row.person_id, row.org_id, row.life_event_id = event.person_id, event.org_id, event.pk
                        row.occasion = life_kinds[event.kind]
                        row.visited_on = min(event.occurred_on + datetime.timedelta(days=rng.randrange(1, 6)),
                                             D(YEAR, 12, 31))
                self.insert(Condolence, rows)

    def assistance(self):
        """Assistance disbursed: 60,000 in 2025 and 25,000 in 2024 besides the campaigns'; 5% still in review."""
        from gonghui.care.models import Assistance, FundingSource

        rng = self.rng
        amounts = [Decimal(x) for x in ("500", "800", "1000", "2000", "3000", "5000")]
        kinds = [k for k in Assistance.Kind.values if k not in ("festival", "summer")]
        sources = FundingSource.values
        for year, total in ((YEAR, self.n(60_000)), (YEAR - 1, self.n(25_000))):
            for offset in range(0, total, CHUNK):
                rows = []
                for _ in range(min(CHUNK, total - offset)):
                    kind = rng.choice(kinds)
                    if kind == "education":
                        pid, child = rng.choice(self.children)
                    else:
                        pid, child = rng.choice(self.active), None
                    applied = self.day(year)
                    paid = rng.random() < 0.95
                    rows.append(Assistance(
                        org_id=self.org_of[pid], person_id=pid, family_member_id=child, kind=kind,
                        amount=rng.choice(amounts), funding_source=rng.choice(sources), applied_on=applied,
                        hardship_file_id=self.file_of.get(pid),
                        status=Assistance.Status.DISBURSED if paid else Assistance.Status.IN_REVIEW,
                        decided_on=applied if paid else None, disbursed_on=applied if paid else None,
                        disburse_method="cash" if paid else ""))
                self.insert(Assistance, rows)

    def campaigns(self):
        """2025: 春节 25,000, 端午 10,000, 夏送清凉 15,000, 中秋 10,000 recipients; 2024: 春节 and 中秋. 95% delivered,
        each delivery an assistance record (as the campaign services record them)."""
        from gonghui.care.models import Assistance, Campaign, CampaignRecipient

        rng = self.rng
        plan = [(YEAR, "spring", 1, 20, 25_000, "festival"), (YEAR, "duanwu", 5, 28, 10_000, "festival"),
                (YEAR, "summer", 7, 10, 15_000, "summer"), (YEAR, "zhongqiu", 9, 30, 10_000, "festival"),
                (YEAR - 1, "spring", 2, 1, 20_000, "festival"), (YEAR - 1, "zhongqiu", 9, 10, 10_000, "festival")]
        labels = dict(Campaign.Kind.choices)
        for year, kind, month, day, size, assistance_kind in plan:
            campaign = Campaign(org_id=self.union.pk, kind=kind, title=f"{year}年{labels[kind]}慰问",
                                planned_on=D(year, month, day), default_amount=Decimal("300"),
                                status=Campaign.Status.CLOSED, closed_on=D(year, month, day) + datetime.timedelta(20))
            self.insert(Campaign, [campaign])
            recipients = []
            for pid in rng.sample(self.active, self.n(size)):
                delivered = rng.random() < 0.95
                recipients.append(CampaignRecipient(
                    campaign_id=campaign.pk, person_id=pid, amount=Decimal("300"),
                    status="delivered" if delivered else "pending", signed=delivered,
                    delivered_on=campaign.planned_on + datetime.timedelta(days=rng.randrange(10)) if delivered
                    else None))
            self.insert(CampaignRecipient, recipients)
            self.insert(Assistance, [
                Assistance(org_id=self.org_of[r.person_id], person_id=r.person_id, kind=assistance_kind,
                           amount=r.amount, applied_on=r.delivered_on, hardship_file_id=self.file_of.get(r.person_id),
                           status=Assistance.Status.DISBURSED, decided_on=r.delivered_on,
                           disbursed_on=r.delivered_on, disburse_method="cash", campaign_recipient_id=r.pk)
                for r in recipients if r.status == "delivered"])

    def health_checks(self):
        """2025: the serving members' check (all serving), women's (all women), retired members'; 2024: serving."""
        from gonghui.care.models import HealthCheck, HealthCheckParticipant

        plan = [(YEAR, "serving", 5, self.serving, "380"), (YEAR, "women", 3, self.female, "260"),
                (YEAR, "retired", 10, self.retired, "420"), (YEAR - 1, "serving", 6, self.serving[: self.n(30_000)], "360")]
        for year, kind, month, people, cost in plan:
            check = HealthCheck(org_id=self.union.pk, kind=kind, title=f"{year}年职工体检", checked_on=D(year, month, 15),
                                provider="市第一人民医院体检中心", cost=Decimal(cost) * len(people))
            self.insert(HealthCheck, [check])
            self.insert(HealthCheckParticipant, [HealthCheckParticipant(check_batch_id=check.pk, person_id=pid,
                                                                        cost=Decimal(cost)) for pid in people])


def dated_records(union) -> dict[str, int]:
    """Records of the union's subtree dated in YEAR, by kind (what "a year of records" means)."""
    from gonghui.care.models import Assistance, CampaignRecipient, Condolence, HealthCheckParticipant, LifeEvent
    from gonghui.members.models import MembershipEvent

    span = (D(YEAR, 1, 1), D(YEAR, 12, 31))
    path = {"org__path__startswith": union.path}
    return {
        "会员变动": MembershipEvent.objects.filter(occurred_on__range=span, **path).count(),
        "慰问": Condolence.objects.filter(visited_on__range=span, **path).count(),
        "职工事项": LifeEvent.objects.filter(occurred_on__range=span, **path).count(),
        "救助补助": Assistance.objects.filter(applied_on__range=span, **path).count(),
        "集中慰问名单": CampaignRecipient.objects.filter(campaign__planned_on__range=span,
                                                   campaign__org__path__startswith=union.path).count(),
        "体检人次": HealthCheckParticipant.objects.filter(check_batch__checked_on__range=span,
                                                      check_batch__org__path__startswith=union.path).count(),
    }


# ---------------------------------------------------------------------------------------------------------------
# Timing
# ---------------------------------------------------------------------------------------------------------------


def timed(fn, runs: int):
    """fn() `runs` times: its last result, the wall-clock seconds and the CPU seconds of this process (steadier on a
    busy machine; on PostgreSQL it leaves out the server's work)."""
    times, cpu, out = [], [], None
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        out = fn()
        cpu.append(time.process_time() - started_cpu)
        times.append(time.perf_counter() - started)
    return out, times, cpu


def command_in_new_process(period_key: str) -> list[list]:
    """`gonghui report summary …` as an officer would run it (Django start-up and the matplotlib import included):
    rows of the table. Run twice: Python compiles every module the first time, and an installed Python keeps the
    bytecode; here it goes to a cache folder of its own (PYTHONPYCACHEPREFIX), never into the source tree, even
    where PYTHONDONTWRITEBYTECODE is set."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        target = Path(folder) / "summary.docx"
        for name in ("command, new process, cold", "command, new process, again"):
            started = time.perf_counter()
            done = subprocess.run([sys.executable, "-m", "gonghui", "report", "summary", "--org", CODE, "--period",
                                   period_key, "--style", "rounded", "--format", "docx", "-o", str(target)],
                                  env=env, cwd=ROOT, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if done.returncode:
                last = (done.stderr.strip().splitlines() or ["?"])[-1]
                return [*rows, [name, "", "", "", "", "FAILED", last[:80]]]
            rows.append([name, f"{seconds:.2f}", "", "", "", "", f"{target.stat().st_size:,} B"])
    return rows


def profile(fn, top: int = 25) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    profiler = cProfile.Profile()
    with CaptureQueriesContext(connection) as queries:
        profiler.enable()
        fn()
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    print(out.getvalue())
    timings = sorted(((float(q["time"]), q["sql"]) for q in queries.captured_queries), reverse=True)
    print(f"{len(timings)} queries, {sum(t for t, _ in timings):.2f} s in the database; the slowest:")
    for seconds, sql in timings[:15]:
        print(f"  {seconds:7.3f} s  {sql[:300]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--kind", default="summary", choices=("summary", "report", "plan"))
    parser.add_argument("--profile", action="store_true", help="run the draft under cProfile and list the queries")
    parser.add_argument("--no-command", action="store_true", help="skip the run of the command in a new process")
    add_database_arguments(parser)
    args = parser.parse_args()

    where = setup(args)
    from django.db import connection

    from gonghui.orgs.models import Organization
    from gonghui.reports.periods import Period

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    if not Organization.objects.filter(code=CODE).exists():
        with timer() as elapsed:
            counts = Builder(args.members, random.Random(20250101)).run()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        print(f"==> built in {elapsed():.1f} s: " + "，".join(f"{k} {v:,}" for k, v in counts.items()))
    union = Organization.objects.get(code=CODE)
    dated = dated_records(union)
    print(f"==> records dated {YEAR}: {sum(dated.values()):,} (" + "，".join(f"{k} {v:,}" for k, v in dated.items())
          + ")")

    with timer() as elapsed:
        from gonghui.reports import charts, docx, documents
        from gonghui.reports.drafting import build

        charts.cjk_font()
    print(f"==> imports and font lookup (once per process): {elapsed():.1f} s")

    period = Period.year(YEAR)

    def draft():
        return build(args.kind, union, period, style="rounded")

    document = draft()
    queries, _ = count_queries(draft)
    blocks = Counter(type(b).__name__ for b in document.blocks)
    figures = sum(1 for _ in document.figures())
    print(f"==> 《{document.title}》: {figures} figures, " + ", ".join(f"{v} {k}" for k, v in blocks.items())
          + f"; {queries} queries")
    if args.profile:
        profile(draft)

    chart_blocks = [b for b in document.blocks if isinstance(b, documents.Chart)]
    results = []
    for name, fn, target in (
            ("draft (build)", draft, None),
            ("JSON", lambda: documents.to_json(draft()), 3.0),
            (".docx", lambda: docx.render(draft()), 5.0),
            (f"  of which {len(chart_blocks)} charts", lambda: [charts.render(c, title=False) for c in chart_blocks],
             None),
            ("  of which Word layout", lambda: docx.render(documents.Document(
                document.title, document.subtitle, [b for b in document.blocks if b not in chart_blocks],
                signature=document.signature)), None)):
        out, times, cpu = timed(fn, args.runs)
        size = f"{len(out):,} B" if isinstance(out, (str, bytes)) else ""
        verdict = "" if target is None else ("OK" if min(times) < target else "TOO SLOW")
        results.append([name, f"{times[0]:.2f}", f"{min(times):.2f}", f"{min(cpu):.2f}",
                        f"< {target:.0f}" if target else "", verdict, size])
    if not args.no_command:
        results += command_in_new_process(period.key)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0
    print_table(["", "first s", "best s", "CPU s", "target s", "", "output"], results,
                title=f"\n{union.name}, {period.label}, {args.members:,} members, {connection.vendor} "
                      f"(load average {load:.1f} on {os.cpu_count()} CPUs)", align="lrrrrll")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
