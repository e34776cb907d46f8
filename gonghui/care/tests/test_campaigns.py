import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction

from gonghui.care import metrics, selectors, services
from gonghui.care.models import Assistance, Campaign, CampaignRecipient, Schooling
from gonghui.care.services import Criteria
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services

D = datetime.date


@pytest.fixture
def people(tree, make_person, officer_a):
    """Two hardship households (one deep), an 85-year-old retiree, a 70-year-old retiree, a furnace worker,
    a member whose child enters university in 2025, and one person at the school (another union)."""
    p = {}
    p["deep"] = make_person(tree["company"], "深度户", birth=D(1978, 1, 1))
    p["ordinary"] = make_person(tree["group"], "一般户", birth=D(1979, 1, 1))
    services.hardship_file_open(actor=officer_a, person=p["deep"], level="deep", causes=["illness"], opened_on=D(2024, 5, 1))
    services.hardship_file_open(actor=officer_a, person=p["ordinary"], level="ordinary", causes=["schooling"],
                                opened_on=D(2024, 5, 1))
    p["old"] = make_person(tree["company"], "老寿星", birth=D(1940, 3, 1))
    p["young_retiree"] = make_person(tree["company"], "刚退休", birth=D(1955, 3, 1))
    for key in ("old", "young_retiree"):
        member_services.member_retire(person=p[key], on=D(2015, 3, 1))
    p["furnace"] = make_person(tree["branch"], "炉前工", birth=D(1990, 1, 1), post="高温炉前岗")
    p["parent"] = make_person(tree["company"], "家长", birth=D(1975, 1, 1))
    child = member_services.family_member_add(person=p["parent"], relation="child", name="家长之子")
    services.schooling_record(actor=officer_a, family_member=child, school_year=2025, stage=Schooling.Stage.UNIVERSITY,
                              school="复旦大学", grade="大一", is_new_entrant=True)
    p["child"] = child
    p["elsewhere"] = make_person(tree["school"], "外校深度户", birth=D(1970, 1, 1))
    services.hardship_file_open(actor=None, person=p["elsewhere"], level="deep", causes=["illness"],
                                opened_on=D(2024, 5, 1))
    return p


def spring(officer, tree, **extra):
    return services.campaign_create(actor=officer, org=tree["company"], kind=Campaign.Kind.SPRING,
                                    title="2025年元旦春节送温暖", planned_on=D(2025, 1, 20), festival_code="chunjie",
                                    default_amount="500", **extra)


def test_selection_by_criteria_and_by_hand(tree, rule_set, officer_a, people):
    c = spring(officer_a, tree)
    assert services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(hardship_level="any")) == 2
    assert services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(hardship_level="deep")) == 0
    assert services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(retirees_min_age=80)) == 1
    names = {r.person.name for r in selectors.campaign_recipients(c)}
    assert names == {"深度户", "一般户", "老寿星"}  # never the other union's household
    services.campaign_add_recipient(actor=officer_a, campaign=c, person=people["furnace"], amount="300")
    with pytest.raises(ServiceError, match="已在名单中"):
        services.campaign_add_recipient(actor=officer_a, campaign=c, person=people["furnace"])
    with pytest.raises(ServiceError, match="管辖范围|不在本活动"):
        services.campaign_add_recipient(actor=officer_a, campaign=c, person=people["elsewhere"])
    created = AuditEntry.objects.filter(action=AuditEntry.Action.CREATE, note__startswith="按条件选取")
    assert created.count() == 3 and all(e.org_path == tree["company"].path for e in created)
    assert {e.object_repr for e in created} >= {"2025年元旦春节送温暖 · 深度户"}
    old = c.recipients.get(person=people["old"])
    assert services.campaign_remove_recipients(actor=officer_a, campaign=c, recipient_ids=[old.pk]) == 1
    removed = AuditEntry.objects.get(action=AuditEntry.Action.DELETE, object_id=str(old.pk),
                                     content_type=ContentType.objects.get_for_model(CampaignRecipient))
    assert removed.object_repr == "2025年元旦春节送温暖 · 老寿星" and removed.changes["person_id"] == [people["old"].pk, None]
    c.refresh_from_db()
    assert [entry["added"] for entry in c.selection_log] == [2, 0, 1]


