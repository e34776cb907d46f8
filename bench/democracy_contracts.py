"""Benchmark: collective contracts over a large federation — 签订率 and its lists, the contracts list, the figures.

    python bench/democracy_contracts.py [--unions 2000]                       # SQLite (a temporary file)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gh_contracts_bench python bench/democracy_contracts.py

Builds a federation with 20 industry unions and N grassroots unions (default 2,000), each with 5 employees; two
thirds of the grassroots unions have a comprehensive contract in force (half of them renewed once, so two versions),
a third a wage contract, each contract a yearly check. Then times, for the federation on today: 签订率 (coverage),
per child, the unions without a contract (first page of 50), the contracts list's first page, all contract figures
for this year (compute_many) and by child (by_child_many), and the three desk to-dos.
"""
from __future__ import annotations

import argparse
import datetime

from _common import add_database_arguments, measure, migrate, print_table, setup, timer


def build(n: int) -> None:
    from gonghui.democracy.models import CollectiveContract, ContractKind, PerformanceCheck
    from gonghui.members.models import Person
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    today = datetime.date.today()
    fed = org_services.org_create(code="BF", name="基准区总工会", kind=Organization.Kind.FEDERATION)
    industries = [org_services.org_create(code=f"BI{i}", name=f"第{i}产业工会", kind=Organization.Kind.INDUSTRY,
                                          parent=fed) for i in range(20)]
    unions = [org_services.org_create(code=f"BG{i}", name=f"第{i}基层工会", kind=Organization.Kind.GRASSROOTS,
                                      parent=industries[i % 20], employer=f"第{i}公司") for i in range(n)]
    Person.objects.bulk_create([Person(org=u, name="职工", name_pinyin="zhigong", name_initials="zg", gender="M")
                                for u in unions for _ in range(5)], batch_size=2000)
    contracts, checks = [], []
    for i, u in enumerate(unions):
        if i % 3 == 2:
            continue
        start = today - datetime.timedelta(days=400)
        old = None
        if i % 2 == 0:
            old = CollectiveContract(org=u, kind=ContractKind.COMPREHENSIVE, title=f"{u.name}综合性集体合同",
                                     employer_name=u.employer, signed_on=start - datetime.timedelta(days=1100),
                                     starts_on=start - datetime.timedelta(days=1095), ends_on=start - datetime.timedelta(days=1),
                                     submitted_on=start - datetime.timedelta(days=1090),
                                     status=CollectiveContract.Status.RENEWED)
            contracts.append(old)
        contracts.append(CollectiveContract(org=u, kind=ContractKind.COMPREHENSIVE, title=f"{u.name}综合性集体合同",
                                            employer_name=u.employer, signed_on=start - datetime.timedelta(days=10),
                                            starts_on=start, ends_on=start + datetime.timedelta(days=1000),
                                            submitted_on=start - datetime.timedelta(days=5), employees_covered=5,
                                            status=CollectiveContract.Status.FILED, version=2 if old else 1))
        if i % 3 == 0:
            contracts.append(CollectiveContract(org=u, kind=ContractKind.WAGE, title=f"{u.name}工资专项集体合同",
                                                employer_name=u.employer, signed_on=start, starts_on=start,
                                                ends_on=today + datetime.timedelta(days=30), submitted_on=start,
                                                status=CollectiveContract.Status.FILED))
    CollectiveContract.objects.bulk_create(contracts, batch_size=2000)
    by_org = {}
    for c in CollectiveContract.objects.filter(org__path__startswith=fed.path, status="renewed"):
        by_org[c.org_id] = c
    renewed = [c for c in CollectiveContract.objects.filter(org_id__in=by_org, version=2)]
    for c in renewed:
        c.previous = by_org[c.org_id]
    CollectiveContract.objects.bulk_update(renewed, ["previous"], batch_size=2000)
    for c in CollectiveContract.objects.filter(org__path__startswith=fed.path).exclude(status="renewed"):
        checks.append(PerformanceCheck(contract=c, org_id=c.org_id, year=today.year, checked_on=today,
                                       findings="良好"))
    PerformanceCheck.objects.bulk_create(checks, batch_size=2000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--unions", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    add_database_arguments(parser)
    args = parser.parse_args()
    where = setup(args)
    print(f"数据库：{where}；迁移 {migrate():.1f} s")
    from django.db import connection

    from gonghui.core.metrics import by_child_many, compute_many
    from gonghui.democracy.metrics.contracts import METRICS
    from gonghui.democracy.selectors import contracts as selectors
    from gonghui.orgs.models import Organization
    from gonghui.portal import desk

    with timer() as t:
        build(args.unions)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    fed = Organization.objects.get(code="BF")
    today = datetime.date.today()
    year = (datetime.date(today.year, 1, 1), today)
    print(f"建数 {t():.1f} s：基层工会 {args.unions} 个，集体合同 "
          f"{selectors.CollectiveContract.objects.count()} 份")
    signed, total = selectors.coverage(fed, today)
    print(f"签订率 {signed}/{total}")
    rows = []
    for label, fn in [
        ("签订率（综合性）", lambda: selectors.coverage(fed, today)),
        ("签订率 按下级组织", lambda: selectors.unions_by_child(fed, today)),
        ("未签订名单 首页50条", lambda: list(selectors.unions_without_contract(desk.SYSTEM, within=fed, on=today)[:50])),
        ("未签订名单 计数", lambda: selectors.unions_without_contract(desk.SYSTEM, within=fed, on=today).count()),
        ("合同列表 首页50条", lambda: list(selectors.contracts(desk.SYSTEM, within=fed).order_by("-signed_on")[:50])),
        ("全部合同指标 compute_many", lambda: compute_many(METRICS, fed, *year)),
        ("全部合同指标 by_child_many", lambda: by_child_many(METRICS, fed, *year)),
        ("待办：90日内到期", lambda: selectors.expiring(desk.SYSTEM, within=fed).count()),
        ("待办：逾期未备案", lambda: selectors.filing_overdue(desk.SYSTEM, within=fed).count()),
        ("待办：未履约检查", lambda: selectors.checks_due(desk.SYSTEM, within=fed).count()),
    ]:
        m = measure(fn, runs=args.runs, warmup=1)
        rows.append([label, f"{m.median:.0f}", f"{m.low:.0f}", f"{m.high:.0f}", f"{m.cpu:.0f}"])
        print(*rows[-1], flush=True)
    print_table(["操作", "中位 ms", "最快", "最慢", "CPU ms"], rows, title="集体合同", align="lrrrr")


if __name__ == "__main__":
    main()
