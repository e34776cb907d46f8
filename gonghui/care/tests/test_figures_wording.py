"""Issue 8, care figures and wording a union chair would sign:
- festival gifts (慰问/福利) are kept apart from aid (救助): figures, summary, dashboard, member pages, figures API;
- visits written by kind of recipient; health checks by batch (month, who, how many; 人 when each is checked once);
- campaigns named by their kinds.

The world (甲公司工会 = tree["company"], 2025): four serving members (one with a hardship file, one the chair) and a
retiree; a 中秋 campaign gives the serving members a 150元 box each (4 gifts, 600元); one 日常救助 of 1,000元 to the
hardship member. The tests add visits, health-check batches and campaigns of other kinds.
"""
import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gonghui.care import metrics, selectors, services
from gonghui.care.models import Assistance, Campaign, Occasion, RecipientKind
from gonghui.care.services import Criteria
from gonghui.members import services as member_services
from gonghui.reports import dashboard, registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build, check, wording
from gonghui.reports.periods import Period

D = datetime.date
Y2025 = Period.year(2025)
TODAY = D(2026, 1, 10)


def value(code, org):
    return metrics.get(code).compute(org, Y2025.start, Y2025.end)


def campaign(tree, kind, title, day, festival_code="", amount="150", criteria=None, deliver=True):
    c = services.campaign_create(actor=None, org=tree["company"], kind=kind, title=title, planned_on=day,
                                 festival_code=festival_code, default_amount=amount)
    services.campaign_select(actor=None, campaign=c, criteria=criteria or Criteria(work_status="serving"))
    if deliver:
        services.campaign_approve(actor=None, campaign=c)
        services.campaign_deliver(actor=None, campaign=c, delivered_on=day)
    return c


@pytest.fixture
def world(tree, rule_set, make_person, chair_a):
    company = tree["company"]
    p = {
        "s1": make_person(company, "张在职", birth=D(1980, 1, 1)),
        "s2": make_person(tree["group"], "李在职", birth=D(1985, 2, 2)),
        "h1": make_person(company, "王困难", birth=D(1978, 3, 3)),
        "r1": make_person(company, "赵退休", birth=D(1955, 4, 4)),
    }
    member_services.member_retire(person=p["r1"], on=D(2015, 4, 4))
    p["file"] = services.hardship_file_open(actor=None, person=p["h1"], level="ordinary", causes=["illness"],
                                            opened_on=D(2024, 5, 1))
    # 慰问福利: the 中秋 box to every serving member (3 of them), 2025-09-30.
    p["zhongqiu"] = campaign(tree, Campaign.Kind.ZHONGQIU, "2025年中秋慰问", D(2025, 9, 30), "zhongqiu")
    # 救助: one 日常救助 to the hardship household.
    aid = services.assistance_create(actor=None, person=p["h1"], kind=Assistance.Kind.DAILY, amount="1000",
                                     applied_on=D(2025, 3, 1), submit=True, hardship_file=p["file"])
    services.assistance_decide(actor=chair_a, assistance=aid, approve=True)
    p["aid"] = services.assistance_disburse(actor=None, assistance=aid, disbursed_on=D(2025, 3, 10))
    return p


# --- 1. festival gifts are not hardship aid --------------------------------------------------------------------------

def test_gifts_are_counted_apart_from_aid(tree, world):
    company = tree["company"]
    assert value("care.assistance.payments", company) == 1
    assert value("care.assistance.people", company) == 1
    assert value("care.assistance.amount", company) == Decimal("1000.00")
    assert metrics.get("care.assistance.payments").records(company, Y2025.start, Y2025.end).get() == world["aid"]
    assert value("care.welfare.payments", company) == 4
    assert value("care.welfare.people", company) == 4
    assert value("care.welfare.amount", company) == Decimal("600.00")
    assert value("care.welfare.households", company) == 1  # the hardship member got the box too
    # The per-kind figure of gifts stays (it was never aid only).
    assert value("care.assistance.festival.payments", company) == 4
    # Charts of aid by kind no longer show gifts.
    by_kind = {label for _, label, _ in metrics.get("care.assistance.payments").breakdown(company, Y2025.start,
                                                                                          Y2025.end, "kind")}
    assert by_kind == {"日常救助"}


def test_the_summary_writes_gifts_apart_from_aid(tree, world):
    body = _text(build("summary", tree["company"], Y2025, style="exact", today=TODAY))
    assert "发放各类救助补助1人次，金额1,000元" in body
    assert "救助补助4人次" not in body
    assert "发放节日慰问金（品）4人次，计600元" in body


