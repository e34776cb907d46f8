"""Budgets (预算、决算), fund rules (经费使用规定) and 经审: the services and selectors."""
from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from gonghui.accounts.roles import Role
from gonghui.care.models import Occasion
from gonghui.care.services import rulesets as care_rules
from gonghui.core.errors import ServiceError
from gonghui.funds.models import (
    AuditFinding,
    Budget,
    Category,
    CheckKind,
    EntryFlag,
    LedgerEntry,
    Purpose,
    SpendingRule,
)
from gonghui.funds.selectors import audit as audit_selectors
from gonghui.funds.selectors import budget as selectors
from gonghui.funds.selectors import rules as rule_selectors
from gonghui.funds.services import audit as audit_services
from gonghui.funds.services import budget as services
from gonghui.funds.services import ledger
from gonghui.funds.services import rules as rule_services
from gonghui.portal.models import Message
from gonghui.reports import docx

D = datetime.date
M = Decimal
LINES = [(Category.ACTIVITIES, "", "50000"), (Category.ACTIVITIES, "文体活动", "30000"),
         (Category.SERVICES, "", "20,000.00"), (Category.DUES, "", "12000"), (Category.ALLOCATION, "", "80000")]


def _entry(org, day, category, amount, summary="支出", **kw):
    return ledger.entry_add(actor=None, org=org, entry_date=day, category=category, amount=amount, summary=summary,
                            **kw)


@pytest.fixture
def auditor(tree, make_user):
    return make_user("auditor_a", Role.AUDITOR, tree["company"])


def test_budget_lines_approval_revision_and_execution(tree, officer_a, officer_b, django_assert_num_queries):
    company = tree["company"]
    with pytest.raises(ServiceError, match="不是数字"):
        services.budget_create(actor=officer_a, org=company, year=2025, lines=[(Category.ACTIVITIES, "", "伍万")])
    with pytest.raises(ServiceError, match="合计预算"):
        services.budget_create(actor=officer_a, org=company, year=2025, lines=[(Category.ACTIVITIES, "文体", "10")])
    with pytest.raises(ServiceError, match="超过该科目预算"):
        services.budget_create(actor=officer_a, org=company, year=2025,
                               lines=[(Category.ACTIVITIES, "", "10"), (Category.ACTIVITIES, "文体", "20")])
    with pytest.raises(ServiceError) as err:
        services.budget_create(actor=officer_b, org=company, year=2025, lines=LINES)
    assert err.value.code == "out_of_scope"
    budget = services.budget_create(actor=officer_a, org=company, year=2025, lines=LINES, congress_required=True)
    with pytest.raises(ServiceError, match="已编制"):
        services.budget_create(actor=officer_a, org=company, year=2025, lines=LINES)
    with pytest.raises(ServiceError, match="尚未批准"):
        services.budget_revise(actor=officer_a, budget=budget, lines=LINES, reason="x", revised_on=D(2025, 6, 1))
    services.budget_approve(actor=officer_a, budget=budget, committee_approved_on=D(2025, 1, 10),
                            congress_approved_on=D(2025, 1, 20))
    budget.refresh_from_db()
    assert budget.status == Budget.Status.APPROVED and budget.congress_approved_on == D(2025, 1, 20)
    with pytest.raises(ServiceError, match="预算调整"):
        services.budget_lines_set(actor=officer_a, budget=budget, lines=LINES)
    with pytest.raises(ServiceError, match="相同"):
        services.budget_revise(actor=officer_a, budget=budget, lines=LINES, reason="无变化", revised_on=D(2025, 6, 1))
    revised = [(c, s, "55000" if (c, s) == (Category.ACTIVITIES, "") else a) for c, s, a in LINES]
    revision = services.budget_revise(actor=officer_a, budget=budget, lines=revised, reason="增加职工运动会",
                                      revised_on=D(2025, 6, 1), approved_on=D(2025, 6, 5))
    assert revision.number == 1 and revision.changes == [
        {"category": "activities", "subcategory": "", "before": "50000.00", "after": "55000.00"}]

    _entry(company, D(2025, 3, 5), Category.ACTIVITIES, "20000", subcategory="文体活动")
    _entry(company, D(2025, 3, 20), Category.ACTIVITIES, "15000", subcategory="文体活动")
    wrong = _entry(company, D(2025, 4, 2), Category.ACTIVITIES, "9000")
    ledger.entry_reverse(actor=None, entry=wrong, entry_date=D(2025, 4, 3), reason="重复录入")
    _entry(company, D(2025, 5, 8), Category.SERVICES, "5000.50")
    _entry(company, D(2025, 5, 9), Category.RIGHTS, "800")  # 预算外
    _entry(company, D(2025, 2, 1), Category.ALLOCATION, "40000")
    _entry(tree["school"], D(2025, 3, 5), Category.ACTIVITIES, "99999")  # another union's books
    budget = Budget.objects.select_related("org").get(pk=budget.pk)
    with django_assert_num_queries(2):
        ex = selectors.execution(budget)
    lines = {(line.category, line.subcategory): line for line in ex.lines}
    act = lines[(Category.ACTIVITIES, "")]
    assert act.actual == M("35000.00") and act.months[3] == M("35000.00") and act.months[4] == M("0.00")
    assert act.rate == "63.6%" and not act.over
    sport = lines[(Category.ACTIVITIES, "文体活动")]
    assert sport.actual == M("35000.00") and sport.over and sport.rate == "116.7%"
    assert lines[(Category.RIGHTS, "")].budget is None and lines[(Category.RIGHTS, "")].over
    assert ex.expense_budget == M("75000.00") and ex.expense_actual == M("40800.50")
    assert ex.expense_rate == "54.4%" and ex.income_actual == M("40000.00")
    assert [line.label for line in ex.over_lines] == ["　其中：文体活动", "维权支出"]

    data = docx.render(selectors.final_accounts_document(ex, today=D(2026, 1, 15)))
    text = _docx_text(data)
    assert "2025年度工会经费收支决算报告" in text and "支出预算执行率54.4%" in text
    assert "维权支出决算800.00元，未列预算" in text and "增加职工运动会" in text


