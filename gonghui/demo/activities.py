"""The demo's activities (文体活动): three years of the company union's events and a few of the school's and the
bureau's, in every state — held with sign-ups, check-ins, teams and awards (also at 区总工会's events), a cancelled
one, and this year's still to come: one open for sign-up, one full with a waiting list, one planned and waiting for
the chair's approval.

`build_activities(builder)` runs after funds. Everything goes through gonghui.activities.services as the officers
would enter it; the times of past sign-ups and check-ins are then put back on their days (one UPDATE per event), so
the records read as they happened. Deterministic: its own random generator from the builder's seed.
"""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from gonghui.activities.models import Event, Signup
from gonghui.activities.services import events as services
from gonghui.core.context import acting_as
from gonghui.members.models import Person

from .builder import SEED

UPPER = "滨江区总工会"


@dataclass
class ActivitiesSummary:
    events: int = 0
    signups: int = 0
    awards: int = 0


#: (month, day, title, kind, host, signed-up share or head count, budget, awards)
#: share < 1: that share of the members sign up (capped by capacity), ~92% check in; an int: a recorded head count.
COMPANY_YEAR = [
    (1, 18, "迎新春职工联欢会", "gala", "own", 330, 18000, []),
    (3, 8, "“三八”女职工插花活动", "other", "own", 0.12, 2400, []),
    (4, 19, "春季登山健步走", "outing", "own", 0.35, 6000, []),
    (4, 23, "“书香工会”读书分享会", "reading", "own", 0.08, 1200, [("征文一等奖", "first", "p")]),
    (5, 16, "职工篮球赛", "sports", "own", 0.10, 5000,
     [("团体第一名", "first", "t"), ("团体第二名", "second", "t"), ("团体第三名", "third", "t")]),
    (6, 14, "区职工篮球赛", "sports", "upper", 14, 0, [("团体第一名", "first", "u")]),
    (9, 12, "职工集体生日会", "birthday", "own", 0.06, 3000, []),
    (9, 26, "中秋游园联谊活动", "gala", "own", 300, 9000, []),
    (10, 24, "职工拔河比赛", "sports", "own", 0.15, 3500,
     [("一等奖", "first", "t"), ("二等奖", "second", "t"), ("三等奖", "third", "t")]),
    (11, 7, "区职工广播操比赛", "sports", "upper", 30, 0, [("二等奖", "second", "u")]),
    (11, 21, "乒乓球比赛", "sports", "own", 0.05, 1500,
     [("男子单打第一名", "first", "p"), ("女子单打第一名", "first", "p"), ("男子单打第二名", "second", "p")]),
]
SCHOOL_YEAR = [
    (4, 12, "教职工气排球赛", "sports", "own", 0.3, 2000, [("团体第一名", "first", "t")]),
    (12, 27, "迎新年教职工联欢会", "gala", "own", 120, 5000, []),
]
BUREAU_YEAR = [
    (10, 18, "秋季登山活动", "outing", "own", 0.4, 3000, []),
]


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Builder:
    def __init__(self, b, org, officer, chair, rng: random.Random, summary: ActivitiesSummary):
        self.b, self.org, self.officer, self.chair, self.rng, self.summary = b, org, officer, chair, rng, summary
        members = Person.objects.filter(org__path__startswith=org.path, member_status=Person.MemberStatus.ACTIVE,
                                        retired_on__isnull=True).select_related("org").order_by("pk")
        self.members = list(members)
        self.teams = [o for o in {p.org for p in self.members if p.org_id != org.pk}]
        self.teams.sort(key=lambda o: o.path)

    def create(self, day, title, kind, host, budget, *, capacity=None, family=0, deadline=None):
        upper = host == "upper"
        e = services.event_create(
            actor=self.officer, org=self.org, title=title, kind=kind, host=host, host_name=UPPER if upper else "",
            starts_at=_at(day, 19 if kind == "gala" else 9), place="公司职工活动中心" if kind != "outing" else "紫金山",
            budget=Decimal(budget), capacity=capacity, family_allowed=family > 0, family_max=family,
            deadline=deadline, plan=f"{title}活动方案：时间、地点、分组、经费预算和安全预案。",
            rules="报名截止后取消请提前告知工会。" if capacity else "")
        if budget:
            services.event_approve(actor=self.chair, event=e)
        self.summary.events += 1
        return e

    def held(self, year, month, day, title, kind, host, share, budget, awards):
        day = datetime.date(year, month, day)
        if day >= self.b.today:
            return None
        headcount = isinstance(share, int)
        capacity = None if headcount else max(8, round(len(self.members) * share))
        e = self.create(day, title, kind, host, budget, capacity=capacity,
                        family=1 if kind in ("outing", "birthday") else 0)
        if host == "upper" or headcount:
            e = services.event_hold(actor=self.officer, event=e, held_on=day, participants=share,
                                    report=f"{title}顺利举办，职工参与热情高。")
        else:
            services.event_open(actor=self.officer, event=e)
            teams = {}
            if any(kind_ == "t" for _, _, kind_ in awards):
                for org in self.teams[:6]:
                    teams[org.pk] = services.team_save(actor=self.officer, event=e, name=f"{org.name}队")
            people = self.rng.sample(self.members, min(len(self.members), capacity + 3))
            rows = []
            for p in people:
                fam = self.rng.choice((0, 0, 1)) if e.family_allowed else 0
                s, _ = services.signup(actor=None, event=e, person=p, family=fam, team=teams.get(p.org_id))
                rows.append(s)
            for s in rows[:2]:  # two cancel (one after the deadline): their places go to those waiting
                services.signup_cancel(actor=None, signup=s)
            Signup.objects.filter(pk=rows[1].pk).update(late=True)
            confirmed = [s.pk for s in Signup.objects.filter(event=e, status=Signup.Status.CONFIRMED)]
            present = [pk for pk in confirmed if self.rng.random() < 0.92]
            services.checkin_tick(actor=self.officer, event=e, signup_ids=present)
            e = services.event_hold(actor=self.officer, event=e, held_on=day,
                                    report=f"{title}顺利举办，共{len(present)}名职工参加。")
            self.summary.signups += len(rows)
            # put the times back on their days
            Signup.objects.filter(event=e).update(queued_at=_at(day - datetime.timedelta(days=10)))
            Signup.objects.filter(event=e, checked_in_at__isnull=False).update(checked_in_at=_at(day, 9))
            Signup.objects.filter(event=e, cancelled_at__isnull=False).update(cancelled_at=_at(day - datetime.timedelta(days=2)))
            if e.notice_id:  # the sign-up's notice went out a fortnight before and ran until the eve
                from gonghui.portal.models_notices import Notice

                notice_day = day - datetime.timedelta(days=14)
                Notice.objects.filter(pk=e.notice_id).update(publish_on=notice_day, published_at=_at(notice_day),
                                                             expires_on=day - datetime.timedelta(days=1))
        for title_, level, who in awards:
            if who == "u":
                services.award_record(actor=self.officer, event=e, title=title_, level=level,
                                      winner=f"{self.org.name.replace('工会', '')}代表队")
            elif who == "t":
                teams = list(e.teams.order_by("name"))
                team = teams[["first", "second", "third"].index(level) % len(teams)]
                services.award_record(actor=self.officer, event=e, title=title_, level=level, team=team)
            else:
                present = list(e.signups.filter(checked_in_at__isnull=False).select_related("person").order_by("pk"))
                services.award_record(actor=self.officer, event=e, title=title_, level=level,
                                      person=self.rng.choice(present).person)
            self.summary.awards += 1
        if kind == "outing" and host == "own" and not headcount:
            _photos(self.officer, e, self.rng)
        if budget:
            cost = (Decimal(budget) * Decimal(self.rng.choice(("0.86", "0.92", "0.97", "1.00")))).quantize(Decimal("1"))
            services.event_cost(actor=self.officer, event=e, cost=cost)
        Event.objects.filter(pk=e.pk).update(approved_at=F("starts_at") - datetime.timedelta(days=20),
                                             opened_at=F("starts_at") - datetime.timedelta(days=14))
        return e

    def year(self, year, plan):
        for month, day, title, kind, host, share, budget, awards in plan:
            self.held(year, month, day, title, kind, host, share, budget, awards)