def test_other_criteria(tree, officer_a, people):
    summer = services.campaign_create(actor=officer_a, org=tree["company"], kind=Campaign.Kind.SUMMER,
                                      title="夏送清凉", planned_on=D(2025, 7, 10), form="goods",
                                      default_goods=[{"name": "绿豆", "quantity": 2, "unit": "斤", "value": "20"},
                                                     {"name": "风油精", "quantity": 1, "unit": "瓶", "value": "10"}])
    assert summer.default_amount == Decimal("30.00")
    services.campaign_select(actor=officer_a, campaign=summer, criteria=Criteria(post_contains="高温"))
    assert [r.person for r in summer.recipients.all()] == [people["furnace"]]
    autumn = services.campaign_create(actor=officer_a, org=tree["company"], kind=Campaign.Kind.EDUCATION,
                                      title="金秋助学", planned_on=D(2025, 8, 25), default_amount="2000")
    services.campaign_select(actor=officer_a, campaign=autumn, criteria=Criteria(children_entering_university=True))
    row = autumn.recipients.get()
    assert (row.person, row.family_member) == (people["parent"], people["child"])
    with pytest.raises(ServiceError, match="至少选择一个条件"):
        services.campaign_select(actor=officer_a, campaign=autumn, criteria=Criteria())


def test_deliver_twice_pays_once(tree, rule_set, officer_a, chair_a, people):
    c = spring(officer_a, tree)
    services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(hardship_level="any"))
    with pytest.raises(ServiceError, match="审批后"):
        services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 20))
    services.campaign_approve(actor=chair_a, campaign=c)
    sheet = selectors.campaign_signing_sheet(officer_a, c)
    assert [row["no"] for row in sheet] == [1, 2] and {row["amount"] for row in sheet} == {Decimal("500.00")}
    with pytest.raises(ServiceError, match="不能再修改"):
        services.campaign_set_amounts(actor=officer_a, campaign=c, amount="600")
    assert services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 20)) == 2
    assert services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 21)) == 0  # second click
    assert Assistance.objects.filter(campaign_recipient__campaign=c).count() == 2
    a = Assistance.objects.get(person=people["deep"])
    assert (a.kind, a.status, a.amount, a.disbursed_on) == ("festival", "disbursed", Decimal("500.00"), D(2025, 1, 20))
    assert a.hardship_file is not None  # counted as a hardship household
    c.refresh_from_db()
    assert c.status == Campaign.Status.DELIVERING
    # Counted once, as a festival gift (慰问福利, not 救助补助); coverage from the list.
    payments = metrics.get("care.welfare.payments").compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31))
    assert payments == 2
    assert metrics.get("care.assistance.payments").compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31)) is None
    coverage = metrics.get("care.campaign.coverage").compute(tree["company"], D(2025, 1, 1), D(2025, 12, 31))
    assert (coverage.numerator, coverage.denominator, coverage.percent) == (2, 2, Decimal("100.0"))
    services.campaign_close(actor=officer_a, campaign=c)
    with pytest.raises(ServiceError, match="已结束"):
        services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 22))


def test_partial_delivery_then_the_rest(tree, officer_a, chair_a, people):
    c = spring(officer_a, tree)
    services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(hardship_level="any"))
    services.campaign_approve(actor=chair_a, campaign=c)
    first = c.recipients.order_by("id").first()
    assert services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 20),
                                     recipient_ids=[first.pk]) == 1
    coverage = metrics.get("care.campaign.coverage").compute(tree["fed"], D(2025, 1, 1), D(2025, 1, 31))
    assert (coverage.numerator, coverage.denominator, str(coverage.percent)) == (1, 2, "50.0")
    assert services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 21)) == 1
    assert services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 21),
                                     recipient_ids=[first.pk]) == 0


def test_database_refuses_the_same_recipient_twice(tree, officer_a, people):
    c = spring(officer_a, tree)
    CampaignRecipient.objects.create(campaign=c, person=people["deep"], amount=Decimal("500"))
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignRecipient.objects.create(campaign=c, person=people["deep"], amount=Decimal("500"))


