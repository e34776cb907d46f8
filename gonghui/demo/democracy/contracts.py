"""The demo's collective contracts (集体合同), dated from the demo's today:

- the company's 综合性集体合同, signed about three years ago for three years and ending within 90 days — not yet
  renewed, so the officer's desk shows it (集体合同90日内到期待续签) and `gonghui remind` reminds;
- its 工资专项集体合同, first signed in March of the year before last for one year and renewed (续签, version 2) in
  March of last year for two years — approved at a congress session when the congress part has made one that
  suits (the session's union and date), else without one;
- its 女职工权益保护专项集体合同, first signed around 三八 last year;
- the school's 综合性集体合同 (教职工), signed in the autumn of the year before last;
- a performance check (履约检查) every December for each contract in force, one of which found a problem that was
  put right in January. The bureau (局机关工会) has no contract: 区总工会 sees a 签订率 below 100%.
So the demo's summary for last year says "…续签了工资专项集体合同，新签订了女职工权益保护专项集体合同…".
"""
from __future__ import annotations

import datetime

from gonghui.democracy.models import CongressSession, ContractKind
from gonghui.democracy.models.contracts import add_years
from gonghui.democracy.services import contracts as services
from gonghui.members.metrics import employees_on

from ..builder import COMPANY, SCHOOL

BUREAU_NAME = "滨江区人力资源和社会保障局"

TEXTS = {
    ContractKind.COMPREHENSIVE: (
        "第一条　为建立和谐稳定的劳动关系，维护职工和企业的合法权益，根据《中华人民共和国劳动法》《中华人民共和国工会法》"
        "《集体合同规定》等法律法规，经双方平等协商，订立本合同。\n\n"
        "第二条　劳动报酬：企业实行工资集体协商制度，职工月工资不低于当地最低工资标准的120%；工资于每月15日前以货币形式"
        "足额支付，不得克扣或无故拖欠。\n\n"
        "第三条　工作时间和休息休假：实行每日8小时、每周40小时工作制；安排加班须与工会协商，并依法支付加班工资或安排补休。\n\n"
        "第四条　劳动安全卫生：企业按国家标准提供劳动防护用品，每年组织职工健康体检一次，接触职业危害岗位职工另行专项体检。\n\n"
        "第五条　保险福利：企业依法为职工足额缴纳社会保险和住房公积金，并按规定向工会拨缴经费。\n\n"
        "第六条　本合同经职工代表大会审议通过，由双方首席代表签字，报劳动保障行政部门审查后生效。"),
    ContractKind.WAGE: (
        "第一条　本年度职工工资总额随企业经济效益同步增长，职工平均工资增长幅度不低于5%。\n\n"
        "第二条　一线生产岗位职工工资增长幅度高于平均水平；最低工资不低于当地最低工资标准的120%。\n\n"
        "第三条　高温、夜班、有毒有害岗位津贴按附件标准执行，随工资同步调整。"),
    ContractKind.WOMEN: (
        "第一条　企业不得因结婚、怀孕、产假、哺乳等原因降低女职工工资或解除劳动合同。\n\n"
        "第二条　女职工每年享受妇科病、乳腺病检查一次，费用由企业承担。\n\n"
        "第三条　女职工生育享受国家规定的产假，哺乳期内每天安排1小时哺乳时间；设立母婴室。"),
}


def schedule(ctx) -> None:
    today, (y0, y1, _) = ctx.today, ctx.years
    made = ctx.summary.counts.setdefault("contracts", {"集体合同": 0})

    def count():
        made["集体合同"] += 1

    # The company's comprehensive contract: three years, ending within 90 days of today.
    ends = today + datetime.timedelta(days=58)
    starts = add_years(ends + datetime.timedelta(days=1), -3)
    _contract(ctx, COMPANY, ContractKind.COMPREHENSIVE, signed_on=starts - datetime.timedelta(days=12),
              starts_on=starts, ends_on=ends, on_made=count)

    # The wage agreement: one year from April of the year before last, renewed last March for two years.
    first = _contract(ctx, COMPANY, ContractKind.WAGE, signed_on=datetime.date(y0, 3, 26),
                      starts_on=datetime.date(y0, 4, 1), ends_on=datetime.date(y1, 3, 31), on_made=count)
    ctx.at(datetime.date(y1, 3, 24), COMPANY, _renew, ctx, COMPANY, first, signed_on=datetime.date(y1, 3, 24),
           starts_on=datetime.date(y1, 4, 1), ends_on=datetime.date(y1 + 2, 3, 31), on_made=count)

    # The women's special contract: first signed around 三八 last year, for three years.
    _contract(ctx, COMPANY, ContractKind.WOMEN, signed_on=datetime.date(y1, 3, 6),
              starts_on=datetime.date(y1, 3, 8), ends_on=datetime.date(y1 + 3, 3, 7), on_made=count)

    # The school's comprehensive contract (教职工), from October of the year before last.
    _contract(ctx, SCHOOL, ContractKind.COMPREHENSIVE, signed_on=datetime.date(y0, 9, 20),
              starts_on=datetime.date(y0, 10, 1), ends_on=datetime.date(y0 + 3, 9, 30), on_made=count,
              employer="滨江区实验中学")