def build_activities(builder) -> ActivitiesSummary:
    rng = random.Random(SEED + 12)
    summary = ActivitiesSummary()
    users = builder.users
    today = builder.today
    officer = users.get("company_officer") or users["admin"]
    chair = users.get("company_chair") or users["admin"]
    with acting_as(officer, source="command"):
        company = _Builder(builder, builder.orgs["company"], officer, chair, rng, summary)
        for year in builder.years:
            plan = COMPANY_YEAR if year == builder.years[1] else COMPANY_YEAR[::2]  # last year has them all
            company.year(year, plan)
        _this_year(company, today, summary)
        build_work(builder, company.org, officer, rng, company.members)
    school_officer = users.get("school_officer") or users["admin"]
    with acting_as(school_officer, source="command"):
        school = _Builder(builder, builder.orgs["school"], school_officer, users["admin"], rng, summary)
        school.year(builder.years[1], SCHOOL_YEAR)
        build_small_work(builder, school.org, school_officer, rng, school.members, SCHOOL_WORK)
        bureau = _Builder(builder, builder.orgs["bureau"], users["admin"], users["admin"], rng, summary)
        bureau.year(builder.years[1], BUREAU_YEAR)
        build_small_work(builder, bureau.org, users["admin"], rng, bureau.members, BUREAU_WORK)
    return summary


