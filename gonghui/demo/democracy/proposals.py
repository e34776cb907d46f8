"""The demo proposals (提案) of the company's 职代会: six departments answering them (人力资源部's contact has the demo
login `company_department`), and about 40 proposals of the second term — raised in March of each of the window's
first two years (all handled by the end of the year: registered, merged, turned into opinions or refused; assigned,
answered, rated, one sent back once and answered again, closed) and, this year, a batch relative to today in every
live state (waiting for review, registered, assigned, overdue, answered, rated). Proposers and co-proposers are drawn
from the delegates serving when the proposal is raised.
"""
from __future__ import annotations

import datetime

from gonghui.accounts.roles import Role
from gonghui.democracy.models import ProposalState
from gonghui.democracy.services import proposals as services

from ..builder import COMPANY, PASSWORD

S = ProposalState
DEPARTMENTS = ["综合办公室", "人力资源部", "生产技术部", "安全环保部", "财务部", "后勤保障部"]
CONTACT_LOGIN = "company_department"

# (title, category, department, answer)
TOPICS = [
    ("关于改善一车间夏季通风降温条件的建议", "safety", "安全环保部", "已更换一车间屋顶排风机12台，增设岗位移动冷风机8台，7月前全部投用。"),
    ("关于提高夜班津贴标准的建议", "wages", "人力资源部", "经测算并报经营层研究，夜班津贴自下季度起由每班30元提高到40元。"),
    ("关于增加职工食堂夜班供餐的建议", "welfare", "后勤保障部", "食堂已增设22:00至24:00夜班供餐窗口，提供热食两荤两素。"),
    ("关于开展数控技能提升培训的建议", "training", "人力资源部", "已与市技师学院合作开设数控中级工培训班两期，每期30人。"),
    ("关于更新二车间老旧冲压设备的建议", "production", "生产技术部", "二车间3台老旧冲压机已列入年度技改计划，预计三季度完成更新。"),
    ("关于完善厂务公开栏内容的建议", "democracy", "综合办公室", "已按月更新厂务公开栏，增加业务招待费、评先评优等公开内容。"),
    ("关于增设职工停车棚的建议", "welfare", "后勤保障部", "已在东门内侧新建电动车停车棚一处，配置充电桩40个。"),
    ("关于规范加班审批和调休的建议", "wages", "人力资源部", "已修订《考勤与加班管理办法》，加班须事先审批，调休在两个月内安排。"),
    ("关于加强仓库消防安全管理的建议", "safety", "安全环保部", "已对仓储物流部开展消防专项检查，补充灭火器60具，每月组织一次演练。"),
    ("关于优化设备点检制度的建议", "production", "生产技术部", "已推行设备点检二维码记录，点检结果实时上传设备管理系统。"),
    ("关于为一线职工配发防噪耳罩的建议", "safety", "安全环保部", "已为冲压、打磨岗位职工配发防噪耳罩，并纳入劳保用品年度发放标准。"),
    ("关于建立职工子女暑期托管班的建议", "welfare", "综合办公室", "工会与行政联合举办暑期托管班，为职工子女提供为期六周的托管服务。"),
    ("关于提高高温补贴发放标准的建议", "wages", "人力资源部", "高温津贴已按省定标准足额发放，室外作业岗位另增加每月50元补贴。"),
    ("关于完善新员工师带徒制度的建议", "training", "人力资源部", "已制定《师带徒管理办法》，师傅每月带徒津贴200元，考核合格后发放。"),
    ("关于改善三车间照明条件的建议", "safety", "生产技术部", "三车间照明已全部更换为LED灯具，作业面照度提高到300勒克斯以上。"),
    ("关于增加职工健身活动场地的建议", "welfare", "后勤保障部", "已利用原二号仓库改建职工健身房，配置跑步机、乒乓球台等器材。"),
    ("关于推行成本节约合理化建议奖励的建议", "production", "财务部", "已设立合理化建议奖励基金，采纳的建议按节约金额的5%给予奖励。"),
    ("关于公开职工福利费使用情况的建议", "democracy", "财务部", "职工福利费使用情况已纳入厂务公开，每半年在职代会上报告一次。"),
    ("关于改善倒班职工宿舍条件的建议", "welfare", "后勤保障部", "倒班宿舍已加装空调和热水器，每间入住人数由6人减为4人。"),
    ("关于建立技能等级与薪酬挂钩机制的建议", "wages", "人力资源部", "已出台技能等级津贴办法，高级工、技师、高级技师每月分别增加300、500、800元。"),
    ("关于完善班组安全活动记录的建议", "safety", "安全环保部", "班组安全活动记录已改为电子台账，安全环保部每月抽查通报。"),
    ("关于开展质量管理小组活动的建议", "production", "生产技术部", "已组建QC小组14个，年底组织成果发布和评比。"),
    ("关于增加职工体检项目的建议", "welfare", "人力资源部", "年度体检已增加甲状腺彩超、肿瘤标志物等项目，女职工增加两癌筛查。"),
    ("关于设立职工书屋的建议", "training", "综合办公室", "职工书屋已在办公楼二楼建成，藏书3000余册，全天开放。"),
    ("关于规范劳务派遣用工的建议", "wages", "人力资源部", "已对劳务派遣用工进行清理，派遣用工比例控制在10%以内，同工同酬。"),
    ("关于改进生产计划排程的建议", "production", "生产技术部", "已上线生产排程系统，减少临时插单，计划变更提前三天通知班组。"),
    ("关于完善职代会提案答复公示的建议", "democracy", "综合办公室", "提案答复情况已在厂务公开栏和内网同步公示。"),
    ("关于加装厂区道路减速带的建议", "safety", "安全环保部", "厂区主干道已加装减速带8处、道路反光镜4面。"),
    ("关于调整食堂菜价的建议", "welfare", "后勤保障部", "食堂已推出8元、12元两档平价套餐，每日公示菜价。"),
    ("关于开展职工心理健康辅导的建议", "other", "综合办公室", "已聘请专业机构每季度开展一次心理健康讲座，设立心理咨询室。"),
]
PAST = [  # first two years: (decision, rating, sent back)
    (S.CLOSED, "satisfied"), (S.CLOSED, "satisfied"), (S.CLOSED, "fairly"), (S.CLOSED, "satisfied"),
    (S.CLOSED, "satisfied"), (S.CLOSED, "fairly"), (S.CLOSED, "satisfied"), (S.CLOSED, "unsatisfied_back"),
    (S.CLOSED, "satisfied"), (S.CLOSED, ""), (S.MERGED, ""), (S.OPINION, ""), (S.REJECTED, ""),
    (S.CLOSED, "satisfied"), (S.CLOSED, "fairly"),
]
CURRENT = [S.SUBMITTED, S.SUBMITTED, S.REGISTERED, S.ASSIGNED, S.ASSIGNED, "overdue", S.ANSWERED, S.ANSWERED,
           S.RATED, S.RATED, S.CLOSED, "rated_unsatisfied"]


