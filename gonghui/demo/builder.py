"""Builds the demo federation.

``build_demo`` loads 滨江区总工会 with three grassroots unions (a manufacturing company with branches and union
groups, a school, a government bureau), about 600 people and their membership and care work from 1 January of the
year before last to today (so that last year's summary has a year to compare with: 同比). Every record goes through
the services, so the audit trail, membership history and member numbers are exactly what real use produces.
The structure is fixed by a seeded random generator; dates are counted from today so the demo always looks current.

The work is played in date order (`DemoBuilder.at` schedules an action on a day, `run_timeline` plays them): what
happened before the window first, then the committees, then every admission, retirement, transfer, death and care
action of the window day by day, so that a service that reads the present state (a campaign choosing its recipients,
the month's birthday list, a health-check batch of the serving staff) reads the state of that day.

``build_large`` makes a big federation for benchmarks (200,000 members in about a minute) with bulk inserts;
it sets what the services would have set (pinyin, member numbers, membership periods and join events).
"""
from __future__ import annotations

import datetime
import heapq
import itertools
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import Callable

from django.db import connection, transaction
from django.utils import timezone

from gonghui.accounts.models import RoleAssignment, User
from gonghui.accounts.roles import Role
from gonghui.core import audit, idcard
from gonghui.core.context import acting_as
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry, Sequence
from gonghui.core.pinyin import name_pinyin
from gonghui.members.models import FamilyMember, Gender, Membership, MembershipEvent, Person
from gonghui.orgs.models import Election, Organization, Position

from . import names

SEED = 20250501
PASSWORD = "Gonghui2025"
FED_CODE = "BJ"
FED_NAME = "滨江区总工会"

# The demo logins: username → (Chinese role, English role). Who they are and where is read from the database.
LOGINS: dict[str, tuple[str, str]] = {
    "admin": ("系统管理员（超级用户）", "administrator (superuser)"),
    "fed_staff": ("上级工会工作人员", "federation staff"),
    "company_chair": ("工会主席", "union chair"),
    "company_officer": ("工会干部（经办）", "union officer"),
    "school_officer": ("工会干部（经办）", "union officer"),
    "group_leader": ("工会小组长", "union group leader"),
    "auditor": ("经审委员", "funds auditor"),
    "company_department": ("提案承办部门联系人", "department contact for proposals"),
    "company_safety": ("安全环保部联系人（隐患整改）", "department contact for hazards"),
    "member": ("会员", "member"),
}

Log = Callable[[str], None]


def quiet(message: str) -> None:
    """A log that says nothing."""


def today() -> datetime.date:
    """The demo's today: the earlier of the server's date and Beijing time, so no date lands in the future."""
    return min(datetime.date.today(), timezone.localdate())


def is_loaded() -> bool:
    return Organization.objects.filter(code=FED_CODE).exists()


def demo_federation() -> Organization | None:
    return Organization.objects.filter(code=FED_CODE).first()


def only_demo_data() -> bool:
    """True when every organisation in the database belongs to the demo federation (a reset loses nothing else)."""
    fed = demo_federation()
    if fed is None:
        return not Organization.objects.exists()
    return not Organization.objects.exclude(path__startswith=fed.path).exists()