def _this_year(c: _Builder, today: datetime.date, summary: ActivitiesSummary) -> None:
    """What is still to come: an event open for sign-up (the demo member signed up), one full with a waiting list,
    one planned and waiting for the chair's approval, and one called off."""
    from gonghui.accounts.models import User

    login = User.objects.filter(username="member").select_related("person").first()
    member = login.person if login else None
    soon = today + datetime.timedelta(days=12)
    open_ = c.create(soon, "迎新年环湖健步走", "outing", "own", 4000, capacity=80, family=1,
                     deadline=_at(today + datetime.timedelta(days=8), 18))
    services.event_open(actor=c.officer, event=open_)
    for p in c.rng.sample(c.members, 30):
        services.signup(actor=None, event=open_, person=p)
    if member is not None:
        services.signup(actor=None, event=open_, person=member)
    full = c.create(today + datetime.timedelta(days=9), "职工羽毛球赛", "sports", "own", 1500, capacity=16,
                    deadline=_at(today + datetime.timedelta(days=6), 18))
    services.event_open(actor=c.officer, event=full)
    for p in c.rng.sample(c.members, 20):
        services.signup(actor=None, event=full, person=p)
    summary.signups += 51
    c.create(today + datetime.timedelta(days=40), f"{today.year + 1}年迎新春职工联欢会", "gala", "own", 20000)
    planned = services.event_create(actor=c.officer, org=c.org, title="职工书画摄影展", kind="other",
                                    starts_at=_at(today + datetime.timedelta(days=30)), budget=Decimal("6000"),
                                    plan="征集职工书画、摄影作品，评选后在职工之家展出。")
    summary.events += 1
    cancelled = c.create(today + datetime.timedelta(days=3), "冬季户外拓展", "outing", "own", 5000, capacity=40,
                         deadline=_at(today + datetime.timedelta(days=1), 18))
    services.event_open(actor=c.officer, event=cancelled)
    for p in c.rng.sample(c.members, 12):
        services.signup(actor=None, event=cancelled, person=p)
    services.event_cancel(actor=c.officer, event=cancelled, reason="寒潮降温，为安全起见取消")
    del planned


COURSES = [  # (month, day, title, kind, hours, share of members attending, host)
    (3, 20, "工会干部业务知识培训班", "cadre", 6, 0.04, "own"),
    (6, 10, "安全生产知识培训", "safety", 3, 0.20, "own"),
    (8, 28, "职工代表履职能力培训", "delegate", 4, 0.06, "own"),
    (11, 15, "《劳动合同法》普法讲座", "law", 2, 0.12, "own"),
    (7, 8, "区总工会基层工会主席培训班", "cadre", 16, 0.005, "upper"),
]
OUTLETS = [("工人日报", "national"), ("江苏工人报", "provincial"), ("市总工会网站", "city"), ("滨江日报", "district"),
           ("集团内刊", "internal")]
