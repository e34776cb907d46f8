"""A year of care work for the demo unions (帮扶关怀), through the care services.

Called by `DemoBuilder.build()` once people, memberships and logins exist. Everything goes through
`gonghui.care.services` with `actor=None` (the system: no scope check, but every rule and the audit trail apply),
inside `acting_as(<the union's officer>)` so the records name who did the work. Deterministic: the builder's seeded
random generator chooses the people, and dates are counted back from the demo's today.

What it makes:
- 区总工会's fund rules (经费标准, from 1 January last year), its 五必访 rules, and the company's approval flow
  (小组长审核 → 工会主席审批);
- hardship files for the people marked in hardship (some 深度困难), one level raised during the year, one closed (脱困);
- assistance of several kinds with their decisions and disbursements, a few still in review;
- condolence visits over the year answering life events (住院, 结婚, 生育, 直系亲属去世, 去世), a few events not yet
  visited (they show on 未走访提醒);
- 元旦春节送温暖 delivered and closed; 中秋慰问 in preparation;
- birthday gifts month by month; health-check batches.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from gonghui.care import services
from gonghui.care.models import (
    ApprovalDecision,
    Assistance,
    Campaign,
    Condolence,
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

R = RecipientKind
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
MUST_VISIT = [(LifeEventKind.HOSPITALISED, 7, "职工生病住院必访"), (LifeEventKind.MARRIED, 30, "职工结婚必访"),
              (LifeEventKind.CHILDBIRTH, 30, "职工生育必访"), (LifeEventKind.DEATH, 3, "职工去世必访"),
              (LifeEventKind.RELATIVE_DEATH, 7, "职工直系亲属去世必访")]
MEMBER = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)


@dataclass
class CareSummary:
    hardship_files: int = 0
    assistance: int = 0
    condolences: int = 0
    campaigns: int = 0
    health_checks: int = 0


def build_care(builder) -> CareSummary:
    return _CareDemo(builder).build()


class _CareDemo:
    def __init__(self, builder):
        self.b = builder
        self.rng = builder.rng
        self.today = builder.today
        self.orgs = builder.orgs
        self.users = builder.users
        self.summary = CareSummary()

    def ago(self, days: int) -> datetime.date:
        return self.today - datetime.timedelta(days=days)

    def members(self, union: str, **filters):
        org = self.orgs[union]
        return list(Person.objects.filter(org__path__startswith=org.path, member_status__in=MEMBER,
                                          died_on__isnull=True, **filters).select_related("org").order_by("id"))

    def build(self) -> CareSummary:
        officer = self.users["company_officer"]
        with acting_as(self.users["admin"], source="command"):
            self.rules()
        with acting_as(officer, source="command"):
            files = self.hardship("company")
            self.assistance(files)
            self.condolences("company")
            self.campaigns(files)
            self.birthdays("company")
            self.health_checks("company")
        with acting_as(self.users["school_officer"], source="command"):
            self.hardship("school")
            self.condolences("school", visits=10)
            self.birthdays("school")
            self.health_checks("school")
            self.school_assistance()
        with acting_as(self.users["admin"], source="command"):
            self.hardship("bureau")
            self.condolences("bureau", visits=6)
        return self.summary

    # -- rules ---------------------------------------------------------------------------------------------------

    def rules(self) -> None:
        fed, company = self.orgs["fed"], self.orgs["company"]
        start = datetime.date(self.today.year - 1, 1, 1)
        lines = [{"occasion": o, "recipient_kind": k, "standard": s, "cap": c, "yearly_cap": y}
                 for o, k, s, c, y in FED_RULES]
        services.rule_set_create(actor=None, org=fed, name=f"{fed.name}职工慰问标准（{start.year}年起）",
                                 effective_from=start, rules=lines,
                                 note="依据《基层工会经费收支管理办法》，经区总工会常委会研究制定。节日慰问每人每年合计不超过1500元。")
        for kind, days, note in MUST_VISIT:
            services.must_visit_rule_save(actor=None, org=fed, event_kind=kind, window_days=days, note=note)
        services.approval_flow_save(actor=None, org=company, kind="",
                                    steps=[("group_leader", "小组长审核"), ("chair", "工会主席审批")])

    # -- hardship files ------------------------------------------------------------------------------------------

    def hardship(self, union: str) -> list:
        rng = self.rng
        people = [p for p in self.members(union) if p.hardship_level]
        files = []
        causes_pool = ["illness", "schooling", "single_parent", "unemployment", "disability", "disaster"]
        for i, person in enumerate(people):
            opened = self.ago(rng.randint(300, 900))
            causes = rng.sample(causes_pool, rng.choice([1, 1, 2]))
            if person.hardship_level == "deep" and "illness" not in causes:
                causes[0] = "illness"
            family = list(person.family.all())
            file = services.hardship_file_open(
                actor=None, person=person, level=person.hardship_level, causes=causes, opened_on=opened,
                household_size=1 + len(family), household_members=family,
                income_per_head=str(rng.randrange(600, 1800, 50)), situation=person.note or "家庭经济困难",
                verified_by="工会干事、小组长", verified_on=opened, review_due_on=self.ago(-rng.randint(-20, 200)))
            files.append(file)
        if union == "company" and len(files) >= 3:
            # One household got worse during the year; one got out of hardship (脱困).
            worse = next((f for f in files if f.level == "ordinary"), None)
            if worse is not None:
                services.hardship_file_change_level(actor=None, file=worse, level="deep",
                                                    effective_from=self.ago(150), reason="配偶确诊重病，医疗支出大增")
            better = next(f for f in reversed(files) if f.level == "ordinary" and f is not worse)
            services.hardship_file_close(actor=None, file=better, closed_on=self.ago(60),
                                         reason="子女毕业就业，家庭人均收入超过当地低保标准")
        for file in files:
            file.refresh_from_db()
        self.summary.hardship_files += len(files)
        return files

    # -- assistance ----------------------------------------------------------------------------------------------

    def _decide(self, a: Assistance, day: datetime.date, *, steps: int, reject: str = "",
                deciders=None) -> Assistance:
        """Decide `steps` steps as the right people, then date the decisions on `day` (the demo's past)."""
        if deciders is None:
            leader = self.users["group_leader"]
            # Only 一车间's 小组长 has a demo login; for other groups the administrator stands in for theirs.
            first = leader if services.may_decide(leader, a) else self.users["admin"]
            deciders = [first, self.users["company_chair"]]
        for step in range(steps):
            last = step == steps - 1 and reject
            a = services.assistance_decide(actor=deciders[step], assistance=a, approve=not last,
                                           comment=reject if last else "情况属实，同意")
        ApprovalDecision.objects.filter(assistance=a).update(
            decided_at=datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=datetime.timezone.utc))
        if a.decided_on:
            Assistance.objects.filter(pk=a.pk).update(decided_on=day)
            a.refresh_from_db()
        return a

    def assistance(self, files) -> None:
        """Applications of 一车间 members (whose 小组长 has the demo login) through both steps."""
        rng = self.rng
        group = self.orgs["company:一车间"]
        leader = self.users["group_leader"].person_id
        in_group = [p for p in self.members("company", org=group) if p.pk != leader]
        open_files = {f.person_id: f for f in files if f.is_open}
        hardship_people = [p for p in self.members("company") if p.pk in open_files]
        plan = [
            # (person, kind, amount, reason, days ago, outcome)
            (rng.choice(in_group), Assistance.Kind.SERIOUS_ILLNESS, "5000", "本人患肾病需长期透析，自付费用高", 280, "paid"),
            (rng.choice(in_group), Assistance.Kind.DAILY, "1000", "家中老人长期卧床，家庭开支大", 200, "paid"),
            (rng.choice(in_group), Assistance.Kind.MUTUAL_AID, "1200", "住院治疗，申请职工医疗互助补充报销", 120, "paid"),
            (rng.choice(in_group), Assistance.Kind.DAILY, "2000", "房屋漏雨维修", 90, "rejected"),
            (rng.choice(in_group), Assistance.Kind.SERIOUS_ILLNESS, "3000", "配偶术后化疗", 12, "in_review"),
            (rng.choice(in_group), Assistance.Kind.DAILY, "800", "孩子住院，临时困难", 4, "submitted"),
        ]
        for person, kind, amount, reason, days, outcome in plan:
            self._one(person, kind, amount, reason, self.ago(days), outcome, open_files.get(person.pk))
        for person in hardship_people[:4]:  # help for the households in the files
            day = self.ago(rng.randint(30, 330))
            a = services.assistance_create(actor=None, person=person, kind=Assistance.Kind.DAILY,
                                           amount=str(rng.choice([800, 1000, 1500, 2000])), reason="困难职工日常救助",
                                           applied_on=day, hardship_file=open_files[person.pk], submit=True,
                                           funding_source=rng.choice(["own", "upper"]))
            self._pay(a, day, steps=2)
        # 金秋助学 for a member's child at university.
        child = (FamilyMember.objects.filter(person__in=[p.pk for p in hardship_people] or [0],
                                             relation=FamilyMember.Relation.CHILD, workplace="南京某大学")
                 .select_related("person").order_by("id").first())
        if child is not None:
            day = self.ago(max(1, (self.today - datetime.date(self.today.year, 8, 25)).days % 365))
            a = services.assistance_create(actor=None, person=child.person, kind=Assistance.Kind.EDUCATION,
                                           amount="2000", reason="金秋助学：困难职工子女就读大学", applied_on=day,
                                           family_member=child, school="南京某大学", grade="大二",
                                           hardship_file=open_files.get(child.person_id), submit=True)
            self._pay(a, day, steps=2)
        # 遗属供养 for the survivor of the retiree who died this year.
        deceased = (Person.objects.filter(org__path__startswith=self.orgs["company"].path, died_on__isnull=False)
                    .order_by("id").first())
        spouse = deceased and deceased.family.filter(relation=FamilyMember.Relation.SPOUSE).first()
        if spouse is not None:
            day = max(deceased.died_on + datetime.timedelta(days=20), self.ago(40))
            a = services.assistance_create(actor=None, person=deceased, kind=Assistance.Kind.SURVIVOR, amount="600",
                                           reason="已故职工遗属生活困难，按月发放供养补助", applied_on=day,
                                           family_member=spouse, reverify_due_on=day + datetime.timedelta(days=365),
                                           covers_from=day, covers_to=day + datetime.timedelta(days=30), submit=True)
            self._pay(a, day, steps=2)

    def _one(self, person, kind, amount, reason, day, outcome, file) -> None:
        a = services.assistance_create(actor=None, person=person, kind=kind, amount=amount, reason=reason,
                                       applied_on=day, hardship_file=file, submit=True)
        if outcome == "paid":
            self._pay(a, day, steps=2)
        elif outcome == "rejected":
            self._decide(a, day + datetime.timedelta(days=3), steps=1, reject="不属于救助范围，建议向单位申请维修补助")
            self.summary.assistance += 1
        elif outcome == "in_review":
            self._decide(a, day + datetime.timedelta(days=2), steps=1)
            self.summary.assistance += 1
        else:
            self.summary.assistance += 1

    def _pay(self, a: Assistance, day: datetime.date, *, steps: int) -> None:
        a = self._decide(a, day + datetime.timedelta(days=3), steps=steps)
        paid = min(self.today, day + datetime.timedelta(days=self.rng.randint(5, 12)))
        services.assistance_disburse(actor=None, assistance=a, disbursed_on=paid,
                                     method=self.rng.choice([PaymentForm.CASH, PaymentForm.TRANSFER]))
        self.summary.assistance += 1

    def school_assistance(self) -> None:
        people = self.members("school")
        for days, kind, amount, reason in ((210, Assistance.Kind.SERIOUS_ILLNESS, "3000", "本人甲状腺手术"),
                                           (45, Assistance.Kind.DAILY, "1000", "家庭突发困难")):
            person = self.rng.choice(people)
            a = services.assistance_create(actor=None, person=person, kind=kind, amount=amount, reason=reason,
                                           applied_on=self.ago(days), submit=True)
            a = self._decide(a, self.ago(days - 2), steps=1, deciders=[self.users["school_officer"]])
            services.assistance_disburse(actor=None, assistance=a, disbursed_on=self.ago(days - 7))
            self.summary.assistance += 1

    # -- condolences and life events -------------------------------------------------------------------------------

    def condolences(self, union: str, visits: int = 28) -> None:
        rng = self.rng
        people = self.members(union)
        serving = [p for p in people if p.work_status == Person.WorkStatus.SERVING]
        retirees = [p for p in people if p.work_status != Person.WorkStatus.SERVING]
        visitors = {"company": "工会主席、工会干事", "school": "工会主席、年级组长", "bureau": "机关工会主席"}[union]
        kinds = [(LifeEventKind.HOSPITALISED, 10), (LifeEventKind.MARRIED, 3), (LifeEventKind.CHILDBIRTH, 3),
                 (LifeEventKind.RELATIVE_DEATH, 3), (LifeEventKind.INJURY, 1)]
        for n in range(visits):
            kind = rng.choices([k for k, _ in kinds], weights=[w for _, w in kinds])[0]
            pool = serving if kind != LifeEventKind.HOSPITALISED or rng.random() < 0.7 else retirees or serving
            person = rng.choice(pool)
            family = None
            if kind == LifeEventKind.RELATIVE_DEATH:
                family = person.family.filter(relation__in=["father", "mother"]).order_by("id").first()
            occurred = self.ago(rng.randint(25, 360))
            note = {LifeEventKind.HOSPITALISED: "住院治疗", LifeEventKind.MARRIED: "新婚",
                    LifeEventKind.CHILDBIRTH: "喜得子女", LifeEventKind.RELATIVE_DEATH: "直系亲属病故",
                    LifeEventKind.INJURY: "工作中受伤"}[kind]
            event = services.life_event_report(actor=None, person=person, kind=kind, occurred_on=occurred, note=note,
                                               family_member=family)
            occasion = {LifeEventKind.HOSPITALISED: Occasion.HOSPITAL, LifeEventKind.MARRIED: Occasion.MARRIAGE,
                        LifeEventKind.CHILDBIRTH: Occasion.CHILDBIRTH,
                        LifeEventKind.RELATIVE_DEATH: Occasion.RELATIVE_DEATH,
                        LifeEventKind.INJURY: Occasion.INJURY}[kind]
            visited = min(self.today, occurred + datetime.timedelta(days=rng.randint(1, 6)))
            form = Condolence.Form.GOODS if rng.random() < 0.2 else Condolence.Form.CASH
            try:
                services.condolence_record(actor=None, person=person, occasion=occasion, visited_on=visited,
                                           life_event=event, visitors=visitors, form=form,
                                           gift="水果、牛奶" if form == Condolence.Form.GOODS else "",
                                           recipient_kind=None)
            except ServiceError:
                continue  # e.g. a rule the demo did not foresee: the event stays unvisited
            self.summary.condolences += 1
        # Events of the last weeks not visited yet (五必访 reminders).
        for kind, days in ((LifeEventKind.HOSPITALISED, 3), (LifeEventKind.HOSPITALISED, 12),
                           (LifeEventKind.MARRIED, 9))[: 3 if union == "company" else 1]:
            services.life_event_report(actor=None, person=rng.choice(serving), kind=kind, occurred_on=self.ago(days),
                                       note="待走访")
        # 重阳节 visits to the oldest retirees.
        chongyang = next((f.date for y in (self.today.year, self.today.year - 1) for f in festivals.festivals(y)
                          if f.code == "chongyang" and f.date <= self.today), None)
        for person in sorted(retirees, key=lambda p: p.birth_date or self.today)[:4]:
            if chongyang is None:
                break
            services.condolence_record(actor=None, person=person, occasion=Occasion.FESTIVAL, visited_on=chongyang,
                                       amount="300", form=Condolence.Form.GOODS, gift="重阳糕、慰问品",
                                       visitors=visitors, note="重阳节走访老同志")
            self.summary.condolences += 1
        if union == "company":
            # A long stay in hospital: above the cap, with the reason, flagged for 经审.
            person = rng.choice(serving)
            event = services.life_event_report(actor=None, person=person, kind=LifeEventKind.HOSPITALISED,
                                               occurred_on=self.ago(70), note="重病住院一个月")
            services.condolence_record(actor=None, person=person, occasion=Occasion.HOSPITAL, visited_on=self.ago(66),
                                       amount="1200", life_event=event, visitors=visitors,
                                       over_cap_reason="病情危重、住院时间长，经工会委员会研究提高慰问标准")
            self.summary.condolences += 1
            deceased = (Person.objects.filter(org__path__startswith=self.orgs["company"].path, died_on__isnull=False)
                        .order_by("id").first())
            if deceased is not None:
                event = services.life_event_report(actor=None, person=deceased, kind=LifeEventKind.DEATH,
                                                   occurred_on=deceased.died_on, note="因病去世")
                services.condolence_record(actor=None, person=deceased, occasion=Occasion.DEATH,
                                           visited_on=deceased.died_on + datetime.timedelta(days=1),
                                           recipient_kind=RecipientKind.RETIREE, life_event=event,
                                           visitors="工会主席、退休职工工会小组长", note="吊唁并送慰问金")
                self.summary.condolences += 1

    def birthdays(self, union: str) -> None:
        """The birthday gift month by month over the past year (one action per month, as officers do)."""
        org = self.orgs[union]
        for back in range(11, -1, -1):
            year, month = self.today.year, self.today.month - back
            while month < 1:
                year, month = year - 1, month + 12
            day = datetime.date(year, month, 1)
            if day > self.today:
                continue
            result = services.birthday_gifts_record(actor=None, org=org, month=month, visited_on=day,
                                                    form=Condolence.Form.GOODS, gift="生日蛋糕券",
                                                    visitors="工会干事")
            self.summary.condolences += result.created

    # -- campaigns -------------------------------------------------------------------------------------------------

    def _festival(self, code: str, *, past: bool) -> datetime.date:
        years = (self.today.year, self.today.year - 1) if past else (self.today.year, self.today.year + 1)
        for year in years:
            day = next(f.date for f in festivals.festivals(year) if f.code == code)
            if (day <= self.today) if past else (day > self.today):
                return day
        raise AssertionError(code)

    def campaigns(self, files) -> None:
        company = self.orgs["company"]
        spring = self._festival("chunjie", past=True)
        planned = spring - datetime.timedelta(days=12)
        c = services.campaign_create(actor=None, org=company, kind=Campaign.Kind.SPRING,
                                     title=f"{spring.year}年元旦春节送温暖", planned_on=planned, festival_code="chunjie",
                                     budget="30000", default_amount="800", funding_source="own",
                                     note="走访慰问困难职工、80岁以上退休职工和劳模。")
        services.campaign_select(actor=None, campaign=c,
                                 criteria=services.Criteria(hardship_level="any"), amount="1000")
        services.campaign_select(actor=None, campaign=c, criteria=services.Criteria(retirees_min_age=75))
        model_workers = [p for p in self.members("company", work_status=Person.WorkStatus.SERVING)
                         if p.model_worker][:3]
        for person in model_workers:
            try:
                services.campaign_add_recipient(actor=None, campaign=c, person=person, amount="500",
                                                note="劳模慰问")
            except ServiceError:
                pass  # already listed
        deep = [f.pk for f in files if f.is_open and f.level == "deep"]
        deep_rows = list(c.recipients.filter(person__hardship_files__pk__in=deep).values_list("pk", flat=True))
        if deep_rows:  # 深度困难: the cash and a bag of rice and a can of oil
            services.campaign_set_amounts(actor=None, campaign=c, amount="1000", recipient_ids=deep_rows,
                                          goods=[{"name": "大米", "quantity": "1", "unit": "袋", "value": "100"},
                                                 {"name": "食用油", "quantity": "1", "unit": "桶", "value": "100"}])
        total = sum(c.recipients.values_list("amount", flat=True))
        if total > c.budget:
            services.campaign_update(actor=None, campaign=c, budget=str((int(total) // 5000 + 1) * 5000))
        services.campaign_approve(actor=self.users["company_chair"], campaign=c)
        # Approved a few days before the visits (the service stamps "now"; the demo's work happened then).
        Campaign.objects.filter(pk=c.pk).update(approved_at=datetime.datetime.combine(
            planned - datetime.timedelta(days=2), datetime.time(9, 0), tzinfo=datetime.timezone.utc))
        services.campaign_deliver(actor=None, campaign=c, delivered_on=min(self.today, planned + datetime.timedelta(days=3)))
        services.campaign_close(actor=None, campaign=c, closed_on=min(self.today, spring))
        # 中秋 in preparation: every serving member, a box of mooncakes.
        autumn = self._festival("zhongqiu", past=False)
        m = services.campaign_create(actor=None, org=company, kind=Campaign.Kind.ZHONGQIU,
                                     title=f"{autumn.year}年中秋慰问", planned_on=autumn - datetime.timedelta(days=7),
                                     festival_code="zhongqiu", budget="60000", form=PaymentForm.GOODS,
                                     default_goods=[{"name": "月饼", "quantity": "1", "unit": "盒", "value": "120"}],
                                     note="在职会员每人月饼一盒，由各分工会领取发放。")
        services.campaign_select(actor=None, campaign=m, criteria=services.Criteria(work_status="serving"))
        self.summary.campaigns += 2

    # -- health checks ---------------------------------------------------------------------------------------------

    def health_checks(self, union: str) -> None:
        org = self.orgs[union]
        serving = self.members(union, work_status=Person.WorkStatus.SERVING)
        women = [p for p in serving if p.gender == "F"]
        retirees = self.members(union, work_status__in=[Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE])
        batches = [(HealthCheck.Kind.SERVING, self.ago(150), "滨江区人民医院体检中心", serving, "350"),
                   (HealthCheck.Kind.WOMEN, self.ago(100), "滨江区妇幼保健院", women, "280")]
        if retirees:
            batches.append((HealthCheck.Kind.RETIRED, self.ago(200), "滨江区人民医院体检中心", retirees, "300"))
        for kind, day, provider, people, each in batches:
            if not people:
                continue
            check = services.health_check_create(actor=None, org=org, kind=kind, checked_on=day, provider=provider,
                                                 cost=str(int(each) * len(people)), title=f"{day.year}年{HealthCheck.Kind(kind).label}")
            services.health_check_add_participants(actor=None, check=check, people=people, cost_each=each)
            self.summary.health_checks += 1

