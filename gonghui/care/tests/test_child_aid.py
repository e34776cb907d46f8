"""受助子女 (education aid, 金秋助学): only the member's children are offered and accepted, never the spouse."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils.timezone import localdate
from rest_framework.test import APIClient

from gonghui.care import services
from gonghui.care.forms import AssistanceForm, MemberApplyForm
from gonghui.care.models import Assistance, Campaign
from gonghui.core.errors import ServiceError
from gonghui.members import services as member_services

D = datetime.date


@pytest.fixture
def household(member):
    spouse = member_services.family_member_add(person=member, relation="spouse", name="李配偶")
    child = member_services.family_member_add(person=member, relation="child", name="李小明")
    return {"spouse": spouse, "child": child}


def test_service_refuses_the_spouse_as_the_child_with_a_chinese_message(officer_a, member, household):
    with pytest.raises(ServiceError, match="受助子女须是该职工的子女：“李配偶”登记为其配偶"):
        services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.EDUCATION, amount="2000",
                                   family_member=household["spouse"], school="南京大学", applied_on=localdate())
    a = services.assistance_create(actor=officer_a, person=member, kind=Assistance.Kind.EDUCATION, amount="2000",
                                   family_member=household["child"], school="南京大学", applied_on=localdate())
    assert a.family_member == household["child"]


def test_education_campaign_refuses_a_spouse(officer_a, tree, member, household):
    campaign = services.campaign_create(actor=officer_a, org=tree["company"], kind=Campaign.Kind.EDUCATION,
                                        title="金秋助学", planned_on=localdate(), default_amount="2000")
    with pytest.raises(ServiceError, match="受助子女须是该职工的子女"):
        services.campaign_add_recipient(actor=officer_a, campaign=campaign, person=member,
                                        family_member=household["spouse"])
    row = services.campaign_add_recipient(actor=officer_a, campaign=campaign, person=member,
                                          family_member=household["child"])
    with pytest.raises(ServiceError, match="受助子女须是该职工的子女"):
        services.campaign_recipient_update(actor=officer_a, recipient=row, family_member=household["spouse"])


def test_member_apply_form_offers_children_only(member, household):
    form = MemberApplyForm(family=member.family.all())
    offered = {str(label) for value, label in form.fields["family_member"].choices if value}
    assert any("李小明" in label for label in offered)
    assert not any("李配偶" in label for label in offered)


def test_officer_form_offers_children_only_for_education(member, household):
    family = member.family.all()
    education = AssistanceForm(data={"kind": "education"}, family=family)
    names = [str(label) for value, label in education.fields["family_member"].choices if value]
    assert names and all("李配偶" not in n for n in names)
    survivor = AssistanceForm(data={"kind": "survivor"}, family=family)
    names = [str(label) for value, label in survivor.fields["family_member"].choices if value]
    assert any("李配偶" in n for n in names)  # 遗属供养: the spouse may be the survivor


def test_family_options_for_education_are_children_only(client, officer_a, member, household):
    client.force_login(officer_a)
    url = reverse("care:family_options")
    body = client.get(url, {"person": member.pk, "kind": "education"}).content.decode()
    assert "李小明" in body and "李配偶" not in body
    body = client.get(url, {"person": member.pk, "kind": "survivor"}).content.decode()
    assert "李配偶" in body and "李小明" in body
    # The form page itself, opened for education, offers the child only.
    page = client.get(reverse("care:assistance_add"), {"person": member.pk, "kind": "education"}).content.decode()
    assert "李小明" in page and "李配偶" not in page


def test_officer_page_refuses_the_spouse_for_education(client, officer_a, member, household):
    client.force_login(officer_a)
    response = client.post(reverse("care:assistance_add"), {
        "person": member.pk, "kind": "education", "family_member": household["spouse"].pk, "form": "cash",
        "amount": "1000", "funding_source": "own", "school": "南京大学", "applied_on": localdate().isoformat()})
    assert response.status_code == 200 and "受助子女须是该职工的子女" in response.content.decode()
    assert not Assistance.objects.exists()


def test_member_apply_page_offers_children_only(client, member_user, household):
    client.force_login(member_user)
    page = client.get(reverse("care:my_apply")).content.decode()
    assert "李小明" in page and "李配偶" not in page


def test_api_refuses_the_spouse_as_the_child(officer_a, member_user, member, household):
    api = APIClient()
    api.force_authenticate(officer_a)
    response = api.post("/api/care/assistance/", {
        "person": member.pk, "kind": "education", "amount": "2000", "school": "南京大学",
        "family_member": household["spouse"].pk}, format="json")
    assert response.status_code == 400
    assert "受助子女须是该职工的子女" in response.json()["detail"]
    api.force_authenticate(member_user)
    response = api.post("/api/care/my-assistance/", {
        "kind": "education", "amount": "2000", "reason": "孩子上大学", "school": "南京大学",
        "family_member": household["spouse"].pk}, format="json")
    assert response.status_code == 400
    assert "受助子女须是该职工的子女" in response.json()["detail"]
    assert not Assistance.objects.exists()