def test_dashboard_and_figures_api_keep_gifts_apart(tree, world, officer_a, client):
    board = dashboard.build(officer_a, tree["company"], Y2025)
    cards = {card.code: card for area in board.areas for card in area.cards}
    assert cards["care.assistance.payments"].text == "1人次"
    assert cards["care.welfare.payments"].text == "4人次"
    client.force_login(officer_a)
    response = client.get("/api/reports/figures/", {"org": tree["company"].pk, "period": "2025",
                                                     "codes": "care.assistance.payments,care.welfare.payments"})
    assert response.status_code == 200, response.content
    got = {f["code"]: f["value"] for f in response.json()["figures"]}
    assert got == {"care.assistance.payments": 1, "care.welfare.payments": 4}


def test_a_members_applications_do_not_list_gifts(tree, world, make_user, client):
    from gonghui.accounts.roles import Role

    user = make_user("member_h1", Role.MEMBER, tree["company"], person=world["h1"])
    mine = selectors.my_assistance_list(user)
    assert list(mine) == [world["aid"]]
    assert [a.kind for a in selectors.my_gifts(user)] == [Assistance.Kind.FESTIVAL]
    client.force_login(user)
    page = client.get(reverse("care:my_list")).content.decode()
    applications = re.search(r'id="my-applications".*?</table>', page, re.S)[0]
    received = re.search(r'id="my-received".*?</table>', page, re.S)[0]
    gifts = re.search(r'id="my-gifts".*?</table>', page, re.S)[0]
    assert "日常救助" in applications and "节日慰问" not in applications
    assert "日常救助" in received and "节日慰问" not in received
    assert "节日慰问" in gifts and "150.00" in gifts and "2025年中秋慰问" in gifts
    # The API of "我的救助申请" agrees, and a gift is not an application to open.
    listed = client.get("/api/care/my-assistance/").json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert [r["kind"] for r in rows] == ["daily"]
    gift = selectors.my_gifts(user).get()
    assert client.get(reverse("care:my_detail", args=[gift.pk])).status_code == 404


def test_a_member_who_applied_sees_the_application_whatever_its_kind(tree, world, make_user):
    """What the member applied for is theirs to follow (officers may still record an application of any kind)."""
    from gonghui.accounts.roles import Role

    user = make_user("member_s1", Role.MEMBER, tree["company"], person=world["s1"])
    applied = services.assistance_create(actor=None, person=world["s1"], kind=Assistance.Kind.SERIOUS_ILLNESS,
                                         amount="3000", applied_on=D(2025, 6, 1), submit=True)
    assert list(selectors.my_assistance_list(user)) == [applied]


# --- 2. visits by kind of recipient ----------------------------------------------------------------------------------

@pytest.fixture
def visits(world):
    p = world
    services.condolence_record(actor=None, person=p["s1"], occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 5),
                               amount="800")
    services.condolence_record(actor=None, person=p["s1"], occasion=Occasion.HOSPITAL, visited_on=D(2025, 6, 5),
                               amount="800")
    services.condolence_record(actor=None, person=p["h1"], occasion=Occasion.HOSPITAL, visited_on=D(2025, 4, 5),
                               amount="800")
    services.condolence_record(actor=None, person=p["r1"], occasion=Occasion.HOSPITAL, visited_on=D(2025, 5, 5),
                               amount="300")
    wife = member_services.family_member_add(person=p["s2"], relation="spouse", name="李妻")
    services.condolence_record(actor=None, person=p["s2"], family_member=wife, recipient_kind=RecipientKind.FAMILY,
                               occasion=Occasion.HOSPITAL, visited_on=D(2025, 7, 5), amount="500")
    return p


def test_visits_by_kind_of_recipient_are_figures(tree, visits):
    company = tree["company"]
    assert value("care.condolence.serving.people", company) == 2   # 张 twice, 王 once
    assert value("care.condolence.retiree.people", company) == 1
    assert value("care.condolence.family.people", company) == 1
    assert value("care.condolence.households", company) == 1


def test_the_summary_writes_visits_by_kind_of_recipient(tree, visits):
    body = _text(build("summary", tree["company"], Y2025, style="exact", today=TODAY))
    assert "其中走访慰问在职会员2人、退休职工1人、职工家属1人、困难职工1户。" in body


def test_absent_kinds_of_recipient_drop_out(tree, world):
    services.condolence_record(actor=None, person=world["r1"], occasion=Occasion.HOSPITAL, visited_on=D(2025, 5, 5),
                               amount="300")
    body = _text(build("summary", tree["company"], Y2025, style="exact", today=TODAY))
    assert "其中走访慰问退休职工1人。" in body
    assert "在职会员" not in body and "职工家属" not in body


