"""The demo unions' care work (帮扶关怀) from 1 January of the year before last to today, through the care services.

Called by `DemoBuilder.build()` once people, logins, the membership history before the window and the committees
exist. Each piece of work is scheduled on the builder's timeline (`DemoBuilder.at`) on the day it was done, and
`build_care` then plays the whole timeline (membership and care) in date order: a campaign chooses its recipients,
a birthday action its members and a health check its serving staff from the membership of that day, a visit names
a member of that day, and a payment names the hardship file open that day. Everything goes through
`gonghui.care.services` with `actor=None` (the system: no scope check, but every rule and the audit trail apply),
inside `acting_as(<the union's officer>)` so the records name who did the work; approvals are decided by the logins
whose step it is. Deterministic: the builder's seeded random generator chooses, and every date is counted from the
demo's today (`years` = the year before last, last year, this year).

What it makes, year by year, with deliberate changes from one year to the next (so that a summary compared with
the year before has rises to report and a fall or two to explain):
- 区总工会's fund rules (经费标准): one set for the year before last, a revised one (higher hospital, birthday and
  wedding standards) from 1 January last year; its 五必访 rules; the company's approval flow (小组长审核 → 工会主席审批);
- hardship files (困难职工档案) opened before and during the window, reviewed every year (one review overdue now),
  one raised to 深度困难 last year, two closed (脱困) last year and one this year: fewer households at the end of
  last year than the year before;
- assistance (救助) of every kind, two-step approvals and disbursements; the year before last had two large 大病救助
  payments, so last year's amount is lower although more people were helped; 金秋助学 for a student child each
  August; 遗属供养 paid quarterly to the survivor of the retiree who died last year; a few applications still in
  review or turned down;
- condolence visits (慰问) answering life events (住院, 结婚, 生育, 直系亲属去世, 工伤), more each year; retirement
  send-offs; the death of the retiree; 重阳节 visits to the oldest retirees; a long stay in hospital paid above the
  cap; life events of the last weeks not visited yet (one member in hospital since three days ago: 未走访提醒);
- 元旦春节送温暖 every year and 中秋慰问 every year once past, delivered and closed; the next festival's campaign in
  preparation;
- birthday gifts month by month (the company's started in March of the year before last, by congress resolution);
- health-check batches every year (the company's women's check started last year).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from gonghui.care import services
from gonghui.care.models import (
    ApprovalDecision,
    Assistance,
    Campaign,
    Condolence,
    HardshipFile,
    HealthCheck,
    LifeEventKind,
    Occasion,
    PaymentForm,
    RecipientKind,
)
from gonghui.core import festivals
from gonghui.core.context import acting_as
from gonghui.core.errors import ServiceError
from gonghui.members.models import FamilyMember, Person

from .builder import add_years

R = RecipientKind
# 区总工会's fund rules since 1 January last year: (occasion, recipient kind, standard, cap, yearly cap).
FED_RULES = [
    (Occasion.HOSPITAL, R.SERVING, "800", "1000", None),
    (Occasion.HOSPITAL, R.FAMILY, "500", "1000", None),
    (Occasion.HOSPITAL, R.RETIREE, "300", "1000", None),
    (Occasion.MARRIAGE, "", "600", "600", None),
    (Occasion.CHILDBIRTH, "", "600", "600", None),
    (Occasion.BIRTHDAY, "", "300", "300", "300"),
    (Occasion.DEATH, "", "2000", "2000", None),
    (Occasion.RELATIVE_DEATH, "", "1000", "1000", None),
    (Occasion.INJURY, "", "800", "1000", None),
    (Occasion.RETIREMENT, "", "500", "800", None),
    (Occasion.FESTIVAL, "", "500", "1000", "1500"),
]
# The standards of the year before last where they were lower (the caps were the same).
EARLIER_STANDARDS = {(Occasion.HOSPITAL, R.SERVING): "600", (Occasion.HOSPITAL, R.FAMILY): "400",
                     (Occasion.MARRIAGE, ""): "500", (Occasion.CHILDBIRTH, ""): "500", (Occasion.BIRTHDAY, ""): "200",
                     (Occasion.RELATIVE_DEATH, ""): "800", (Occasion.INJURY, ""): "600"}
MUST_VISIT = [(LifeEventKind.HOSPITALISED, 7, "职工生病住院必访"), (LifeEventKind.MARRIED, 30, "职工结婚必访"),
              (LifeEventKind.CHILDBIRTH, 30, "职工生育必访"), (LifeEventKind.DEATH, 3, "职工去世必访"),
              (LifeEventKind.RELATIVE_DEATH, 7, "职工直系亲属去世必访")]
MEMBER = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
UNIONS = ("company", "school", "bureau")
OFFICER = {"company": "company_officer", "school": "school_officer", "bureau": "admin"}
VISITORS = {"company": "工会主席、工会干事", "school": "工会主席、年级组长", "bureau": "机关工会主席"}

# Visits answering life events in each year of the window (this year's in proportion to the part gone by).
VISITS = {"company": (22, 30, 28), "school": (8, 11, 10), "bureau": (5, 6, 6)}
EVENT_KINDS = [(LifeEventKind.HOSPITALISED, 10), (LifeEventKind.MARRIED, 3), (LifeEventKind.CHILDBIRTH, 3),
               (LifeEventKind.RELATIVE_DEATH, 3), (LifeEventKind.INJURY, 1)]
EVENT_NOTES = {LifeEventKind.HOSPITALISED: "住院治疗", LifeEventKind.MARRIED: "新婚", LifeEventKind.CHILDBIRTH: "喜得子女",
               LifeEventKind.RELATIVE_DEATH: "直系亲属病故", LifeEventKind.INJURY: "工作中受伤"}
EVENT_OCCASIONS = {LifeEventKind.HOSPITALISED: Occasion.HOSPITAL, LifeEventKind.MARRIED: Occasion.MARRIAGE,
                   LifeEventKind.CHILDBIRTH: Occasion.CHILDBIRTH, LifeEventKind.RELATIVE_DEATH: Occasion.RELATIVE_DEATH,
                   LifeEventKind.INJURY: Occasion.INJURY}

# When each hardship file was opened, by position in the list of households in hardship: before the window, or in
# the year before last (y0), last year (y1) or this year (y2).
OPENED = ("before", "before", "y0", "before", "y1", "y0", "before", "y2", "before", "y0", "before", "before", "y0",
          "before", "y2")
CAUSES = ["illness", "schooling", "single_parent", "unemployment", "disability", "disaster"]

K = Assistance.Kind
# The company's applications from 一车间 (whose 小组长 has the demo login), by year of the window:
# (kind, amount, reason, (first month-day, last month-day), outcome).
COMPANY_APPLICATIONS = (
    [(K.SERIOUS_ILLNESS, "10000", "本人确诊肺癌，手术及化疗自付费用高", ((3, 1), (4, 30)), "paid"),
     (K.SERIOUS_ILLNESS, "8000", "子女患白血病住院治疗，家庭负担重", ((6, 1), (7, 15)), "paid"),
     (K.DAILY, "1500", "家中老人长期卧床，家庭开支大", ((4, 1), (10, 31)), "paid"),
     (K.MUTUAL_AID, "1200", "住院治疗，申请职工医疗互助补充报销", ((5, 1), (11, 30)), "paid"),
     (K.DAILY, "2000", "家中遭受火灾，生活用品损毁", ((9, 1), (11, 30)), "paid")],
    [(K.SERIOUS_ILLNESS, "5000", "本人患肾病需长期透析，自付费用高", ((3, 1), (5, 31)), "paid"),
     (K.DAILY, "1000", "家中老人长期卧床，家庭开支大", ((2, 1), (6, 30)), "paid"),
     (K.DAILY, "1000", "配偶失业，子女上学开支大", ((4, 1), (9, 30)), "paid"),
     (K.DAILY, "800", "孩子住院，临时困难", ((6, 1), (11, 30)), "paid"),
     (K.MUTUAL_AID, "1200", "住院治疗，申请职工医疗互助补充报销", ((3, 1), (8, 31)), "paid"),
     (K.MUTUAL_AID, "900", "门诊特殊病种治疗，申请医疗互助", ((7, 1), (11, 30)), "paid"),
     (K.DAILY, "2000", "房屋漏雨维修", ((5, 1), (10, 31)), "rejected")],
)
# This year's, by days before today (the last ones still waiting for a decision).
COMPANY_APPLICATIONS_NOW = [
    (K.SERIOUS_ILLNESS, "5000", "配偶确诊乳腺癌，手术及化疗费用高", 280, "paid"),
    (K.DAILY, "1000", "家中老人长期卧床，家庭开支大", 200, "paid"),
    (K.MUTUAL_AID, "1200", "住院治疗，申请职工医疗互助补充报销", 120, "paid"),
    (K.DAILY, "2000", "房屋漏雨维修", 90, "rejected"),
    (K.SERIOUS_ILLNESS, "3000", "配偶术后化疗", 12, "in_review"),
    (K.DAILY, "800", "孩子住院，临时困难", 4, "submitted"),
]
SCHOOL_APPLICATIONS = (
    [(K.SERIOUS_ILLNESS, "3000", "本人乳腺手术", ((4, 1), (6, 30)))],
    [(K.SERIOUS_ILLNESS, "3000", "本人甲状腺手术", ((3, 1), (5, 31))),
     (K.DAILY, "1000", "家庭突发困难", ((9, 1), (11, 30)))],
    [(K.SERIOUS_ILLNESS, "3000", "配偶心脏支架手术", ((3, 1), (5, 31))),
     (K.DAILY, "1000", "家庭突发困难", ((6, 1), (10, 31)))],
)
# Health checks: (kind, first and last month-day, provider, cost per head by year, from which year of the window).
HEALTH_CHECKS = [
    (HealthCheck.Kind.WOMEN, ((3, 5), (3, 25)), "滨江区妇幼保健院", ("260", "280", "280"), {"company": 1}),
    (HealthCheck.Kind.SERVING, ((5, 10), (5, 31)), "滨江区人民医院体检中心", ("320", "350", "350"), {}),
    (HealthCheck.Kind.RETIRED, ((10, 10), (10, 31)), "滨江区人民医院体检中心", ("280", "300", "300"), {}),
]
# The company's birthday gifts began in March of the year before last (职代会决议); the school's at the start.
BIRTHDAYS_FROM = {"company": 3, "school": 1}


@dataclass
class CareSummary:
    hardship_files: int = 0
    assistance: int = 0
    condolences: int = 0
    campaigns: int = 0
    health_checks: int = 0


def build_care(builder) -> CareSummary:
    """Schedule the care work on the builder's timeline, then play the timeline (membership and care together)."""
    summary = _CareDemo(builder).build()
    builder.run_timeline()
    builder.refresh_people()
    return summary


