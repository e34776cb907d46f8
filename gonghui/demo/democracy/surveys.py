"""The demo's surveys and evaluations (民主评议、问卷), last year and now, for the company union:

- 1 June last year: 40 company members get their accounts on the member's phone site (the online answers need them;
  one stored password hash of the demo's password, so that this costs no hashing per account).
- A satisfaction survey last June (anonymous, four questions): most of those members answer online over two weeks,
  the others get paper forms; the paper counts (发放/回收/有效) are recorded and the survey closed.
- A 民主测评 of the union's leaders by the delegates of the current term at the end of March last year (linked to the
  congress session open that day if the congress demo made one): delegates with an account answer online, the others
  on paper; each leader's paper tallies 满意/基本满意/不满意.
- A training-needs survey open now, so that the 首页 card and the reminder have something to show.

Everything goes through gonghui.democracy.services as the company's officer (answers as the members themselves).
"""
from __future__ import annotations

import datetime

from gonghui.democracy.models import CongressSession, Grade, Question, Survey
from gonghui.democracy.services import surveys as services
from gonghui.members.models import Person
from gonghui.orgs.models import Position

from ..builder import COMPANY, PASSWORD

ACCOUNTS = 40
MEMBER = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
LEADER_TITLES = (Position.Title.CHAIR, Position.Title.VICE_CHAIR, Position.Title.FULLTIME_VICE_CHAIR,
                 Position.Title.WOMEN_DIRECTOR, Position.Title.AUDIT_DIRECTOR)


def schedule(ctx) -> None:
    last = ctx.today.year - 1
    state: dict = {"accounts": []}
    ctx.at(ctx.day(last, 6, 1), COMPANY, _accounts, ctx, state, ctx.day(last, 6, 1))
    ctx.at(ctx.day(last, 3, 27), COMPANY, _evaluation, ctx, state, ctx.day(last, 3, 27))
    ctx.at(ctx.day(last, 6, 10), COMPANY, _canteen, ctx, state, ctx.day(last, 6, 10))
    now = ctx.today - datetime.timedelta(days=4)
    if now > ctx.day(last, 7, 1):
        ctx.at(now, COMPANY, _training, ctx, state, now)


def _members(ctx, day):
    org = ctx.orgs[COMPANY]
    return list(Person.objects.filter(org__path__startswith=org.path, member_status__in=MEMBER,
                                      work_status=Person.WorkStatus.SERVING, died_on__isnull=True)
                .exclude(hired_on__gt=day).order_by("id"))


def _accounts(ctx, state, day):
    """Member accounts for 40 members (and the demo's `member` login, which exists already)."""
    from django.contrib.auth.hashers import make_password

    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role

    taken = set(User.objects.filter(person__isnull=False).values_list("person_id", flat=True))
    people = [p for p in _members(ctx, day) if p.pk not in taken]
    ctx.rng.shuffle(people)
    hashed = make_password(PASSWORD)
    made = []
    for p in people[:ACCOUNTS]:
        user = User(username=f"hy{p.pk}", display_name=p.name, person=p, must_change_password=False,
                    password=hashed)
        user.save()
        RoleAssignment.objects.create(user=user, org=p.org, role=Role.MEMBER)
        made.append(user)
    state["accounts"] = made
    ctx.summary.counts.setdefault("surveys", {})["会员账号"] = len(made)


def _answerers(ctx, survey, day, share):
    """The audience's accounts, a share of them (seeded) answering."""
    from gonghui.accounts.models import User

    users = list(User.objects.filter(is_active=True, person__in=services.audience_people(survey, day))
                 .select_related("person").order_by("pk"))
    ctx.rng.shuffle(users)
    return users[:round(len(users) * share)]


def _evaluation(ctx, state, day):
    union = ctx.orgs[COMPANY]
    terms = ctx.terms.get(COMPANY) or []
    if not terms or not ctx.delegates.get(COMPANY):
        return  # no congress in this demo: no evaluation by delegates
    term = terms[-1]
    session = (CongressSession.objects.filter(term=term, opened_on__lte=day)
               .exclude(closed_on__lt=day).order_by("-opened_on").first())
    leaders = (Position.objects.filter(org=union, title__in=LEADER_TITLES, starts_on__lte=day)
               .exclude(ends_on__lt=day).select_related("person").order_by("title", "id"))
    if not leaders:
        return
    s = services.survey_create(
        actor=None, org=union, title=f"{day.year}年度工会领导班子及成员民主测评", kind=Survey.Kind.EVALUATION,
        audience=Survey.Audience.DELEGATES, term=term, session=session, opens_on=day, closes_on=day,
        anonymous=True, intro="请职工代表对工会领导班子成员的德、能、勤、绩、廉作出评价。")
    services.question_add(actor=None, survey=s, text="对工会工作的意见和建议", kind=Question.Kind.TEXT, required=False)
    seen = set()
    for pos in leaders:
        if pos.person_id in seen:
            continue
        seen.add(pos.person_id)
        services.subject_add(actor=None, survey=s, name=pos.person.name, post=pos.get_title_display(),
                             person=pos.person)
    s = services.survey_open(actor=None, survey=s)
    subjects = list(s.subjects.all())
    rng = ctx.rng
    for user in _answerers(ctx, s, day, 1.0):
        grades = {sub.pk: rng.choices([Grade.SATISFIED, Grade.BASIC, Grade.UNSATISFIED], [85, 13, 2])[0]
                  for sub in subjects}
        services.answer_submit(actor=user, survey=s, grades=grades, answers={}, today=day)
    s.refresh_from_db()
    delegates = len(ctx.delegates[COMPANY])
    issued = max(0, delegates - s.online_issued)
    returned = max(0, issued - 3)  # three delegates on leave
    valid = max(0, returned - 1)  # one form spoiled
    services.paper_counts_record(actor=None, survey=s, issued=issued, returned=returned, valid=valid)
    for sub in subjects:
        unsatisfied = rng.randint(0, 2)
        basic = rng.randint(2, 7)
        satisfied = max(0, valid - basic - unsatisfied)
        services.subject_paper_record(actor=None, subject=sub, satisfied=satisfied, basic=basic,
                                      unsatisfied=unsatisfied)
    services.survey_close(actor=None, survey=s)
    ctx.summary.counts.setdefault("surveys", {})["民主测评"] = 1


