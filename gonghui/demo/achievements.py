"""The demo's 建功立业 work: the company union's 合理化建议 activity over the window (about 500 suggestions, in every
state: submitted, under review, graded, not adopted, adopted, implemented, benefit verified, withdrawn) with its
criteria and review panel, and honours at every level (全国 … 本单位, persons and units, the union's own 年度先进 through
nomination → 公示 → 批准); the school and the bureau get a few honours too.

`build_achievements(builder)` runs after the funds work; it uses its own seeded random generator (the other areas'
draws stay as they were) and goes through gonghui.achievements.services as the company's officer would.
"""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from gonghui.achievements.models import Grade, Honour, HonourLevel, HonourTitle
from gonghui.achievements.services import honours as honour_services
from gonghui.achievements.services import suggestions as services
from gonghui.core.context import acting_as
from gonghui.members.models import Person

from .builder import BUREAU, COMPANY, SCHOOL, SEED

YEAR_COUNTS = (140, 230, 130)  # the year before last, last year, this year (up to today)
CRITERIA = (("创新性", 30), ("可行性", 30), ("经济效益", 40))
DEPARTMENTS = ("一车间", "二车间", "三车间", "设备动力部", "质量管理部", "技术研发中心", "仓储物流部", "安全环保部")
TOPICS = [
    ("空压机余热回收利用", "空压机运行产生大量余热直接排放", "加装余热回收装置，为浴室和宿舍供应热水", "每年节约燃气费"),
    ("冲压模具快速换模", "换模时间长，影响设备利用率", "推行快速换模，标准化定位和工装", "减少停机时间，提高产能"),
    ("照明灯具节能改造", "车间照明为高压汞灯，耗电量大", "分批更换为LED灯具，加装感应开关", "每年节约电费"),
    ("废包装材料回收再利用", "外购件包装箱一次性使用后报废", "与供应商建立周转箱循环使用机制", "降低包装成本"),
    ("设备点检表电子化", "纸质点检表易丢失，数据无法统计", "使用手机扫码点检，自动汇总异常", "提高点检效率"),
    ("焊接烟尘收集改进", "焊接工位烟尘大，影响职工健康", "增设移动式烟尘净化器", "改善作业环境"),
    ("叉车通道标识优化", "仓库通道标识不清，存在碰撞隐患", "重新划线并加装反光警示标识", "消除安全隐患"),
    ("冷却液过滤循环", "机床冷却液更换频繁，废液处理成本高", "加装过滤循环系统，延长使用周期", "减少废液处理费用"),
    ("来料检验抽样优化", "部分稳定供应商来料全检，耗费人力", "按供应商质量等级调整抽样方案", "节约检验工时"),
    ("食堂错峰就餐", "午餐高峰排队时间长", "按车间错峰安排就餐时间", "缩短排队时间"),
]


@dataclass
class AchievementsSummary:
    suggestions: int = 0
    adopted: int = 0
    honours: int = 0
    competitions: int = 0
    pairs: int = 0
    projects: int = 0
    patents: int = 0
    studios: int = 0


def _people(org, rng: random.Random, n: int) -> list[Person]:
    serving = list(Person.objects.filter(org__path__startswith=org.path, work_status=Person.WorkStatus.SERVING,
                                         left_on__isnull=True).order_by("id"))
    return rng.sample(serving, min(n, len(serving)))


def build_achievements(builder) -> AchievementsSummary:
    summary = AchievementsSummary()
    rng = random.Random(SEED + 14)
    officer = builder.users.get("company_officer") or builder.users["admin"]
    with acting_as(officer, source="command"):
        _suggestions(builder, rng, summary)
        _honours(builder, rng, summary)
        _competitions(builder, rng, summary)
        _innovation(builder, random.Random(SEED + 1414), summary)  # its own draws: the ones above stay as they were
    return summary


def _day(b, rng: random.Random, year: int, last: datetime.date | None = None) -> datetime.date:
    low = datetime.date(year, 1, 5)
    high = min(datetime.date(year, 12, 20), last or b.today)
    return low + datetime.timedelta(days=rng.randint(0, max(0, (high - low).days)))


