"""Proposals at scale (issue 10): a union with 2,000 delegates over 10 terms and 20,000 proposals.

    python bench/democracy_proposals.py                         # SQLite, a temporary folder
    python bench/democracy_proposals.py --data-dir /tmp/pb      # keep the SQLite file; later runs reuse it
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_proposals_bench python bench/democracy_proposals.py [--reuse]

Data (benchmark only: the terms through the services, the rest with gonghui.core.bulk.insert, no audit): one
grassroots union under a federation, 400 members, a congress with 10 terms of 200 delegates each (2,000 delegate
rows), 10 departments, 2,000 proposals per term (20,000) in every state with co-proposers (~1.5 each) and the
answers of those answered.

Measured in server time (django.test.Client in this process: middleware, session, queries, template), after two
warm-up requests, --runs requests each: the officers' list (提案管理) unfiltered and with each filter (state,
category, department, term, overdue, a search) — target: under 150 ms; and the 提案办理情况报告 of the largest term
(2,000 proposals) drafted (proposals_report.draft) — target: under 1 s — and laid out in Word (docx.render).
"""
from __future__ import annotations

import argparse
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import add_database_arguments, count_queries, measure, migrate, print_table, setup, timer  # noqa: E402

LIST_TARGET_MS = 150
REPORT_TARGET_MS = 1000
TERMS, PER_TERM_DELEGATES, PER_TERM_PROPOSALS, PEOPLE = 10, 200, 2000, 400


