"""The demo's budgets, fund rules and 经审 (issue 11): last year's budgets of the company and the school, 区总工会's
rules for spending beyond condolences, the books checked against them, the 经审 committee's findings with the
treasurers' replies, and the company's audit report.

`build_budget(builder)` reads whatever booked entries the unions have for last year (the ledger's demo may have
written them); a union without any gets a small year of its own books first (a dozen income and spending
entries through `funds.services.ledger.entry_add`), so this part works alone. Then, for the company and the school:
- entries of gifts, meals and prizes are tagged with their purpose and head count (the union's members);
- the budget is drafted from the year's actual spending (most lines a little above it, one line below it: an
  over-budget line), approved by the committee in January (the company's also by its congress), and revised once
  in the summer at the company;
- 区总工会's rules (on its current 职工慰问标准 rule set): 活动餐费 ≤ 50元/人次, 奖品 ≤ 300元/人次, 职工活动支出
  ≤ 60% of the year's spending; 节日 and 生日 take the care lines' yearly caps (1500元, 300元);
- the 经审 committee runs its checks; findings are raised from flags (a rule breach, a large payment without an
  approval mark, an entry without a voucher); the treasurer answers some, the committee resolves one; the
  company's committee issues the year's audit report in January.
Deterministic (seeded); about a hundred rows.
"""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from gonghui.care.models import AidRuleSet
from gonghui.core.context import acting_as
from gonghui.funds.models import INCOME, Category, CheckKind, EntryFlag, LedgerEntry, Purpose, SpendingRule
from gonghui.funds.services import audit, budget, ledger, rules
from gonghui.members.models import Person

from .builder import COMPANY, SCHOOL

D = datetime.date


@dataclass
class BudgetSummary:
    budgets: int = 0
    entries: int = 0
    breaches: int = 0
    findings: int = 0


# (month, day, category, amount per head or total, summary, counterparty, purpose, per_head)
COMPANY_BOOKS = [
    (1, 8, Category.ALLOCATION, "186000", "行政拨缴全年工会经费（2%）", "公司财务部", "", False),
    (1, 20, Category.SERVICES, "500", "春节慰问品", "滨江华联商贸有限公司", Purpose.FESTIVAL, True),
    (3, 6, Category.ACTIVITIES, "2400", "“三八”节女职工活动", "滨江康乐健身中心", "", False),
    (4, 18, Category.ACTIVITIES, "6000", "春季职工健步走活动车费", "滨江区公共交通有限公司", "", False),
    (5, 10, Category.ACTIVITIES, "65", "职工运动会午餐", "滨江绿源食品有限公司", Purpose.MEAL, True),
    (5, 10, Category.ACTIVITIES, "8600", "职工运动会服装", "滨江瑞丰纺织有限公司", "", False),
    (5, 12, Category.ACTIVITIES, "120", "职工运动会奖品", "滨江华联商贸有限公司", Purpose.PRIZE, True),
    (6, 15, Category.ADMIN_GRANT, "30000", "行政补助职工活动经费", "公司财务部", "", False),
    (7, 2, Category.BUSINESS, "3200", "工会干部培训资料及场地", "滨江区职工学校", Purpose.TRAINING, False),
    (9, 12, Category.SERVICES, "400", "中秋慰问品", "滨江华联商贸有限公司", Purpose.FESTIVAL, True),
    (10, 9, Category.RIGHTS, "1800", "劳动法律知识竞赛", "滨江区职工学校", "", False),
    (11, 20, Category.SERVICES, "100", "职工生日蛋糕券（第四季度）", "滨江绿源食品有限公司", Purpose.BIRTHDAY, True),
    (12, 5, Category.REMITTANCE, "74400", "上解区总工会经费（40%）", "滨江区总工会", "", False),
]
SCHOOL_BOOKS = [
    (1, 10, Category.ALLOCATION, "52000", "行政拨缴全年工会经费（2%）", "学校财务室", "", False),
    (1, 18, Category.SERVICES, "800", "春节慰问品", "滨江华联商贸有限公司", Purpose.FESTIVAL, True),
    (4, 26, Category.ACTIVITIES, "3500", "教职工春季趣味运动会", "滨江康乐健身中心", "", False),
    (6, 1, Category.SERVICES, "300", "端午慰问品", "滨江华联商贸有限公司", Purpose.FESTIVAL, True),
    (9, 8, Category.SERVICES, "500", "教师节暨中秋慰问品", "滨江华联商贸有限公司", Purpose.FESTIVAL, True),
    (11, 14, Category.ACTIVITIES, "60", "教职工合唱比赛工作餐", "学校食堂", Purpose.MEAL, True),
    (12, 6, Category.REMITTANCE, "20800", "上解区总工会经费（40%）", "滨江区总工会", "", False),
]
#: words in a summary that say what an entry (the ledger demo's, or ours) is for
PURPOSE_WORDS = [("生日", Purpose.BIRTHDAY), ("慰问品", Purpose.FESTIVAL), ("餐", Purpose.MEAL),
                 ("奖品", Purpose.PRIZE), ("培训", Purpose.TRAINING)]