def _docx_text(data: bytes) -> str:
    import io

    from docx import Document

    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def rules(tree, make_user):
    fed = tree["fed"]
    rule_set = care_rules.rule_set_create(actor=None, org=fed, name="区总工会经费使用规定（2024）",
                                          effective_from=D(2024, 1, 1))
    care_rules.aid_rule_save(actor=None, rule_set=rule_set, occasion=Occasion.FESTIVAL, yearly_cap="1500")
    rule_services.spending_rule_save(actor=None, rule_set=rule_set, purpose=Purpose.MEAL,
                                     basis=SpendingRule.Basis.PER_HEAD, limit="50")
    rule_services.spending_rule_save(actor=None, rule_set=rule_set, category=Category.ACTIVITIES,
                                     basis=SpendingRule.Basis.SHARE, limit="50")
    return rule_set


def test_rules_inherited_and_breaches_flagged(tree, officer_a, officer_b, rules):
    company = tree["company"]
    with pytest.raises(ServiceError, match="二选一"):
        rule_services.spending_rule_save(actor=None, rule_set=rules, basis=SpendingRule.Basis.SHARE, limit="10")
    with pytest.raises(ServiceError, match="不能超过100"):
        rule_services.spending_rule_save(actor=None, rule_set=rules, purpose=Purpose.PRIZE,
                                         basis=SpendingRule.Basis.SHARE, limit="120")
    with pytest.raises(ServiceError) as err:  # the federation's rules are not the company officer's to change
        rule_services.spending_rule_save(actor=officer_a, rule_set=rules, purpose=Purpose.PRIZE,
                                         basis=SpendingRule.Basis.PER_HEAD, limit="100")
    assert err.value.code == "out_of_scope"
    spring = _entry(company, D(2025, 1, 20), Category.SERVICES, "100000", "春节慰问品")
    autumn = _entry(company, D(2025, 9, 25), Category.SERVICES, "60000", "中秋慰问品")
    meal = _entry(company, D(2025, 5, 1), Category.ACTIVITIES, "3000", "运动会午餐")
    _entry(company, D(2025, 5, 2), Category.ACTIVITIES, "160000", "职工运动会")
    rule_services.entry_tag(actor=officer_a, entry=spring, purpose=Purpose.FESTIVAL, heads=100)
    rule_services.entry_tag(actor=officer_a, entry=autumn, purpose=Purpose.FESTIVAL, heads=100)
    rule_services.entry_tag(actor=officer_a, entry=meal, purpose=Purpose.MEAL, heads=40)
    with pytest.raises(ServiceError) as err:
        rule_services.entry_tag(actor=officer_b, entry=meal, purpose=Purpose.MEAL, heads=40)
    assert err.value.code == "out_of_scope"
    with pytest.raises(ServiceError, match="人数须大于0"):
        rule_services.entry_tag(actor=officer_a, entry=meal, purpose=Purpose.MEAL, heads=0)
    flags = list(EntryFlag.objects.filter(org=company, kind=CheckKind.RULE))
    assert len(flags) == 3, [f.message for f in flags]
    festival = next(f for f in flags if f.entry_id == autumn.pk)
    assert festival.message == "2025年节日慰问品累计人均1600.00元，超过每人每年1500元"
    assert festival.aid_rule is not None and festival.excess == M("10000.00")
    meal_flag = next(f for f in flags if f.entry_id == meal.pk)
    assert meal_flag.message == "活动餐费人均75.00元（3000.00元÷40人），超过每人每次50元"
    assert meal_flag.excess == M("1000.00") and meal_flag.rule.basis == SpendingRule.Basis.PER_HEAD
    share = next(f for f in flags if f.entry_id is None)
    assert share.message == "2025年职工活动支出163000.00元，占全年支出323000.00元的50.46%，超过50%"
    assert share.excess == M("1500.00")
    assert list(rule_selectors.breaches(officer_b)) == []
    assert rule_selectors.breaches(officer_a).count() == 3
    # a reversed entry no longer counts
    ledger.entry_reverse(actor=None, entry=meal, entry_date=D(2025, 5, 3), reason="退回")
    rule_services.rules_check(actor=officer_a, org=company, year=2025)
    assert not EntryFlag.objects.filter(entry=meal).exists()


