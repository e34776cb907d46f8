"""Figures of collective contracts, their records, and the wording of the 民主管理 section."""
from __future__ import annotations

import datetime

from gonghui.core.metrics import Rate, by_child_many, compute_many
from gonghui.democracy.models import ContractKind
from gonghui.democracy.services import contracts as services
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period

D = datetime.date
Y2025 = Period.year(2025)


def contract(org, kind, signed_on, starts_on, ends_on, previous=None, covered=None):
    if previous is not None:
        c = services.contract_renew(actor=None, contract=previous, signed_on=signed_on, starts_on=starts_on,
                                    ends_on=ends_on, employees_covered=covered)
    else:
        c = services.contract_create(actor=None, org=org, kind=kind, employer_name=f"{org.name}单位",
                                     signed_on=signed_on, starts_on=starts_on, ends_on=ends_on,
                                     employees_covered=covered)
    return services.contract_submit(actor=None, contract=c, submitted_on=signed_on + datetime.timedelta(days=3),
                                    bureau="区人社局")


def world(tree, make_person):
    company, school = tree["company"], tree["school"]
    make_person(company, "甲职工")
    make_person(school, "乙老师")
    old = contract(company, ContractKind.COMPREHENSIVE, D(2022, 3, 1), D(2022, 3, 1), D(2025, 2, 28), covered=300)
    contract(company, ContractKind.COMPREHENSIVE, D(2025, 2, 20), D(2025, 3, 1), D(2028, 2, 28), previous=old,
             covered=320)
    wage = contract(company, ContractKind.WAGE, D(2024, 3, 1), D(2024, 3, 1), D(2025, 2, 28))
    contract(company, ContractKind.WAGE, D(2025, 2, 25), D(2025, 3, 1), D(2026, 2, 28), previous=wage)
    women = contract(company, ContractKind.WOMEN, D(2025, 3, 6), D(2025, 3, 8), D(2028, 3, 7))
    services.check_record(actor=None, contract=women, checked_on=D(2025, 12, 10), findings="执行良好",
                          problems="哺乳室未设", rectified=True, rectified_on=D(2025, 12, 20))
    contract(school, ContractKind.WAGE, D(2025, 5, 1), D(2025, 5, 1), D(2026, 4, 30))
    return company, school


def test_figures_and_their_records(tree, make_person):
    company, school = world(tree, make_person)
    fed = tree["fed"]
    codes = ["democracy.contracts.signed", "democracy.contracts.renewed", "democracy.contracts.in_force",
             "democracy.contracts.covered", "democracy.contracts.checks", "democracy.contracts.problems",
             "democracy.contracts.rectified", "democracy.contracts.rate", "democracy.contracts.rate_wage",
             "democracy.contracts.rate_women"]
    metrics = [registry.get(code) for code in codes]
    values = compute_many(metrics, fed, Y2025.start, Y2025.end)
    assert values == {
        "democracy.contracts.signed": 4, "democracy.contracts.renewed": 2, "democracy.contracts.in_force": 4,
        "democracy.contracts.covered": 320, "democracy.contracts.checks": 1, "democracy.contracts.problems": 1,
        "democracy.contracts.rectified": 1, "democracy.contracts.rate": Rate(1, 2),
        "democracy.contracts.rate_wage": Rate(2, 2), "democracy.contracts.rate_women": Rate(1, 2)}
    assert {m.code: m.compute(fed, Y2025.start, Y2025.end) for m in metrics} == values
    rate = registry.get("democracy.contracts.rate")
    assert [o.name for o in rate.records(fed, Y2025.start, Y2025.end)] == [company.name, school.name]
    assert [o.name for o in rate.records(fed, Y2025.start, Y2025.end, part="numerator")] == [company.name]
    per_child = by_child_many(metrics, fed, Y2025.start, Y2025.end)
    assert per_child["democracy.contracts.rate"] == {company.path: Rate(1, 1), school.path: Rate(0, 1)}
    assert per_child["democracy.contracts.signed"] == {company.path: 3, school.path: 1}
    # A grassroots union has no 签订率 of its own (no unions below it).
    assert rate.compute(company, Y2025.start, Y2025.end) is None
    assert registry.get("democracy.contracts.signed").breakdown(fed, Y2025.start, Y2025.end, "kind")[0][1:] == \
        ("综合性集体合同", 1)


def blocks(document):
    return "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))


def test_summary_writes_the_contracts_as_the_samples_do(tree, make_person):
    company, _ = world(tree, make_person)
    text = blocks(build("summary", company, Y2025, style="exact", today=D(2026, 1, 10)))
    assert "推行平等协商、集体合同制度" in text
    assert "续签了综合性集体合同和工资专项集体合同，新签订了女职工权益保护专项集体合同，共签订集体合同3件" in text
    assert "集体合同履约检查1次" in text and "签订率" not in text
    fed_text = blocks(build("summary", tree["fed"], Y2025, style="exact", today=D(2026, 1, 10)))
    assert "所属基层工会综合性集体合同签订率50%" in fed_text or "签订率50.0%" in fed_text


def test_nothing_recorded_nothing_said(tree):
    text = blocks(build("summary", tree["company"], Y2025, style="exact", today=D(2026, 1, 10)))
    assert "集体合同" not in text


def test_expiring_contract_is_a_problem_and_a_next_step(tree, make_person):
    company = tree["company"]
    make_person(company, "甲职工")
    contract(company, ContractKind.COMPREHENSIVE, D(2023, 1, 20), D(2023, 2, 1), D(2026, 1, 31))
    text = blocks(build("summary", company, Y2025, style="exact", today=D(2026, 1, 10)))
    assert "综合性集体合同将于2026年1月31日起陆续到期" in text
    assert "及早启动集体协商" in text