def build(seed: int = 7) -> None:
    from django.db import transaction
    from django.utils import timezone

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role
    from gonghui.core import bulk
    from gonghui.democracy.models import (
        Delegate,
        DelegateCategory,
        Department,
        Proposal,
        ProposalAnswer,
        ProposalCategory,
        ProposalCosigner,
        ProposalState,
        Satisfaction,
    )
    from gonghui.democracy.services import congress as congress_services
    from gonghui.members import services as member_services
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    rng = random.Random(seed)
    S = ProposalState
    with transaction.atomic():
        fed = org_services.org_create(code="PBF", name="提案测试区总工会", kind=Organization.Kind.FEDERATION)
        org = org_services.org_create(code="PBC", name="提案测试公司工会", kind=Organization.Kind.GRASSROOTS, parent=fed)
        officer = User.objects.create_user(username="pb_officer", password="x")
        RoleAssignment.objects.create(user=officer, org=org, role=Role.OFFICER)
        people = [member_services.person_create(org=org, name=f"代表{i:03d}", gender="M" if i % 2 else "F")
                  for i in range(PEOPLE)]
        congress = congress_services.congress_create(actor=None, org=org)
        departments = [Department(org=org, name=f"部门{i}", order=i) for i in range(10)]
        bulk.insert(Department, departments)
        today = timezone.localdate()
        states = [S.SUBMITTED, S.REGISTERED, S.MERGED, S.OPINION, S.REJECTED, S.ASSIGNED, S.ANSWERED, S.RATED,
                  S.CLOSED, S.CLOSED, S.CLOSED, S.CLOSED]
        categories = ProposalCategory.values
        for t in range(TERMS):
            start = today - datetime.timedelta(days=365 * (TERMS - t))
            term = congress_services.term_open(actor=None, congress=congress, number=t + 1, started_on=start)
            chosen = rng.sample(people, PER_TERM_DELEGATES)
            delegates = [Delegate(term=term, org=org, person=p, category=DelegateCategory.FRONTLINE,
                                  is_woman=p.gender == "F", elected_on=start) for p in chosen]
            bulk.insert(Delegate, delegates)
            proposals, co_rows, answers = [], [], []
            for n in range(1, PER_TERM_PROPOSALS + 1):
                state = rng.choice(states)
                day = start + datetime.timedelta(days=rng.randint(0, 300))
                co = rng.sample(delegates, rng.choice([0, 1, 1, 2, 3]))
                proposer = rng.choice([d for d in delegates if d not in co][:20])
                assigned = state in (S.ASSIGNED, S.ANSWERED, S.RATED, S.CLOSED)
                answered = state in (S.ANSWERED, S.RATED, S.CLOSED)
                rating = rng.choice(Satisfaction.values) if state in (S.RATED, S.CLOSED) else ""
                proposals.append(Proposal(
                    org=org, term=term, number=n, title=f"关于改进第{n}项工作的建议", category=rng.choice(categories),
                    reasons="理由" * 40, measures="措施" * 40, proposer=proposer, cosigner_count=len(co),
                    submitted_on=day, state=state, reviewed_on=day if state != S.SUBMITTED else None,
                    department=rng.choice(departments) if assigned else None,
                    assigned_on=day if assigned else None,
                    due_on=day + datetime.timedelta(days=30) if assigned else None,
                    answered_on=day + datetime.timedelta(days=20) if answered else None, rating=rating,
                    rated_on=day + datetime.timedelta(days=25) if rating else None,
                    closed_on=day + datetime.timedelta(days=30) if state == S.CLOSED else None))
                co_rows.append(co)
            bulk.insert(Proposal, proposals)
            bulk.insert(ProposalCosigner, [ProposalCosigner(proposal=p, org=org, delegate=d)
                                           for p, co in zip(proposals, co_rows) for d in co])
            for p in proposals:
                if p.answered_on:
                    answers.append(ProposalAnswer(proposal=p, org=org, round=1, department=p.department,
                                                  text="已研究落实。" * 20, answered_on=p.answered_on,
                                                  rating=p.rating, rated_on=p.rated_on))
            bulk.insert(ProposalAnswer, answers)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=10)
    add_database_arguments(parser)
    args = parser.parse_args()
    where = setup(args)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gonghui.accounts.models import User
    from gonghui.democracy.models import Delegate, Department, Proposal, Term
    from gonghui.democracy.proposals_report import draft
    from gonghui.reports import docx

    print(f"==> {where}")
    print(f"==> migrate: {migrate():.1f} s")
    if Proposal.objects.filter(org__code="PBC").exists():
        print("==> reusing the loaded data")
    else:
        with timer() as elapsed:
            build()
        print(f"==> built in {elapsed():.1f} s")
    print(f"==> {Delegate.objects.filter(org__code='PBC').count()} delegates, "
          f"{Term.objects.filter(org__code='PBC').count()} terms, {Proposal.objects.filter(org__code='PBC').count()} "
          f"proposals")

    client = Client()
    officer = User.objects.get(username="pb_officer")
    client.force_login(officer)
    dept = Department.objects.filter(org__code="PBC").order_by("id")[3]
    term = Term.objects.filter(org__code="PBC").order_by("-number").first()
    pages = [
        ("提案管理（全部）", {}),
        ("状态：已交办", {"state": "assigned"}),
        ("类别：劳动保护", {"category": "safety"}),
        ("承办部门", {"department": dept.pk}),
        ("届：第10届", {"term": term.pk}),
        ("答复逾期", {"overdue": "true"}),
        ("搜索：编号", {"q": "第10-015号"}),
        ("组合：届+状态+类别", {"term": term.pk, "state": "closed", "category": "welfare"}),
        ("第41页（按提交日期）", {"page": 41}),
    ]
    rows = []
    worst = 0.0
    pages.append(("参照：人员列表（同一工会）", {"_url": "/people/"}))
    for label, query in pages:
        query = dict(query)
        url = query.pop("_url", "/democracy/proposals/")

        def get(query=query, url=url):
            r = client.get(url, query)
            assert r.status_code == 200, r.status_code

        t = measure(get, runs=args.runs)
        with CaptureQueriesContext(connection) as sql:
            get()
        sql_ms = sum(float(q["time"]) for q in sql.captured_queries) * 1000
        if url.startswith("/democracy/"):
            worst = max(worst, t.p95)
        rows.append([label, f"{t.median:.0f}", f"{t.p95:.0f}", f"{t.cpu:.0f}", f"{sql_ms:.0f}",
                     len(sql.captured_queries), "✓" if t.p95 < LIST_TARGET_MS else "✗"])
    print_table(["page", "median ms", "p95 ms", "CPU ms", "SQL ms", "queries", f"< {LIST_TARGET_MS} ms"], rows,
                title="提案管理列表与筛选（服务器时间；SQL ms = 一次请求中全部查询的耗时）")

    count = Proposal.objects.filter(term=term).count()
    t_draft = measure(lambda: draft(term), runs=max(3, args.runs // 2), warmup=1)
    n_draft, _ = count_queries(lambda: draft(term))
    document = draft(term)
    t_docx = measure(lambda: docx.render(document), runs=1, warmup=0)
    print_table(["step", "median ms", "p95 ms", "CPU ms", "queries", "target"], [
        [f"draft（{count}件）", f"{t_draft.median:.0f}", f"{t_draft.p95:.0f}", f"{t_draft.cpu:.0f}", n_draft,
         "✓ < 1 s" if t_draft.p95 < REPORT_TARGET_MS else "✗ ≥ 1 s"],
        ["Word 排版 (docx.render)", f"{t_docx.median:.0f}", f"{t_docx.p95:.0f}", f"{t_docx.cpu:.0f}", 0, ""],
    ], title="提案办理情况报告（最大一届）")
    return 0 if worst < LIST_TARGET_MS and t_draft.p95 < REPORT_TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