def test_festival_yearly_cap_from_care_rule(tree, officer_a, rules):
    company = tree["company"]
    spring = _entry(company, D(2025, 1, 20), Category.SERVICES, "100000", "春节慰问品")
    autumn = _entry(company, D(2025, 9, 25), Category.SERVICES, "60000", "中秋慰问品")
    rule_services.entry_tag(actor=officer_a, entry=spring, purpose=Purpose.FESTIVAL, heads=100)
    rule_services.entry_tag(actor=officer_a, entry=autumn, purpose=Purpose.FESTIVAL, heads=100)
    flag = EntryFlag.objects.get(org=company, kind=CheckKind.RULE, entry=autumn)
    assert flag.message == "2025年节日慰问品累计人均1600.00元，超过每人每年1500元"
    assert flag.excess == M("10000.00") and flag.aid_rule.occasion == Occasion.FESTIVAL
    assert "节日慰问每人每年不超过1500元" in flag.rule_text


def test_audit_checks_findings_reply_and_report(tree, officer_a, officer_b, auditor, rules):
    company = tree["company"]
    big = _entry(company, D(2025, 6, 1), Category.ACTIVITIES, "8000", "文艺汇演服装", counterparty="某服装厂",
                 voucher_no="记-06-01")
    _entry(company, D(2025, 6, 2), Category.BUSINESS, "320.50", "资料费", counterparty="某书店")
    for day in (3, 10, 17):
        _entry(company, D(2025, 7, day), Category.SERVICES, "450.00", "慰问品", counterparty="某超市",
               voucher_no=f"记-07-{day}")
    _entry(company, D(2025, 3, 1), Category.ALLOCATION, "50000", "拨缴经费", voucher_no="记-03-01")
    with pytest.raises(ServiceError) as err:
        audit_services.audit_run(actor=officer_a, org=company, year=2025)  # not the treasurer's to run
    assert err.value.code == "out_of_scope"
    assert audit_selectors.unchecked(auditor, year=2025).count() == 1
    run = audit_services.audit_run(actor=auditor, org=company, year=2025)
    assert audit_selectors.unchecked(auditor, year=2025).count() == 0
    assert run.counts[CheckKind.NO_VOUCHER] == 1 and run.counts[CheckKind.NO_APPROVAL] == 1
    assert run.counts[CheckKind.ROUND] == 1 and run.counts[CheckKind.REPEAT_PAYEE] == 1
    assert run.counts[CheckKind.RULE] == 1  # activities are 8,000 of 9,670.50: over 50%
    flag = EntryFlag.objects.get(org=company, kind=CheckKind.NO_APPROVAL)
    assert flag.entry_id == big.pk
    finding = audit_services.finding_raise(actor=auditor, org=company, year=2025, title="", flag=flag)
    again = audit_services.finding_raise(actor=auditor, org=company, year=2025, title="", flag=flag)
    assert again.pk == finding.pk and finding.number == 1 and finding.amount is None
    assert finding.title == "大额支出无审批" and "8000.00元" in finding.detail
    assert Message.objects.filter(recipient=officer_a, kind="funds.finding").count() == 1
    audit_services.audit_run(actor=auditor, org=company, year=2025)  # the flags are replaced …
    rerun = EntryFlag.objects.get(org=company, kind=CheckKind.NO_APPROVAL)
    assert rerun.pk != flag.pk
    assert audit_services.finding_raise(actor=auditor, org=company, year=2025, title="", flag=rerun).pk == finding.pk
    assert audit_selectors.awaiting_reply(officer_a).count() == 1
    assert audit_selectors.awaiting_reply(officer_b).count() == 0
    with pytest.raises(ServiceError, match="尚未答复"):
        audit_services.finding_resolve(actor=auditor, finding=finding, resolution="好")
    with pytest.raises(ServiceError) as err:
        audit_services.finding_reply(actor=auditor, finding=finding, reply="已补")
    assert err.value.code == "out_of_scope"
    audit_services.finding_reply(actor=officer_a, finding=finding, reply="已补附工会委员会会议纪要和发票。")
    assert Message.objects.filter(recipient=auditor, kind="funds.finding_reply").count() == 1
    audit_services.finding_resolve(actor=auditor, finding=finding, resolution="补附不到位", accepted=False)
    finding.refresh_from_db()
    assert finding.status == AuditFinding.Status.OPEN
    audit_services.finding_reply(actor=officer_a, finding=finding, reply="已补附审批单（2025-06-01）。")
    audit_services.finding_resolve(actor=auditor, finding=finding, resolution="已整改到位")
    finding.refresh_from_db()
    assert finding.status == AuditFinding.Status.RESOLVED
    with pytest.raises(ServiceError, match="审查意见"):
        audit_services.report_issue(actor=auditor, org=company, year=2025, opinion=" ")
    report = audit_services.report_issue(actor=auditor, org=company, year=2025, opinion="经审查，本会经费收支基本规范。",
                                         issued_on=D(2026, 1, 20))
    text = _docx_text(docx.render(audit_selectors.report_document(report)))
    assert "关于2025年度工会经费收支情况的审查报告" in text and "大额支出无审批1处" in text
    assert "审查提出问题1个，已整改到位1个，整改率100%" in text and "经审查，本会经费收支基本规范。" in text


