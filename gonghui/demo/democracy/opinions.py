"""The demo's opinions (职工意见建议): the company's 意见箱 (the demo member, named and anonymous), 职工座谈会 each
quarter and 经理接待日 every other month; the school's 校长接待日 and 教师座谈会. Most are forwarded a few days later
and answered within a month (采纳, 部分采纳, 暂不采纳 with an explanation, 已知悉); those of the last weeks still wait,
one forwarded and one not, so that the officers have something on their desk."""
from __future__ import annotations

import datetime

from gonghui.democracy.services import opinions as services
from gonghui.members.models import Person

from ..builder import COMPANY, SCHOOL

# (category, text, department)
COMPANY_TEXTS = [
    ("welfare", "职工食堂晚班供餐品种少，建议增加夜班热食和面食窗口。", "后勤保障部"),
    ("safety", "三车间焊接工位通风不畅，夏季烟尘大，建议加装局部排风装置。", "安全环保部"),
    ("pay", "建议公开加班费计算办法，按月在公开栏公布各班组加班时数。", "人力资源部"),
    ("training", "建议组织数控操作技能培训，并与技能等级认定挂钩。", "人力资源部"),
    ("welfare", "厂区班车线路未覆盖新建小区，建议增加一条线路。", "综合办公室"),
    ("production", "二车间物料周转区过窄，叉车与行人混行，建议重新划线分区。", "生产部"),
    ("management", "建议简化职工请休假审批流程，实行网上审批。", "人力资源部"),
    ("safety", "建议为一线职工更换防滑劳保鞋，现有款式冬季易滑。", "安全环保部"),
    ("welfare", "女职工休息室设施陈旧，建议更新并增设哺乳室。", "工会"),
    ("production", "建议对老旧空压机进行节能改造，降低能耗。", "设备动力部"),
]
SCHOOL_TEXTS = [
    ("welfare", "建议为午间看班教师提供工作餐。", "总务处"),
    ("training", "建议增加青年教师外出学习培训名额。", "教务处"),
    ("management", "建议调整晚自习值班安排，减少连续值班天数。", "政教处"),
    ("welfare", "教师办公室空调老化，建议暑期检修更换。", "总务处"),
]
OUTCOMES = ["adopted", "partly", "adopted", "explained", "noted", "adopted"]
ANSWERS = {"adopted": "经研究，采纳该建议，已安排落实，预计一个月内完成。",
           "partly": "经研究，部分采纳：先在重点岗位实施，其余结合明年预算统筹安排。",
           "explained": "经研究，暂不具备实施条件，已向职工说明原因，将在条件具备时再作安排。",
           "noted": "已知悉，已转有关部门在日常管理中改进。"}


def schedule(ctx) -> None:
    start = ctx.b.start
    n = 0
    day = start + datetime.timedelta(days=20)
    while day <= ctx.today:
        month = day.month
        # The company: the member's 意见箱 every other month (every third one anonymous) …
        if month % 2 == 1:
            n += 1
            category, text, dept = COMPANY_TEXTS[n % len(COMPANY_TEXTS)]
            ctx.at(day, COMPANY, _box, ctx, day, category, text, dept, n, anonymous=n % 3 == 0, actor="member")
        # … a 职工座谈会 each quarter (two opinions) and a 经理接待日 every other month.
        if month % 3 == 0:
            for k in range(2):
                n += 1
                category, text, dept = COMPANY_TEXTS[(n * 3) % len(COMPANY_TEXTS)]
                ctx.at(day, COMPANY, _record, ctx, COMPANY, day, "forum", f"{day.year}年第{(month - 1) // 3 + 1}季度职工座谈会",
                       category, text, dept, n)
        if month % 2 == 0:
            n += 1
            category, text, dept = COMPANY_TEXTS[(n * 7) % len(COMPANY_TEXTS)]
            ctx.at(day, COMPANY, _record, ctx, COMPANY, day, "reception", f"{day.year}年{month}月经理接待日", category,
                   text, dept, n)
        if month in (4, 10):
            n += 1
            category, text, dept = SCHOOL_TEXTS[n % len(SCHOOL_TEXTS)]
            ctx.at(day, SCHOOL, _record, ctx, SCHOOL, day, "reception", f"{day.year}年{month}月校长接待日", category,
                   text, dept, n)
        if month in (6, 12):
            n += 1
            category, text, dept = SCHOOL_TEXTS[(n + 1) % len(SCHOOL_TEXTS)]
            ctx.at(day, SCHOOL, _record, ctx, SCHOOL, day, "forum", f"{day.year}年{'上' if month == 6 else '下'}学期教师座谈会",
                   category, text, dept, n)
        day = (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=min(20, 28))


def _count(ctx, what):
    counts = ctx.summary.counts.setdefault("opinions", {})
    counts[what] = counts.get(what, 0) + 1


def _follow_up(ctx, union, opinion, day, dept, n):
    """Forward 3 days later and answer 10–30 days after that, unless it is too recent (the desk's to-do)."""
    forward_on = day + datetime.timedelta(days=3)
    answer_on = forward_on + datetime.timedelta(days=10 + (n * 7) % 21)
    if forward_on <= ctx.today - datetime.timedelta(days=2):
        ctx.at(forward_on, union, _forward, ctx, opinion, dept, forward_on)
    if answer_on <= ctx.today - datetime.timedelta(days=20):
        outcome = OUTCOMES[n % len(OUTCOMES)]
        ctx.at(answer_on, union, _answer, ctx, opinion, outcome, answer_on, dept)


def _box(ctx, day, category, text, dept, n, *, anonymous):
    opinion, _ = services.opinion_submit(actor=ctx.users["member"], content=text, category=category,
                                         anonymous=anonymous, submitted_on=day, submit_key=f"demo-{n}")
    _count(ctx, "意见箱（匿名）" if anonymous else "意见箱（署名）")
    _follow_up(ctx, COMPANY, opinion, day, dept, n)


def _record(ctx, union, day, channel, occasion, category, text, dept, n):
    org = ctx.orgs[union]
    people = list(Person.objects.filter(org__path__startswith=org.path, member_status=Person.MemberStatus.ACTIVE,
                                        work_status=Person.WorkStatus.SERVING).exclude(hired_on__gt=day)
                  .order_by("id")[:400])
    author = people[(n * 37) % len(people)] if people and n % 4 else None
    opinion = services.opinion_record(actor=None, org=org, channel=channel, occasion=occasion, category=category,
                                      content=text, submitted_on=day, author=author,
                                      author_name="" if author else "一线职工")
    _count(ctx, "座谈会、接待日")
    _follow_up(ctx, union, opinion, day, dept, n)


def _forward(ctx, opinion, dept, day):
    services.opinion_forward(actor=None, opinion=opinion, department=dept, forwarded_on=day)


def _answer(ctx, opinion, outcome, day, dept):
    services.opinion_answer(actor=None, opinion=opinion, answer=ANSWERS[outcome], outcome=outcome, answered_on=day,
                            answered_by=dept)
    _count(ctx, "已答复")
