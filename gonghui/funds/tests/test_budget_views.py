"""Pages and API of budgets, fund rules and 经审: the treasurer drafts, approves and revises a budget and sees its
execution; a breach shows on the rules page; the 经审 member runs the checks, raises a finding from a flag, the
treasurer answers it, the auditor resolves it and issues the report (Word); another union's ids answer 404."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.care.services import rulesets as care_rules
from gonghui.funds.models import AuditFinding, Budget, Category, CheckKind, EntryFlag, Purpose, SpendingRule
from gonghui.funds.services import budget as budget_services
from gonghui.funds.services import ledger
from gonghui.funds.services import rules as rule_services

D = datetime.date


def _login(client, user, org):
    client.force_login(user)
    session = client.session
    session["current_org"] = org.pk
    session.save()
    return client


@pytest.fixture
def books(tree):
    company = tree["company"]
    rule_set = care_rules.rule_set_create(actor=None, org=tree["fed"], name="区总工会经费使用规定",
                                          effective_from=D(2024, 1, 1))
    rule_services.spending_rule_save(actor=None, rule_set=rule_set, purpose=Purpose.MEAL,
                                     basis=SpendingRule.Basis.PER_HEAD, limit="50")
    meal = ledger.entry_add(actor=None, org=company, entry_date=D(2025, 5, 1), category=Category.ACTIVITIES,
                            amount="3000", summary="运动会午餐", counterparty="某餐厅", voucher_no="记-05-01")
    ledger.entry_add(actor=None, org=company, entry_date=D(2025, 5, 2), category=Category.ACTIVITIES,
                     amount="12000", summary="运动会奖品", counterparty="某商场", voucher_no="记-05-02")
    ledger.entry_add(actor=None, org=company, entry_date=D(2025, 2, 2), category=Category.ALLOCATION,
                     amount="60000", summary="拨缴经费", voucher_no="记-02-01")
    return {"rule_set": rule_set, "meal": meal}


def test_budget_pages(client, tree, officer_a, officer_b, books, django_assert_max_num_queries):
    c = _login(client, officer_a, tree["company"])
    data = {"year": 2025, "c_activities": "10000", "c_dues": "5000", "c_allocation": "60,000",
            "details": "职工活动支出 运动会 8000"}
    r = c.post(reverse("funds:budget_create"), {**data, "details": "职工活动 运动会 8000"})
    assert r.status_code == 200 and "科目用会计制度的名称" in r.content.decode()
    r = c.post(reverse("funds:budget_create"), {**data, "c_services": "肆仟"})
    assert "不是数字" in r.content.decode()
    r = c.post(reverse("funds:budget_create"), data)
    budget = Budget.objects.get(org=tree["company"], year=2025)
    assert r.status_code == 302 and r["Location"] == reverse("funds:budget_detail", args=[budget.pk])
    r = c.post(reverse("funds:budget_approve", args=[budget.pk]), {"committee_approved_on": "2025-01-10"})
    assert r.status_code == 302
    r = c.post(reverse("funds:budget_revise", args=[budget.pk]),
               {**data, "c_activities": "14000", "reason": "增加运动会奖品", "revised_on": "2025-04-20"})
    assert r.status_code == 302
    with django_assert_max_num_queries(16):
        page = c.get(reverse("funds:budget_detail", args=[budget.pk])).content.decode()
    assert 'id="expense-rate">107.1%' in page and "超预算" in page and "第1次预算调整" in page
    assert "15000.00" in page
    assert "执行情况" in c.get(reverse("funds:budget_list")).content.decode()
    final = c.get(reverse("funds:budget_final", args=[budget.pk])).content.decode()
    assert "年度经费收支决算" in final
    r = c.get(reverse("funds:budget_final_docx", args=[budget.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    # another union's officer: 404 everywhere
    c2 = _login(client, officer_b, tree["school"])
    for name in ("funds:budget_detail", "funds:budget_final", "funds:budget_final_docx", "funds:budget_revise"):
        assert c2.get(reverse(name, args=[budget.pk])).status_code == 404
    assert "甲公司" not in c2.get(reverse("funds:budget_list")).content.decode()
    api = c2.get(f"/api/funds/budgets/{budget.pk}/execution/")
    assert api.status_code == 404


def test_budget_api(client, tree, officer_a, books):
    budget = budget_services.budget_create(actor=None, org=tree["company"], year=2025,
                                           lines=[(Category.ACTIVITIES, "", "10000")])
    c = _login(client, officer_a, tree["company"])
    body = c.get("/api/funds/budgets/?year=2025").json()
    rows = body["results"] if isinstance(body, dict) else body
    assert [r["id"] for r in rows] == [budget.pk]
    ex = c.get(f"/api/funds/budgets/{budget.pk}/execution/").json()
    assert ex["expense_actual"] == "15000.00" and ex["expense_rate"] == "150%"
    line = next(x for x in ex["lines"] if x["category"] == "activities")
    assert line["over"] is True and line["months"][4] == "15000.00"


def test_rules_tag_and_audit_pages(client, tree, officer_a, officer_b, make_user, books):
    auditor = make_user("auditor_a", Role.AUDITOR, tree["company"])
    meal = books["meal"]
    c = _login(client, officer_a, tree["company"])
    page = c.get(reverse("funds:rules") + "?year=2025").content.decode()
    assert "未注明用途的支出" in page and reverse("funds:entry_tag", args=[meal.pk]) in page
    r = c.post(reverse("funds:entry_tag", args=[meal.pk]), {"purpose": Purpose.MEAL, "heads": "0"})
    assert r.status_code == 200 and "人数" in r.content.decode()
    r = c.post(reverse("funds:entry_tag", args=[meal.pk]), {"purpose": Purpose.MEAL, "heads": "40"})
    assert r.status_code == 302
    page = c.get(reverse("funds:rules") + "?year=2025").content.decode()
    assert "活动餐费人均75.00元（3000.00元÷40人），超过每人每次50元" in page and "区总工会经费使用规定" in page
    assert reverse("funds:entry_tag", args=[meal.pk]) not in page
    # the federation's rule set is not the company officer's to change
    assert c.get(reverse("funds:rule_add", args=[books["rule_set"].pk])).status_code == 404
    assert c.get(reverse("funds:audit_run")).status_code == 404  # not 经审
    c2 = _login(client, officer_b, tree["school"])
    assert c2.get(reverse("funds:entry_tag", args=[meal.pk])).status_code == 404
    assert "运动会午餐" not in c2.get(reverse("funds:rules") + "?year=2025").content.decode()

    a = _login(client, auditor, tree["company"])
    r = a.post(reverse("funds:audit_run"), {"year": 2025, "large_amount": "5000", "repeat_times": 3})
    assert r.status_code == 302
    page = a.get(reverse("funds:audit") + "?year=2025").content.decode()
    assert "违反经费使用规定" in page and "整数金额异常" in page and "提出问题" in page
    flag = EntryFlag.objects.get(kind=CheckKind.RULE)
    r = a.post(reverse("funds:finding_from_flag", args=[flag.pk]), {"title": "活动餐费超标准", "amount": ""})
    finding = AuditFinding.objects.get()
    assert r.status_code == 302 and finding.amount == flag.excess and finding.title == "活动餐费超标准"

    c = _login(client, officer_a, tree["company"])
    detail = c.get(reverse("funds:finding_detail", args=[finding.pk])).content.decode()
    assert "活动餐费人均75.00元" in detail and "答复" in detail
    r = c.post(reverse("funds:finding_reply", args=[finding.pk]), {"reply": "超标准部分1000元已由参加人员退回。"})
    assert r.status_code == 302
    assert c.get(reverse("funds:finding_resolve", args=[finding.pk])).status_code == 404
    api = c.post(f"/api/funds/audit-findings/{finding.pk}/reply/", {"reply": "补充：附退款凭证。"},
                 content_type="application/json")
    assert api.status_code == 200 and api.json()["status"] == "replied"

    a = _login(client, auditor, tree["company"])
    r = a.post(reverse("funds:finding_resolve", args=[finding.pk]), {"accepted": "1", "resolution": "已整改到位"})
    assert r.status_code == 302
    r = a.post(reverse("funds:audit_report_issue"), {"year": 2025, "issued_on": "2026-01-10",
                                                     "opinion": "经审查，本会2025年度经费收支基本规范。"})
    assert r.status_code == 302
    page = a.get(reverse("funds:audit") + "?year=2025").content.decode()
    assert "已整改" in page and "审查报告Word" in page
    report = finding.org and __import__("gonghui.funds.models", fromlist=["AuditReport"]).AuditReport.objects.get()
    r = a.get(reverse("funds:audit_report_docx", args=[report.pk]))
    assert r.status_code == 200
    c2 = _login(client, officer_b, tree["school"])
    for name in ("funds:finding_detail", "funds:finding_reply"):
        assert c2.get(reverse(name, args=[finding.pk])).status_code == 404
    assert c2.get(reverse("funds:audit_report_docx", args=[report.pk])).status_code == 404
    assert c2.get(f"/api/funds/audit-findings/{finding.pk}/").status_code == 404
    flags = c2.get("/api/funds/check-flags/").json()
    assert (flags["results"] if isinstance(flags, dict) else flags) == []