class _CareDemo:
    def __init__(self, builder):
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.years = builder.years
        self.orgs = builder.orgs
        self.users = builder.users
        self.summary = CareSummary()

    # -- helpers -------------------------------------------------------------------------------------------------

    def at(self, day: datetime.date | None, union: str, action, *args, **kwargs) -> None:
        """Schedule `action(*args, **kwargs)` on `day` as `union`'s officer (nothing when `day` is None)."""
        if day is not None:
            self.b.at(day, OFFICER[union], partial(action, *args, **kwargs))

    def ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def later(self, day: datetime.date, days: int) -> datetime.date:
        """`days` after `day`, but never after today."""
        return min(self.today, day + datetime.timedelta(days=days))

    def share_of_year(self, count: int, year: int) -> int:
        """This year's count in proportion to the part of it gone by; other years' as they are."""
        if year != self.today.year:
            return count
        return round(count * (self.today - datetime.date(year, 1, 1)).days / 365)

    def members(self, union: str, **filters):
        """The union's members on the day the timeline is playing (alive, including those being transferred)."""
        org = self.orgs[union]
        return Person.objects.filter(org__path__startswith=org.path, member_status__in=MEMBER, died_on__isnull=True,
                                     **filters).order_by("id")

    def pick(self, people) -> Person:
        """One of `people` (a queryset), chosen by the demo's random generator."""
        return Person.objects.select_related("org").get(pk=self.rng.choice(list(people.values_list("pk", flat=True))))

    def open_file(self, person: Person) -> HardshipFile | None:
        return HardshipFile.objects.filter(person=person, status=HardshipFile.Status.OPEN).first()

    def festival(self, code: str, year: int) -> datetime.date:
        return next(f.date for f in festivals.festivals(year) if f.code == code)

    # -- all together --------------------------------------------------------------------------------------------

    def build(self) -> CareSummary:
        with acting_as(self.users["admin"], source="command"):
            self.rules()
        self.hardship()
        self.assistance()
        self.survivor()
        self.education()
        for union in UNIONS:
            self.condolences(union)
            self.health_checks(union)
        for union, month in BIRTHDAYS_FROM.items():
            self.birthdays(union, month)
        self.campaigns()
        return self.summary

    # -- rules ---------------------------------------------------------------------------------------------------

    def rules(self) -> None:
        fed, company = self.orgs["fed"], self.orgs["company"]
        y0, y1, _ = self.years

        def lines(standards=None):
            return [{"occasion": o, "recipient_kind": k, "standard": (standards or {}).get((o, k), s), "cap": c,
                     "yearly_cap": y} for o, k, s, c, y in FED_RULES]

        services.rule_set_create(actor=None, org=fed, name=f"{fed.name}职工慰问标准（{y0}年）",
                                 effective_from=datetime.date(y0, 1, 1), effective_to=datetime.date(y0, 12, 31),
                                 rules=lines(EARLIER_STANDARDS),
                                 note="依据《基层工会经费收支管理办法》制定。节日慰问每人每年合计不超过1500元。")
        services.rule_set_create(actor=None, org=fed, name=f"{fed.name}职工慰问标准（{y1}年修订）",
                                 effective_from=datetime.date(y1, 1, 1), rules=lines(),
                                 note="经区总工会常委会研究，提高住院、结婚、生育、生日等慰问标准。"
                                      "节日慰问每人每年合计不超过1500元。")
        for kind, days, note in MUST_VISIT:
            services.must_visit_rule_save(actor=None, org=fed, event_kind=kind, window_days=days, note=note)
        services.approval_flow_save(actor=None, org=company, kind="",
                                    steps=[("group_leader", "小组长审核"), ("chair", "工会主席审批")])

    # -- hardship files ------------------------------------------------------------------------------------------

    def hardship(self) -> None:
        """Open the files, review them every year, raise one, close three; one review is left overdue."""
        rng, (y0, y1, y2) = self.rng, self.years
        plans = [(union, p) for union in UNIONS for p in self.b.plans[union] if p.fields.get("hardship_level")]
        ordinary = [i for i, (_, p) in enumerate(plans) if p.fields["hardship_level"] == "ordinary"]
        early = [i for i in ordinary if OPENED[i % len(OPENED)] in ("before", "y0")]
        # Which ordinary file is raised, which are closed, and which is left unreviewed.
        raised, overdue, *closing = (early + [None] * 5)[:5]
        closes = dict(zip(closing, [self.b.day_in(y1, (1, 5), (1, 25)), self.b.day_in(y1, (9, 1), (10, 31)),
                                    self.ago(60)]))
        for i, (union, plan) in enumerate(plans):
            when = OPENED[i % len(OPENED)]
            if i == overdue:  # opened two years ago less a few weeks: the second yearly review is overdue now
                opened = add_years(self.ago(rng.randint(20, 45)), -2)
            elif when == "before":
                opened = self.b.start - datetime.timedelta(days=rng.randint(60, 800))
            else:
                year = {"y0": y0, "y1": y1, "y2": y2}[when]
                opened = self.b.day_in(year, (2, 1), (11, 30), margin=30) or self.b.day_in(year - 1, (2, 1), (11, 30))
            closed = closes.get(i)
            self.at(opened, union, self._open_file, plan, opened)
            # Reviews (复核) on each anniversary until closed; the overdue file misses its last one.
            due = add_years(opened, 1)
            while due <= self.today + datetime.timedelta(days=10) and (closed is None or due < closed):
                if i == overdue and add_years(due, 1) > self.today:
                    break
                self.at(min(self.today, due - datetime.timedelta(days=rng.randint(0, 15))), union, self._review,
                        plan, add_years(due, 1))
                due = add_years(due, 1)
            if i == raised:
                self.at(self.b.day_in(y1, (4, 1), (6, 30)), union, self._raise, plan)
            if closed is not None:
                self.at(closed, union, self._close, plan, closed)

    def _open_file(self, plan, opened: datetime.date) -> None:
        rng, person = self.rng, plan.person
        level = plan.fields["hardship_level"]
        causes = rng.sample(CAUSES, rng.choice([1, 1, 2]))
        if level == "deep" and "illness" not in causes:
            causes[0] = "illness"
        family = list(person.family.all())
        services.hardship_file_open(
            actor=None, person=person, level=level, causes=causes, opened_on=opened,
            household_size=1 + len(family), household_members=family,
            income_per_head=str(rng.randrange(600, 1800, 50)), situation=plan.fields.get("note") or "家庭经济困难",
            verified_by="工会干事、小组长", verified_on=opened)
        self.summary.hardship_files += 1

    def _review(self, plan, next_due: datetime.date) -> None:
        """The yearly review (复核) on the day it is played; the next one on the next anniversary of the opening."""
        file = self.open_file(plan.person)
        services.hardship_file_review(actor=None, file=file, verified_on=self.b.playing, review_due_on=next_due,
                                      verified_by="工会干事、小组长", income_per_head=str(self.rng.randrange(600, 1800, 50)))

    def _raise(self, plan) -> None:
        services.hardship_file_change_level(actor=None, file=self.open_file(plan.person), level="deep",
                                            effective_from=self.b.playing, reason="配偶确诊重病，医疗支出大增")

    def _close(self, plan, day: datetime.date) -> None:
        services.hardship_file_close(actor=None, file=self.open_file(plan.person), closed_on=day,
                                     reason=self.rng.choice(["子女毕业就业，家庭人均收入超过当地低保标准",
                                                             "配偶重新就业，家庭收入稳定", "经年度复核，家庭经济状况明显好转"]))

    # -- assistance ----------------------------------------------------------------------------------------------

    def _deciders(self, a: Assistance):
        """Who decides the application's current step: the 一车间 小组长 login where it may, the chair, the school's
        officer, or the administrator standing in for a group leader who has no demo login."""
        for key in ("group_leader", "company_chair", "school_officer", "admin"):
            if services.may_decide(self.users[key], a):
                return self.users[key]
        raise AssertionError(a)

    def _decide(self, a: Assistance, day: datetime.date, *, steps: int | None = None, reject: str = "") -> Assistance:
        """Decide the application's steps in turn (all, or the first `steps`), dated on `day`; with `reject`, the last
        of them says no."""
        total = len(a.approval_steps) - a.current_step if steps is None else steps
        for n in range(total):
            no = bool(reject) and n == total - 1
            a = services.assistance_decide(actor=self._deciders(a), assistance=a, approve=not no,
                                           comment=reject if no else "情况属实，同意")
        ApprovalDecision.objects.filter(assistance=a).update(
            decided_at=datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.timezone.utc))
        if a.decided_on:
            Assistance.objects.filter(pk=a.pk).update(decided_on=day)
            a.refresh_from_db()
        return a

    def _pay(self, a: Assistance, day: datetime.date) -> None:
        a = self._decide(a, self.later(day, 3))
        services.assistance_disburse(actor=None, assistance=a, disbursed_on=self.later(day, self.rng.randint(5, 12)),
                                     method=self.rng.choice([PaymentForm.CASH, PaymentForm.TRANSFER]))
        self.summary.assistance += 1

    def _apply(self, union: str, kind: str, amount: str, reason: str, day: datetime.date, outcome: str) -> None:
        """An application of a member of the union (for the company: of 一车间) on `day`, and what became of it."""
        if union == "company":
            leader = self.users["group_leader"].person_id
            people = self.members(union, org=self.orgs["company:一车间"]).exclude(pk=leader)
        else:
            people = self.members(union, work_status=Person.WorkStatus.SERVING)
        person = self.pick(people)
        a = services.assistance_create(actor=None, person=person, kind=kind, amount=amount, reason=reason,
                                       applied_on=day, hardship_file=self.open_file(person), submit=True)
        if outcome == "paid":
            self._pay(a, day)
            return
        if outcome == "rejected":
            self._decide(a, self.later(day, 3), steps=1, reject="不属于救助范围，建议向单位申请维修补助")
        elif outcome == "in_review":
            self._decide(a, self.later(day, 2), steps=1)
        self.summary.assistance += 1

    def _household_help(self, union: str, day: datetime.date) -> None:
        """日常救助 for every household of the union whose file is open on `day`."""
        for file in HardshipFile.objects.filter(org__path__startswith=self.orgs[union].path,
                                                status=HardshipFile.Status.OPEN).select_related("person"):
            a = services.assistance_create(actor=None, person=file.person, kind=K.DAILY,
                                           amount=str(self.rng.choice([800, 1000, 1500, 2000])), reason="困难职工日常救助",
                                           applied_on=day, hardship_file=file, submit=True,
                                           funding_source=self.rng.choice(["own", "upper"]))
            self._pay(a, day)

    def assistance(self) -> None:
        b = self.b
        for year, applications in zip(self.years, COMPANY_APPLICATIONS):
            for kind, amount, reason, (first, last), outcome in applications:
                day = b.day_in(year, first, last, margin=15)
                self.at(day, "company", self._apply, "company", kind, amount, reason, day, outcome)
        for kind, amount, reason, days, outcome in COMPANY_APPLICATIONS_NOW:
            self.at(self.ago(days), "company", self._apply, "company", kind, amount, reason, self.ago(days), outcome)
        for year, applications in zip(self.years, SCHOOL_APPLICATIONS):
            for kind, amount, reason, (first, last) in applications:
                day = b.day_in(year, first, last, margin=15)
                self.at(day, "school", self._apply, "school", kind, amount, reason, day, "paid")
        # Help for the households in the files: the company twice a year, the others once.
        for year in self.years:
            for union, periods in (("company", [((4, 1), (5, 31)), ((10, 8), (11, 20))]),
                                   ("school", [((6, 1), (6, 30))]), ("bureau", [((9, 1), (9, 30))])):
                for first, last in periods:
                    day = b.day_in(year, first, last, margin=10)
                    self.at(day, union, self._household_help, union, day)

    def education(self) -> None:
        """金秋助学 every August for the students (at university) of the households in hardship."""
        for year in self.years:
            day = self.b.day_in(year, (8, 20), (8, 31), margin=1)
            for union in UNIONS:
                self.at(day, union, self._education, union, day, year)

    def _education(self, union: str, day: datetime.date, year: int) -> None:
        files = {f.person_id: f for f in HardshipFile.objects.filter(org__path__startswith=self.orgs[union].path,
                                                                     status=HardshipFile.Status.OPEN)}
        # Children aged 18 to 21 that year: at university.
        children = (FamilyMember.objects.filter(person__in=list(files), relation=FamilyMember.Relation.CHILD,
                                                birth_date__year__range=(year - 21, year - 18))
                    .select_related("person").order_by("id"))
        for child in children:
            grade = "一二三四"[min(3, max(0, year - child.birth_date.year - 18))]
            a = services.assistance_create(actor=None, person=child.person, kind=K.EDUCATION, amount="2000",
                                           reason="金秋助学：困难职工子女就读大学", applied_on=day, family_member=child,
                                           school="南京某大学", grade=f"大{grade}", hardship_file=files[child.person_id],
                                           submit=True)
            self._pay(a, day)

    def survivor(self) -> None:
        """遗属供养 for the spouse of the retiree who died last year: paid quarterly, re-verified every year."""
        if self.b.death is None:
            return
        plan, died = self.b.death
        first = died + datetime.timedelta(days=20)
        day, n = first, 0
        while day <= self.today:
            self.at(day, "company", self._survivor_payment, plan, first, day, n)
            day, n = day + datetime.timedelta(days=91), n + 1

    def _survivor_payment(self, plan, first: datetime.date, day: datetime.date, n: int) -> None:
        person = Person.objects.select_related("org").get(pk=plan.person.pk)  # now deceased
        spouse = person.family.filter(relation=FamilyMember.Relation.SPOUSE).first()
        if spouse is None:
            return
        years = 1 + n // 4
        reason = "已故职工遗属生活困难，按季度发放供养补助" if n < 4 else "年度复核后继续发放遗属供养补助"
        a = services.assistance_create(actor=None, person=person, kind=K.SURVIVOR, amount="1800", reason=reason,
                                       applied_on=day, family_member=spouse,
                                       reverify_due_on=add_years(first, years), covers_from=day,
                                       covers_to=day + datetime.timedelta(days=90), submit=True)
        self._pay(a, day)

    # -- condolences and life events -------------------------------------------------------------------------------

    def condolences(self, union: str) -> None:
        rng, b = self.rng, self.b
        kinds, weights = [k for k, _ in EVENT_KINDS], [w for _, w in EVENT_KINDS]
        for year, count in zip(self.years, VISITS[union]):
            for _ in range(self.share_of_year(count, year)):
                day = b.day_in(year, margin=20)
                kind = rng.choices(kinds, weights=weights)[0]
                self.at(day, union, self._visit, union, kind, day, rng.randint(1, 6), rng.random())
            # 重阳节: the four oldest retirees.
            chongyang = self.festival("chongyang", year)
            if chongyang <= self.today:
                self.at(chongyang, union, self._chongyang, union, chongyang)
        # Retirement send-offs.
        for plan in b.plans[union]:
            if plan.member and plan.retire_on is not None and plan.retire_on >= b.start:
                self.at(plan.retire_on, union, self._send_off, plan, self.later(plan.retire_on, rng.randint(0, 5)))
        # Events of the last weeks not visited yet (五必访 reminders): a member in hospital since three days ago …
        recent = [(LifeEventKind.HOSPITALISED, 3), (LifeEventKind.HOSPITALISED, 12), (LifeEventKind.MARRIED, 9)]
        for kind, days in recent[: 3 if union == "company" else 1]:
            self.at(self.ago(days), union, self._unvisited, union, kind, self.ago(days))
        if union != "company":
            return
        # … a long stay in hospital, paid above the cap with the reason (flagged for 经审) …
        self.at(self.ago(70), union, self._long_stay, union)
        # … and the death of a retiree.
        if b.death is not None:
            plan, died = b.death
            self.at(died, union, self._death, plan, died)

    def _visit(self, union: str, kind: str, occurred: datetime.date, after: int, chance: float) -> None:
        serving = self.members(union, work_status=Person.WorkStatus.SERVING)
        retirees = self.members(union).exclude(work_status=Person.WorkStatus.SERVING)
        pool = serving if kind != LifeEventKind.HOSPITALISED or chance < 0.7 or not retirees.exists() else retirees
        person = self.pick(pool)
        family = None
        if kind == LifeEventKind.RELATIVE_DEATH:
            family = person.family.filter(relation__in=["father", "mother"]).order_by("id").first()
        event = services.life_event_report(actor=None, person=person, kind=kind, occurred_on=occurred,
                                           note=EVENT_NOTES[kind], family_member=family)
        form = Condolence.Form.GOODS if chance < 0.2 else Condolence.Form.CASH
        try:
            services.condolence_record(actor=None, person=person, occasion=EVENT_OCCASIONS[kind],
                                       visited_on=self.later(occurred, after), life_event=event,
                                       visitors=VISITORS[union], form=form,
                                       gift="水果、牛奶" if form == Condolence.Form.GOODS else "")
        except ServiceError:
            return  # e.g. a rule the demo did not foresee: the event stays unvisited
        self.summary.condolences += 1

    def _chongyang(self, union: str, day: datetime.date) -> None:
        retirees = self.members(union).exclude(work_status=Person.WorkStatus.SERVING)
        for person in retirees.order_by("birth_date", "pk")[:4]:
            services.condolence_record(actor=None, person=person, occasion=Occasion.FESTIVAL, visited_on=day,
                                       amount="300", form=Condolence.Form.GOODS, gift="重阳糕、慰问品",
                                       visitors=VISITORS[union], note="重阳节走访老同志")
            self.summary.condolences += 1

    def _send_off(self, plan, day: datetime.date) -> None:
        services.condolence_record(actor=None, person=plan.person, occasion=Occasion.RETIREMENT, visited_on=day,
                                   form=Condolence.Form.GOODS, gift="纪念品、鲜花", visitors="工会主席、部门负责人",
                                   note="退休欢送")
        self.summary.condolences += 1

    def _unvisited(self, union: str, kind: str, day: datetime.date) -> None:
        serving = self.members(union, work_status=Person.WorkStatus.SERVING)
        services.life_event_report(actor=None, person=self.pick(serving), kind=kind, occurred_on=day,
                                   note="待走访")

    def _long_stay(self, union: str) -> None:
        person = self.pick(self.members(union, work_status=Person.WorkStatus.SERVING))
        event = services.life_event_report(actor=None, person=person, kind=LifeEventKind.HOSPITALISED,
                                           occurred_on=self.ago(70), note="重病住院一个月")
        services.condolence_record(actor=None, person=person, occasion=Occasion.HOSPITAL, visited_on=self.ago(66),
                                   amount="1200", life_event=event, visitors=VISITORS[union],
                                   over_cap_reason="病情危重、住院时间长，经工会委员会研究提高慰问标准")
        self.summary.condolences += 1

    def _death(self, plan, died: datetime.date) -> None:
        event = services.life_event_report(actor=None, person=plan.person, kind=LifeEventKind.DEATH, occurred_on=died,
                                           note="因病去世")
        services.condolence_record(actor=None, person=plan.person, occasion=Occasion.DEATH,
                                   visited_on=self.later(died, 1), recipient_kind=RecipientKind.RETIREE,
                                   life_event=event, visitors="工会主席、退休职工工会小组长", note="吊唁并送慰问金")
        self.summary.condolences += 1

    def birthdays(self, union: str, first_month: int) -> None:
        """The birthday gift month by month (one action per month, as officers do), on the first of the month."""
        day = datetime.date(self.years[0], first_month, 1)
        while day <= self.today:
            self.at(day, union, self._birthdays, union, day)
            day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)

    def _birthdays(self, union: str, day: datetime.date) -> None:
        result = services.birthday_gifts_record(actor=None, org=self.orgs[union], month=day.month, visited_on=day,
                                                form=Condolence.Form.GOODS, gift="生日蛋糕券", visitors="工会干事")
        self.summary.condolences += result.created

    # -- campaigns -------------------------------------------------------------------------------------------------

    def _delivered(self, festival: festivals.Festival) -> bool:
        """Whether the campaign of this festival has been delivered by today (春节's 9 days before the festival,
        中秋's 4 days before)."""
        return festival.date - datetime.timedelta(days=9 if festival.code == "chunjie" else 4) <= self.today

    def campaigns(self) -> None:
        """元旦春节送温暖 and 中秋慰问 of every year of the window once delivered; the next one in preparation."""
        season = [f for year in (*self.years, self.today.year + 1) for f in festivals.festivals(year)
                  if f.code in ("chunjie", "zhongqiu")]
        for festival in season:
            if festival.date.year > self.today.year or not self._delivered(festival):
                continue
            if festival.code == "chunjie":
                self.at(festival.date - datetime.timedelta(days=18), "company", self._spring, festival.date)
            else:
                value = "150" if festival.date.year == self.years[0] else "120"
                self.at(festival.date - datetime.timedelta(days=14), "company", self._autumn, festival.date, value)
        upcoming = min((f for f in season if not self._delivered(f)), key=lambda f: f.date)
        self.at(self.today, "company", self._in_preparation, upcoming)

    def _approve_and_deliver(self, c: Campaign, planned: datetime.date, delivered: datetime.date,
                             closed: datetime.date) -> None:
        total = sum(c.recipients.values_list("amount", flat=True))
        if total > c.budget:
            services.campaign_update(actor=None, campaign=c, budget=str((int(total) // 5000 + 1) * 5000))
        services.campaign_approve(actor=self.users["company_chair"], campaign=c)
        # Approved a few days before the visits (the service stamps "now"; the demo's work happened then).
        Campaign.objects.filter(pk=c.pk).update(approved_at=datetime.datetime.combine(
            planned - datetime.timedelta(days=2), datetime.time(9, 0), tzinfo=datetime.timezone.utc))
        self.at(delivered, "company", self._deliver, c, delivered, closed)

    def _deliver(self, c: Campaign, delivered: datetime.date, closed: datetime.date) -> None:
        services.campaign_deliver(actor=None, campaign=c, delivered_on=delivered)
        services.campaign_close(actor=None, campaign=c, closed_on=closed)

    def _spring(self, spring: datetime.date) -> None:
        c = self._create_spring(spring)
        self._approve_and_deliver(c, c.planned_on, self.later(c.planned_on, 3), self.later(spring, 0))
        self.summary.campaigns += 1

    def _create_spring(self, spring: datetime.date, note: str = "") -> Campaign:
        """元旦春节送温暖 twelve days before 春节: households in hardship (深度困难 with rice and oil), retirees of 75
        and over, three model workers."""
        c = services.campaign_create(actor=None, org=self.orgs["company"], kind=Campaign.Kind.SPRING,
                                     title=f"{spring.year}年元旦春节送温暖", planned_on=spring - datetime.timedelta(days=12),
                                     festival_code="chunjie", budget="30000", default_amount="800",
                                     funding_source="own", note="走访慰问困难职工、75岁以上退休职工和劳模。" + note)
        services.campaign_select(actor=None, campaign=c, criteria=services.Criteria(hardship_level="any"),
                                 amount="1000")
        services.campaign_select(actor=None, campaign=c, criteria=services.Criteria(retirees_min_age=75))
        model_workers = self.members("company", work_status=Person.WorkStatus.SERVING).exclude(model_worker="")[:3]
        listed = set(c.recipients.values_list("person_id", flat=True))
        for person in model_workers:
            if person.pk not in listed:
                services.campaign_add_recipient(actor=None, campaign=c, person=person, amount="500", note="劳模慰问")
        deep = list(c.recipients.filter(person__hardship_files__status=HardshipFile.Status.OPEN,
                                        person__hardship_files__level="deep").values_list("pk", flat=True))
        if deep:  # 深度困难: the cash and a bag of rice and a can of oil
            services.campaign_set_amounts(actor=None, campaign=c, amount="1000", recipient_ids=deep,
                                          goods=[{"name": "大米", "quantity": "1", "unit": "袋", "value": "100"},
                                                 {"name": "食用油", "quantity": "1", "unit": "桶", "value": "100"}])
        return c

    def _autumn(self, autumn: datetime.date, value: str) -> None:
        c = self._create_autumn(autumn, value)
        self._approve_and_deliver(c, c.planned_on, self.later(c.planned_on, 2), self.later(autumn, 0))
        self.summary.campaigns += 1

    def _create_autumn(self, autumn: datetime.date, value: str) -> Campaign:
        c = services.campaign_create(actor=None, org=self.orgs["company"], kind=Campaign.Kind.ZHONGQIU,
                                     title=f"{autumn.year}年中秋慰问", planned_on=autumn - datetime.timedelta(days=7),
                                     festival_code="zhongqiu", budget="60000", form=PaymentForm.GOODS,
                                     default_goods=[{"name": "月饼", "quantity": "1", "unit": "盒", "value": value}],
                                     note="在职会员每人月饼一盒，由各分工会领取发放。")
        services.campaign_select(actor=None, campaign=c, criteria=services.Criteria(work_status="serving"))
        return c

    def _in_preparation(self, festival: festivals.Festival) -> None:
        if festival.code == "zhongqiu":
            self._create_autumn(festival.date, "120")
        else:
            self._create_spring(festival.date, "名单待工会委员会审定。")
        self.summary.campaigns += 1

    # -- health checks ---------------------------------------------------------------------------------------------

    def health_checks(self, union: str) -> None:
        if union == "bureau":
            return  # the bureau's staff are examined by the district's civil-service scheme, not by the union
        for i, year in enumerate(self.years):
            for kind, (first, last), provider, costs, from_year in HEALTH_CHECKS:
                if i < from_year.get(union, 0):
                    continue
                day = self.b.day_in(year, first, last, margin=1)
                self.at(day, union, self._health_check, union, kind, day, provider, costs[i])

    def _health_check(self, union: str, kind: str, day: datetime.date, provider: str, each: str) -> None:
        serving = self.members(union, work_status=Person.WorkStatus.SERVING)
        people = {HealthCheck.Kind.SERVING: serving,
                  HealthCheck.Kind.WOMEN: serving.filter(gender="F"),
                  HealthCheck.Kind.RETIRED: self.members(union, work_status__in=[Person.WorkStatus.RETIRED,
                                                                                Person.WorkStatus.LEFT_OFFICE])}[kind]
        count = people.count()
        if not count:
            return
        check = services.health_check_create(actor=None, org=self.orgs[union], kind=kind, checked_on=day,
                                             provider=provider, cost=str(int(each) * count),
                                             title=f"{day.year}年{HealthCheck.Kind(kind).label}")
        services.health_check_add_participants(actor=None, check=check, people=people, cost_each=each)
        self.summary.health_checks += 1