def _employees(ctx, union, day) -> int:
    return employees_on(ctx.orgs[union], day).count()


def _session(ctx, union, before: datetime.date):
    """The latest congress session of the union opened in the 60 days before the signing, if the congress part
    made one."""
    return (CongressSession.objects.filter(org=ctx.orgs[union], opened_on__lte=before,
                                           opened_on__gte=before - datetime.timedelta(days=60))
            .order_by("-opened_on").first())


def _contract(ctx, union, kind, *, signed_on, starts_on, ends_on, on_made, employer=""):
    """Schedule the signing, the submission (a few days later), the bureau's acceptance and the yearly checks."""
    holder: dict = {}

    def sign():
        org = ctx.orgs[union]
        c = services.contract_create(
            actor=None, org=org, kind=kind, employer_name=employer or org.employer or org.name,
            employer_representative="周建国" if union == COMPANY else "林校长",
            union_representative="王秀兰" if union == COMPANY else "陈老师",
            employer_signatories="周建国、刘明" if union == COMPANY else "林校长",
            union_signatories="王秀兰、赵强" if union == COMPANY else "陈老师、黄老师",
            employees_covered=_employees(ctx, union, signed_on), signed_on=signed_on, starts_on=starts_on,
            ends_on=ends_on, session=_session(ctx, union, signed_on), content=TEXTS.get(kind, TEXTS[ContractKind.COMPREHENSIVE]))
        holder["contract"] = c
        on_made()

    ctx.at(signed_on, union, sign)
    _follow(ctx, union, holder, signed_on, starts_on, ends_on, kind)
    return holder


def _follow(ctx, union, holder, signed_on, starts_on, ends_on, kind):
    submitted = signed_on + datetime.timedelta(days=5)
    ctx.at(submitted, union, lambda: services.contract_submit(actor=None, contract=holder["contract"],
                                                              submitted_on=submitted, bureau=BUREAU_NAME))
    accepted = submitted + datetime.timedelta(days=12)
    ctx.at(accepted, union, lambda: services.contract_review(actor=None, contract=holder["contract"],
                                                             accepted_on=accepted))
    for year in range(starts_on.year, ctx.today.year + 1):
        day = datetime.date(year, 12, 10)
        if day < starts_on + datetime.timedelta(days=60) or day > ends_on or day > ctx.today:
            continue
        problem = year == ctx.years[1] and union == COMPANY and kind == ContractKind.COMPREHENSIVE
        ctx.at(day, union, _check, ctx, union, holder, day, problem)


def _check(ctx, union, holder, day, problem):
    c = holder["contract"]
    if c.pk is None or c.checks.filter(year=day.year).exists():
        return
    check = services.check_record(
        actor=None, contract=c, checked_on=day, checkers="工会主席、劳动法律监督委员会委员、人力资源部负责人",
        findings="对照合同条款逐项检查：工资按时足额发放，工时和休息休假制度执行到位，社会保险足额缴纳。",
        problems="部分车间夜班津贴未随工资同步调整。" if problem else "")
    if problem:
        fixed = datetime.date(day.year + 1, 1, 15)
        if fixed <= ctx.today:
            ctx.at(fixed, union, lambda: services.check_rectify(actor=None, check=check, rectified_on=fixed,
                                                  rectification="已按新标准补发夜班津贴差额。"))


def _renew(ctx, union, holder, *, signed_on, starts_on, ends_on, on_made):
    new = services.contract_renew(actor=None, contract=holder["contract"], signed_on=signed_on, starts_on=starts_on,
                                  ends_on=ends_on, session=_session(ctx, union, signed_on),
                                  employees_covered=_employees(ctx, union, signed_on))
    on_made()
    renewed = {"contract": new}
    _follow(ctx, union, renewed, signed_on, starts_on, ends_on, new.kind)
