"""The demo's rights work (维权): the company's and the school's mediation cases, risk screenings, petitions, legal
services and 普法 lectures, and hazard reports in every state, over the demo's window up to today.

`build_rights(builder)` runs after the care and funds work. Deterministic (its own seeded random), quick (about 600
hazards with their steps, a few dozen other records; everything through gonghui.rights.services, audited like an
officer's entries). The company's 安全环保部 gets a contact login, `company_safety`, who records the fixes; the demo
member reports a few hazards and applies for mediation, so the phone pages show something to follow. Last year's
summary of the company then has a 维权 section: "收到隐患信息N条，已整改M条，正在落实K条", "调解劳动争议12起，调解
成功10起", "排查矛盾隐患8起，已化解7起", "开展普法讲座4场，受教育职工N人次".
"""
from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from gonghui.core.context import acting_as
from gonghui.rights.models import Consultation, DisputeKind, DisputeOutcome, HazardKind, Lecture, Petition
from gonghui.rights.services import disputes, hazards, legal, screening

from .builder import COMPANY, PASSWORD, SCHOOL

SEED = 20250913
SAFETY_LOGIN = "company_safety"
DAY = datetime.timedelta(days=1)

PLACES = {
    HazardKind.EQUIPMENT: ["一车间冲压机", "二车间行车", "三车间传送带", "空压站", "机修车间砂轮机", "包装线"],
    HazardKind.FIRE: ["成品仓库", "原料仓库东门", "办公楼三楼楼道", "食堂后厨", "配电房门口"],
    HazardKind.ELECTRIC: ["二车间配电箱", "一车间临时电线", "宿舍楼插座", "仓库照明线路"],
    HazardKind.HEALTH: ["喷涂车间", "焊接工位", "打磨工位", "化验室"],
    HazardKind.ENVIRONMENT: ["厂区东路", "二车间地面", "楼梯扶手", "装卸平台"],
    HazardKind.CHEMICAL: ["危化品库", "化验室试剂柜"],
    HazardKind.TRAFFIC: ["厂区大门", "叉车通道"],
}
PROBLEMS = {
    HazardKind.EQUIPMENT: ["防护罩松动", "急停按钮失灵", "钢丝绳磨损", "安全联锁被短接"],
    HazardKind.FIRE: ["灭火器过期", "消防通道堆放杂物", "应急照明不亮", "消防栓被遮挡"],
    HazardKind.ELECTRIC: ["电线老化裸露", "漏电保护器失效", "私拉乱接电线"],
    HazardKind.HEALTH: ["通风除尘设备不运转", "防护口罩配发不足", "噪声超标未配耳塞"],
    HazardKind.ENVIRONMENT: ["地面油污易滑倒", "护栏缺失", "照明不足"],
    HazardKind.CHEMICAL: ["试剂未分类存放", "标签脱落"],
    HazardKind.TRAFFIC: ["叉车超速", "道路标线不清"],
}
KIND_WEIGHTS = [30, 22, 16, 12, 12, 4, 4]
FIXES = {"安全环保部": "已组织整改并复查合格", "生产技术部": "已维修更换并试运行正常", "后勤保障部": "已清理整改",
         "综合办公室": "已整改到位"}


@dataclass
class RightsSummary:
    hazards: int = 0
    cases: int = 0
    lectures: int = 0
    risks: int = 0


def build_rights(b) -> RightsSummary:
    rng = random.Random(SEED)
    summary = RightsSummary()
    company, school = b.orgs[COMPANY], b.orgs[SCHOOL]
    officer = b.users.get("company_officer") or b.users["admin"]
    with acting_as(officer, source="command"):
        departments = _departments(b, company)
        _hazards(b, rng, company, departments, summary, per_year=300, member=b.users.get("member"))
        _cases(b, rng, company, summary, success=10, others=2)
        _screening_and_legal(b, rng, company, summary, lectures=4, attendance=(120, 180), risks=8)
        _maternity(b, rng, company)
        _women_work(b, random.Random(SEED + 3), company)  # its own random: the school's cases stay as they were
        _injuries_and_safety(b, company)
    with acting_as(b.users.get("school_officer") or b.users["admin"], source="command"):
        _cases(b, rng, school, summary, success=2, others=1)
        _screening_and_legal(b, rng, school, summary, lectures=2, attendance=(40, 70), risks=3)
    return summary


