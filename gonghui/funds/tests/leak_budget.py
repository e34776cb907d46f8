"""Union-B budget, fund-rule and 经审 objects for tests/test_scope_leaks.py (called by leak_objects.create): an
approved and revised budget, a rule set with a spending rule, a tagged entry breaking it (a flag), an audit run,
a finding with a reply, and the year's audit report."""
import datetime

from gonghui.care.services import rulesets as care_rules
from gonghui.funds.models import Category, CheckKind, EntryFlag, Purpose, SpendingRule
from gonghui.funds.services import audit, budget, ledger, rules

D = datetime.date


def create(b: dict) -> None:
    school = b["union"]
    lines = [(Category.ACTIVITIES, "", "20000"), (Category.ACTIVITIES, "乙校文体活动", "5000")]
    plan = budget.budget_create(actor=None, org=school, year=2024, lines=lines)
    budget.budget_approve(actor=None, budget=plan, committee_approved_on=D(2024, 1, 8))
    budget.budget_revise(actor=None, budget=plan, lines=[(Category.ACTIVITIES, "", "22000")], reason="乙校调整",
                         revised_on=D(2024, 6, 1))
    rule_set = care_rules.rule_set_create(actor=None, org=school, name="乙学校经费使用规定", effective_from=D(2024, 1, 1))
    rules.spending_rule_save(actor=None, rule_set=rule_set, purpose=Purpose.MEAL, basis=SpendingRule.Basis.PER_HEAD,
                             limit="40")
    entry = ledger.entry_add(actor=None, org=school, entry_date=D(2024, 5, 6), category=Category.ACTIVITIES,
                             amount="5000", summary="乙校运动会餐费", counterparty="乙校食堂")
    rules.entry_tag(actor=None, entry=entry, purpose=Purpose.MEAL, heads=50)
    audit.audit_run(actor=None, org=school, year=2024)
    flag = EntryFlag.objects.filter(org=school, kind=CheckKind.RULE).first()
    finding = audit.finding_raise(actor=None, org=school, year=2024, title="", flag=flag)
    audit.finding_reply(actor=None, finding=finding, reply="乙校已退回超标部分")
    audit.report_issue(actor=None, org=school, year=2024, opinion="乙校经审意见", issued_on=D(2025, 1, 10))
