"""The demo congresses: the company's 职工代表大会 (第一届 before the window, 第二届 elected in March of the year before
last, 60 seats in four delegations) and the school's 教职工代表大会 (第三届, 36 seats in three groups). The bureau has
none (a union without a congress gets no congress sentence in its summary).

Delegates are chosen when the election is played, from the members of that day, with a realistic composition:
managers (中层以上) at most a sixth, women in proportion, young workers among the frontline. Sessions, attendance,
resolutions and votes are scheduled by the congress room's own demo (sessions.py in this package, if present).
"""
from __future__ import annotations

import datetime

from gonghui.democracy.models import Congress, DelegateCategory
from gonghui.democracy.services import congress as services
from gonghui.members.models import Person

from ..builder import COMPANY, SCHOOL, add_years

MEMBER = (Person.MemberStatus.ACTIVE, Person.MemberStatus.TRANSFERRING)
MANAGER_WORDS = ("经理", "主任", "主席", "校长", "科长", "所长", "队长", "教研组长")

# union → (kind, [(term number, start (years[0] offset in years, month, day), seats)], delegations)
# A delegation takes the members of the departments it names.
PLAN = {
    COMPANY: (Congress.Kind.WORKERS, 60, {
        "第一代表团（一、二车间）": ("一车间", "二车间"),
        "第二代表团（三车间及保障部门）": ("三车间", "设备动力部", "仓储物流部"),
        "第三代表团（技术质量）": ("技术研发中心", "质量管理部"),
        "第四代表团（机关部室）": ("销售部", "财务部", "人力资源部", "综合办公室"),
    }),
    SCHOOL: (Congress.Kind.TEACHERS, 36, {
        "第一代表组（语文、英语、政史地）": ("语文教研组", "英语教研组", "政史地教研组"),
        "第二代表组（数学、理化生、体艺）": ("数学教研组", "理化生教研组", "体艺教研组"),
        "第三代表组（行政后勤）": ("行政后勤",),
    }),
}
TECHNICAL_DEPARTMENTS = {"技术研发中心", "质量管理部"}
FRONTLINE_DEPARTMENTS = {"一车间", "二车间", "三车间", "设备动力部", "仓储物流部"}


def schedule(ctx) -> None:
    y0 = ctx.years[0]
    # The company: 第一届 from four years before the window; 第二届 elected on 20 March of the window's first year.
    _schedule_union(ctx, COMPANY, terms=[(1, datetime.date(y0 - 4, 3, 18)), (2, datetime.date(y0, 3, 20))])
    # The school: 第三届 elected in September before the window (教代会 terms follow the school year).
    _schedule_union(ctx, SCHOOL, terms=[(2, datetime.date(y0 - 4, 9, 12)), (3, datetime.date(y0 - 1, 9, 15))])
    # Sessions, attendance, reports heard and votes: the congress room's demo (sessions.py).
    from . import sessions

    sessions.schedule(ctx)


def _schedule_union(ctx, union: str, *, terms: list[tuple[int, datetime.date]]) -> None:
    kind, seats, delegations = PLAN[union]
    first_day = terms[0][1]

    def create_congress():
        ctx.congresses[union] = services.congress_create(actor=None, org=ctx.orgs[union], kind=kind)
        ctx.summary.congresses += 1

    ctx.at(first_day - datetime.timedelta(days=30), union, create_congress)
    for i, (number, started) in enumerate(terms):
        current = i == len(terms) - 1
        ctx.at(started, union, _open_term, ctx, union, number, started, seats, delegations, current)


def _open_term(ctx, union, number, started, seats, delegations, current):
    congress = ctx.congresses[union]
    term = services.term_open(actor=None, congress=congress, number=number, started_on=started,
                              ends_on=add_years(started, 5) - datetime.timedelta(days=1), seats=seats)
    ctx.terms[union].append(term)
    if not current:
        return  # the terms before the window are history: their delegates were never entered
    chosen = _choose(ctx, union, started, seats, delegations)
    ctx.delegates[union] = []
    for order, (name, people) in enumerate(chosen.items(), start=1):
        group = services.delegation_create(actor=None, term=term, name=name, order=order)
        made = [services.delegate_elect(actor=None, term=term, person=p, category=category, elected_on=started,
                                        delegation=group) for p, category in people]
        leader = next((d for d in made if d.category == DelegateCategory.MANAGER), made[0])
        group.leader = leader
        group.save(update_fields=["leader"])
        ctx.delegates[union].extend(made)
    ctx.summary.delegates += len(ctx.delegates[union])


def _category(person: Person, union: str) -> str:
    if any(word in (person.post or "") for word in MANAGER_WORDS):
        return DelegateCategory.MANAGER
    if union == SCHOOL:
        return DelegateCategory.OTHER if person.department == "行政后勤" else DelegateCategory.TECHNICAL
    if person.department in TECHNICAL_DEPARTMENTS:
        return DelegateCategory.TECHNICAL
    if person.department in FRONTLINE_DEPARTMENTS:
        return DelegateCategory.FRONTLINE
    return DelegateCategory.OTHER


def _choose(ctx, union, day, seats, delegations) -> dict[str, list[tuple[Person, str]]]:
    """Seats shared among the delegations by their members; within each, managers first up to a sixth of the seats
    overall, then the others at random (the generator is seeded: the same delegates every time)."""
    org = ctx.orgs[union]
    people = list(Person.objects.filter(org__path__startswith=org.path, member_status__in=MEMBER,
                                        work_status=Person.WorkStatus.SERVING, died_on__isnull=True)
                  .exclude(hired_on__gt=day).order_by("id"))
    by_group = {name: [p for p in people if p.department in depts] for name, depts in delegations.items()}
    total = sum(len(v) for v in by_group.values()) or 1
    managers_left = seats // 6
    chosen: dict[str, list[tuple[Person, str]]] = {}
    for name, members in by_group.items():
        share = max(2, round(seats * len(members) / total))
        managers = [p for p in members if _category(p, union) == DelegateCategory.MANAGER]
        others = [p for p in members if _category(p, union) != DelegateCategory.MANAGER]
        take_managers = managers[:max(1, min(len(managers), managers_left // max(1, len(by_group) - len(chosen))))]
        managers_left -= len(take_managers)
        ctx.rng.shuffle(others)
        picked = take_managers + others[:max(0, share - len(take_managers))]
        chosen[name] = [(p, _category(p, union)) for p in picked]
    return chosen