TOPICS = ["职工运动会", "送温暖", "金秋助学", "劳动竞赛", "职代会", "安康杯", "读书月", "技能比武"]


def build_work(b, org, officer, rng: random.Random, members: list) -> None:
    """Training, meetings with minutes and decisions, newsletters and articles of one union over the window."""
    from gonghui.activities.models import Newsletter
    from gonghui.activities.services import meetings, publicity, training

    today = b.today
    for year in b.years:
        for month, day, title, kind, hours, share, host in COURSES:
            d = datetime.date(year, month, day)
            if d >= today:
                continue
            c = training.course_save(actor=officer, org=org, title=f"{year}年{title}", kind=kind, host=host,
                                     host_name=UPPER if host == "upper" else "", starts_on=d, hours=hours,
                                     trainer="市总工会讲师" if host == "own" else "", certificate=kind == "cadre")
            people = rng.sample(members, max(2, round(len(members) * share)))
            training.attendees_add(actor=officer, course=c, people=people, signed_in=True)
            training.course_hold(actor=officer, course=c)
            if kind == "cadre" and host == "own":
                _material(officer, c)
        for month in range(1, 13):
            d = datetime.date(year, month, 8)
            if d >= today:
                break
            kind = "committee" if month % 3 == 0 else "regular"
            title = f"{year}年第{month // 3}季度工会委员会会议" if kind == "committee" else f"{year}年{month}月工会例会"
            m = meetings.meeting_save(actor=officer, org=org, kind=kind, title=title, held_on=d, place="工会会议室",
                                      chaired_by="工会主席", recorded_by="工会干事",
                                      attendees="、".join(p.name for p in members[:7]),
                                      agenda=f"通报{month}月工会工作\n研究{TOPICS[month % len(TOPICS)]}工作安排",
                                      minutes=f"会议通报了{month}月工会重点工作完成情况，研究部署了{TOPICS[month % len(TOPICS)]}工作。")
            if kind == "committee":
                for i in range(2):
                    due = d + datetime.timedelta(days=30 + 15 * i)
                    dec = meetings.decision_add(actor=officer, meeting=m, text_=f"落实{TOPICS[(month + i) % len(TOPICS)]}工作方案",
                                                owner=members[i].name, due_on=due)
                    if due < today - datetime.timedelta(days=60) or (due < today and i == 0):
                        meetings.decision_done(actor=officer, decision=dec, done_on=min(due, today), outcome="已按期落实")
            for half in (3, 18):
                pd = datetime.date(year, month, half)
                if pd < today:
                    publicity.newsletter_publish(actor=officer, org=org, title=f"工会简报（{TOPICS[(month + half) % len(TOPICS)]}专刊）",
                                                 published_on=pd)
            if month % 2 == 0:
                publicity.newsletter_publish(actor=officer, org=org, title=f"{month}月宣传栏", published_on=d,
                                             kind=Newsletter.Kind.BOARD)
            for k in range(2 if month % 3 else 1):
                outlet, level = OUTLETS[(month + k) % len(OUTLETS)]
                a = publicity.article_submit(actor=officer, org=org, title=f"{org.name}开展{TOPICS[(month + k) % len(TOPICS)]}活动",
                                             author=members[(month + k) % len(members)].name, outlet=outlet,
                                             level=level, submitted_on=d)
                if rng.random() < 0.65:
                    publicity.article_decide(actor=officer, article=a, accepted=True,
                                             on=min(today, d + datetime.timedelta(days=6)))


SCHOOL_WORK = {  # the school's trainings (month, day, title, kind, hours, share), newsletters and boards a year
    "courses": [(3, 14, "班主任心理健康教育培训", "skill", 4, 0.30), (7, 6, "工会小组长业务培训", "cadre", 3, 0.08),
                (10, 17, "校园安全与应急演练培训", "safety", 2, 0.50)],
    "newsletter": "实验中学工会简报", "newsletter_months": (2, 4, 6, 9, 11, 12), "board_months": (3, 9),
    "outlet": ("滨江教育", "district"), "topics": ["教师节表彰", "教职工运动会", "师德讲堂", "困难教职工帮扶"],
}
BUREAU_WORK = {
    "courses": [(4, 22, "工会干部履职能力培训", "cadre", 6, 0.10), (11, 11, "《民法典》普法讲座", "law", 2, 0.40)],
    "newsletter": "市场监管局工会信息", "newsletter_months": (3, 6, 9, 12), "board_months": (5,),
    "outlet": ("滨江日报", "district"), "topics": ["职工书屋", "岗位练兵", "健步走"],
}