CANTEEN = [
    ("您对职工食堂饭菜质量是否满意？", Question.Kind.SINGLE, ["满意", "基本满意", "不满意"], [55, 35, 10]),
    ("您希望食堂增加哪些服务？（可多选）", Question.Kind.MULTIPLE, ["夜班加餐", "早餐品种", "网上订餐", "清真窗口"], None),
    ("请为后勤服务总体打分", Question.Kind.RATING, [], None),
    ("您对食堂和后勤服务的其他意见", Question.Kind.TEXT, [], None),
]
OPINIONS = ["夜班能不能延长供餐时间", "希望菜价公示", "饭菜偏咸", "建议增加水果", "周末加开一个窗口", "餐具消毒要加强"]


def _canteen(ctx, state, day):
    union = ctx.orgs[COMPANY]
    s = services.survey_create(actor=None, org=union, title=f"{day.year}年职工食堂及后勤服务满意度调查",
                               kind=Survey.Kind.SATISFACTION, opens_on=day, closes_on=day + datetime.timedelta(days=14),
                               anonymous=True, intro="本调查匿名进行，请如实填写。")
    questions = [services.question_add(actor=None, survey=s, text=text, kind=kind, options=options,
                                       required=kind in (Question.Kind.SINGLE, Question.Kind.RATING))
                 for text, kind, options, _ in CANTEEN]
    s = services.survey_open(actor=None, survey=s)
    rng = ctx.rng
    for i, user in enumerate(_answerers(ctx, s, day, 0.85)):
        when = day + datetime.timedelta(days=min(13, i // 4))
        answers = {}
        q1, q2, q3, q4 = questions
        opts1 = list(q1.options.all())
        answers[q1.pk] = rng.choices(opts1, CANTEEN[0][3])[0].pk
        answers[q2.pk] = [o.pk for o in q2.options.all() if rng.random() < 0.4]
        answers[q3.pk] = rng.choices([2, 3, 4, 5], [5, 20, 45, 30])[0]
        if rng.random() < 0.3:
            answers[q4.pk] = rng.choice(OPINIONS)
        ctx.b.at(when, "company_officer", _answer(user, s, answers, when))  # answered as the member (actor=user)
    close = day + datetime.timedelta(days=15)
    paper = max(0, len(_members(ctx, day)) - s.online_issued)
    ctx.at(close, COMPANY, _close_with_paper, s, paper, round(paper * 0.91), round(paper * 0.88))


def _answer(user, survey, answers, when):
    return lambda: services.answer_submit(actor=user, survey=survey, answers=answers, today=when)


def _close_with_paper(survey, issued, returned, valid):
    services.paper_counts_record(actor=None, survey=survey, issued=issued, returned=returned, valid=valid)
    services.survey_close(actor=None, survey=survey)


def _training(ctx, state, day):
    union = ctx.orgs[COMPANY]
    s = services.survey_create(actor=None, org=union, title=f"{day.year}年职工教育培训需求问卷",
                               kind=Survey.Kind.QUESTIONNAIRE, opens_on=day, closes_on=day + datetime.timedelta(days=14),
                               anonymous=False)
    q1 = services.question_add(actor=None, survey=s, text="您最希望参加哪类培训？", kind=Question.Kind.SINGLE,
                               options=["岗位技能", "安全生产", "学历提升", "心理健康"])
    services.question_add(actor=None, survey=s, text="您方便的培训时间", kind=Question.Kind.MULTIPLE,
                          options=["工作日白天", "工作日晚上", "周末"], required=False)
    s = services.survey_open(actor=None, survey=s)
    options = list(q1.options.all())
    for user in _answerers(ctx, s, day, 0.3):
        if user.username == "member":
            continue  # the demo's member login still has it to answer (首页 card)
        services.answer_submit(actor=user, survey=s, answers={q1.pk: ctx.rng.choice(options).pk}, today=day)