# --------------------------------------------------------------------------------------------------------------
# Small helpers


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def days_ago(day: datetime.date, n: int) -> datetime.date:
    return day - datetime.timedelta(days=n)


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100-2015)."""
    total = sum(_CREDIT_CHARS.index(ch) * w for ch, w in zip(first17, _CREDIT_WEIGHTS))
    return _CREDIT_CHARS[(31 - total % 31) % 31]


def org_code_check_char(body8: str) -> str:
    """The 9th character of an organisation code (GB 11714): digits count as themselves, letters A–Z as 10–35."""
    total = sum(int(ch, 36) * w for ch, w in zip(body8, (3, 7, 9, 10, 5, 8, 4, 2)))
    return {10: "X", 11: "0"}.get(11 - total % 11, str(11 - total % 11))


def credit_code(authority: str, kind: str, region: str, body8: str) -> str:
    """A unified social credit code with valid check characters, for fictitious employers.

    ``authority``+``kind``: "91" company, "12" public institution (事业单位), "11" government body (机关).
    ``body8`` is the body of the organisation code, whose own check character is computed too.
    """
    first17 = f"{authority}{kind}{region}{body8}{org_code_check_char(body8)}"
    return first17 + credit_check_char(first17)


class PeopleFactory:
    """Names, ID numbers and phones: realistic, unique and reproducible from one random generator."""

    def __init__(self, rng: random.Random, day: datetime.date):
        self.rng = rng
        self.today = day
        self._surnames = [s for s, _ in names.SURNAMES]
        cum, total = [], 0
        for _, weight in names.SURNAMES:
            total += weight
            cum.append(total)
        self._cum = cum
        self._next_seq: dict[tuple, int] = {}
        self._phones: set[str] = set()

    def surname(self) -> str:
        return self.rng.choices(self._surnames, cum_weights=self._cum)[0]

    def given(self, gender: str) -> str:
        rng = self.rng
        male = gender == Gender.MALE
        second = names.GIVEN_MALE if male else names.GIVEN_FEMALE
        if rng.random() < 0.25:
            return rng.choice(second)
        first = rng.choice(names.GIVEN_MALE_FIRST if male else names.GIVEN_FEMALE_FIRST)
        while True:
            last = rng.choice(second)
            if last != first:
                return first + last

    def name(self, gender: str, surname: str | None = None) -> str:
        return (surname or self.surname()) + self.given(gender)

    def birth_for_age(self, age: int) -> datetime.date:
        """A birth date of someone who is `age` today."""
        birthday = add_years(self.today, -age)
        return birthday - datetime.timedelta(days=self.rng.randint(1, 360))

    def id_number(self, region: str, birth: datetime.date, gender: str) -> str:
        """A valid ID number, never the same twice: the sequence (odd male, even female) counts up per day."""
        key = (region, birth, gender)
        seq = self._next_seq.get(key)
        if seq is None:
            seq = self.rng.randint(1, 300) * 2 + (1 if gender == Gender.MALE else 0)
        if seq > 999:
            raise ServiceError("演示数据：同一地区同一天出生的人数过多。")
        self._next_seq[key] = seq + 2
        return idcard.make(region, birth, seq)

    def phone(self) -> str:
        while True:
            number = self.rng.choice(names.PHONE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def ethnicity(self) -> str:
        return self.rng.choices([e for e, _ in names.ETHNICITIES], weights=[w for _, w in names.ETHNICITIES])[0]


# --------------------------------------------------------------------------------------------------------------
# The small demo: one federation, three unions, ~600 people, through the services


@dataclass
class Plan:
    """One person to create, with what happens to them afterwards."""

    union: str
    org: Organization
    name: str
    fields: dict
    age: int
    member: bool = True
    joined_on: datetime.date | None = None
    applied_on: datetime.date | None = None
    pending_only: bool = False  # applied, not yet approved
    retire_on: datetime.date | None = None
    family: list[dict] = field(default_factory=list)
    key: str = ""
    person: Person | None = None


@dataclass
class Summary:
    people: int = 0
    members: int = 0
    family: int = 0
    orgs: int = 0
    seconds: float = 0.0


# Union keys
COMPANY, SCHOOL, BUREAU = "company", "school", "bureau"

# Officers of each union: key → (department, post, age, gender, extra person fields)
OFFICERS = {
    COMPANY: {
        "chair_old": ("综合办公室", "原党委副书记、工会主席", 62, "M", {"retired_years": 2}),
        "chair": ("综合办公室", "党委副书记、工会主席", 52, "M", {}),
        "officer": ("综合办公室", "工会专职干事", 38, "F", {}),
        "women": ("人力资源部", "人力资源部经理", 47, "F", {}),
        "audit_old": ("财务部", "财务部经理", 54, "F", {}),
        "audit": ("财务部", "财务部副经理", 45, "M", {}),
        "vice": ("一车间", "车间主任", 49, "M", {"model_worker": Person.ModelWorker.MUNICIPAL}),
        "c1": ("技术研发中心", "研发中心主任", 44, "M", {"model_worker": Person.ModelWorker.PROVINCIAL}),
        "c2": ("质量管理部", "质量工程师", 36, "F", {}),
        "c3": ("销售部", "销售经理", 41, "M", {}),
        "c4": ("二车间", "班组长", 33, "F", {"model_worker": Person.ModelWorker.DISTRICT}),
    },
    SCHOOL: {
        "chair": ("行政后勤", "副校长、工会主席", 50, "F", {}),
        "vice": ("数学教研组", "数学教研组长", 46, "M", {}),
        "officer": ("语文教研组", "语文教师、工会干事", 35, "F", {}),
        "women": ("英语教研组", "英语教研组长", 42, "F", {"model_worker": Person.ModelWorker.DISTRICT}),
        "audit": ("行政后勤", "会计", 48, "F", {}),
        "c1": ("体艺教研组", "体育教师", 39, "M", {}),
        "c2": ("理化生教研组", "化学教师", 31, "F", {}),
        "c3": ("政史地教研组", "历史教师", 37, "M", {}),
    },
    BUREAU: {
        "chair": ("办公室", "机关党委专职副书记、工会主席", 53, "M", {}),
        "vice": ("登记注册科", "科长", 45, "F", {}),
        "women": ("食品安全监管科", "副科长", 40, "F", {}),
        "audit": ("质量监督科", "科长", 50, "M", {}),
        "c1": ("综合执法大队", "中队长", 38, "M", {"model_worker": Person.ModelWorker.DISTRICT}),
        "c2": ("办公室", "科员、工会干事", 34, "F", {}),
    },
}

# How many ordinary employees per department, and retirees per union.
HEADCOUNT = {
    COMPANY: {"一车间": 66, "二车间": 60, "三车间": 44, "技术研发中心": 27, "质量管理部": 18, "设备动力部": 16,
              "仓储物流部": 22, "销售部": 18, "财务部": 7, "人力资源部": 6, "综合办公室": 9},
    SCHOOL: {"语文教研组": 22, "数学教研组": 22, "英语教研组": 20, "理化生教研组": 20, "政史地教研组": 16,
             "体艺教研组": 14, "行政后勤": 11},
    BUREAU: {"办公室": 8, "登记注册科": 13, "食品安全监管科": 13, "质量监督科": 10, "综合执法大队": 30,
             "滨江街道市场监管所": 15},
}
RETIREES = {COMPANY: 28, SCHOOL: 15, BUREAU: 11}
# Members who reach the retirement age in each year of the window (the year before last, last year, this year).
RETIRING_PER_YEAR = {COMPANY: (3, 5, 4), SCHOOL: (2, 1, 2), BUREAU: (1, 1, 1)}
# Young employees hired in the window (besides those who started work recently anyway), and how they are spread
# over its years.
NEW_HIRE_SHARE = 0.42
HIRING_WEIGHTS = (1.0, 1.5, 1.0)
PRODUCTION = {"一车间", "二车间", "三车间", "设备动力部", "仓储物流部"}
SPOUSE_WORKPLACES = ("滨江区人民医院", "滨江区第二实验小学", "个体经营", "滨江华润万家超市", "某科技有限公司",
                     "滨江街道社区服务中心", "某建筑工程公司", "家务", "某物流有限公司", "区税务局", "某银行滨江支行")


class DemoBuilder:
    def __init__(self, log: Log = quiet, day: datetime.date | None = None):
        self.rng = random.Random(SEED)
        self.today = day or today()
        self.people = PeopleFactory(self.rng, self.today)
        self.log = log
        self.orgs: dict[str, Organization] = {}
        self.plans: dict[str, list[Plan]] = defaultdict(list)
        self.by_key: dict[tuple[str, str], Plan] = {}
        self.users: dict[str, User] = {}
        self.summary = Summary()
        # The window of recorded work: from 1 January of the year before last to today.
        self.start = datetime.date(self.today.year - 2, 1, 1)
        self.years = (self.today.year - 2, self.today.year - 1, self.today.year)
        self._timeline: list[tuple[datetime.date, int, str, Callable[[], object]]] = []  # a heap
        self._scheduled = itertools.count()
        self.playing: datetime.date | None = None  # the day of the action being played
        self.death: tuple[Plan, datetime.date] | None = None  # the member who died, and when
        self._hires: Counter[int] = Counter()  # young employees hired in each year of the window

    # -- the timeline --------------------------------------------------------------------------------------------

    def at(self, day: datetime.date, actor: str, action: Callable[[], object]) -> None:
        """Do `action` on `day` as the demo login `actor` (a key of `users`) when the timeline is played. An action
        may schedule more (e.g. the delivery of the campaign it approves), on its own day or later."""
        if day > self.today or (self.playing is not None and day < self.playing):
            raise AssertionError(f"demo action scheduled on {day}, outside {self.playing}..{self.today}")
        heapq.heappush(self._timeline, (day, next(self._scheduled), actor, action))

    def run_timeline(self, *, before: datetime.date | None = None) -> None:
        """Play the scheduled actions in date order (in the order scheduled on one day); with `before`, only those
        of earlier days, keeping the rest."""
        while self._timeline and (before is None or self._timeline[0][0] < before):
            day, _, actor, action = heapq.heappop(self._timeline)
            self.playing = day
            with acting_as(self.users[actor], source="command"):
                action()
        self.playing = None

    def day_in(self, year: int, first: tuple[int, int] = (1, 1), last: tuple[int, int] = (12, 31), *,
               margin: int = 0) -> datetime.date | None:
        """A random day of `year` between the month-days `first` and `last`, at least `margin` days before today;
        None when that range has not begun yet."""
        low = datetime.date(year, *first)
        high = min(datetime.date(year, *last), self.today - datetime.timedelta(days=margin))
        if high < low:
            return None
        return low + datetime.timedelta(days=self.rng.randint(0, (high - low).days))

    # -- organisations -------------------------------------------------------------------------------------------

    def build_orgs(self) -> None:
        from gonghui.orgs.services import org_create

        fed = org_create(
            code=FED_CODE, name=FED_NAME, short_name="区总工会", kind=Organization.Kind.FEDERATION,
            employer="", party_org="中共滨江区委员会", founded_on=datetime.date(1953, 5, 1),
            legal_person_registered=True, legal_person_cert_no="工法证字第32011500001号",
            legal_person_registered_on=datetime.date(1995, 10, 16), address="滨江区江滨大道88号",
            phone="025-52110001",
        )
        company = org_create(
            code="BJ01", name="滨江华兴精密机械有限公司工会", short_name="华兴公司工会",
            kind=Organization.Kind.GRASSROOTS, parent=fed, employer="滨江华兴精密机械有限公司",
            employer_credit_code=credit_code("9", "1", "320115", "75405321"), party_org="滨江华兴精密机械有限公司党委",
            founded_on=datetime.date(2006, 5, 18), legal_person_registered=True,
            legal_person_cert_no="工法证字第32011520060518号", legal_person_registered_on=datetime.date(2006, 9, 12),
            address="滨江经济开发区华兴路6号", phone="025-52180601",
        )
        school = org_create(
            code="BJ02", name="滨江区实验中学工会", short_name="实验中学工会", kind=Organization.Kind.GRASSROOTS,
            parent=fed, employer="滨江区实验中学", employer_credit_code=credit_code("1", "2", "320115", "46600811"),
            party_org="中共滨江区实验中学总支部委员会", founded_on=datetime.date(1998, 9, 1),
            legal_person_registered=True, legal_person_cert_no="工法证字第32011519980901号",
            legal_person_registered_on=datetime.date(2002, 4, 20), address="滨江区学府路12号", phone="025-52131200",
        )
        bureau = org_create(
            code="BJ03", name="滨江区市场监督管理局工会", short_name="区市场监管局工会",
            kind=Organization.Kind.GRASSROOTS, parent=fed, employer="滨江区市场监督管理局",
            employer_credit_code=credit_code("1", "1", "320115", "01452039"),
            party_org="中共滨江区市场监督管理局党组", founded_on=datetime.date(2019, 3, 28),
            legal_person_registered=True, legal_person_cert_no="工法证字第32011520190328号",
            legal_person_registered_on=datetime.date(2019, 8, 6), address="滨江区政务中心3号楼",
            phone="025-52166315",
        )
        self.orgs.update(fed=fed, company=company, school=school, bureau=bureau)
        branches = {
            "BJ01-1": ("生产分工会", {"一车间": "一车间工会小组", "二车间": "二车间工会小组", "三车间": "三车间工会小组"}),
            "BJ01-2": ("技术质量分工会", {"技术研发中心": "研发工会小组", "质量管理部": "质检工会小组",
                                     "设备动力部": "设备动力工会小组"}),
            "BJ01-3": ("经营管理分工会", {"销售部": "销售工会小组", "仓储物流部": "物流工会小组",
                                     "机关": "机关工会小组"}),
        }
        for code, (name, groups) in branches.items():
            branch = org_create(code=code, name=f"华兴公司{name}", kind=Organization.Kind.BRANCH, parent=company,
                                employer=company.employer, founded_on=datetime.date(2006, 6, 20))
            self.orgs[code] = branch
            for i, (department, group_name) in enumerate(groups.items(), start=1):
                self.orgs[f"company:{department}"] = org_create(
                    code=f"{code}-{i}", name=group_name, kind=Organization.Kind.GROUP, parent=branch,
                    employer=company.employer)
        for department in ("财务部", "人力资源部", "综合办公室"):
            self.orgs[f"company:{department}"] = self.orgs["company:机关"]
        self.orgs["company:retired"] = org_create(code="BJ01-T", name="退休职工工会小组", kind=Organization.Kind.GROUP,
                                                  parent=company, employer=company.employer)
        for i, department in enumerate(HEADCOUNT[SCHOOL], start=1):
            label = department.replace("教研组", "组")
            self.orgs[f"school:{department}"] = org_create(
                code=f"BJ02-{i}", name=f"{label}工会小组", kind=Organization.Kind.GROUP, parent=school,
                employer=school.employer)
        self.orgs["school:retired"] = school
        for department in HEADCOUNT[BUREAU]:
            self.orgs[f"bureau:{department}"] = bureau
        self.orgs["bureau:retired"] = bureau
        self.summary.orgs = Organization.objects.filter(path__startswith=fed.path).count()

    # -- planning people ---------------------------------------------------------------------------------------

    def _employment(self, union: str, department: str) -> str:
        r = self.rng.random()
        E = Person.Employment
        if union == COMPANY:
            if department in PRODUCTION:
                return E.CONTRACT if r < 0.58 else E.DISPATCHED if r < 0.75 else E.MIGRANT
            return E.CONTRACT if r < 0.9 else E.DISPATCHED
        if union == SCHOOL:
            return E.ESTABLISHMENT if r < 0.86 else E.CONTRACT
        return E.ESTABLISHMENT if r < 0.8 else E.CONTRACT

    def _region(self, employment: str, union: str) -> str:
        rng = self.rng
        if employment == Person.Employment.MIGRANT:
            return rng.choice(names.MIGRANT_DISTRICTS)
        r = rng.random()
        if union == COMPANY and r < 0.15:
            return rng.choice(names.MIGRANT_DISTRICTS)
        if r < 0.3:
            return rng.choice(names.PROVINCE_DISTRICTS)
        return rng.choice(names.LOCAL_DISTRICTS)

    def _education(self, union: str, department: str, post: str) -> str:
        rng, Ed = self.rng, Person.Education
        if union == SCHOOL and "教师" in post or "教研组" in department:
            return Ed.MASTER if rng.random() < 0.25 else Ed.BACHELOR
        if union == BUREAU:
            return rng.choices([Ed.COLLEGE, Ed.BACHELOR, Ed.MASTER], weights=[10, 68, 22])[0]
        if "工程师" in post or department == "技术研发中心":
            return rng.choices([Ed.COLLEGE, Ed.BACHELOR, Ed.MASTER], weights=[15, 65, 20])[0]
        if department in PRODUCTION:
            return rng.choices([Ed.JUNIOR, Ed.SENIOR, Ed.COLLEGE, Ed.BACHELOR], weights=[22, 45, 25, 8])[0]
        return rng.choices([Ed.SENIOR, Ed.COLLEGE, Ed.BACHELOR], weights=[15, 45, 40])[0]

    def _political(self, union: str, age: int) -> str:
        rng, P = self.rng, Person.Political
        share = {COMPANY: 0.16, SCHOOL: 0.42, BUREAU: 0.62}[union]
        r = rng.random()
        if r < share:
            return P.CPC if rng.random() > 0.04 else P.CPC_PROBATION
        if age < 28 and r < share + 0.35:
            return P.CYL
        if union != COMPANY and r > 0.97:
            return P.DEMOCRATIC
        return P.MASSES

    def _salary(self, union: str, department: str, post: str, age: int) -> Decimal:
        rng = self.rng
        if union == COMPANY:
            base = 4300 if department in PRODUCTION else 5200
            if "工程师" in post or "经理" in post or "主任" in post or "主席" in post:
                base = 8500
        elif union == SCHOOL:
            base = 6200
        else:
            base = 5800
        amount = base + (age - 22) * rng.randint(40, 90) + rng.randint(0, 12) * 100
        return Decimal(amount // 10 * 10).quantize(Decimal("0.01"))

    def _retire_age(self, union: str, gender: str, post: str) -> int:
        if gender == Gender.MALE:
            return 60
        cadre = union != COMPANY or any(w in post for w in ("经理", "主任", "工程师", "会计", "主席", "专员", "干事"))
        return 55 if cadre else 50

    def _family(self, plan: Plan, gender: str, surname: str, region: str) -> None:
        rng, people, age = self.rng, self.people, plan.age
        fam: list[dict] = []
        married = age >= 26 and rng.random() < (0.55 if age < 30 else 0.88)
        children = 0
        if married:
            sgender = Gender.FEMALE if gender == Gender.MALE else Gender.MALE
            sage = max(22, age + rng.randint(-4, 3) if gender == Gender.MALE else age + rng.randint(-2, 5))
            sbirth = people.birth_for_age(sage)
            sregion = region if rng.random() < 0.6 else rng.choice(names.LOCAL_DISTRICTS)
            spouse = {
                "relation": FamilyMember.Relation.SPOUSE, "name": people.name(sgender),
                "id_number": people.id_number(sregion, sbirth, sgender),
                "workplace": "已退休" if sage >= 60 else rng.choice(SPOUSE_WORKPLACES),
                "phone": people.phone() if rng.random() < 0.7 else "",
            }
            fam.append(spouse)
            if age >= 27:
                children = rng.choices([0, 1, 2], weights=[8, 62, 30])[0]
            father_surname = surname if gender == Gender.MALE else spouse["name"][0]
            if father_surname in ("欧", "司", "诸", "上"):
                father_surname = surname
            for _ in range(children):
                cage = age - rng.randint(24, 34)
                if cage < 0:
                    continue
                cgender = rng.choice([Gender.MALE, Gender.FEMALE])
                cbirth = people.birth_for_age(cage)
                school = ("" if cage < 3 else "滨江区机关幼儿园" if cage < 6 else "滨江区第二实验小学" if cage < 12
                          else "滨江区实验中学" if cage < 18 else "南京某大学" if cage < 22 else "已工作")
                fam.append({"relation": FamilyMember.Relation.CHILD, "name": people.name(cgender, father_surname),
                            "id_number": people.id_number(sregion if rng.random() < 0.5 else region, cbirth, cgender),
                            "workplace": school})
        if rng.random() < 0.22 or plan.fields.get("hardship_level"):
            for relation, pgender in ((FamilyMember.Relation.FATHER, Gender.MALE),
                                      (FamilyMember.Relation.MOTHER, Gender.FEMALE)):
                page = age + rng.randint(24, 32)
                if page > 95:
                    continue
                fam.append({"relation": relation, "gender": pgender,
                            "name": people.name(pgender, surname if relation == FamilyMember.Relation.FATHER else None),
                            "birth_date": people.birth_for_age(page),
                            "is_deceased": page > 80 and rng.random() < 0.5,
                            "note": "长期患病" if plan.fields.get("hardship_level") and rng.random() < 0.5 else ""})
        real_children = [f for f in fam if f["relation"] == FamilyMember.Relation.CHILD]
        if len(real_children) == 1 and age >= 30:
            # The one-child certificate was issued for children born before the 2016 policy change.
            born = idcard.parse(real_children[0]["id_number"]).birth_date
            plan.fields["is_only_child_parent"] = born.year < 2016
        plan.family = fam

    def _plan(self, union: str, department: str, post: str, age: int, gender: str, *, key: str = "",
              serving: bool = True, extra: dict | None = None) -> Plan:
        rng, people, t = self.rng, self.people, self.today
        extra = dict(extra or {})
        retired_years = extra.pop("retired_years", None)
        employment = self._employment(union, department)
        if key:  # officers are regular staff
            employment = Person.Employment.CONTRACT if union == COMPANY else Person.Employment.ESTABLISHMENT
        region = self._region(employment, union)
        birth = people.birth_for_age(age)
        surname = people.surname()
        name = surname + people.given(gender)
        # Years of service: at least since 18; most have worked here a good while.
        earliest = add_years(birth, 22 if union != COMPANY or employment == Person.Employment.CONTRACT else 18)
        work_started = earliest + datetime.timedelta(days=rng.randint(0, 900))
        if work_started >= t:
            work_started = days_ago(t, 30)
        span = (t - work_started).days
        hired = work_started + datetime.timedelta(days=int(span * rng.random() ** 2 * 0.6))
        if employment in (Person.Employment.DISPATCHED, Person.Employment.MIGRANT):
            hired = max(hired, days_ago(t, rng.randint(60, 3000)))
        org = self.orgs[f"{union}:{department}" if serving else f"{union}:retired"]
        fields = {
            "id_number": people.id_number(region, birth, gender),
            "ethnicity": people.ethnicity(),
            "phone": people.phone(),
            "education": self._education(union, department, post),
            "political_status": self._political(union, age),
            "employment_type": employment,
            "department": department if serving else "",
            "post": post,
            "work_started_on": work_started,
            "hired_on": hired,
            "base_salary": self._salary(union, department, post, age) if serving else None,
        }
        fields.update(extra)
        plan = Plan(union=union, org=org, name=name, fields=fields, age=age, key=key)
        # Membership: most joined a while after being hired.
        joined = hired + datetime.timedelta(days=rng.randint(20, 200))
        if joined >= t:
            joined = days_ago(t, 1)
        plan.joined_on = joined
        plan.applied_on = joined - datetime.timedelta(days=rng.randint(5, 30))
        if plan.applied_on < hired:
            plan.applied_on = hired
        if not serving:
            plan.retire_on = add_years(birth, self._retire_age(union, gender, post)) if retired_years is None \
                else days_ago(t, int(retired_years * 365) + rng.randint(10, 90))
            plan.fields["department"] = "退休人员"
            plan.fields["post"] = f"原{post}" if not post.startswith("原") else post
            if plan.retire_on >= t:
                plan.retire_on = days_ago(t, 30)
        self._family(plan, gender, surname, region)
        self.plans[union].append(plan)
        if key:
            self.by_key[(union, key)] = plan
        return plan

    def _hired_well_before_retiring(self, plan: Plan) -> None:
        """Someone who retires here was hired and admitted years before (not, say, a dispatched worker hired in
        their last months)."""
        if plan.retire_on - plan.joined_on > datetime.timedelta(days=3 * 365):
            return
        rng = self.rng
        hired = add_years(plan.retire_on, -rng.randint(5, 20))
        plan.fields["hired_on"] = hired
        plan.fields["work_started_on"] = min(plan.fields["work_started_on"], hired)
        plan.joined_on = hired + datetime.timedelta(days=rng.randint(20, 200))
        plan.applied_on = plan.joined_on - datetime.timedelta(days=rng.randint(5, 30))

    def _hiring_day(self) -> datetime.date:
        """A hiring day in the window, spread over its years by HIRING_WEIGHTS (this year's weight in proportion to
        the part of it gone by), at least 25 days before today."""
        elapsed = (self.today - datetime.date(self.today.year, 1, 1)).days / 365
        weights = dict(zip(self.years, [*HIRING_WEIGHTS[:2], HIRING_WEIGHTS[2] * elapsed]))
        # The year furthest below its share so far (a quota, not a lottery: the shares hold for a few dozen hires).
        year = min((y for y in self.years if weights[y]), key=lambda y: (self._hires[y] + 1) / weights[y])
        self._hires[year] += 1
        return self.day_in(year, margin=25) or self.day_in(year - 1, margin=25)

    def plan_people(self) -> None:
        rng, t = self.rng, self.today
        departments = {COMPANY: names.COMPANY_DEPARTMENTS, SCHOOL: names.SCHOOL_DEPARTMENTS,
                       BUREAU: names.BUREAU_DEPARTMENTS}
        female_share = {COMPANY: 0.25, SCHOOL: 0.7, BUREAU: 0.4}
        for union in (COMPANY, SCHOOL, BUREAU):
            for key, (department, post, age, gender, extra) in OFFICERS[union].items():
                serving = "retired_years" not in extra
                self._plan(union, department, post, age, gender, key=key, serving=serving, extra=extra)
            for department, count in HEADCOUNT[union].items():
                for _ in range(count):
                    share = female_share[union]
                    if union == COMPANY and department in ("财务部", "人力资源部", "综合办公室", "质量管理部"):
                        share = 0.62
                    gender = Gender.FEMALE if rng.random() < share else Gender.MALE
                    post = rng.choice(departments[union][department])
                    cap = self._retire_age(union, gender, post) - 1
                    low = 22 if union == COMPANY else 24
                    age = min(cap, int(rng.triangular(low, cap + 1, 36 if union == COMPANY else 40)))
                    plan = self._plan(union, department, post, age, gender)
                    if age <= 30 and rng.random() < NEW_HIRE_SHARE:
                        # A new hire of the window (most of them admitted a few weeks later).
                        hired = self._hiring_day()
                        plan.fields["hired_on"] = hired
                        plan.fields["work_started_on"] = min(plan.fields["work_started_on"], hired)
                        plan.applied_on = hired + datetime.timedelta(days=rng.randint(7, 25))
                        plan.joined_on = plan.applied_on + datetime.timedelta(days=rng.randint(5, 20))
                        if plan.joined_on >= t:
                            plan.pending_only = plan.applied_on < t
                            plan.member = False
            # Members retiring in the window: they reached the retirement age in the year before last, last year
            # or the last twelve months.
            for years_back, count in zip((2, 1, 0), RETIRING_PER_YEAR[union]):
                for _ in range(count):
                    department = rng.choice(list(HEADCOUNT[union]))
                    post = rng.choice(departments[union][department])
                    gender = rng.choice([Gender.MALE, Gender.FEMALE])
                    retire_age = self._retire_age(union, gender, post)
                    plan = self._plan(union, department, post, retire_age + years_back, gender)
                    plan.retire_on = add_years(idcard.parse(plan.fields["id_number"]).birth_date, retire_age)
                    if plan.retire_on >= t:
                        plan.retire_on = days_ago(t, 3)
                    if plan.retire_on < self.start:
                        plan.retire_on = self.start + datetime.timedelta(days=rng.randint(3, 40))
            # Retirees who are still members (退管).
            for _ in range(RETIREES[union]):
                department = rng.choice(list(HEADCOUNT[union]))
                post = rng.choice(departments[union][department])
                gender = Gender.FEMALE if rng.random() < female_share[union] else Gender.MALE
                retire_age = self._retire_age(union, gender, post)
                age = rng.randint(retire_age + 1, min(retire_age + 18, 80))
                self._plan(union, department, post, age, gender, serving=False)
            for plan in self.plans[union]:
                if plan.retire_on is not None:
                    self._hired_well_before_retiring(plan)
        # Two applications waiting for the committee's approval (新入职员工入会申请).
        young = [p for u in (COMPANY, SCHOOL) for p in self.plans[u]
                 if p.retire_on is None and not p.key and p.member and p.age < 30]
        for plan in rng.sample(young, 2):
            hired = days_ago(t, rng.randint(20, 40))
            plan.fields["hired_on"] = hired
            plan.fields["work_started_on"] = min(plan.fields["work_started_on"], hired)
            plan.applied_on = hired + datetime.timedelta(days=rng.randint(5, 12))
            plan.member, plan.pending_only = False, True
        # Categories that are not spread by department.
        serving = [p for u in self.plans.values() for p in u if p.retire_on is None and not p.key]
        # Households in hardship: members since well before the window (their files open before it or during it).
        settled = [p for p in serving if p.member and not p.pending_only
                   and p.joined_on < self.start - datetime.timedelta(days=180)]
        for plan in rng.sample(settled, 12):
            plan.fields["hardship_level"] = Person.HardshipLevel.ORDINARY
            plan.fields["note"] = rng.choice(["配偶患重病，家庭收入低", "子女上学负担重", "本人患慢性病",
                                              "单亲家庭，抚养未成年子女", "家庭遭受意外事故"])
        for plan in rng.sample([p for p in settled if not p.fields.get("hardship_level")], 3):
            plan.fields["hardship_level"] = Person.HardshipLevel.DEEP
            plan.fields["note"] = "本人患重大疾病，长期治疗"
        for plan in rng.sample(serving, 5):
            plan.fields["is_military_family"] = True
        for plan in rng.sample(serving, 2):
            plan.fields["is_returned_overseas"] = True
        company_workers = [p for p in serving if p.union == COMPANY and p.fields["department"] in PRODUCTION]
        for plan in rng.sample(company_workers, 4):
            plan.fields["model_worker"] = Person.ModelWorker.ENTERPRISE
        # Employees who are not members: mostly dispatched and migrant workers (入会率 stays about 95%).
        for plan in serving:
            employment = plan.fields["employment_type"]
            chance = {Person.Employment.DISPATCHED: 0.2, Person.Employment.MIGRANT: 0.14}.get(employment, 0.02)
            if plan.member and rng.random() < chance and not plan.fields.get("hardship_level"):
                plan.member = False

    # -- creating people and their membership history ------------------------------------------------------

    def create_people(self) -> None:
        from gonghui.members import services

        for union in (COMPANY, SCHOOL, BUREAU):
            for plan in self.plans[union]:
                # The hardship level is the hardship file's to set, on the day the file is opened (demo/care.py).
                fields = {k: v for k, v in plan.fields.items() if k != "hardship_level"}
                plan.person = services.person_create(org=plan.org, name=plan.name, **fields)
                for relative in plan.family:
                    services.family_member_add(person=plan.person, **relative)
                    self.summary.family += 1
                self.summary.people += 1

    def membership_history(self) -> None:
        """Admissions, pending applications and retirements, scheduled on the timeline. Admissions in the window
        come with their application (新入职员工申请入会, then 工会委员会会议审批)."""
        from gonghui.members import services

        actors = {COMPANY: "company_officer", SCHOOL: "school_officer", BUREAU: "admin"}
        for union in (COMPANY, SCHOOL, BUREAU):
            actor = actors[union]
            for plan in self.plans[union]:
                person = plan.person
                if plan.pending_only or (plan.member and plan.joined_on >= self.start):
                    self.at(plan.applied_on, actor, partial(services.member_apply, person=person,
                                                            applied_on=plan.applied_on, note="新入职员工申请入会"))
                if plan.member and not plan.pending_only:
                    recent = plan.joined_on >= self.start
                    self.at(plan.joined_on, actor, partial(
                        services.member_admit, person=person, joined_on=plan.joined_on, applied_on=plan.applied_on,
                        note="工会委员会会议审批" if recent else ""))
                if plan.retire_on is not None:
                    self.at(plan.retire_on, actor, partial(services.member_retire, person=person, on=plan.retire_on,
                                                           note="退休，转退休职工管理" if plan.member else ""))

    def refresh_people(self) -> None:
        """Re-read every planned person (after the timeline has changed them), in one query."""
        plans = [p for union in self.plans.values() for p in union]
        fresh = Person.objects.select_related("org").in_bulk([p.person.pk for p in plans])
        for plan in plans:
            plan.person = fresh[plan.person.pk]

    # -- officers ------------------------------------------------------------------------------------------------

    def _p(self, union: str, key: str) -> Person:
        return self.by_key[(union, key)].person

    def officers(self) -> None:
        from gonghui.orgs import services as org_services

        t = self.today
        T, K = Position.Title, Election.Kind
        company, school, bureau = self.orgs["company"], self.orgs["school"], self.orgs["bureau"]
        c = lambda key: self._p(COMPANY, key)  # noqa: E731
        s = lambda key: self._p(SCHOOL, key)  # noqa: E731
        b = lambda key: self._p(BUREAU, key)  # noqa: E731

        # Company: the 3rd committee, then the general election (换届) to the 4th eight months ago.
        with acting_as(self.users["company_officer"], source="command"):
            start3 = add_years(days_ago(t, 240), -5)
            start4 = days_ago(t, 240)
            term3 = org_services.term_create(org=company, number=3, starts_on=start3, ends_on=start4)
            term4 = org_services.term_create(org=company, number=4, starts_on=start4, ends_on=add_years(start4, 5))
            org_services.election_record(
                org=company, term=term3, kind=K.GENERAL, held_on=start3, electorate=78, attendance=75,
                approved_by_upper_on=start3 + datetime.timedelta(days=12),
                result=(f"第三次会员代表大会选举产生第三届工会委员会委员7人。第三届委员会第一次全体会议选举"
                        f"{c('chair_old').name}为工会主席，{c('chair').name}为工会副主席；"
                        f"{c('audit_old').name}为经费审查委员会主任，{c('women').name}为女职工委员会主任。"),
                elected=[(c("chair_old"), T.CHAIR), (c("chair"), T.VICE_CHAIR), (c("women"), T.WOMEN_DIRECTOR),
                         (c("audit_old"), T.AUDIT_DIRECTOR), (c("vice"), T.COMMITTEE), (c("c2"), T.COMMITTEE),
                         (c("officer"), T.COMMITTEE)],
            )
            org_services.election_record(
                org=company, term=term4, kind=K.GENERAL, held_on=start4, electorate=86, attendance=83,
                approved_by_upper_on=start4 + datetime.timedelta(days=10),
                result=(f"经公司党委同意、滨江区总工会批复，召开第四次会员代表大会。应到代表86人，实到83人，"
                        f"符合法定人数。大会以无记名投票差额选举产生第四届工会委员会委员9人、经费审查委员会委员3人、"
                        f"女职工委员会委员5人。第四届委员会第一次全体会议选举{c('chair').name}为工会主席，"
                        f"{c('vice').name}为工会副主席；经审委第一次会议选举{c('audit').name}为经费审查委员会主任；"
                        f"女职工委员会第一次会议选举{c('women').name}为女职工委员会主任。"),
                elected=[(c("chair"), T.CHAIR), (c("vice"), T.VICE_CHAIR), (c("women"), T.WOMEN_DIRECTOR),
                         (c("audit"), T.AUDIT_DIRECTOR), (c("officer"), T.COMMITTEE), (c("c1"), T.COMMITTEE),
                         (c("c2"), T.COMMITTEE), (c("c3"), T.COMMITTEE), (c("c4"), T.COMMITTEE)],
            )
            for code, key in (("BJ01-1", "vice"), ("BJ01-2", "c1"), ("BJ01-3", "c3")):
                org_services.position_assign(org=self.orgs[code], person=c(key), title=T.CHAIR,
                                             starts_on=start4 + datetime.timedelta(days=20))
            self._group_leaders(COMPANY, start4 + datetime.timedelta(days=20))

        # School: the 5th committee, and a by-election (增补) after a committee member was transferred away.
        with acting_as(self.users["school_officer"], source="command"):
            start5 = days_ago(t, 830)
            term5 = org_services.term_create(org=school, number=5, starts_on=start5, ends_on=add_years(start5, 5))
            org_services.election_record(
                org=school, term=term5, kind=K.GENERAL, held_on=start5, electorate=118, attendance=112,
                approved_by_upper_on=start5 + datetime.timedelta(days=9),
                result=(f"第五届教职工代表大会暨会员代表大会选举产生第五届工会委员会委员7人。{s('chair').name}当选工会主席，"
                        f"{s('vice').name}当选工会副主席，{s('audit').name}当选经费审查委员会主任，"
                        f"{s('women').name}当选女职工委员会主任。"),
                elected=[(s("chair"), T.CHAIR), (s("vice"), T.VICE_CHAIR), (s("women"), T.WOMEN_DIRECTOR),
                         (s("audit"), T.AUDIT_DIRECTOR), (s("officer"), T.COMMITTEE), (s("c1"), T.COMMITTEE),
                         (s("c2"), T.COMMITTEE)],
            )
            self._group_leaders(SCHOOL, start5 + datetime.timedelta(days=15))

        # Bureau: the 2nd committee.
        with acting_as(self.users["admin"], source="command"):
            start2 = days_ago(t, 560)
            org_services.term_create(org=bureau, number=1, starts_on=datetime.date(2019, 3, 28), ends_on=start2)
            term2 = org_services.term_create(org=bureau, number=2, starts_on=start2, ends_on=add_years(start2, 5))
            org_services.election_record(
                org=bureau, term=term2, kind=K.GENERAL, held_on=start2, electorate=96, attendance=91,
                approved_by_upper_on=start2 + datetime.timedelta(days=14),
                result=(f"全体会员大会选举产生第二届工会委员会委员6人。{b('chair').name}当选工会主席，"
                        f"{b('vice').name}当选工会副主席。"),
                elected=[(b("chair"), T.CHAIR), (b("vice"), T.VICE_CHAIR), (b("women"), T.WOMEN_DIRECTOR),
                         (b("audit"), T.AUDIT_DIRECTOR), (b("c1"), T.COMMITTEE), (b("c2"), T.COMMITTEE)],
            )

    def _group_leaders(self, union: str, starts_on: datetime.date) -> None:
        from gonghui.orgs import services as org_services

        groups = {p.org.pk: p.org for p in self.plans[union] if p.org.kind == Organization.Kind.GROUP}
        for group in sorted(groups.values(), key=lambda o: o.code):
            candidates = [p for p in self.plans[union] if p.org.pk == group.pk and p.member and not p.key
                          and p.person.member_status == Person.MemberStatus.ACTIVE
                          and p.person.work_status == Person.WorkStatus.SERVING and p.age >= 28
                          and p.retire_on is None]
            if not candidates and group.code.endswith("-T"):
                candidates = [p for p in self.plans[union] if p.org.pk == group.pk and p.member and p.age < 70]
            if not candidates:
                continue
            chosen = self.by_key.get((union, f"leader:{group.code}"))
            leader = chosen or self.rng.choice(candidates)
            leader.key = leader.key or f"leader:{group.code}"
            self.by_key[(union, leader.key)] = leader
            org_services.position_assign(org=group, person=leader.person, title=Position.Title.GROUP_LEADER,
                                         starts_on=starts_on)

    # -- the year's changes ----------------------------------------------------------------------------------

    def _pick(self, union: str, day: datetime.date, *, department: str | None = None) -> Plan:
        """A serving member of `union` on `day` (admitted more than 400 days before) who has no part in the demo
        yet: from the plans, so that the choice does not depend on what the timeline has played so far."""
        candidates = [p for p in self.plans[union]
                      if p.member and not p.pending_only and p.retire_on is None and not p.key
                      and not p.fields.get("hardship_level")
                      and (department is None or p.fields["department"] == department)
                      and (day - p.joined_on).days > 400]
        plan = self.rng.choice(candidates)
        plan.key = f"moved:{plan.person.pk}"
        return plan

    def changes(self) -> None:
        """Transfers, a withdrawal and a death over the window, scheduled on the timeline."""
        from gonghui.members import services
        from gonghui.orgs import services as org_services

        t, (y0, y1, _) = self.today, self.years
        school = self.orgs["school"]
        logins = {COMPANY: "company_officer", SCHOOL: "school_officer", BUREAU: "admin"}

        def transfer(union: str, plan: Plan, out: datetime.date, reason: str, *, to: str | None = None,
                     outside: str = "", accepted: datetime.date | None = None, note: str = "已接收",
                     job: tuple[str, str, str | None] | None = None) -> None:
            """Transfer out on `out`; to a demo union (`to`) accepted on `accepted` with the new department and
            post (`job`), or to a union outside the system (`outside`), or left waiting."""
            found = {}

            def send() -> None:
                found["transfer"] = services.member_transfer_out(
                    person=plan.person, to_org=self.orgs[to] if to else None, to_org_name=outside, on=out,
                    reason=reason)

            def accept() -> None:
                services.transfer_accept(transfer=found["transfer"], on=accepted, note=note)
                person = Person.objects.get(pk=plan.person.pk)
                department, post, employment = job
                extra = {"employment_type": employment} if employment else {}
                services.person_update(person=person, version=person.version, department=department, post=post,
                                       **extra)

            self.at(out, logins[union], send)
            if to and accepted is not None:
                self.at(accepted, logins[to], accept)

        # The year before last: two members leave for unions outside the system.
        day = self.day_in(y0, (3, 1), (4, 30))
        transfer(COMPANY, self._pick(COMPANY, day, department="一车间"), day, "离职，随本人转往常州市工会",
                 outside="常州市某机械制造有限公司工会")
        day = self.day_in(y0, (8, 1), (8, 25))
        transfer(SCHOOL, self._pick(SCHOOL, day), day, "调往苏州市任教", outside="苏州市某中学工会")
        # Last year: a transfer between the demo unions, two more leavers, and the death of a retiree.
        day = self.day_in(y1, (2, 20), (3, 10))
        transfer(COMPANY, self._pick(COMPANY, day, department="财务部"), day, "工作调动至滨江区实验中学",
                 to=SCHOOL, accepted=day + datetime.timedelta(days=9), job=("行政后勤", "会计", None))
        day = self.day_in(y1, (6, 1), (7, 31))
        transfer(COMPANY, self._pick(COMPANY, day, department="二车间"), day, "离职，随本人转往外地工会",
                 outside="合肥市某汽车零部件有限公司工会")
        day = self.day_in(y1, (9, 1), (10, 31))
        transfer(BUREAU, self._pick(BUREAU, day, department="食品安全监管科"), day, "调往南京市市场监督管理局",
                 outside="南京市市场监督管理局机关工会")
        retirees = [p for p in self.plans[COMPANY] if p.org.code == "BJ01-T" and not p.key and p.age >= 70
                    and p.member and p.joined_on < self.start and p.retire_on < self.start
                    and any(f["relation"] == FamilyMember.Relation.SPOUSE for f in p.family)]  # 遗属供养 (care.py)
        deceased = self.rng.choice(retirees)
        deceased.key = "deceased"
        died = self.day_in(y1, (3, 1), (4, 30))
        self.death = (deceased, died)
        self.at(died, "company_officer", partial(services.person_death, person=deceased.person, on=died,
                                                 note="因病去世，工会已送慰问金"))
        # The last twelve months: accepted transfers between the demo unions …
        transfer(COMPANY, self._pick(COMPANY, days_ago(t, 210), department="销售部"), days_ago(t, 210),
                 "通过公务员招录考试，调入区市场监督管理局", to=BUREAU, accepted=days_ago(t, 203), note="已接收，编入登记注册科",
                 job=("登记注册科", "科员", Person.Employment.ESTABLISHMENT))
        transfer(BUREAU, self._pick(BUREAU, days_ago(t, 150), department="办公室"), days_ago(t, 150), "工作调动",
                 to=SCHOOL, accepted=days_ago(t, 142), job=("行政后勤", "教务员", None))
        # … a committee member of the school is transferred to the bureau, and a by-election fills the seat …
        teacher = self.by_key[(SCHOOL, "c1")]
        transfer(SCHOOL, teacher, days_ago(t, 120), "工作调动，借调转正至区市场监督管理局", to=BUREAU,
                 accepted=days_ago(t, 114), note="已接收，编入综合执法大队", job=("综合执法大队", "执法队员", None))

        def committee_seat_ends() -> None:
            for position in Position.objects.filter(person=teacher.person, org=school, ends_on__isnull=True):
                org_services.position_end(position=position, ends_on=days_ago(t, 120), reason="工作调动")

        def by_election() -> None:
            elected = self._p(SCHOOL, "c3")
            org_services.election_record(
                org=school, term=school.terms.get(number=5), kind=Election.Kind.BY_ELECTION,
                held_on=days_ago(t, 90), electorate=120, attendance=109,
                result=f"因原委员{teacher.name}工作调动，经教代会增补选举，{elected.name}当选工会委员会委员。",
                elected=[(elected, Position.Title.COMMITTEE)])

        self.at(days_ago(t, 120), "school_officer", committee_seat_ends)
        self.at(days_ago(t, 90), "school_officer", by_election)
        # … one transfer waiting for the school to accept, one to a union outside the system, one withdrawal.
        transfer(COMPANY, self._pick(COMPANY, days_ago(t, 6), department="人力资源部"), days_ago(t, 6),
                 "工作调动至滨江区实验中学，待对方工会接收", to=SCHOOL)
        transfer(COMPANY, self._pick(COMPANY, days_ago(t, 60), department="一车间"), days_ago(t, 60),
                 "离职，随本人转往外地工会", outside="昆山市某精密制造有限公司工会")
        leaver = self.rng.choice([p for p in self.plans[COMPANY] if p.member and not p.pending_only and not p.key
                                  and p.fields["employment_type"] == Person.Employment.DISPATCHED
                                  and p.retire_on is None and (t - p.joined_on).days > 200])
        leaver.key = "withdrawn"
        self.at(days_ago(t, 100), "company_officer", partial(services.member_withdraw, person=leaver.person,
                                                             on=days_ago(t, 100), note="本人书面申请退会"))

    # -- users -------------------------------------------------------------------------------------------------

    def make_admin(self) -> User:
        fed = self.orgs["fed"]
        admin = User(username="admin", display_name="系统管理员", is_staff=True, is_superuser=True)
        admin.set_password(PASSWORD)
        admin.save()
        RoleAssignment.objects.create(user=admin, org=fed, role=Role.ADMIN)
        self.users["admin"] = admin
        return admin

    # -- all together ----------------------------------------------------------------------------------------

    def build(self) -> Summary:
        started = time.perf_counter()
        with transaction.atomic():
            with acting_as(None, source="command"):
                self.build_orgs()
                admin = self.make_admin()
            with acting_as(admin, source="command"):
                self.log(f"组织 {self.summary.orgs} 个")
                self.plan_people()
                self.create_people()
                self.log(f"人员 {self.summary.people} 人，家属 {self.summary.family} 人")
            # The logins exist before the membership work, so that the work is recorded under the officers.
            with acting_as(admin, source="command"):
                self._choose_leader_for_login()
                self.make_users()
            # What happened before the window, then the committees, then the window's work day by day.
            self.membership_history()
            self.run_timeline(before=self.start)
            self.refresh_people()
            self.officers()
            self.changes()
            from .democracy import schedule_democracy

            democracy = schedule_democracy(self)  # congress, proposals … on the timeline (played with care's)
            from .care import build_care

            care = build_care(self)  # schedules the care work, then plays the whole timeline
            self.log(f"民主管理：职代会 {democracy.summary.congresses} 个，本届代表 {democracy.summary.delegates} 名"
                     + "".join(f"，{what} {n}" for counts in democracy.summary.counts.values()
                               for what, n in counts.items()))
            self.log(f"帮扶关怀：困难档案 {care.hardship_files} 户，救助 {care.assistance} 笔，慰问 {care.condolences} 人次，"
                     f"集中慰问 {care.campaigns} 次，体检 {care.health_checks} 批")
            from .funds import build_funds

            funds = build_funds(self)  # 区总工会's employer register and founding work; the unions' dues
            self.log(f"经费管理：用人单位 {funds.employers} 家（已建会 {funds.founded} 家），建会走访 {funds.visits} 次；"
                     f"月基本工资 {funds.dues.wages} 条，应缴会费 {funds.dues.charges} 人次，会费收据 {funds.dues.receipts} 张")
            from .funds_budget import build_budget

            budgets = build_budget(self)  # last year's budgets, 区总工会's fund rules, the 经审 committee's checks
            self.log(f"经费预算与经审：预算 {budgets.budgets} 本，分录 {budgets.entries} 笔，违反经费使用规定 "
                     f"{budgets.breaches} 项，经审发现问题 {budgets.findings} 个")
            from .achievements import build_achievements

            achieve = build_achievements(self)  # 建功立业: the company's suggestions, honours at every level
            self.log(f"建功立业：合理化建议 {achieve.suggestions} 条（采纳 {achieve.adopted} 条），荣誉 {achieve.honours} 项，"
                     f"劳动竞赛 {achieve.competitions} 项，师徒对子 {achieve.pairs} 对")
            from .workershome import build_workershome

            home = build_workershome(self)  # 职工之家: reading rooms, loans, equipment, rooms and bookings
            self.log(f"职工之家：图书 {home.books} 种 {home.copies} 册，借阅 {home.loans} 人次，器材借用 {home.equipment_loans} 次，"
                     f"场地预约 {home.bookings} 次")
            from .activities import build_activities

            activities = build_activities(self)  # three years of events in every state (文体活动)
            self.log(f"文体活动：活动 {activities.events} 次，报名 {activities.signups} 人次，获奖 {activities.awards} 项")
            from .rights import build_rights

            rights = build_rights(self)  # hazards in every state, mediation cases, screenings, lectures
            self.log(f"维权服务：隐患信息 {rights.hazards} 条，调解案件 {rights.cases} 起，矛盾排查 {rights.risks} 起，"
                     f"普法讲座 {rights.lectures} 场")
            from .reports import build_reports

            build_reports(self)  # 上报: last year's summaries sent to 区总工会 (after the records they count)
            fed = self.orgs["fed"]
            self.summary.members = Person.objects.filter(
                org__path__startswith=fed.path, member_status__in=[Person.MemberStatus.ACTIVE,
                                                                   Person.MemberStatus.TRANSFERRING]).count()
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _choose_leader_for_login(self) -> None:
        """The leader of 一车间工会小组 gets the group_leader login; choose them before the users exist."""
        group = self.orgs["company:一车间"]
        candidates = [p for p in self.plans[COMPANY] if p.org.pk == group.pk and p.member and not p.key
                      and not p.pending_only and p.retire_on is None and p.age >= 30
                      and p.joined_on < self.start]
        leader = self.rng.choice(candidates)
        leader.key = f"leader:{group.code}"
        self.by_key[(COMPANY, leader.key)] = leader

    def make_users(self) -> None:
        """The demo logins; most are linked to their person (the chair, the officers, the group leader…)."""
        admin = self.users["admin"]
        from gonghui.accounts import services as account_services

        member = next(p for p in self.plans[COMPANY] if not p.key and p.member and not p.pending_only and p.age < 45
                      and p.retire_on is None and p.fields["department"] == "二车间" and p.family
                      and (self.today - p.joined_on).days > 400)
        member.key = "member"
        self.by_key[(COMPANY, "member")] = member
        specs = [
            ("fed_staff", "周明", self.orgs["fed"], Role.UPPER, None),
            ("company_chair", None, self.orgs["company"], Role.CHAIR, "chair"),
            ("company_officer", None, self.orgs["company"], Role.OFFICER, "officer"),
            ("school_officer", None, self.orgs["school"], Role.OFFICER, "officer"),
            ("group_leader", None, self.orgs["company:一车间"], Role.GROUP_LEADER, "leader:BJ01-1-1"),
            ("auditor", None, self.orgs["company"], Role.AUDITOR, "audit"),
            ("member", None, self.orgs["company"], Role.MEMBER, "member"),
        ]
        for username, display, org, role, key in specs:
            union = SCHOOL if username == "school_officer" else COMPANY
            person = self._p(union, key) if key else None
            self.users[username] = account_services.user_create(
                actor=admin, username=username, password=PASSWORD, org=org, role=role,
                display_name=display or person.name, person=person, must_change_password=False)


def build_demo(log: Log = quiet) -> Summary:
    if is_loaded():
        raise ServiceError("演示数据已加载。")
    return DemoBuilder(log=log).build()


# --------------------------------------------------------------------------------------------------------------
# The large federation for benchmarks: bulk inserts


@dataclass
class LargeSummary:
    unions: int = 0
    orgs: int = 0
    people: int = 0
    members: int = 0
    seconds: float = 0.0
    steps: list[tuple[str, float]] = field(default_factory=list)


class _Table:
    """Rows for one model's table, inserted with executemany: Django's bulk_create spends most of its time
    composing SQL, which matters at 200,000 rows. Values must already be what the database driver takes
    (dates and strings as they are; None for NULL)."""

    def __init__(self, model, *, with_id: bool = False):
        self.model = model
        now = timezone.now()
        self.columns, self.defaults = [], {}
        stored = [f for f in model._meta.concrete_fields if not getattr(f, "generated", False)]  # not GeneratedField
        for f in stored:
            if f.primary_key and not with_id:
                continue
            self.columns.append(f.column)
            if f.primary_key:
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                default = now
            else:
                default = f.get_default()
            self.defaults[f.attname] = f.get_db_prep_save(default, connection)
        self.attnames = [f.attname for f in stored if not f.primary_key or with_id]
        quote = connection.ops.quote_name
        self.sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in self.columns)}) "
                    f"VALUES ({', '.join(['%s'] * len(self.columns))})")
        self.rows: list[tuple] = []

    def add(self, **values) -> None:
        defaults = self.defaults
        self.rows.append(tuple(values[a] if a in values else defaults[a] for a in self.attnames))

    def flush(self, cursor) -> int:
        count = len(self.rows)
        if not count:
            return 0
        if connection.vendor == "postgresql":
            # COPY is several times faster than INSERT on PostgreSQL.
            quote = connection.ops.quote_name
            sql = f"COPY {quote(self.model._meta.db_table)} ({', '.join(quote(c) for c in self.columns)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in self.rows:
                    copy.write_row(row)
        else:
            cursor.executemany(self.sql, self.rows)
        self.rows = []
        return count


def build_large(*, members: int, unions: int, log: Log = quiet, seed: int = SEED) -> LargeSummary:
    """A federation with `unions` grassroots unions (two branches each) and `members` members (plus about 4%
    employees who are not members), inserted in bulk: names with their pinyin, valid ID numbers, member numbers
    unique in each organisation, a membership period and a join event for every member, and a retirement event
    for retirees. Member numbers continue from here when officers admit people through the services."""
    from django.core.management.color import no_style

    from gonghui.accounts import services as account_services
    from gonghui.orgs.services import org_create

    if is_loaded():
        raise ServiceError("演示数据已加载。")
    if members < 1 or unions < 1:
        raise ServiceError("会员数和工会数都应大于0。")
    rng = random.Random(seed)
    t = today()
    people = PeopleFactory(rng, t)
    summary = LargeSummary(unions=unions)
    started = time.perf_counter()
    step_started = started

    def step(label: str) -> None:
        nonlocal step_started
        now = time.perf_counter()
        summary.steps.append((label, now - step_started))
        log(f"  {label}: {now - step_started:.1f} s")
        step_started = now

    with transaction.atomic(), acting_as(None, source="command"):
        fed = org_create(code=FED_CODE, name=FED_NAME, short_name="区总工会", kind=Organization.Kind.FEDERATION,
                         party_org="中共滨江区委员会", founded_on=datetime.date(1953, 5, 1))
        admin = User(username="admin", display_name="系统管理员", is_staff=True, is_superuser=True)
        admin.set_password(PASSWORD)
        admin.save()
        RoleAssignment.objects.create(user=admin, org=fed, role=Role.ADMIN)
        union_orgs: list[Organization] = []
        leaves: list[list[Organization]] = []
        per_round = len(names.COMPANY_WORDS) * len(names.COMPANY_TRADES)
        for i in range(1, unions + 1):
            word = names.COMPANY_WORDS[(i - 1) % len(names.COMPANY_WORDS)]
            trade = names.COMPANY_TRADES[((i - 1) // len(names.COMPANY_WORDS)) % len(names.COMPANY_TRADES)]
            round_ = (i - 1) // per_round
            employer = f"滨江{word}{trade}有限公司" if not round_ else f"滨江{word}{trade}{round_ + 1}号有限公司"
            union = org_create(code=f"BJ{i:04d}", name=f"{employer}工会", kind=Organization.Kind.GRASSROOTS,
                               parent=fed, employer=employer, party_org=f"{employer}党委",
                               founded_on=datetime.date(2000 + i % 24, i % 12 + 1, i % 27 + 1))
            branches = [org_create(code=f"BJ{i:04d}-{j}", name=f"{employer}第{'一二'[j - 1]}分工会",
                                   kind=Organization.Kind.BRANCH, parent=union, employer=employer)
                        for j in (1, 2)]
            union_orgs.append(union)
            leaves.append([union, *branches])
        summary.orgs = 1 + 3 * unions
        step(f"{summary.orgs} 个组织")

        # Share the members among the unions: a few big ones, many small ones.
        weights = [rng.lognormvariate(0, 0.9) for _ in range(unions)]
        weights[0] = max(weights[0], 1.0)
        total_weight = sum(weights)
        sizes = [max(1, int(members * w / total_weight)) for w in weights]
        sizes[0] += members - sum(sizes)
        while sizes[0] < 1:  # rounding took too much: give it back from the largest union
            largest = max(range(unions), key=sizes.__getitem__)
            sizes[largest] -= 1
            sizes[0] += 1

        E, Ed, P, K = Person.Employment, Person.Education, Person.Political, MembershipEvent.Kind
        employment_choices = [E.CONTRACT, E.DISPATCHED, E.MIGRANT, E.ESTABLISHMENT]
        employment_cum = [64, 76, 92, 100]
        education_choices = [Ed.JUNIOR, Ed.SENIOR, Ed.COLLEGE, Ed.BACHELOR, Ed.MASTER]
        education_cum = [12, 42, 70, 95, 100]
        departments = list(names.COMPANY_DEPARTMENTS.items())
        person_table = _Table(Person, with_id=True)
        membership_table = _Table(Membership)
        event_table = _Table(MembershipEvent)
        member_numbers: dict[int, int] = defaultdict(int)
        cursor = connection.cursor()
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(Person._meta.db_table)}")
        next_id = (cursor.fetchone()[0] or 0) + 1
        created = 0
        fourteen_days = datetime.timedelta(days=14)

        def flush() -> None:
            nonlocal created
            created += person_table.flush(cursor)
            membership_table.flush(cursor)
            event_table.flush(cursor)

        for union, size, orgs in zip(union_orgs, sizes, leaves):
            nonmembers = int(size * 0.04 + rng.random())
            for n in range(size + nonmembers):
                is_member = n < size
                gender = Gender.FEMALE if rng.random() < 0.42 else Gender.MALE
                retired = is_member and rng.random() < 0.1
                age = rng.randint(61, 78) if retired else min(59, int(rng.triangular(20, 60, 36)))
                birth = people.birth_for_age(age)
                name = people.name(gender)
                full, initials = name_pinyin(name)
                r = rng.random()
                org = orgs[0] if r < 0.2 else orgs[1] if r < 0.6 else orgs[2]
                department, posts = departments[rng.randrange(len(departments))]
                hired = add_years(birth, rng.randint(20, max(20, min(age, 45))))
                if hired >= t:
                    hired = days_ago(t, rng.randint(1, 300))
                joined = retired_on = None
                member_no = ""
                if retired:
                    retired_on = add_years(birth, 60 if gender == Gender.MALE else 55)
                if is_member:
                    joined = min(hired + datetime.timedelta(days=rng.randint(20, 400)), days_ago(t, 1))
                    if retired_on and joined >= retired_on:
                        joined = retired_on - datetime.timedelta(days=365)
                    member_numbers[org.pk] += 1
                    member_no = f"{org.code}-{member_numbers[org.pk]:06d}"
                pk = next_id
                next_id += 1
                person_table.add(
                    id=pk, org_id=org.pk, name=name, name_pinyin=full, name_initials=initials, gender=gender,
                    birth_date=birth, id_number=people.id_number(rng.choice(names.ALL_DISTRICTS), birth, gender),
                    phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
                    education=rng.choices(education_choices, cum_weights=education_cum)[0],
                    political_status=P.CPC if rng.random() < 0.2 else P.MASSES,
                    employment_type=rng.choices(employment_choices, cum_weights=employment_cum)[0],
                    work_status=Person.WorkStatus.RETIRED if retired else Person.WorkStatus.SERVING,
                    department="退休人员" if retired else department, post=rng.choice(posts),
                    hired_on=hired, work_started_on=hired, retired_on=retired_on,
                    model_worker=Person.ModelWorker.ENTERPRISE if rng.random() < 0.005 else "",
                    hardship_level=Person.HardshipLevel.ORDINARY if rng.random() < 0.01 else "",
                    member_status=Person.MemberStatus.ACTIVE if is_member else Person.MemberStatus.NONE,
                    member_no=member_no, joined_on=joined,
                )
                if is_member:
                    membership_table.add(person_id=pk, org_id=org.pk, member_no=member_no,
                                         applied_on=joined - fourteen_days, started_on=joined)
                    event_table.add(person_id=pk, org_id=org.pk, kind=K.JOIN, occurred_on=joined,
                                    member_no=member_no)
                    if retired_on:
                        event_table.add(person_id=pk, org_id=org.pk, kind=K.RETIRE, occurred_on=retired_on)
                if len(person_table.rows) >= 5000:
                    flush()
        flush()
        # The ids were given here: move the database's counter past them (PostgreSQL; SQLite does it itself).
        for sql in connection.ops.sequence_reset_sql(no_style(), [Person]):
            cursor.execute(sql)
        summary.people = created
        summary.members = members
        from gonghui.members import versioning

        versioning.bump()  # written with plain SQL here: cached figures (members.versioning) must not survive it
        step(f"{created} 人（会员 {members} 人），会籍与入会记录")

        # Member numbers continue from here when officers admit people through the services.
        Sequence.objects.bulk_create([Sequence(name=f"member_no:{pk}", value=value)
                                      for pk, value in member_numbers.items()])
        for union, size in zip(union_orgs, sizes):
            audit.record(AuditEntry.Action.IMPORT, model=Person, org_path=union.path,
                         note=f"演示数据（基准测试）：批量生成会员{size}人及少量非会员职工")
        # Logins to look around with.
        first = union_orgs[0]
        member_person = Person.objects.filter(org__path__startswith=first.path,
                                              member_status=Person.MemberStatus.ACTIVE).order_by("id").first()
        with acting_as(admin, source="command"):
            for username, org, role, person in (
                ("fed_staff", fed, Role.UPPER, None),
                ("company_officer", first, Role.OFFICER, None),
                ("company_chair", first, Role.CHAIR, None),
                ("auditor", first, Role.AUDITOR, None),
                ("member", first, Role.MEMBER, member_person),
            ):
                account_services.user_create(actor=admin, username=username, password=PASSWORD, org=org, role=role,
                                             display_name=person.name if person else "", person=person,
                                             must_change_password=False)
        step("编号计数器、审计记录与登录账号")
    # Fresh statistics let the query planners choose the indexes (SQLite has none until ANALYZE runs); on
    # PostgreSQL, VACUUM also marks the pages all-visible so that counts are answered from the indexes alone
    # (autovacuum would do both, some minutes later).
    # VACUUM cannot run inside a transaction (as in tests): ANALYZE alone then.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
    step("VACUUM ANALYZE" if vacuum else "ANALYZE")
    summary.seconds = time.perf_counter() - started
    return summary


def login_rows() -> list[tuple[str, str, str, str]]:
    """(username, 中文角色, English role, 组织/人员) for the demo logins that exist."""
    rows = []
    users = {u.username: u for u in User.objects.filter(username__in=list(LOGINS)).select_related("person")}
    grants = defaultdict(list)
    for grant in RoleAssignment.objects.filter(user__in=users.values()).select_related("org"):
        grants[grant.user_id].append(grant.org.name)
    for username, (zh, en) in LOGINS.items():
        user = users.get(username)
        if user is None:
            continue
        where = "、".join(grants[user.pk])
        who = user.display_name or ""
        rows.append((username, zh, en, f"{where}（{who}）" if who else where))
    return rows