def _suggestions(b, rng: random.Random, summary: AchievementsSummary) -> None:
    company = b.orgs[COMPANY]
    criteria = [services.criterion_set(actor=None, org=company, name=n, max_score=m, order=i)
                for i, (n, m) in enumerate(CRITERIA)]
    people = list(Person.objects.filter(org__path__startswith=company.path, work_status=Person.WorkStatus.SERVING,
                                        left_on__isnull=True).order_by("id"))
    panel = rng.sample(people, 5)
    for i, p in enumerate(panel):
        services.panel_add(actor=None, org=company, person=p, role="组长" if i == 0 else "成员",
                           since=datetime.date(b.years[0] - 1, 12, 1))
    authors = [p for p in people if p not in panel]
    grades = [Grade.FIRST] * 3 + [Grade.SECOND] * 8 + [Grade.THIRD] * 20 + [Grade.ENCOURAGE] * 60 + \
        [Grade.NOT_ADOPTED] * 7
    for year, count in zip(b.years, YEAR_COUNTS):
        this_year = year == b.today.year
        for n in range(count):
            topic = rng.choice(TOPICS)
            author = rng.choice(authors)
            coauthors = rng.sample([p for p in authors if p.pk != author.pk], rng.choice((0, 0, 0, 1, 2)))
            on = _day(b, rng, year, b.today - datetime.timedelta(days=2))
            s = services.suggestion_submit(
                actor=None, author=author, title=f"关于{topic[0]}的建议", problem=topic[1], proposal=topic[2],
                expected_benefit=topic[3], coauthors=coauthors, submitted_on=on, token=f"demo-{year}-{n}")
            summary.suggestions += 1
            # How far it went: last year's and earlier all decided; this year's recent ones still open.
            age = (b.today - on).days
            if this_year and (age < 20 or rng.random() < 0.08):
                if rng.random() < 0.1:
                    services.suggestion_withdraw(actor=None, suggestion=s, reason="本人撤回，另行完善后再提")
                elif rng.random() < 0.5:
                    _score(b, rng, s, panel, criteria, on)
                continue
            scored_on = min(on + datetime.timedelta(days=rng.randint(5, 15)), b.today)
            _score(b, rng, s, panel, criteria, scored_on)
            if this_year and rng.random() < 0.05:
                continue  # scored, not yet graded
            grade = rng.choice(grades)
            graded_on = min(scored_on + datetime.timedelta(days=rng.randint(3, 10)), b.today)
            services.suggestion_grade(actor=None, suggestion=s, grade=grade, on=graded_on,
                                      note="" if grade != Grade.NOT_ADOPTED else "现有条件下暂不具备实施条件")
            if grade == Grade.NOT_ADOPTED or (this_year and rng.random() < 0.05):
                continue
            adopted_on = min(graded_on + datetime.timedelta(days=rng.randint(1, 10)), b.today)
            services.suggestion_adopt(actor=None, suggestion=s, department=rng.choice(DEPARTMENTS), on=adopted_on)
            summary.adopted += 1
            done_on = adopted_on + datetime.timedelta(days=rng.randint(20, 90))
            if done_on > b.today:
                continue
            if grade in (Grade.FIRST, Grade.SECOND, Grade.THIRD) or rng.random() < 0.25:
                amount = {Grade.FIRST: 80000, Grade.SECOND: 30000, Grade.THIRD: 8000}.get(grade, 1500)
                services.suggestion_benefit(actor=None, suggestion=s, amount=str(rng.randint(amount // 2, amount)),
                                            verified_on=done_on, note="经财务部核实")
            else:
                services.suggestion_implement(actor=None, suggestion=s, on=done_on)


def _score(b, rng, s, panel, criteria, on) -> None:
    authors = {s.author_id, *s.coauthors.values_list("person_id", flat=True)}
    reviewer = next(p for p in rng.sample(panel, len(panel)) if p.pk not in authors)
    scores = {c.pk: rng.randint(c.max_score // 2, c.max_score) for c in criteria}
    services.suggestion_score(actor=None, suggestion=s, reviewer=reviewer, scores=scores, on=on)


HONOURS = [
    # (union, kind, title, level, awarded by, name pattern, how many, month-day)
    (COMPANY, "person", HonourTitle.MODEL_WORKER, HonourLevel.NATIONAL, "中华全国总工会", "全国五一劳动奖章", 1, (4, 28)),
    (COMPANY, "person", HonourTitle.MODEL_WORKER, HonourLevel.PROVINCE, "江苏省人民政府", "江苏省劳动模范", 1, (4, 28)),
    (COMPANY, "unit", HonourTitle.PIONEER, HonourLevel.PROVINCE, "江苏省总工会", "江苏省工人先锋号", 1, (4, 28)),
    (COMPANY, "person", HonourTitle.MAY_DAY_MEDAL, HonourLevel.CITY, "南京市总工会", "南京市五一劳动奖章", 2, (4, 28)),
    (COMPANY, "unit", HonourTitle.PIONEER, HonourLevel.CITY, "南京市总工会", "南京市工人先锋号", 1, (4, 28)),
    (COMPANY, "person", HonourTitle.ACTIVIST, HonourLevel.COUNTY, "滨江区总工会", "滨江区优秀工会积极分子", 3, (12, 10)),
    (COMPANY, "unit", HonourTitle.MODEL_HOME, HonourLevel.COUNTY, "滨江区总工会", "滨江区模范职工之家", 1, (12, 10)),
    (COMPANY, "person", HonourTitle.POST_MODEL, HonourLevel.SYSTEM, "集团公司", "集团岗位标兵", 4, (11, 20)),
    (SCHOOL, "person", HonourTitle.ADVANCED_PERSON, HonourLevel.CITY, "南京市教育局", "南京市优秀教育工作者", 2, (9, 10)),
    (SCHOOL, "person", HonourTitle.CADRE, HonourLevel.COUNTY, "滨江区总工会", "滨江区优秀工会干部", 1, (12, 10)),
    (BUREAU, "unit", HonourTitle.ADVANCED_UNIT, HonourLevel.CITY, "南京市总工会", "南京市先进职工之家", 1, (12, 10)),
]


def _honours(b, rng: random.Random, summary: AchievementsSummary) -> None:
    for year in b.years[:2]:  # the window's full years
        for union_key, kind, title, level, body, name, count, (m, d) in HONOURS:
            union = b.orgs[union_key]
            awarded_on = datetime.date(year, m, d)
            if level == HonourLevel.NATIONAL and year != b.years[1]:
                continue  # one national honour, last year
            for person in (_people(union, rng, count) if kind == "person" else [None] * count):
                unit = rng.choice(DEPARTMENTS[:4]) if union_key == COMPANY else union.name
                honour_services.honour_record(
                    actor=None, union=union, kind=kind, person=person, unit_name="" if person else unit,
                    title=title, name=f"{year}年度{name}", level=level, year=year, awarded_by=body,
                    awarded_on=awarded_on, deeds="立足岗位、勇于创新，在生产经营中作出突出贡献。")
                summary.honours += 1
        # The company union's own 年度先进: nominated in November, publicised, approved in December.
        company = b.orgs[COMPANY]
        for person in _people(company, rng, 6):
            h = honour_services.honour_nominate(actor=None, union=company, kind=Honour.Kind.PERSON, person=person,
                                                title=HonourTitle.ADVANCED_PERSON, name=f"{year}年度先进工作者",
                                                year=year, nominated_on=datetime.date(year, 11, 25),
                                                nominated_by="各分会")
            honour_services.honour_publicise(actor=None, honour=h, starts_on=datetime.date(year, 11, 28),
                                             ends_on=datetime.date(year, 12, 4))
            honour_services.honour_approve(actor=None, honour=h, approved_on=datetime.date(year, 12, 8))
            summary.honours += 1
    # This year: nominations in progress when it is late in the year.
    company, year = b.orgs[COMPANY], b.today.year
    if b.today >= datetime.date(year, 11, 26):
        for i, person in enumerate(_people(company, rng, 4)):
            h = honour_services.honour_nominate(actor=None, union=company, kind=Honour.Kind.PERSON, person=person,
                                                title=HonourTitle.ADVANCED_PERSON, name=f"{year}年度先进工作者",
                                                year=year, nominated_on=datetime.date(year, 11, 25),
                                                nominated_by="各分会")
            if i % 2 == 0 and b.today >= datetime.date(year, 11, 28):
                honour_services.honour_publicise(actor=None, honour=h, starts_on=datetime.date(year, 11, 28),
                                                 ends_on=datetime.date(year, 12, 4) if b.today < datetime.date(
                                                     year, 12, 4) else b.today + datetime.timedelta(days=3))


TEAMS = ("一车间机加工班", "一车间装配班", "二车间冲压班", "二车间焊接班", "三车间涂装班", "三车间总装班", "设备动力部维修班",
         "质量管理部检验班", "仓储物流部叉车班", "技术研发中心工艺组")
TRADES = ("数控车工", "焊工", "钳工", "电工")


def _competitions(b, rng: random.Random, summary: AchievementsSummary) -> None:
    """Each full year of the window: the 安康杯 (teams = 班组, three rounds) and a skills contest (persons) run to a
    ranking with awards; this year's 安康杯 still going. Mentoring pairs formed each spring, assessed a year later."""
    from gonghui.achievements.models import Competition, MentorPair
    from gonghui.achievements.services import competitions as cs

    company = b.orgs[COMPANY]
    people = list(Person.objects.filter(org__path__startswith=company.path, work_status=Person.WorkStatus.SERVING,
                                        left_on__isnull=True).order_by("id"))
    for year in b.years:
        starts = datetime.date(year, 4, 1)
        if starts > b.today:
            continue
        ends = datetime.date(year, 10, 31)
        c = cs.competition_create(actor=None, org=company, name=f"{year}年“安康杯”竞赛", kind=Competition.Kind.ANKANG,
                                  starts_on=starts, ends_on=ends, rounds=3, max_score=100,
                                  rules="安全管理、隐患排查、应急演练三轮考评，每轮满分100分。")
        summary.competitions += 1
        entries = [cs.entry_add(actor=None, competition=c, team=t, members=rng.randint(6, 14)) for t in TEAMS]
        for r in range(1, 4):
            if datetime.date(year, 4 + 2 * r, 15) > b.today:
                break
            for e in entries:
                cs.score_record(actor=None, entry=e, round=r, score=rng.randint(70, 99))
        if ends < b.today:
            cs.competition_finish(actor=None, competition=c, on=ends + datetime.timedelta(days=10),
                                  title="安康杯优胜班组")
        day = datetime.date(year, 9, 20)
        if day < b.today:
            trade = TRADES[year % len(TRADES)]
            s = cs.competition_create(actor=None, org=company, name=f"{year}年{trade}技能比武",
                                      kind=Competition.Kind.SKILL, trade=trade, starts_on=day, ends_on=day,
                                      team_based=False, rounds=2, max_score=100)
            summary.competitions += 1
            for p in rng.sample(people, 12):
                e = cs.entry_add(actor=None, competition=s, person=p)
                cs.score_record(actor=None, entry=e, round=1, score=rng.randint(60, 98))
                cs.score_record(actor=None, entry=e, round=2, score=rng.randint(60, 98))
            cs.competition_finish(actor=None, competition=s, on=day + datetime.timedelta(days=3), title="岗位标兵")
        # 师带徒: pairs formed in March; assessed after a year.
        formed_on = datetime.date(year, 3, 10)
        if formed_on > b.today:
            continue
        for master, apprentice in zip(rng.sample(people, 6), rng.sample(people, 6)):
            if master.pk == apprentice.pk:
                continue
            pair = cs.pair_create(actor=None, org=company, master=master, apprentice=apprentice, started_on=formed_on,
                                  agreement="师徒协议", goals="一年内掌握本岗位核心技能，独立顶岗",
                                  due_on=datetime.date(year + 1, 3, 10))
            summary.pairs += 1
            assessed = datetime.date(year + 1, 3, 20)
            if assessed <= b.today:
                cs.pair_assess(actor=None, pair=pair, on=assessed,
                               outcome=MentorPair.Outcome.PASSED if rng.random() < 0.85 else MentorPair.Outcome.FAILED)


PROJECTS = [
    ("空压机余热回收技术研究", "回收空压机余热用于浴室和宿舍供暖", "年节约燃气费", "一种空压机余热回收装置"),
    ("冲压模具寿命提升攻关", "改进模具材料与热处理工艺，延长模具寿命", "模具寿命提高40%", "一种冲压模具快换定位结构"),
    ("焊接机器人工装改进", "设计柔性工装，适应多品种小批量焊接", "焊接合格率提升至99.2%", "一种焊接工装夹具"),
    ("设备智能点检系统开发", "手机扫码点检，异常自动推送维修", "设备故障停机时间下降30%", "一种设备点检终端外壳"),
    ("数控机床冷却液循环利用", "加装过滤循环系统，延长冷却液使用周期", "减少废液处理费用", "一种冷却液过滤循环装置"),
    ("仓储物流路径优化", "优化叉车路线与库位布局", "拣货效率提升25%", "一种周转箱"),
]
PATENT_KINDS = ("invention", "utility", "utility", "design", "utility", "design")


def _patent_number(year: int, kind: str, serial: int) -> str:
    from gonghui.core import patentno

    digit = {"invention": "1", "utility": "2", "design": "3"}[kind]
    body = f"{year}{digit}{serial:07d}"
    return body + patentno.check(body)


def _innovation(b, rng: random.Random, summary: AchievementsSummary) -> None:
    """技术创新: two projects started each year of the window (those of past years finished with their result,
    benefit and a patent granted the next spring), and two studios of the company — a 劳模创新工作室 led by a model
    worker (named at city level) and a 职工创新工作室."""
    from gonghui.achievements.models import InnovationProject, InnovationStudio
    from gonghui.achievements.services import innovation as ins

    company = b.orgs[COMPANY]
    people = list(Person.objects.filter(org__path__startswith=company.path, work_status=Person.WorkStatus.SERVING,
                                        left_on__isnull=True).order_by("id"))
    topics = iter(PROJECTS * 3)
    for year in b.years:
        for month in (3, 6):
            started = datetime.date(year, month, 1 + rng.randint(0, 20))
            if started > b.today:
                continue
            name, goal, result, patent_title = next(topics)
            name = f"{name}（{year}）"
            team = rng.sample(people, 5)
            finished = datetime.date(year, 12, 10 + rng.randint(0, 15))
            done = finished < b.today - datetime.timedelta(days=30)
            benefit = rng.randint(5, 60) * 10000 if done else None
            p = ins.project_save(actor=None, org=company, name=name, leader=team[0], members=team[1:],
                                 started_on=started, goal=goal,
                                 state=InnovationProject.State.FINISHED if done else InnovationProject.State.ACTIVE,
                                 finished_on=finished if done else None,
                                 result=f"{result}，形成专利1项" if done else "", benefit=benefit)
            summary.projects += 1
            granted = datetime.date(year + 1, 4, 1 + rng.randint(0, 25))
            if done and granted <= b.today:
                kind = PATENT_KINDS[summary.patents % len(PATENT_KINDS)]
                ins.patent_save(actor=None, org=company, project=p, number=_patent_number(year, kind,
                                                                                        rng.randint(1000, 9999999)),
                                kind=kind, title=patent_title, granted_on=granted, holders=team[:3],
                                patentee=company.name)
                summary.patents += 1
    first = b.years[0]
    model_worker = next((p for p in people if p.model_worker), None)
    studios = [("“金牌工匠”职工创新工作室", InnovationStudio.Kind.WORKER, rng.choice(people), "", None)]
    if model_worker is not None:
        studios.append((f"{model_worker.name}劳模创新工作室", InnovationStudio.Kind.MODEL, model_worker, "city",
                        datetime.date(first, 11, 18)))
    else:
        studios.append(("设备维修职工创新工作室", InnovationStudio.Kind.WORKER, rng.choice(people), "", None))
    for name, kind, leader, level, named_on in studios:
        members = [p for p in rng.sample(people, 6) if p.pk != leader.pk]
        ins.studio_save(actor=None, org=company, name=name, kind=kind, leader=leader, members=members,
                        founded_on=datetime.date(first, 5, 8), level=level, named_on=named_on,
                        output="开展技术攻关、带徒传技，完成多项工艺改进和小发明。")
        summary.studios += 1