def _departments(b, company):
    """The company's departments (democracy's 承办部门); 安全环保部 gets the hazard contact's login."""
    from gonghui.accounts import services as account_services
    from gonghui.accounts.roles import Role
    from gonghui.democracy.models import Department
    from gonghui.democracy.services.proposals import department_save

    found = {d.name: d for d in Department.objects.filter(org=company)}
    for name in ("安全环保部", "生产技术部", "后勤保障部", "综合办公室"):
        if name not in found:
            found[name] = department_save(actor=None, org=company, name=name)
    contact = account_services.user_create(
        actor=b.users["admin"], username=SAFETY_LOGIN, password=PASSWORD, org=company, role=Role.DEPARTMENT,
        display_name="安全环保部联系人", must_change_password=False)
    b.users[SAFETY_LOGIN] = contact
    safety = found["安全环保部"]
    department_save(actor=None, org=company, department=safety, name=safety.name, order=safety.order,
                    contacts=[*safety.contacts.all(), contact])
    production = found["生产技术部"]
    department_save(actor=None, org=company, department=production, name=production.name, order=production.order,
                    contacts=[*production.contacts.all(), contact])
    return [found[n] for n in ("安全环保部", "生产技术部", "后勤保障部", "综合办公室")]


def _hazards(b, rng, org, departments, summary, *, per_year: int, member) -> None:
    """About `per_year` reports a year; by the demo's today a report is fixed, planned (正在落实, some past their
    date), forwarded, waiting, or found untrue, the older the more likely fixed."""
    today = b.today
    safety_contact = b.users[SAFETY_LOGIN]
    reporters = [p.name for p in b.plans[COMPANY] if p.member][:120] if hasattr(b, "plans") else ["职工"]
    kinds = list(PLACES)
    for year in b.years[1:]:
        start = datetime.date(year, 1, 1)
        span = (min(today, datetime.date(year, 12, 31)) - start).days
        count = per_year * (span + 1) // 365
        for i in range(count):
            kind = rng.choices(kinds, weights=KIND_WEIGHTS)[0]
            reported = start + rng.randrange(span + 1) * DAY
            use_member = member is not None and i % 60 == 7
            location, problem = rng.choice(PLACES[kind]), rng.choice(PROBLEMS[kind])
            if use_member:
                h = hazards.hazard_report(actor=member, kind=kind, location=location, description=problem,
                                          reported_on=reported, token=f"demo-{year}-{i}")
            else:
                h = hazards.hazard_report(actor=None, org=org, kind=kind, location=location, description=problem,
                                          reporter_name=rng.choice(reporters), safety_rep=rng.random() < 0.4,
                                          reported_on=reported)
            summary.hazards += 1
            age = (today - reported).days
            roll = rng.random()
            if roll < 0.03:
                hazards.hazard_unfounded(actor=None, hazard=h, note="经现场核实，情况不属实", on=min(today, reported + DAY))
                continue
            if age < 4 and roll < 0.6:
                continue  # 已上报, waiting to be forwarded
            forwarded = min(today, reported + rng.randint(0, 2) * DAY)
            department = departments[0] if kind in (HazardKind.FIRE, HazardKind.HEALTH, HazardKind.CHEMICAL) \
                else rng.choice(departments)
            hazards.hazard_forward(actor=None, hazard=h, department=department, forwarded_on=forwarded)
            # the older the report, the more likely it is fixed
            fixed_chance = 0.55 if age < 30 else 0.80 if age < 180 else 0.84
            if rng.random() < fixed_chance:
                fixed_on = forwarded + rng.randint(1, 20) * DAY
                if fixed_on <= today:
                    actor = safety_contact if department.name in ("安全环保部", "生产技术部") else None
                    hazards.hazard_fix(actor=actor, hazard=h, note=FIXES.get(department.name, "已整改"),
                                       fixed_on=fixed_on)
                    continue
            if age >= 3 and rng.random() < 0.85:
                planned = min(today, forwarded + rng.randint(1, 5) * DAY)
                hazards.hazard_plan(actor=None, hazard=h, plan="需采购配件（停产检修），已制定整改方案，明确责任人",
                                    planned_on=planned, due_on=planned + rng.randint(20, 120) * DAY)


    for i in range(3):  # this morning's reports, not yet forwarded (the desk's 隐患待转办)
        kind = kinds[i]
        hazards.hazard_report(actor=None, org=org, kind=kind, location=rng.choice(PLACES[kind]),
                              description=rng.choice(PROBLEMS[kind]), reporter_name=rng.choice(reporters),
                              safety_rep=True, reported_on=today)
        summary.hazards += 1