def test_figures(tree, officer_a, auditor, rules, django_assert_max_num_queries):
    from gonghui.core.metrics import Rate, compute_many
    company, fed = tree["company"], tree["fed"]
    budget = services.budget_create(actor=None, org=company, year=2025,
                                    lines=[(Category.ACTIVITIES, "", "10000"), (Category.SERVICES, "", "30000"),
                                           (Category.SERVICES, "慰问", "20000"), (Category.DUES, "", "9000")])
    _entry(company, D(2025, 3, 1), Category.ACTIVITIES, "12000", voucher_no="v1")
    _entry(company, D(2025, 4, 1), Category.SERVICES, "6000", voucher_no="v2")
    _entry(company, D(2024, 4, 1), Category.SERVICES, "6000", voucher_no="v0")  # no budget for 2024
    _entry(tree["school"], D(2025, 4, 1), Category.SERVICES, "500")  # no budget at the school
    meal = _entry(company, D(2025, 5, 1), Category.ACTIVITIES, "3000", voucher_no="v3")
    rule_services.entry_tag(actor=officer_a, entry=meal, purpose=Purpose.MEAL, heads=40)
    audit_services.audit_run(actor=auditor, org=company, year=2025)
    flag = EntryFlag.objects.filter(org=company, kind=CheckKind.RULE, entry=meal).get()
    finding = audit_services.finding_raise(actor=auditor, org=company, year=2025, title="", flag=flag,
                                           raised_on=D(2025, 12, 1))
    audit_services.finding_raise(actor=auditor, org=company, year=2025, title="未附发票", raised_on=D(2025, 12, 2))
    audit_services.finding_reply(actor=officer_a, finding=finding, reply="已退回")
    audit_services.finding_resolve(actor=auditor, finding=finding, resolution="整改到位")
    from gonghui.funds.metrics import budget as figures

    for org in (company, fed):
        values = compute_many(figures.METRICS, org, D(2025, 1, 1), D(2025, 12, 31))
        assert values["funds.budget.expense_budget"] == M("40000.00")
        assert values["funds.budget.expense_actual"] == M("21000.00")
        assert values["funds.budget.execution"] == Rate(M("21000.00"), M("40000.00"))
        assert values["funds.budget.over_lines"] == 1
        assert values["funds.rules.breaches"] == 2  # the meal per head and the share of activities
        assert values["funds.audit.findings"] == 2 and values["funds.audit.resolved"] == 1
        assert values["funds.audit.resolution"] == Rate(1, 2)
    school = compute_many(figures.METRICS, tree["school"], D(2025, 1, 1), D(2025, 12, 31))
    assert school["funds.budget.execution"] is None and school["funds.audit.findings"] is None
    assert budget.lines.count() == 4
