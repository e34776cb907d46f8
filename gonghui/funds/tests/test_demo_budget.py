"""The demo's budgets, fund rules and 经审: last year's budgets of the company and the school with their execution,
区总工会's rules breached once at each union, findings with replies, the company's audit report; the summaries of
both unions write budget execution and 经审 from the records."""
import io

import pytest
from django.core.management import call_command

from gonghui.demo import builder
from gonghui.funds.models import AuditFinding, AuditReport, Budget, CheckKind, EntryFlag
from gonghui.funds.selectors import budget as budget_selectors
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_budgets_rules_and_audit(db):
    call_command("demo", stdout=io.StringIO())
    year = builder.today().year - 1
    last_year = Period.year(year)
    company, school = Organization.objects.get(code="BJ01"), Organization.objects.get(code="BJ02")
    plan = Budget.objects.select_related("org").get(org=company, year=year)
    assert plan.status == Budget.Status.APPROVED and plan.congress_approved_on and plan.revisions == 1
    ex = budget_selectors.execution(plan)
    assert ex.expense_actual > 0 and len([x for x in ex.over_lines if not x.subcategory]) >= 1
    assert EntryFlag.objects.filter(org=company, year=year, kind=CheckKind.RULE).exists()
    assert EntryFlag.objects.filter(org=school, year=year, kind=CheckKind.RULE).exists()
    statuses = set(AuditFinding.objects.filter(org=company, year=year).values_list("status", flat=True))
    assert statuses == {"open", "replied", "resolved"}
    assert AuditReport.objects.filter(org=company, year=year).exists()
    figures = registry.compute(["funds.budget.execution", "funds.audit.findings", "funds.audit.resolved"], company,
                               last_year)
    rate = figures["funds.budget.execution"]
    assert 80 < rate.percent < 100, rate
    for org in (company, school):
        doc = build("summary", org, last_year, style="exact", today=builder.today())
        text = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
        assert "严格经费预算管理和经费审查" in text, text
        assert "预算执行率" in text and "经费审查委员会对经费收支进行审查" in text, text
    doc = build("summary", company, last_year, style="exact", today=builder.today())
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph)))
    assert f"预算执行率{str(rate.percent).replace('.0', '')}%" in text or f"预算执行率{rate.percent}%" in text, text
    assert f"提出问题{figures['funds.audit.findings']}个，已整改{figures['funds.audit.resolved']}个" in text, text