def _cases(b, rng, org, summary, *, success: int, others: int) -> None:
    """Last year's cases (all accepted and closed: `success` 调解成功 and `others` 转仲裁/调解不成, one refused),
    this year's (some open, one past its limit); the demo member applies once this year."""
    today = b.today
    last = b.years[1]
    names = [p.name for p in b.plans[COMPANY if org == b.orgs[COMPANY] else SCHOOL] if p.member][-40:]
    kinds = [DisputeKind.PAY, DisputeKind.OVERTIME, DisputeKind.DISMISSAL, DisputeKind.INSURANCE, DisputeKind.INJURY]
    plan = [(last, DisputeOutcome.SUCCESS)] * success + [(last, DisputeOutcome.ARBITRATION)] * (others // 2 + others % 2) \
        + [(last, DisputeOutcome.FAILED)] * (others // 2) + [(today.year, DisputeOutcome.SUCCESS)] * max(1, success // 3) \
        + [(today.year, None)] * 2
    for i, (year, outcome) in enumerate(plan):
        span = 330 if year == last else max(1, (today - datetime.date(year, 1, 1)).days - 20)
        received = datetime.date(year, 1, 1) + rng.randrange(span) * DAY
        claim = rng.choice([3200, 5600, 8000, 12000, 18500, 26000])
        kind = kinds[i % len(kinds)]
        c = disputes.case_register(actor=None, org=org, applicant_name=rng.choice(names), other_party=org.employer
                                   or org.name, kind=kind, details=f"申请人反映{kind.label}方面的争议，请求依法处理。",
                                   received_on=received, claim_amount=claim,
                                   applicant_phone=f"139{rng.randrange(10**8):08d}")
        accepted = received + rng.randint(0, 2) * DAY
        disputes.case_accept(actor=None, case=c, accepted_on=accepted, mediators="王建国、刘芳")
        summary.cases += 1
        if outcome is None:
            continue  # still being mediated (the older one is past its limit)
        closed = accepted + rng.randint(4, 14) * DAY
        amount = claim * rng.choice([6, 7, 8, 9, 10]) // 10 if outcome == DisputeOutcome.SUCCESS else None
        disputes.case_close(actor=None, case=c, outcome=outcome, closed_on=min(closed, today), mediated_on=min(
            closed, today), agreement_amount=amount, agreement_text=(
            f"被申请人同意于协议签订之日起15日内向申请人支付{amount}元，双方就本争议再无其他争议。"
            if amount else ""))
        if outcome == DisputeOutcome.SUCCESS and closed + 30 * DAY <= today:
            disputes.case_followup(actor=None, case=c, followup_on=closed + 30 * DAY, note="已按协议履行", fulfilled=True)
    refused = disputes.case_register(actor=None, org=org, applicant_name=rng.choice(names), other_party="某劳务派遣公司",
                                     kind=DisputeKind.OTHER, details="与本单位无劳动关系的争议。",
                                     received_on=datetime.date(last, 6, 3))
    disputes.case_refuse(actor=None, case=refused, refused_on=datetime.date(last, 6, 4),
                         reason="不属于本单位劳动争议调解委员会受理范围，已告知向有关部门申请。")
    member = b.users.get("member")
    if member is not None and org == b.orgs[COMPANY]:
        disputes.case_apply(actor=member, other_party=org.employer or org.name, kind=DisputeKind.OVERTIME,
                            details="上月加班费未按规定计发。", claim_amount="1200", token="demo-member")


def _screening_and_legal(b, rng, org, summary, *, lectures: int, attendance, risks: int) -> None:
    today = b.today
    last = b.years[1]
    for year in (last, today.year):
        n = risks if year == last else max(1, risks // 2)
        for i in range(n):
            screened = datetime.date(year, 1 + (i * 3) % 12, 10)
            if screened > today:
                break
            r = screening.risk_record(actor=None, org=org, screened_on=screened, people=rng.randint(3, 40),
                                      matter=rng.choice(["部分岗位调整引发职工不满", "外包人员工资发放不及时",
                                                         "绩效考核办法调整职工有异议", "搬迁后通勤困难",
                                                         "加班安排较多职工有意见"]))
            summary.risks += 1
            if year == last and i < n - 1 or year != last and i == 0 and screened + 40 * DAY <= today:
                screening.risk_resolve(actor=None, risk=r, resolved_on=screened + rng.randint(10, 40) * DAY,
                                       measures="与职工座谈沟通，协调行政调整方案")
        for i in range(lectures if year == last else lectures // 2):
            held = datetime.date(year, 3 + i * 2, 15)
            if held > today:
                break
            legal.lecture_record(actor=None, org=org, held_on=held, attendance=rng.randint(*attendance),
                                 title=["《劳动合同法》解读", "《工会法》知识讲座", "工伤保险政策讲座",
                                        "《民法典》与职工权益", "防范电信诈骗与依法维权"][i % 5],
                                 speaker="滨江区法律援助中心律师")
            summary.lectures += 1
        march = datetime.date(year, 3, 8)
        if march <= today:
            legal.lecture_record(actor=None, org=org, held_on=march, kind=Lecture.Kind.WOMEN,
                                 title="女职工维权行动月：《女职工劳动保护特别规定》宣讲", attendance=rng.randint(*attendance) // 2)
        for month in range(1, 13):
            day = datetime.date(year, month, 20)
            if day > today:
                break
            legal.duty_record(actor=None, org=org, lawyer="陈明律师", firm="江苏滨江律师事务所", on_day=day, hours=4)
            for k in range(rng.randint(1, 3)):
                legal.consult_record(actor=None, org=org, asked_on=day, asker="职工",
                                     kind=Consultation.Kind.AGENT if k == 2 else Consultation.Kind.CONSULT,
                                     question=rng.choice(["试用期辞退", "加班费计算", "工伤认定", "年休假", "社保缴纳"]),
                                     answer="已当面解答并告知维权途径。", lawyer="陈明律师")
        for i in range(3):
            day = datetime.date(year, 2 + i * 4, 12)
            if day > today:
                break
            p = screening.petition_record(actor=None, org=org, channel=Petition.Channel.VISIT if i % 2 == 0 else
                                          Petition.Channel.LETTER, received_on=day, petitioner="职工代表",
                                          people=rng.randint(1, 5), matter="反映食堂伙食和班车安排问题",
                                          handler="工会办公室")
            screening.petition_answer(actor=None, petition=p, answer="已协调行政部门改进并答复职工",
                                      answered_on=min(today, day + 5 * DAY))


def _maternity(b, rng, org) -> None:
    """The 三期 register: a few young women members of the company in each phase around last year's end."""
    from gonghui.members.models import Gender, Person
    from gonghui.rights.services import women

    end = datetime.date(b.years[1], 12, 31)
    women_ = list(Person.objects.filter(org__path__startswith=org.path, gender=Gender.FEMALE,
                                        member_status=Person.MemberStatus.ACTIVE,
                                        birth_date__gt=end.replace(year=end.year - 38)).order_by("pk")[:7])
    for i, person in enumerate(women_):
        phase = ("pregnancy", "maternity", "nursing")[i % 3]
        starts = end - rng.randint(20, 150) * DAY
        length = {"pregnancy": 270, "maternity": 98, "nursing": 365}[phase]
        women.maternity_record(actor=None, person=person, phase=phase, starts_on=starts,
                               ends_on=starts + length * DAY)


def _women_work(b, rng, org) -> None:
    """女职工工作: checks of the company's 女职工权益保护专项集体合同 (signed last March by democracy's demo), one finding
    put right; last year's and this year's 安康互助保障 of most women members, with a few claims paid."""
    from gonghui.democracy.models import CollectiveContract, ContractKind
    from gonghui.members.models import Gender, Person
    from gonghui.rights.models import ContractCheck
    from gonghui.rights.services import women

    today, last = b.today, b.years[1]
    contracts = CollectiveContract.objects.filter(org=org, kind=ContractKind.WOMEN, signed_on__isnull=False)
    checks = [
        (datetime.date(last, 9, 16), "三期保护、女职工卫生费发放、女职工专项体检", "二车间哺乳室未配备冰箱和洗手池",
         datetime.date(last, 11, 3)),
        (datetime.date(last, 12, 18), "生育津贴发放、产假落实、女职工禁忌劳动范围", "", None),
        (datetime.date(today.year, 6, 20), "三期保护、女职工专项体检、卫生费发放", "", None),
    ]
    for day, items, findings, fixed_on in checks:
        contract = contracts.filter(signed_on__lte=day).order_by("-signed_on").first()
        if contract is None or day > today:
            continue
        check = women.contract_check_record(
            actor=None, contract=contract, checked_on=day, checkers="女职工委员会主任、劳动法律监督委员会委员",
            items=items, findings=findings,
            state=ContractCheck.State.ISSUES if findings else ContractCheck.State.OK)
        if fixed_on is not None and fixed_on <= today:
            women.contract_check_fixed(actor=None, check=check, fixed_on=fixed_on, note="已配置冰箱和洗手池")
    women_ = list(Person.objects.filter(org__path__startswith=org.path, gender=Gender.FEMALE,
                                        member_status=Person.MemberStatus.ACTIVE).order_by("pk"))
    for year in (last, today.year):
        enrolled = [p for p in women_ if rng.random() < 0.8]
        claimed = set(rng.sample(range(len(enrolled)), min(3, len(enrolled)))) if year == last else set()
        for i, person in enumerate(enrolled):
            women.mutual_aid_enrol(actor=None, person=person, year=year, plan="女职工特殊疾病安康互助保障",
                                   premium="30", claims=rng.choice(["5000", "8000", "10000"]) if i in claimed else None)


PLACES_INJURED = ["一车间冲压线", "二车间焊接工位", "三车间总装线", "仓储物流部装卸平台", "设备动力部维修间"]
INJURY_ACCOUNTS = ["操作冲床时右手食指被压伤", "搬运工件时腰部扭伤", "焊接时飞溅物烫伤左臂", "检修时从梯子上滑落致左踝骨折",
                   "叉车倒车时被挤伤右腿"]


def _injuries_and_safety(b, company) -> None:
    """Work injuries of last year and this one: care's injury visits (life events 工伤 with their condolences) become
    injury records linked to them; a few more recorded here with the visit through care (and this year one with an
    assistance application); the latest not visited yet. Campaigns: each year's 安康杯 links 建功立业's competition
    (its ten 班组), June's 安全生产月 and an April 监督员培训. Its own seeded random: the other parts' data stay."""
    from gonghui.care.models import Condolence, Occasion
    from gonghui.members.models import Person
    from gonghui.rights.models import WorkInjury
    from gonghui.rights.services import injuries

    rng = random.Random(SEED + 13)
    today, last = b.today, b.years[1]
    R = WorkInjury.Recognition
    visited = (Condolence.objects.filter(org__path__startswith=company.path, occasion=Occasion.INJURY,
                                         life_event__isnull=False, visited_on__year__gte=last)
               .select_related("person", "life_event").order_by("visited_on", "pk"))
    for i, c in enumerate(visited):
        occurred = c.life_event.occurred_on
        injury = injuries.injury_record(
            actor=None, person=c.person, occurred_on=occurred, place=PLACES_INJURED[i % 5],
            description=f"{INJURY_ACCOUNTS[i % 5]}，送医治疗。", severity=WorkInjury.Severity.MINOR,
            recognition=R.RECOGNISED if occurred + 60 * DAY <= today else R.APPLIED,
            recognition_on=min(today, occurred + (60 if occurred + 60 * DAY <= today else 10) * DAY),
            days_off=rng.randint(10, 45), help_note="协助职工准备工伤认定材料")
        injuries.injury_link(actor=None, injury=injury, condolence=c)
    pool = list(Person.objects.filter(org__path__startswith=company.path, work_status=Person.WorkStatus.SERVING,
                                      member_status=Person.MemberStatus.ACTIVE, left_on__isnull=True,
                                      joined_on__lt=datetime.date(last, 1, 1)).order_by("pk")[:200])
    plan = [(datetime.date(last, 3, 18), WorkInjury.Severity.MINOR, True, False),
            (datetime.date(last, 7, 9), WorkInjury.Severity.SERIOUS, True, False),
            (datetime.date(last, 10, 22), WorkInjury.Severity.MINOR, True, False),
            (today - 40 * DAY, WorkInjury.Severity.SERIOUS, True, True),
            (today - 2 * DAY, WorkInjury.Severity.MINOR, False, False)]
    for i, (occurred, severity, visit, assist) in enumerate(plan):
        person = pool[rng.randrange(len(pool))]
        done = occurred + 60 * DAY <= today
        injury = injuries.injury_record(
            actor=None, person=person, occurred_on=occurred, place=PLACES_INJURED[(i + 2) % 5],
            description=f"{INJURY_ACCOUNTS[(i + 2) % 5]}，经医院诊断需休养。", severity=severity,
            recognition=R.RECOGNISED if done else (R.APPLIED if visit else R.NONE),
            recognition_on=(occurred + 55 * DAY if done else occurred + 5 * DAY) if visit else None,
            days_off=rng.randint(20, 90) if visit else None,
            help_note="工会主席到医院看望，协助申请工伤认定" if visit else "")
        if visit:
            injuries.injury_visit(actor=None, injury=injury, visited_on=min(today, occurred + 2 * DAY),
                                  visitors="工会主席、车间分会主席", form=Condolence.Form.CASH)
        if assist:
            injuries.injury_assist(actor=None, injury=injury, kind="daily", amount="2000",
                                   reason="因工受伤停工治疗，家庭收入减少，申请困难补助", applied_on=occurred + 20 * DAY)
    _safety(b, company, rng)


def _safety(b, company, rng) -> None:
    from gonghui.achievements.models import Competition
    from gonghui.rights.services import safety

    today = b.today
    for year in (b.years[1], today.year):
        competition = Competition.objects.filter(org=company, kind=Competition.Kind.ANKANG,
                                                 starts_on__year=year).first()
        if competition is not None:
            safety.campaign_create(actor=None, org=company, kind="ankang", title=f"{year}年“安康杯”竞赛",
                                   starts_on=competition.starts_on, ends_on=competition.ends_on,
                                   competition=competition, participants=None,
                                   result="获评区“安康杯”竞赛优胜企业" if competition.ends_on < today else "",
                                   note="以班组为单位开展安全管理、隐患排查、应急演练三轮考评")
        training = datetime.date(year, 4, 16)
        if training <= today:
            safety.campaign_create(actor=None, org=company, kind="training", title=f"{year}年群众安全生产监督员培训",
                                   starts_on=training, trained=rng.randint(36, 48),
                                   note="邀请区应急管理局专家授课，学习隐患识别与报告")
        june = datetime.date(year, 6, 1)
        if june <= today:
            safety.campaign_create(actor=None, org=company, kind="month", title=f"{year}年“安全生产月”活动",
                                   starts_on=june, ends_on=min(today, datetime.date(year, 6, 30)), activities=6,
                                   participants=rng.randint(700, 900),
                                   note="安全知识竞赛、消防应急演练、隐患随手拍、安全签名、警示教育片观看、班组安全讲评")