def test_one_recipient_row_gives_at_most_one_assistance(tree, officer_a, people):
    c = spring(officer_a, tree)
    row = CampaignRecipient.objects.create(campaign=c, person=people["deep"], amount=Decimal("500"))
    kwargs = dict(org=tree["company"], person=people["deep"], kind="festival", amount=Decimal("500"),
                  applied_on=D(2025, 1, 20), campaign_recipient=row)
    Assistance.objects.create(**kwargs)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assistance.objects.create(**kwargs)


def test_approval_checks_amounts_budget_and_caps(tree, rule_set, officer_a, chair_a, people):
    c = services.campaign_create(actor=officer_a, org=tree["company"], kind=Campaign.Kind.SPRING, title="送温暖",
                                 planned_on=D(2025, 1, 20), budget="800")
    with pytest.raises(ServiceError, match="名单为空"):
        services.campaign_approve(actor=chair_a, campaign=c)
    services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(hardship_level="any"))
    with pytest.raises(ServiceError, match="未设置金额"):
        services.campaign_approve(actor=chair_a, campaign=c)
    with pytest.raises(ServiceError, match="超过经费标准"):
        services.campaign_set_amounts(actor=officer_a, campaign=c, amount="1200")
    for bad, message in (("0", "大于零"), ("-5", "负数"), ("5000000", "合理范围")):
        with pytest.raises(ServiceError, match=message):
            services.campaign_set_amounts(actor=officer_a, campaign=c, amount=bad)
    services.campaign_set_amounts(actor=officer_a, campaign=c, amount="500")
    with pytest.raises(ServiceError, match="超出预算"):
        services.campaign_approve(actor=chair_a, campaign=c)
    services.campaign_update(actor=officer_a, campaign=c, budget="1000")
    with pytest.raises(ServiceError, match="管辖范围"):
        services.campaign_approve(actor=_women(tree), campaign=c)
    assert services.campaign_approve(actor=chair_a, campaign=c).status == Campaign.Status.APPROVED


def _women(tree):
    from gonghui.accounts.models import RoleAssignment, User
    from gonghui.accounts.roles import Role

    user = User.objects.create(username="women_x")
    RoleAssignment.objects.create(user=user, org=tree["company"], role=Role.WOMEN)
    return user


def test_campaign_of_another_union_is_not_found(tree, officer_a, officer_b):
    c = spring(officer_a, tree)
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.campaign_get(officer_b, c.pk)
    with pytest.raises(Http404):
        selectors.campaign_signing_sheet(officer_b, c.pk)
    with pytest.raises(ServiceError, match="管辖范围"):
        services.campaign_select(actor=officer_b, campaign=c, criteria=Criteria(hardship_level="any"))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections need PostgreSQL")
def test_two_officers_delivering_at_once_pay_each_recipient_once(tree, officer_a, chair_a, people):
    c = spring(officer_a, tree)
    services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(hardship_level="any"))
    services.campaign_select(actor=officer_a, campaign=c, criteria=Criteria(retirees_min_age=60))
    services.campaign_approve(actor=chair_a, campaign=c)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def deliver():
        from django.db import connection as thread_connection
        try:
            barrier.wait()
            results.append(services.campaign_deliver(actor=officer_a, campaign=c, delivered_on=D(2025, 1, 20)))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(results) == [0, 4]
    assert Assistance.objects.filter(campaign_recipient__campaign=c).count() == 4


def test_schooling_is_for_children_in_scope(tree, officer_a, officer_b, people):
    wife = member_services.family_member_add(person=people["parent"], relation="spouse", name="家长之妻")
    with pytest.raises(ServiceError, match="子女"):
        services.schooling_record(actor=officer_a, family_member=wife, school_year=2025, stage="university", school="x")
    with pytest.raises(ServiceError, match="管辖范围"):
        services.schooling_record(actor=officer_b, family_member=people["child"], school_year=2025,
                                  stage="university", school="x")
    again = services.schooling_record(actor=officer_a, family_member=people["child"], school_year=2025,
                                      stage="university", school="复旦大学", grade="大一", is_new_entrant=True)
    assert Schooling.objects.filter(family_member=people["child"]).count() == 1 and again.school == "复旦大学"