def _material(officer, course) -> None:
    """The course's handout (讲义), a small text file made here, uploaded as a training material."""
    from django.core.files.base import ContentFile

    from gonghui.activities.services import training

    text = (f"{course.title}\n\n一、工会的性质和职能\n二、基层工会组织建设\n三、工会经费收支管理\n"
            "四、维护职工合法权益的工作方法\n")
    training.material_add(actor=officer, course=course, file=ContentFile(text.encode(), name="培训讲义.txt"))


def build_small_work(b, org, officer, rng: random.Random, members: list, work: dict) -> None:
    """A smaller union's training (with certificates for the cadres' course) and publicity (its own newsletter,
    boards, a few articles) over the window, through the services, so its summary has 培训 and 宣传 parts."""
    from gonghui.activities.models import Newsletter
    from gonghui.activities.services import publicity, training

    if not members:
        return
    today = b.today
    for year in b.years:
        for month, day, title, kind, hours, share in work["courses"]:
            d = datetime.date(year, month, day)
            if d >= today:
                continue
            c = training.course_save(actor=officer, org=org, title=f"{year}年{title}", kind=kind, starts_on=d,
                                     hours=hours, trainer="区总工会讲师" if kind == "cadre" else "外请专家",
                                     place="会议室", certificate=kind == "cadre")
            people = rng.sample(members, min(len(members), max(2, round(len(members) * share))))
            training.attendees_add(actor=officer, course=c, people=people, signed_in=True)
            training.course_hold(actor=officer, course=c)
        topics = work["topics"]
        for i, month in enumerate(work["newsletter_months"]):
            d = datetime.date(year, month, 10)
            if d < today:
                publicity.newsletter_publish(actor=officer, org=org, published_on=d,
                                             title=f"{work['newsletter']}（{topics[i % len(topics)]}）")
        for month in work["board_months"]:
            d = datetime.date(year, month, 15)
            if d < today:
                publicity.newsletter_publish(actor=officer, org=org, title=f"{month}月宣传栏", published_on=d,
                                             kind=Newsletter.Kind.BOARD)
        outlet, level = work["outlet"]
        for i, topic in enumerate(topics[:2]):
            d = datetime.date(year, 5 + 4 * i, 20)
            if d >= today:
                continue
            a = publicity.article_submit(actor=officer, org=org, title=f"{org.short_name or org.name}开展{topic}活动",
                                         author=members[i % len(members)].name, outlet=outlet, level=level,
                                         submitted_on=d)
            if rng.random() < 0.7:
                publicity.article_decide(actor=officer, article=a, accepted=True,
                                         on=min(today, d + datetime.timedelta(days=7)))


def _photos(officer, event, rng: random.Random) -> None:
    """Two small photos drawn here (no file shipped): sky, hill and a group of figures, in the event's colours."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from gonghui.activities.services import photos

    for n in range(2):
        img = Image.new("RGB", (640, 400), (135, 190, 235))
        draw = ImageDraw.Draw(img)
        draw.polygon([(0, 400), (220 + 60 * n, 150), (460, 400)], fill=(70, 140, 80))
        draw.polygon([(250, 400), (480 - 40 * n, 120), (640, 400)], fill=(50, 120, 70))
        for k in range(8):
            x = 120 + k * 50 + rng.randint(-8, 8)
            draw.ellipse([x, 300, x + 18, 318], fill=(240, 210, 180))
            draw.rectangle([x + 2, 318, x + 16, 360], fill=(183, 28, 28) if k % 2 else (30, 60, 160))
        out = io.BytesIO()
        img.save(out, "JPEG", quality=80)
        photos.photo_add(actor=officer, event=event, caption="山顶合影" if n else "出发集合",
                         file=SimpleUploadedFile(f"photo{n + 1}.jpg", out.getvalue(), content_type="image/jpeg"))