def schedule(ctx) -> None:
    y0 = ctx.years[0]
    ctx.current = {}
    first_day = datetime.date(y0, 3, 25)  # after the second term's election (20 March)
    ctx.at(first_day, COMPANY, _departments, ctx)
    topics = iter(TOPICS * 2)
    for year in ctx.years[:2]:
        for i, (outcome, rating) in enumerate(PAST):
            day = datetime.date(year, 3, 26) + datetime.timedelta(days=i % 6)
            title, category, dept, answer = next(topics)
            _plan_past(ctx, day, title, category, dept, answer, outcome, rating, i)
    base = ctx.today - datetime.timedelta(days=75)
    if base >= first_day:
        for i, state in enumerate(CURRENT):
            title, category, dept, answer = next(topics)
            _plan_current(ctx, base + datetime.timedelta(days=i % 4), title, category, dept, answer, state, i)
    ctx.summary.counts["proposals"] = {"提案": 2 * len(PAST) + (len(CURRENT) if base >= first_day else 0)}


def _departments(ctx) -> None:
    from gonghui.accounts import services as account_services

    org = ctx.orgs[COMPANY]
    contact = account_services.user_create(
        actor=ctx.users["admin"], username=CONTACT_LOGIN, password=PASSWORD, org=org, role=Role.DEPARTMENT,
        display_name="人力资源部联系人", must_change_password=False)
    ctx.users[CONTACT_LOGIN] = contact
    ctx.departments = {name: services.department_save(actor=None, org=org, name=name, order=i,
                                                      contacts=[contact] if name == "人力资源部" else [])
                       for i, name in enumerate(DEPARTMENTS)}


def _people(ctx, i: int, cosigners: int):
    delegates = [d for d in ctx.delegates[COMPANY] if d.is_serving]
    picked = ctx.rng.sample(delegates, 1 + cosigners)
    return picked[0].person, [d.person for d in picked[1:]]


def _submit(ctx, day, title, category, i):
    proposer, cosigners = _people(ctx, i, ctx.rng.choice([0, 0, 1, 1, 2, 3]))
    term = ctx.delegates[COMPANY][0].term
    return services.proposal_submit(actor=None, term=term, proposer=proposer, title=title, category=category,
                                    reasons=f"{title.removeprefix('关于').removesuffix('的建议')}事关职工切身利益，"
                                            "职工反映较多，现状存在不足，影响职工工作和生活。",
                                    measures="建议有关部门深入调研，制定具体措施并明确完成时限，及时向职工公开办理结果。",
                                    cosigners=cosigners, submitted_on=day)


def _officer(ctx):
    return ctx.users["company_officer"]


def _answerer(ctx, dept_name):
    return ctx.users[CONTACT_LOGIN] if dept_name == "人力资源部" else _officer(ctx)


