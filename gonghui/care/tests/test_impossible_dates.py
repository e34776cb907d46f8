"""Dates that cannot be: before a person's (or family member's) birth, after their death unless about the death or
for the family, and in the future for things done. One rule (members.validators) in every service; forms and the
API show its Chinese message."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.timezone import localdate
from rest_framework.test import APIClient

from gonghui.care import services
from gonghui.care.models import Assistance, Campaign, Condolence, HealthCheck, HealthCheckParticipant, Occasion
from gonghui.core.errors import ServiceError
from gonghui.members import services as member_services

D = datetime.date
TODAY = localdate()
DIED = TODAY - datetime.timedelta(days=30)
BEFORE_DEATH = DIED - datetime.timedelta(days=5)
AFTER_DEATH = DIED + datetime.timedelta(days=5)


@pytest.fixture
def deceased(tree, make_person):
    person = make_person(tree["company"], "周已故", birth=D(1960, 4, 4), joined=D(1990, 1, 1))
    return member_services.person_death(person=person, on=DIED)


@pytest.fixture
def widow(deceased):
    return member_services.family_member_add(person=deceased, relation="spouse", name="周遗孀",
                                             birth_date=D(1962, 1, 1))


def test_condolence_for_a_death_before_the_death_is_refused(officer_a, rule_set, deceased):
    with pytest.raises(ServiceError, match=f"慰问日期（{BEFORE_DEATH:%Y-%m-%d}）不能早于周已故的去世日期"):
        services.condolence_record(actor=officer_a, person=deceased, occasion=Occasion.DEATH, visited_on=BEFORE_DEATH)
    c = services.condolence_record(actor=officer_a, person=deceased, occasion=Occasion.DEATH, visited_on=AFTER_DEATH)
    assert c.visited_on == AFTER_DEATH
    with pytest.raises(ServiceError, match="不能早于周已故的去世日期"):
        services.condolence_update(actor=officer_a, condolence=c, visited_on=BEFORE_DEATH)


def test_visiting_the_member_after_death_is_refused_but_the_family_may_be_visited(officer_a, rule_set, deceased,
                                                                                     widow):
    with pytest.raises(ServiceError, match="不能晚于周已故的去世日期"):
        services.condolence_record(actor=officer_a, person=deceased, occasion=Occasion.HOSPITAL, visited_on=AFTER_DEATH)
    c = services.condolence_record(actor=officer_a, person=deceased, occasion=Occasion.FESTIVAL, visited_on=AFTER_DEATH,
                                   family_member=widow)
    assert c.family_member == widow


def test_records_before_birth_are_refused(officer_a, rule_set, member):
    with pytest.raises(ServiceError, match="不能早于李困难的出生日期（1980-05-12）"):
        services.condolence_record(actor=officer_a, person=member, occasion=Occasion.HOSPITAL, visited_on=D(1979, 1, 1))
    with pytest.raises(ServiceError, match="不能早于李困难的出生日期"):
        services.life_event_report(actor=officer_a, person=member, kind="hospitalised", occurred_on=D(1979, 1, 1))
    with pytest.raises(ServiceError, match="不能早于李困难的出生日期"):
        services.hardship_file_open(actor=officer_a, person=member, level="ordinary", causes=["illness"],
                                    opened_on=D(1979, 1, 1))


def test_a_record_about_a_family_member_before_their_birth_is_refused(officer_a, rule_set, member):
    child = member_services.family_member_add(person=member, relation="child", name="李小宝",
                                              birth_date=TODAY - datetime.timedelta(days=10))
    with pytest.raises(ServiceError, match="不能早于李小宝的出生日期"):
        services.condolence_record(actor=officer_a, person=member, occasion=Occasion.CHILDBIRTH, family_member=child,
                                   visited_on=TODAY - datetime.timedelta(days=20))
    with pytest.raises(ServiceError, match="不能早于李小宝的出生日期"):
        services.life_event_report(actor=officer_a, person=member, kind="hospitalised", family_member=child,
                                   occurred_on=TODAY - datetime.timedelta(days=20))


def test_assistance_dates(officer_a, chair_a, member, deceased, widow):
    with pytest.raises(ServiceError, match="申请日期.*不能晚于周已故的去世日期"):
        services.assistance_create(actor=officer_a, person=deceased, kind=Assistance.Kind.DAILY, amount="500",
                                   applied_on=AFTER_DEATH)
    with pytest.raises(ServiceError, match="申请日期.*不能早于周已故的去世日期"):
        services.assistance_create(actor=officer_a, person=deceased, kind=Assistance.Kind.SURVIVOR, amount="600",
                                   family_member=widow, applied_on=BEFORE_DEATH,
                                   reverify_due_on=TODAY + datetime.timedelta(days=300))
    survivor = services.assistance_create(actor=officer_a, person=deceased, kind=Assistance.Kind.SURVIVOR,
                                          amount="600", family_member=widow, applied_on=AFTER_DEATH,
                                          reverify_due_on=TODAY + datetime.timedelta(days=300))
    assert survivor.pk
    with pytest.raises(ServiceError, match="不能早于李困难的出生日期"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.DAILY, amount="500",
                                   applied_on=D(1979, 1, 1))


def test_health_check_cannot_be_in_the_future_nor_include_the_dead(officer_a, tree, member, deceased):
    with pytest.raises(ServiceError, match="体检日期不能晚于今天"):
        services.health_check_create(actor=officer_a, org=tree["company"], kind=HealthCheck.Kind.SERVING,
                                     checked_on=TODAY + datetime.timedelta(days=3))
    batch = services.health_check_create(actor=officer_a, org=tree["company"], kind=HealthCheck.Kind.SERVING,
                                         checked_on=TODAY)
    with pytest.raises(ServiceError, match="体检日期不能晚于今天"):
        services.health_check_update(actor=officer_a, check=batch, checked_on=TODAY + datetime.timedelta(days=3))
    with pytest.raises(ServiceError, match="周已故.*去世日期"):
        services.health_check_add_participants(actor=officer_a, check=batch, people=[member, deceased])
    assert not HealthCheckParticipant.objects.exists()
    assert services.health_check_add_participants(actor=officer_a, check=batch, people=[member]) == 1


def test_campaign_delivery_after_the_death_is_refused(officer_a, chair_a, tree, member, deceased):
    campaign = services.campaign_create(actor=officer_a, org=tree["company"], kind=Campaign.Kind.SPRING,
                                        title="春节送温暖", planned_on=TODAY + datetime.timedelta(days=20),
                                        default_amount="300")  # a plan may be in the future
    services.campaign_add_recipient(actor=officer_a, campaign=campaign, person=member)
    services.campaign_add_recipient(actor=officer_a, campaign=campaign, person=deceased)
    services.campaign_approve(actor=chair_a, campaign=campaign)
    with pytest.raises(ServiceError, match="周已故.*去世日期"):
        services.campaign_deliver(actor=officer_a, campaign=campaign, delivered_on=TODAY)
    assert not Assistance.objects.exists()


def test_condolence_page_and_api_refuse_a_death_visit_before_the_death(client, officer_a, rule_set, deceased):
    client.force_login(officer_a)
    response = client.post(reverse("care:condolence_add"), {
        "person": deceased.pk, "occasion": "death", "visited_on": BEFORE_DEATH.isoformat(), "form": "cash",
        "amount": "2000", "funding_source": "own", "recipient_kind": "serving"})
    assert response.status_code == 200 and "不能早于周已故的去世日期" in response.content.decode()
    api = APIClient()
    api.force_authenticate(officer_a)
    response = api.post("/api/care/condolences/", {"person": deceased.pk, "occasion": "death",
                                                   "visited_on": BEFORE_DEATH.isoformat()}, format="json")
    assert response.status_code == 400 and "不能早于周已故的去世日期" in response.json()["detail"]
    assert not Condolence.objects.exists()


def test_health_check_page_refuses_a_future_date(client, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("care:health_add"), {
        "kind": "serving", "checked_on": (TODAY + datetime.timedelta(days=7)).isoformat(), "funding_source": "own"})
    assert response.status_code == 200 and "体检日期不能晚于今天" in response.content.decode()
    assert not HealthCheck.objects.exists()