def _yuan(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def add_books(b) -> int:
    """The company's and the school's activity spending of last year (meals, prizes, clothing, training …) that the
    ledger's demo does not write: called by the ledger's demo before it closes the months, and again (writing
    nothing) by build_budget."""
    year = b.today.year - 1
    made = 0
    officers = {COMPANY: "company_officer", SCHOOL: "school_officer"}
    for key, books in ((COMPANY, COMPANY_BOOKS), (SCHOOL, SCHOOL_BOOKS)):
        with acting_as(b.users.get(officers[key]) or b.users["admin"], source="command"):
            made += _books(b.orgs[key], year, books)
    return made


def build_budget(b) -> BudgetSummary:
    summary = BudgetSummary()
    year = b.today.year - 1
    fed = b.orgs["fed"]
    with acting_as(b.users.get("fed_staff") or b.users["admin"], source="command"):
        _rules(fed, year)
    officers = {COMPANY: "company_officer", SCHOOL: "school_officer"}
    for key, books in ((COMPANY, COMPANY_BOOKS), (SCHOOL, SCHOOL_BOOKS)):
        union = b.orgs[key]
        rng = random.Random(f"funds-budget:{union.code}:{year}")
        with acting_as(b.users.get(officers[key]) or b.users["admin"], source="command"):
            summary.entries += _books(union, year, books)
            _tags(union, year)
            _budget(union, year, rng, company=key == COMPANY)
            summary.budgets += 1
        with acting_as(b.users.get("auditor") or b.users["admin"], source="command"):
            _audit(b, union, year, company=key == COMPANY)
    summary.breaches = EntryFlag.objects.filter(kind=CheckKind.RULE, year=year).count()
    from gonghui.funds.models import AuditFinding

    summary.findings = AuditFinding.objects.filter(year=year).count()
    return summary


def _rules(fed, year: int) -> None:
    rule_set = (AidRuleSet.objects.filter(org=fed, effective_from__lte=D(year, 12, 31)).order_by("-effective_from")
                .first())
    if rule_set is None:  # the care demo did not run: a set of funds' own
        from gonghui.care.services import rulesets

        rule_set = rulesets.rule_set_create(actor=None, org=fed, name=f"{fed.name}经费使用规定",
                                            effective_from=D(year - 1, 1, 1))
    for purpose, category, basis, limit, note in (
            (Purpose.MEAL, "", SpendingRule.Basis.PER_HEAD, "50", "开展职工活动需就餐的，每人每次不超过50元"),
            (Purpose.PRIZE, "", SpendingRule.Basis.PER_HEAD, "300", "文体活动奖品每人每次不超过300元"),
            ("", Category.ACTIVITIES, SpendingRule.Basis.SHARE, "60", "职工活动支出一般不超过全年支出的60%")):
        rules.spending_rule_save(actor=None, rule_set=rule_set, purpose=purpose, category=category, basis=basis,
                                 limit=limit, note=note)


def _members(union) -> int:
    return Person.objects.filter(org__path__startswith=union.path, member_status=Person.MemberStatus.ACTIVE).count()


def _books(union, year: int, books) -> int:
    """The union's own small year of books. When the ledger's demo has booked the year already (dues, care's
    gifts and condolences, 拨缴 and 上解), only the activity spending it does not write is added (meals, prizes,
    clothing, training …), so nothing is counted twice."""
    booked = LedgerEntry.objects.filter(org=union, status=LedgerEntry.Status.BOOKED, entry_date__year=year)
    if booked.filter(voucher_no__regex=rf"^记-{year}[0-9]{{2}}-9[0-9]{{2}}$").exists():
        return 0  # already written (the demo run twice)
    if booked.exists():
        books = [(n, row) for n, row in enumerate(books, start=1)
                 if row[2] not in INCOME and row[2] != Category.REMITTANCE
                 and row[6] not in (Purpose.FESTIVAL, Purpose.BIRTHDAY)]
    else:
        books = list(enumerate(books, start=1))
    heads = max(_members(union), 1)
    made = 0
    for number, (month, day, category, amount, text, payee, purpose, per_head) in books:
        total = _yuan(Decimal(amount) * heads) if per_head else Decimal(amount)
        voucher = "" if (text == "“三八”节女职工活动") else f"记-{year}{month:02d}-9{number:02d}"
        entry = ledger.entry_add(actor=None, org=union, entry_date=D(year, month, day), category=category,
                                 amount=total, summary=text, counterparty=payee, voucher_no=voucher)
        made += 1
        if purpose or per_head:
            approval = "" if "服装" in text else f"工会委员会{year}年第{(month + 2) // 3}次会议"
            rules.entry_tag(actor=None, entry=entry, purpose=purpose, heads=heads if per_head else None,
                            approval=approval)
    return made


def _tags(union, year: int) -> None:
    """Entries written elsewhere (the ledger's demo) whose summary says what they are for get a tag too."""
    heads = max(_members(union), 1)
    untagged = (LedgerEntry.objects.filter(org=union, status=LedgerEntry.Status.BOOKED, entry_date__year=year,
                                           direction="out", tag__isnull=True, reverses__isnull=True))
    for entry in untagged:
        purpose = next((p for word, p in PURPOSE_WORDS if word in entry.summary), "")
        if purpose:
            rules.entry_tag(actor=None, entry=entry, purpose=purpose, heads=heads, approval="")


def _budget(union, year: int, rng: random.Random, *, company: bool) -> None:
    from gonghui.funds.selectors.budget import actuals

    totals: dict[str, Decimal] = {}
    for (category, _sub, _month), amount in actuals(union, year).items():
        totals[category] = totals.get(category, Decimal("0")) + amount
    if not totals:
        return
    lines, below = [], None
    spending = sorted((c for c in totals if c not in INCOME and totals[c] > 0), key=lambda c: -totals[c])
    if len(spending) > 1:
        below = spending[1]  # the second largest spending line runs over its budget
    for category, amount in totals.items():
        if amount <= 0:
            continue
        factor = Decimal("0.92") if category == below else Decimal(rng.choice(["1.05", "1.08", "1.10", "1.15"]))
        if category in INCOME:
            factor = Decimal(rng.choice(["0.98", "1.00", "1.02"]))
        lines.append((category, "", (amount * factor).quantize(Decimal("1000"), rounding=ROUND_HALF_UP)
                      or Decimal("1000")))
    plan = budget.budget_create(actor=None, org=union, year=year, lines=lines, congress_required=company,
                                note=f"依据{year - 1}年经费收支情况和{year}年工作计划编制。")
    budget.budget_approve(actor=None, budget=plan, committee_approved_on=D(year, 1, 12),
                          congress_approved_on=D(year, 1, 26) if company else None)
    if company:
        revised = [(c, s, a + 5000 if c == Category.ACTIVITIES else a) for c, s, a in lines]
        if revised != lines:
            budget.budget_revise(actor=None, budget=plan, lines=revised, reason="举办职工运动会，增加职工活动支出预算",
                                 revised_on=D(year, 4, 28), approved_on=D(year, 4, 30))


def _audit(b, union, year: int, *, company: bool) -> None:
    audit.audit_run(actor=None, org=union, year=year)
    flags = list(EntryFlag.objects.filter(org=union, year=year).order_by("kind", "entry_date", "id"))
    by_kind: dict[str, EntryFlag] = {}
    for flag in flags:
        by_kind.setdefault(flag.kind, flag)
    raised = []
    for kind in (CheckKind.RULE, CheckKind.NO_APPROVAL, CheckKind.NO_VOUCHER):
        flag = by_kind.get(kind)
        if flag is None or (not company and kind != CheckKind.RULE):
            continue
        raised.append(audit.finding_raise(actor=None, org=union, year=year, title="", flag=flag,
                                          raised_on=D(year, 12, 18)))
    officer = b.users.get("company_officer" if company else "school_officer")
    replies = ["超标准部分已由参加人员退回，今后严格按标准列支。", "已补附工会委员会会议纪要和采购审批单。"]
    for finding, reply in zip(raised, replies):
        with acting_as(officer or b.users["admin"], source="command"):
            audit.finding_reply(actor=None, finding=finding, reply=reply)
    if raised:
        audit.finding_resolve(actor=None, finding=raised[0], resolution="经核实，已整改到位。")
    if company:
        issued = min(D(year + 1, 1, 20), b.today)
        audit.report_issue(actor=None, org=union, year=year, issued_on=issued,
                           opinion=(f"经审查，本会{year}年度经费收支基本符合《工会会计制度》和经费使用规定，账目清楚，"
                                    "凭证基本齐全。\n对审查中发现的问题，建议财务人员严格按照经费使用规定列支，"
                                    "大额支出事前履行审批程序，及时补齐凭证。"))