def _plan_past(ctx, day, title, category, dept, answer, outcome, rating, i):
    def raise_it():
        ctx.current[title + str(day.year)] = _submit(ctx, day, title, category, i)

    key = title + str(day.year)
    ctx.at(day, COMPANY, raise_it)
    review_day = day + datetime.timedelta(days=10)

    def review():
        p = ctx.current[key]
        if outcome in (S.MERGED, S.OPINION, S.REJECTED):
            if outcome == S.MERGED:
                target = next((q for q in ctx.current.values() if q.term_id == p.term_id and q.pk != p.pk
                               and q.is_registered and q.category == p.category), None)
                if target is None:
                    target = next(q for q in ctx.current.values() if q.pk != p.pk and q.is_registered)
                services.proposal_review(actor=_officer(ctx), proposal=p, decision=S.MERGED, merged_into=target,
                                         on=review_day)
            else:
                note = ("该事项属日常管理工作，已转交相关部门作为意见建议研究处理。" if outcome == S.OPINION
                        else "该建议涉及个人待遇问题，不属于提案范围，已向提案人说明，建议通过职工意见箱反映。")
                services.proposal_review(actor=_officer(ctx), proposal=p, decision=outcome, note=note, on=review_day)
            return
        p = services.proposal_review(actor=_officer(ctx), proposal=p, decision=S.REGISTERED, on=review_day)
        ctx.current[key] = p
        assigned = review_day + datetime.timedelta(days=3)
        services.proposal_assign(actor=_officer(ctx), proposal=p, department=ctx.departments[dept], on=assigned)

    # Registered ones are reviewed first on the day, so that a merged one finds its target.
    ctx.at(review_day if outcome not in (S.MERGED,) else review_day + datetime.timedelta(days=1), COMPANY, review)
    if outcome != S.CLOSED:
        return
    answered = day + datetime.timedelta(days=35 + i % 10)
    ctx.at(answered, COMPANY, lambda: services.proposal_answer(
        actor=_answerer(ctx, dept), proposal=ctx.current[key], department=ctx.departments[dept], text=answer,
        on=answered))
    rated = answered + datetime.timedelta(days=5)
    if rating == "unsatisfied_back":
        ctx.at(rated, COMPANY, lambda: services.proposal_rate(
            actor=None, proposal=ctx.current[key], rating="unsatisfied", note="答复未明确完成时限，落实进度慢。", on=rated))
        back = rated + datetime.timedelta(days=2)
        ctx.at(back, COMPANY, lambda: services.proposal_send_back(actor=_officer(ctx), proposal=ctx.current[key],
                                                                  on=back))
        second = back + datetime.timedelta(days=20)
        ctx.at(second, COMPANY, lambda: services.proposal_answer(
            actor=_answerer(ctx, dept), proposal=ctx.current[key], department=ctx.departments[dept],
            text=answer + "经再次研究，已明确于年底前全部完成，并将进度每月在厂务公开栏公布。", on=second))
        rated = second + datetime.timedelta(days=5)
        rating = "fairly"
    if rating:
        ctx.at(rated, COMPANY, lambda: services.proposal_rate(actor=None, proposal=ctx.current[key], rating=rating,
                                                              on=rated))
    closed = rated + datetime.timedelta(days=7)
    ctx.at(closed, COMPANY, lambda: services.proposal_close(actor=_officer(ctx), proposal=ctx.current[key],
                                                            on=closed))


def _plan_current(ctx, day, title, category, dept, answer, state, i):
    key = f"now:{i}"

    def raise_it():
        ctx.current[key] = _submit(ctx, day, title, category, i)

    ctx.at(day, COMPANY, raise_it)
    if state == S.SUBMITTED:
        return
    review_day = day + datetime.timedelta(days=7)
    ctx.at(review_day, COMPANY, lambda: services.proposal_review(actor=_officer(ctx), proposal=ctx.current[key],
                                                                 decision=S.REGISTERED, on=review_day))
    if state == S.REGISTERED:
        return
    assigned = review_day + datetime.timedelta(days=3)
    due = (ctx.today - datetime.timedelta(days=12)) if state == "overdue" else assigned + datetime.timedelta(days=90)
    ctx.at(assigned, COMPANY, lambda: services.proposal_assign(
        actor=_officer(ctx), proposal=ctx.current[key], department=ctx.departments[dept], on=assigned, due_on=due))
    if state in (S.ASSIGNED, "overdue"):
        return
    answered = assigned + datetime.timedelta(days=20 + i % 5)
    ctx.at(answered, COMPANY, lambda: services.proposal_answer(
        actor=_answerer(ctx, dept), proposal=ctx.current[key], department=ctx.departments[dept], text=answer,
        on=answered))
    if state == S.ANSWERED:
        return
    rated = answered + datetime.timedelta(days=4)
    unsatisfied = state == "rated_unsatisfied"
    ctx.at(rated, COMPANY, lambda: services.proposal_rate(
        actor=None, proposal=ctx.current[key], rating="unsatisfied" if unsatisfied else "satisfied",
        note="答复只说明了原则，没有具体措施。" if unsatisfied else "", on=rated))
    if state == S.CLOSED:
        closed = rated + datetime.timedelta(days=3)
        ctx.at(closed, COMPANY, lambda: services.proposal_close(actor=_officer(ctx), proposal=ctx.current[key],
                                                                on=closed))
