"""The demo's funds work: 滨江区总工会's employer register and its founding work (建会); the dues part adds the
unions' dues.

`build_funds(builder)` runs after the care work (nothing of it depends on the day's membership). The register holds
the three demo unions' employers (linked to their unions, founded on the unions' founding dates) and about forty
other employers of the district: most founded long ago, a few founded in each year of the window after visits,
some small ones under the federation's threshold (25 employees, in force since before the window), and some still
being worked on (visits with 筹建中 / 暂不同意), so that 建会率 is below 100% and the founding work is in progress.
Everything goes through gonghui.funds.services as the federation's staff would enter it.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from gonghui.core.context import acting_as
from gonghui.funds.models import EmployerKind, FoundingVisit
from gonghui.funds.services import employers as services
from gonghui.members.models import Person

from .builder import BUREAU, COMPANY, SCHOOL, credit_code

THRESHOLD = 25
DISTRICTS = ("江滨街道", "东山街道", "开发区", "西岗街道", "沙洲街道", "湖熟镇")
STREETS = ("江滨大道", "学府路", "华兴路", "东山路", "沙洲西路", "科创大道", "湖熟南路", "工业园二路")
#: (name, kind, employees, founded: "old" | "y0" | "y1" | "y2" | "", work in progress: "" | "preparing" | "declined")
REGISTER = [
    ("滨江恒达物流有限公司", EmployerKind.PRIVATE_ENTERPRISE, 186, "old", ""),
    ("滨江瑞丰纺织有限公司", EmployerKind.PRIVATE_ENTERPRISE, 420, "old", ""),
    ("江滨新材料科技有限公司", EmployerKind.PRIVATE_ENTERPRISE, 96, "old", ""),
    ("滨江鑫源汽车零部件有限公司", EmployerKind.PRIVATE_ENTERPRISE, 310, "old", ""),
    ("滨江城市建设投资集团有限公司", EmployerKind.STATE_ENTERPRISE, 560, "old", ""),
    ("滨江区公共交通有限公司", EmployerKind.STATE_ENTERPRISE, 890, "old", ""),
    ("滨江水务有限公司", EmployerKind.STATE_ENTERPRISE, 240, "old", ""),
    ("博思电子（滨江）有限公司", EmployerKind.FOREIGN_ENTERPRISE, 650, "old", ""),
    ("滨江区人民医院", EmployerKind.INSTITUTION, 1210, "old", ""),
    ("滨江区第二实验小学", EmployerKind.INSTITUTION, 138, "old", ""),
    ("滨江区人力资源和社会保障局", EmployerKind.ORGAN, 85, "old", ""),
    ("滨江区住房和城乡建设局", EmployerKind.ORGAN, 72, "old", ""),
    ("滨江区江滨街道办事处", EmployerKind.ORGAN, 64, "old", ""),
    ("滨江华联商贸有限公司", EmployerKind.PRIVATE_ENTERPRISE, 132, "old", ""),
    ("滨江顺风快递服务有限公司", EmployerKind.PRIVATE_ENTERPRISE, 78, "old", ""),
    ("滨江智造机器人有限公司", EmployerKind.PRIVATE_ENTERPRISE, 205, "old", ""),
    ("滨江绿源食品有限公司", EmployerKind.PRIVATE_ENTERPRISE, 158, "old", ""),
    ("滨江安泰物业管理有限公司", EmployerKind.PRIVATE_ENTERPRISE, 115, "old", ""),
    ("滨江宏图建筑工程有限公司", EmployerKind.PRIVATE_ENTERPRISE, 270, "old", ""),
    ("滨江区社会组织服务中心", EmployerKind.SOCIAL, 30, "old", ""),
    ("滨江康宁养老服务中心", EmployerKind.SOCIAL, 48, "y0", ""),
    ("滨江云帆网络科技有限公司", EmployerKind.PRIVATE_ENTERPRISE, 66, "y0", ""),
    ("滨江美途汽车销售服务有限公司", EmployerKind.PRIVATE_ENTERPRISE, 41, "y1", ""),
    ("滨江优家家政服务有限公司", EmployerKind.PRIVATE_ENTERPRISE, 57, "y1", ""),
    ("滨江新航道教育培训中心", EmployerKind.SOCIAL, 36, "y1", ""),
    ("滨江速达外卖配送服务有限公司", EmployerKind.PRIVATE_ENTERPRISE, 88, "y2", ""),
    ("滨江汇通电子商务有限公司", EmployerKind.PRIVATE_ENTERPRISE, 52, "", "preparing"),
    ("滨江鼎盛装饰工程有限公司", EmployerKind.PRIVATE_ENTERPRISE, 34, "", "preparing"),
    ("滨江金桥酒店管理有限公司", EmployerKind.PRIVATE_ENTERPRISE, 73, "", "declined"),
    ("滨江天成精密模具有限公司", EmployerKind.PRIVATE_ENTERPRISE, 29, "", "contacted"),
    ("滨江惠民药房连锁有限公司", EmployerKind.PRIVATE_ENTERPRISE, 46, "", "contacted"),
    ("滨江青禾律师事务所", EmployerKind.SOCIAL, 18, "", ""),
    ("滨江小蜜蜂托育中心", EmployerKind.SOCIAL, 12, "", ""),
    ("滨江老街面馆", EmployerKind.INDIVIDUAL, 6, "", ""),
    ("滨江晨光文具店", EmployerKind.INDIVIDUAL, 3, "", ""),
    ("滨江伟业五金加工厂", EmployerKind.PRIVATE_ENTERPRISE, 21, "", ""),
    ("滨江佳美印刷有限公司", EmployerKind.PRIVATE_ENTERPRISE, 24, "", ""),
]
AUTHORITY = {EmployerKind.ORGAN: ("1", "1"), EmployerKind.INSTITUTION: ("1", "2"), EmployerKind.SOCIAL: ("5", "2"),
             EmployerKind.INDIVIDUAL: ("9", "2")}
VISITOR = "周明"


@dataclass
class FundsSummary:
    employers: int = 0
    founded: int = 0
    visits: int = 0
    dues: "DuesSummary | None" = None
    ledger: "LedgerSummary | None" = None


def build_funds(builder) -> FundsSummary:
    summary = FundsSummary()
    with acting_as(builder.users.get("fed_staff") or builder.users["admin"], source="command"):
        _register(builder, summary)
    with acting_as(builder.users.get("company_officer") or builder.users["admin"], source="command"):
        summary.dues = DuesSummary()
        build_dues(builder, summary.dues)
        summary.ledger = build_ledger(builder)  # union funds and the ledger (收支账)
    return summary


def _register(b, summary: FundsSummary) -> None:
    rng, today, years = b.rng, b.today, b.years
    fed = b.orgs["fed"]
    start = datetime.date(years[0], 1, 1)
    services.threshold_set(actor=None, org=fed, effective_from=datetime.date(years[0] - 3, 1, 1),
                           min_employees=THRESHOLD, note="区总工会关于建会率统计口径的通知（职工25人以上单位）")
    registered = datetime.date(years[0] - 3, 3, 1)

    # The three demo unions' employers, founded on their unions' founding dates.
    for key in (COMPANY, SCHOOL, BUREAU):
        union = b.orgs[key]
        employees = Person.objects.filter(org__path__startswith=union.path,
                                          work_status=Person.WorkStatus.SERVING).count()
        kind = {COMPANY: EmployerKind.PRIVATE_ENTERPRISE, SCHOOL: EmployerKind.INSTITUTION,
                BUREAU: EmployerKind.ORGAN}[key]
        e = services.employer_create(actor=None, org=fed, name=union.employer, kind=kind,
                                     credit_code=union.employer_credit_code, employees=employees,
                                     employees_on=start, address=union.address, district=DISTRICTS[0],
                                     registered_on=min(registered, union.founded_on), contact_name="",
                                     contact_phone=union.phone)
        services.employer_found(actor=None, employer=e, founded_on=union.founded_on,
                                members_on_founding=max(1, employees * 3 // 5), union=union)
        summary.employers += 1
        summary.founded += 1

    used_codes: set[str] = set()
    for i, (name, kind, employees, founded, work) in enumerate(REGISTER):
        authority, category = AUTHORITY.get(kind, ("9", "1"))
        while True:
            code = credit_code(authority, category, "320115", f"{rng.randrange(10**7, 10**8)}")
            if code not in used_codes:
                used_codes.add(code)
                break
        e = services.employer_create(
            actor=None, org=fed, name=name, kind=kind, credit_code=code, employees=employees, employees_on=start,
            address=f"滨江区{rng.choice(STREETS)}{rng.randrange(1, 300)}号", district=DISTRICTS[i % len(DISTRICTS)],
            registered_on=registered, contact_name=f"{rng.choice('王李张刘陈杨黄赵吴周')}经理",
            contact_phone=f"1{rng.choice('3589')}{rng.randrange(10**8, 10**9)}")
        summary.employers += 1
        if founded == "old":
            day = datetime.date(rng.randrange(2003, years[0] - 3), rng.randrange(1, 13), rng.randrange(1, 28))
            services.employer_found(actor=None, employer=e, founded_on=day,
                                    members_on_founding=max(1, employees * rng.randrange(50, 80) // 100))
            summary.founded += 1
            continue
        if founded:
            year = years[int(founded[1])]
            founded_on = _day(datetime.date(year, rng.randrange(4, 12), rng.randrange(1, 28)), today)
            first = founded_on - datetime.timedelta(days=rng.randrange(60, 150))
            for day, outcome in ((first, FoundingVisit.Outcome.CONTACTED),
                                 (first + datetime.timedelta(days=30), FoundingVisit.Outcome.AGREED),
                                 (founded_on - datetime.timedelta(days=7), FoundingVisit.Outcome.PREPARING)):
                _visit(e, day, outcome, today, summary)
            services.employer_found(actor=None, employer=e, founded_on=founded_on,
                                    members_on_founding=max(1, employees * rng.randrange(60, 90) // 100))
            _visit(e, founded_on, FoundingVisit.Outcome.FOUNDED, today, summary, note="召开工会成立大会，选举产生工会委员会")
            summary.founded += 1
        elif work:
            first = _day(datetime.date(years[-2], rng.randrange(3, 9), rng.randrange(1, 28)), today)
            _visit(e, first, FoundingVisit.Outcome.CONTACTED, today, summary, note="宣传《工会法》和建会政策")
            outcome = {"preparing": FoundingVisit.Outcome.PREPARING, "declined": FoundingVisit.Outcome.DECLINED,
                       "contacted": FoundingVisit.Outcome.CONTACTED}[work]
            note = {"preparing": "单位同意筹建，正在摸底职工入会意愿", "declined": "单位以经营困难为由暂不同意，约定下季度再访",
                    "contacted": "再次走访，留下建会资料"}[work]
            _visit(e, first + datetime.timedelta(days=45), outcome, today, summary, note=note)


def _day(day: datetime.date, today: datetime.date) -> datetime.date:
    return min(day, today - datetime.timedelta(days=3))


def _visit(employer, day, outcome, today, summary: FundsSummary, note: str = "") -> None:
    if day > today:
        return
    services.visit_record(actor=None, employer=employer, visited_on=day, visitor=VISITOR, outcome=outcome,
                          note=note or "上门宣传建会政策")
    summary.visits += 1


# ---------------------------------------------------------------------------------------------------------------
# Dues (会费) of the three demo unions
# ---------------------------------------------------------------------------------------------------------------

#: Basic wage bands (元/月) by union; a person's wage is drawn once and rises 3% each January.
WAGE_BANDS = {COMPANY: (3800, 9500), SCHOOL: (5200, 9800), BUREAU: (5600, 10500)}
#: Every union deducts dues from payroll each month. At the school a few teachers each month are not deducted
#: (unpaid leave, wages paid by another body); most of them pay in cash at the end of the term, some not yet, so
#: the school's 收缴率 is under 100% and arrears exist.
SKIPPED = {SCHOOL: 0.05}


def build_dues(b, summary: "DuesSummary") -> None:
    from decimal import Decimal

    from gonghui.funds.models import DuesExemption, DuesReceipt
    from gonghui.funds.services import dues

    rng, today, years = b.rng, b.today, b.years
    last_month = dues.month_start(today.replace(day=1) - datetime.timedelta(days=1))
    months = []
    day = datetime.date(years[0], 1, 1)
    while day <= last_month:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    for key in (COMPANY, SCHOOL, BUREAU):
        union = b.orgs[key]
        dues.policy_set(actor=None, org=union, effective_from=datetime.date(years[0], 1, 1), rate="0.5%",
                        rounding="jiao" if key == SCHOOL else "fen",
                        note="《中国工会章程》第二十九条" if key != SCHOOL else "教代会通过的会费收缴办法（尾数四舍五入到角）")
        people = list(Person.objects.filter(org__path__startswith=union.path).exclude(member_status="none")
                      .order_by("id").values_list("pk", "birth_date", "hardship_level"))
        low, high = WAGE_BANDS[key]
        wages = []
        for pk, birth, hardship in people:
            base = Decimal(rng.randrange(low * 10, high * 10, 5)) / 10  # whole 元 or .50
            for i, year in enumerate(years):
                wages.append((pk, datetime.date(year, 1, 1), (base * Decimal("1.03") ** i).quantize(Decimal("0.01"))))
            if hardship == "deep":
                DuesExemption.objects.create(org_id=union.pk, person_id=pk, kind=DuesExemption.Kind.EXEMPT,
                                             reason=DuesExemption.Reason.HARDSHIP,
                                             starts_on=datetime.date(years[0], 1, 1), note="深度困难职工免缴")
        _wages(union, wages)
        summary.wages += len(wages)
        for month in months:
            summary.charges += dues.dues_compute(actor=None, org=union, month=month).created
            paid_on = dues.month_end(month)
            if paid_on > today:
                continue
            skip = [pk for pk, _, _ in people if rng.random() < SKIPPED.get(key, 0)]
            dues.dues_collect_payroll(actor=None, org=union, month=month, paid_on=paid_on,
                                      receipt_no=f"{union.code}-DK{month:%Y%m}", token=f"demo-{month}", skip=skip)
            summary.receipts += 1
            if month.month in (6, 12):
                _term_cash(b, union, month, summary, DuesReceipt)


def _wages(union, rows) -> None:
    from gonghui.core import bulk
    from gonghui.funds.models import Wage

    orgs = dict(Person.objects.filter(pk__in={r[0] for r in rows}).values_list("pk", "org_id"))
    bulk.insert_rows(Wage, ("org_id", "person_id", "month", "amount", "source"),
                     [(orgs[pk], pk, month, amount, Wage.Source.IMPORT) for pk, month, amount in rows])


def _term_cash(b, union, month, summary, DuesReceipt) -> None:
    """At the end of a term, two in three of the members not deducted pay what they owe in cash (one receipt each);
    the others stay in arrears."""
    from gonghui.core.errors import ServiceError
    from gonghui.funds.models import DuesCharge
    from gonghui.funds.services import dues

    rng = b.rng
    collection = datetime.date(month.year, month.month, 25)
    if collection > b.today:
        return
    owed: dict = {}
    for person_id, charged in (DuesCharge.objects.filter(org__path__startswith=union.path, month__lte=month,
                                                         amount__gt=0, payment__isnull=True)
                               .order_by("person_id", "month").values_list("person_id", "month")):
        owed.setdefault(person_id, []).append(charged)
    people = {p.pk: p for p in Person.objects.filter(pk__in=list(owed))}
    for person_id, months in owed.items():
        if rng.random() < 0.34:
            continue
        summary.cash += 1
        try:
            dues.dues_collect(actor=None, org=union, person=people[person_id], months=months, paid_on=collection,
                              receipt_no=f"{union.code}-XJ{summary.cash:05d}", method=DuesReceipt.Method.CASH,
                              token=f"demo-cash-{summary.cash}")
            summary.receipts += 1
        except ServiceError:
            pass


@dataclass
class DuesSummary:
    wages: int = 0
    charges: int = 0
    receipts: int = 0
    cash: int = 0


# --- union funds and the ledger -------------------------------------------------------------------------------------

@dataclass
class LedgerSummary:
    arrivals: int = 0
    remittances: int = 0
    proposed: int = 0
    booked: int = 0
    manual: int = 0
    closed: int = 0
    published: int = 0


#: Manual entries of a year (month, day, category, subcategory, amount, summary, counterparty); amounts scale by union.
MANUAL = [
    (1, 18, "activities", "文体活动", "18600.00", "迎新春职工联欢会场地及演出费", "滨江文化中心"),
    (3, 8, "activities", "文体活动", "6400.00", "三八节女职工健步走活动", "滨江体育用品商店"),
    (4, 22, "services", "职工书屋", "3250.00", "职工书屋购置图书", "新华书店滨江店"),
    (5, 20, "activities", "文体活动", "9800.00", "职工篮球赛场地及奖品", "滨江体育馆"),
    (6, 12, "business", "培训费", "4200.00", "工会干部业务培训", "滨江区职工学校"),
    (7, 15, "business", "业务招待费", "680.00", "接待上级工会调研工作餐", "江滨饭店"),
    (9, 10, "capital", "设备购置", "12800.00", "职工活动室健身器材", "滨江体育用品商店"),
    (10, 16, "rights", "劳动保护", "2600.00", "职工代表培训及劳动保护宣传资料", "滨江印务"),
    (11, 26, "business", "业务招待费", "450.00", "接待兄弟单位工会交流工作餐", "江滨饭店"),
]
SCALE = {COMPANY: 1, SCHOOL: 0.5, BUREAU: 0.4}
AVERAGE_PAY = {COMPANY: 8200, SCHOOL: 9600, BUREAU: 10400}


def build_ledger(b) -> LedgerSummary:
    """Union funds and the ledger of the three demo unions over the window, as their treasurers would keep them:
    the payroll base and the 2% arriving monthly (the bureau's last month not yet arrived), 40% remitted to 区总工会
    each quarter (the federation books what arrives through its proposals), upper grants and an administration
    subsidy, a few entries by hand with voucher numbers (two of them 业务招待费), care payments and dues receipts
    proposed and booked (the last month's left waiting), the company's months closed up to two months ago, one
    reversal, and last year's 收支情况 and 业务招待费 published to members."""
    from decimal import Decimal

    from gonghui.funds.models import LedgerEntry
    from gonghui.funds.services import allocation, ledger, publication
    from gonghui.funds.services.dues import month_start

    s = LedgerSummary()
    rng, today, years = b.rng, b.today, b.years
    fed = b.orgs["fed"]
    allocation.policy_set(actor=None, org=fed, effective_from=datetime.date(years[0], 1, 1), upward_share="40%",
                          note="区总工会关于工会经费上解比例的规定（基层留成60%）")
    this_month = month_start(today)
    months = []
    day = datetime.date(years[0], 1, 1)
    while day < this_month:
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    last_closed = month_start(this_month - datetime.timedelta(days=40))
    for key in (COMPANY, SCHOOL, BUREAU):
        union = b.orgs[key]
        employees = Person.objects.filter(org__path__startswith=union.path).exclude(member_status="none").count()
        scale = Decimal(str(SCALE[key]))
        for month in months:
            pay = Decimal(employees * AVERAGE_PAY[key]) * Decimal(1 + rng.randrange(-30, 31) / 1000)
            base = allocation.base_set(actor=None, org=union, month=month, payroll=pay.quantize(Decimal("0.01")),
                                       employees=employees)
            arrived_on = month_start(month + datetime.timedelta(days=32)) + datetime.timedelta(days=9)
            if arrived_on > today or (key == BUREAU and month == months[-1]):
                continue
            allocation.arrival_add(actor=None, org=union, month=month, arrived_on=arrived_on, amount=base.due,
                                   payer=union.name.replace("工会", "").replace("委员会", ""),
                                   voucher_no=f"记-{arrived_on:%Y%m}-A{month:%m}", token=f"demo-arr-{month}")
            s.arrivals += 1
            if month.month % 3 == 0 and arrived_on + datetime.timedelta(days=5) <= today:
                quarter = [m for m in months if m.year == month.year and month.month - 3 < m.month <= month.month]
                upward = sum((b2.upward_due for b2 in union_bases(union, quarter)), Decimal("0.00"))
                allocation.remittance_add(actor=None, org=union, month=month, remitted_on=arrived_on + datetime.timedelta(days=5),
                                          amount=upward, voucher_no=f"记-{arrived_on:%Y%m}-R{month:%m}",
                                          token=f"demo-rem-{month}")
                s.remittances += 1
        for year in years:
            grant_day = datetime.date(year, 6, 20)
            if grant_day <= today:
                allocation.grant_add(actor=None, org=union, category="admin_grant", entry_date=grant_day,
                                     amount=(Decimal("20000") * scale).quantize(Decimal("0.01")),
                                     counterparty=union.name.replace("工会委员会", "").replace("工会", ""),
                                     summary="行政补助工会活动经费", voucher_no=f"记-{year}06-G1")
                s.manual += 1
            for m, d, category, sub, amount, summary, party in MANUAL:
                day = datetime.date(year, m, d)
                if day >= this_month:
                    continue
                ledger.entry_add(actor=None, org=union, entry_date=day, category=category, subcategory=sub,
                                 amount=(Decimal(amount) * scale).quantize(Decimal("0.01")), summary=summary,
                                 counterparty=party, voucher_no=f"记-{day:%Y%m}-M{d:02d}", token=f"demo-{day}")
                s.manual += 1
        # care payments and dues receipts: proposed for the window, booked up to last month
        s.proposed += ledger.ledger_propose(actor=None, org=union, start=datetime.date(years[0], 1, 1),
                                            end=today).created
        waiting = LedgerEntry.objects.filter(org=union, status=LedgerEntry.Status.PROPOSED,
                                             entry_date__lt=months[-1]).order_by("entry_date", "pk")
        for year in years:
            s.booked += ledger.entries_book(actor=None, entries=waiting.filter(entry_date__year=year),
                                            voucher_prefix=f"记-{year}-Z")
    # 区总工会 books the remittances that arrived
    s.proposed += ledger.ledger_propose(actor=None, org=fed, start=datetime.date(years[0], 1, 1), end=today).created
    s.booked += ledger.entries_book(actor=None, entries=LedgerEntry.objects.filter(
        org=fed, status=LedgerEntry.Status.PROPOSED, entry_date__lt=months[-1]), voucher_prefix="总记-Z")
    from .funds_budget import add_books

    s.manual += add_books(b)  # last year's activity spending that the budget and fund-rule demo checks
    company = b.orgs[COMPANY]
    # one mistake corrected by a reversing entry (a duplicated book purchase)
    wrong = ledger.entry_add(actor=None, org=company, entry_date=datetime.date(years[1], 4, 23), category="services",
                             subcategory="职工书屋", amount="3250.00", summary="职工书屋购置图书（重复录入）",
                             counterparty="新华书店滨江店", voucher_no=f"记-{years[1]}04-M23B")
    ledger.entry_reverse(actor=None, entry=wrong, entry_date=datetime.date(years[1], 4, 28), reason="重复录入，冲销",
                         voucher_no=f"记-{years[1]}04-H1")
    for month in months:
        if month <= last_closed:
            ledger.month_close(actor=None, org=company, month=month)
            s.closed += 1
    for key in (COMPANY, SCHOOL):
        for kind in ("finance", "hospitality"):
            publication.statement_publish(actor=None, org=b.orgs[key], year=years[1], kind=kind,
                                          approved_by="工会委员会", published_on=datetime.date(years[2], 1, 20))
            s.published += 1
    return s


def union_bases(union, months):
    from gonghui.funds.models import AllocationBase

    return AllocationBase.objects.filter(org=union, month__in=months)
