"""预算 and 经审 in the browser: the treasurer sees the budget's execution (执行率, an over-budget line) and says what
a meal was for (a breach of 区总工会's rule is flagged on the rules page); the 经审 member runs the checks, sees the
breach with the rule it breaks and raises a finding from it; the treasurer answers it; the auditor confirms it."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD

D = datetime.date


def test_budget_execution_breach_finding_and_reply(page, login, shot, tree, make_user):
    from gonghui.accounts.roles import Role
    from gonghui.care.services import rulesets
    from gonghui.funds.models import AuditFinding, Category, Purpose, SpendingRule
    from gonghui.funds.services import budget, ledger, rules

    year = datetime.date.today().year - 1
    company = tree["company"]
    make_user("treasurer", Role.OFFICER, company)
    make_user("jingshen", Role.AUDITOR, company)
    rule_set = rulesets.rule_set_create(actor=None, org=tree["fed"], name="区总工会经费使用规定",
                                        effective_from=D(year - 1, 1, 1))
    rules.spending_rule_save(actor=None, rule_set=rule_set, purpose=Purpose.MEAL, basis=SpendingRule.Basis.PER_HEAD,
                             limit="50")
    for day, category, amount, text in ((D(year, 2, 1), Category.ALLOCATION, "80000", "行政拨缴经费"),
                                        (D(year, 4, 8), Category.ACTIVITIES, "18500", "职工运动会"),
                                        (D(year, 6, 3), Category.SERVICES, "9000.50", "端午慰问品")):
        ledger.entry_add(actor=None, org=company, entry_date=day, category=category, amount=amount, summary=text,
                         voucher_no=f"记-{day:%m%d}")
    meal = ledger.entry_add(actor=None, org=company, entry_date=D(year, 4, 8), category=Category.ACTIVITIES,
                            amount="3000", summary="职工运动会午餐", counterparty="某餐厅", voucher_no="记-0408-2")
    plan = budget.budget_create(actor=None, org=company, year=year,
                                lines=[(Category.ACTIVITIES, "", "20000"), (Category.SERVICES, "", "15000"),
                                       (Category.ALLOCATION, "", "80000")])
    budget.budget_approve(actor=None, budget=plan, committee_approved_on=D(year, 1, 10))

    # The treasurer: the budget's execution, then what the meal was for.
    login("treasurer", PASSWORD)
    page.goto("/funds/budget/")
    page.click(f"#budget-list >> text=执行情况")
    expect(page.locator("#expense-rate")).to_have_text("87.1%")  # 30,500.50 of 35,000
    expect(page.locator("#over-count")).to_have_text("1项")
    expect(page.locator("#budget-lines tr.table-danger")).to_contain_text("职工活动支出")
    shot("funds_budget_execution")
    page.set_viewport_size({"width": 390, "height": 844})  # a treasurer on a phone: the tables scroll, the page not
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot("funds_budget_execution_phone")
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"/funds/entries/{meal.pk}/tag/")
    page.select_option("#id_purpose", Purpose.MEAL)
    page.fill("#id_heads", "40")
    page.click("button[type=submit]")
    page.goto(f"/funds/rules/?year={year}")
    expect(page.locator("#rule-breaches")).to_contain_text("活动餐费人均75.00元（3000.00元÷40人），超过每人每次50元")
    page.context.clear_cookies()

    # 经审: run the checks, see the breach with its rule, raise a finding from it.
    login("jingshen", PASSWORD)
    page.goto(f"/funds/audit/?year={year}")
    expect(page.locator("#audit-run")).to_contain_text("尚未运行核查")
    page.click("text=运行核查")
    expect(page.locator("#id_year")).to_have_value(str(year))
    page.click("button[type=submit]")
    row = page.locator("#audit-flags tr", has_text="违反经费使用规定")
    expect(row).to_contain_text("活动餐费每人每次上限50元（区总工会经费使用规定）")
    shot("funds_audit_flags")
    row.locator("text=提出问题").click()
    page.fill("#id_title", "运动会午餐超出就餐标准")
    page.click("button[type=submit]")
    expect(page.locator("#finding-status")).to_have_text("待答复")
    page.context.clear_cookies()

    # The treasurer answers it from the desk's to-do.
    login("treasurer", PASSWORD)
    page.goto("/")
    page.click("text=经审问题待答复")
    page.click("#audit-findings >> text=运动会午餐超出就餐标准")
    page.click("text=答复")
    page.fill("#id_reply", "超标准部分1000元已由参加人员退回，今后严格按标准列支。")
    page.click("button[type=submit]")
    expect(page.locator("#finding-status")).to_have_text("已答复")
    page.context.clear_cookies()

    login("jingshen", PASSWORD)
    finding = AuditFinding.objects.get()
    page.goto(f"/funds/audit/findings/{finding.pk}/")
    expect(page.locator("#finding-reply")).to_contain_text("已由参加人员退回")
    page.click("text=确认整改")
    page.fill("#id_resolution", "已整改到位")
    page.click("button[type=submit]")
    expect(page.locator("#finding-status")).to_have_text("已整改")
    shot("funds_audit_finding")