# --- 3. health checks by batch -------------------------------------------------------------------------------------

@pytest.fixture
def checks(tree, world):
    p = world
    retired = services.health_check_create(actor=None, org=tree["company"], kind="retired", checked_on=D(2025, 4, 16),
                                           cost="300")
    services.health_check_add_participants(actor=None, check=retired, people=[p["r1"]])
    serving = services.health_check_create(actor=None, org=tree["company"], kind="serving",
                                           checked_on=D(2025, 7, 10), cost="51000")
    services.health_check_add_participants(actor=None, check=serving, people=[p["s1"], p["s2"], p["h1"]])
    return p


def test_health_checks_per_kind_are_people(tree, checks):
    company = tree["company"]
    assert value("care.health.people", company) == 4
    assert value("care.health.retired.people", company) == 1
    assert value("care.health.serving.people", company) == 3
    assert value("care.health.women.people", company) is None


def test_the_summary_writes_health_checks_by_batch(tree, checks):
    document = build("summary", tree["company"], Y2025, style="exact", today=TODAY)
    body = _text(document)
    assert "4月份组织退休职工1人，7月份组织在职职工3人进行健康体检，投入5.13万元" in body
    assert "人次" not in re.search(r"[^\n]*健康体检[^\n]*", body)[0]
    # Every number in it is a figure of the document, traceable to its records and checked again later.
    codes = {f.metric for f in document.figures()}
    assert {"care.health.retired.people", "care.health.serving.people", "care.health.cost"} <= codes
    assert check(document) == []


def test_a_kind_checked_twice_is_written_in_person_times(tree, checks):
    again = services.health_check_create(actor=None, org=tree["company"], kind="serving", checked_on=D(2025, 11, 3))
    services.health_check_add_participants(actor=None, check=again, people=[checks["s1"]])
    body = _text(build("summary", tree["company"], Y2025, style="exact", today=TODAY))
    assert "4月份组织退休职工1人，7月、11月份组织在职职工4人次进行健康体检" in body


def test_one_batch_alone(tree, world):
    batch = services.health_check_create(actor=None, org=tree["company"], kind="serving", checked_on=D(2025, 7, 10))
    services.health_check_add_participants(actor=None, check=batch, people=[world["s1"], world["s2"]])
    body = _text(build("summary", tree["company"], Y2025, style="exact", today=TODAY))
    assert "7月份组织在职职工2人进行健康体检，切实把关爱职工落到实处。" in body  # no cost recorded: no 投入


# --- 4. campaigns named by their kinds ---------------------------------------------------------------------------

def test_campaigns_are_named_by_their_kinds(tree, world):
    campaign(tree, Campaign.Kind.SPRING, "2025年元旦春节送温暖", D(2025, 1, 20), "chunjie", amount="500",
             criteria=Criteria(hardship_level="any"))
    campaign(tree, Campaign.Kind.DUANWU, "2025年端午慰问", D(2025, 5, 28), "duanwu", amount="100")
    campaign(tree, Campaign.Kind.OTHER_FESTIVAL, "2025年重阳节慰问退休职工", D(2025, 10, 27), "chongyang",
             amount="200", criteria=Criteria(work_status="retired"))
    campaign(tree, Campaign.Kind.OTHER_FESTIVAL, "2025年三八节慰问", D(2025, 3, 6), "funv", amount="100")
    campaign(tree, Campaign.Kind.OTHER_FESTIVAL, "2025年重阳节（二）", D(2025, 10, 29), "chongyang", amount="100",
             criteria=Criteria(work_status="retired"))
    body = _text(build("summary", tree["company"], Y2025, style="exact", today=TODAY))
    assert "组织开展元旦春节送温暖、三八妇女节、端午、中秋、重阳节等集中慰问活动6次" in body
    assert "元旦春节送温暖等集中慰问活动" not in body


def test_phrases_are_part_of_the_template_language(tree, world):
    assert wording.validate("组织开展{care.campaign.kinds}等集中慰问活动{care.campaign.count}。") == []
    assert wording.validate("{care.health.batches}进行健康体检。") == []
    assert "未知的指标" in wording.validate("{care.campaign.kindz}")[0]
    assert "不能加" in wording.validate("{care.health.batches|change}")[0]
    assert "care.campaign.kinds" in {p.code for p in registry.area_of("care.campaign.count").phrases}


def _text(document) -> str:
    return "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))
