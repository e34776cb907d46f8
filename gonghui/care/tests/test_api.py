"""Care API: scoping (404 outside), members see only their own, campaign delivery idempotent."""
from __future__ import annotations

import datetime

import pytest
from django.utils.timezone import localdate
from rest_framework.test import APIClient

from gonghui.care import services
from gonghui.care.models import Assistance, Campaign

D = datetime.date


@pytest.fixture
def api():
    return APIClient()


def test_assistance_create_submit_decide_disburse(api, officer_a, chair_a, member, rule_set):
    api.force_authenticate(officer_a)
    response = api.post("/api/care/assistance/", {"person": member.pk, "kind": "daily", "amount": "800.00",
                                                  "reason": "家庭困难", "submit": True}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["status"] == "submitted" and data["amount"] == "800.00"
    pk = data["id"]
    api.force_authenticate(chair_a)
    response = api.post(f"/api/care/assistance/{pk}/decide/", {"approve": True, "comment": "同意"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert response.json()["decisions"][0]["decision"] == "approve"
    body = {"disbursed_on": str(localdate())}
    first = api.post(f"/api/care/assistance/{pk}/disburse/", body, format="json")
    second = api.post(f"/api/care/assistance/{pk}/disburse/", body, format="json")
    assert first.status_code == second.status_code == 200
    assert first.json()["receipt_no"] == second.json()["receipt_no"] != ""
    assert first.json()["amount_in_capitals"] == "捌佰元整"


def test_assistance_bad_input_and_scope(api, officer_a, officer_b, member, rule_set):
    api.force_authenticate(officer_a)
    response = api.post("/api/care/assistance/", {"person": member.pk, "kind": "daily", "amount": "-5"},
                        format="json")
    assert response.status_code == 400
    a = services.assistance_create(actor=officer_a, person=member, kind="daily", amount="300", reason="x")
    api.force_authenticate(officer_b)
    assert api.get(f"/api/care/assistance/{a.pk}/").status_code == 404
    assert api.post(f"/api/care/assistance/{a.pk}/submit/").status_code == 404
    assert api.get("/api/care/assistance/").json()["count"] == 0
    # A person of another union is refused.
    response = api.post("/api/care/assistance/", {"person": member.pk, "kind": "daily", "amount": "100"},
                        format="json")
    assert response.status_code == 400 and "未找到该人员" in str(response.json())
    assert Assistance.objects.count() == 1


def test_member_sees_only_own_applications(api, member_user, other_member_user, officer_a, other_member, rule_set):
    api.force_authenticate(member_user)
    response = api.post("/api/care/my-assistance/", {"kind": "serious_illness", "amount": "3000",
                                                     "reason": "住院治疗"}, format="json")
    assert response.status_code == 201, response.json()
    mine = response.json()["id"]
    assert response.json()["status"] == "submitted"
    theirs = services.assistance_create(actor=officer_a, person=other_member, kind="daily", amount="200",
                                        reason="x", submit=True)
    assert [row["id"] for row in api.get("/api/care/my-assistance/").json()["results"]] == [mine]
    assert api.get(f"/api/care/my-assistance/{theirs.pk}/").status_code == 404
    assert api.get(f"/api/care/assistance/{theirs.pk}/").status_code == 404
    assert [row["id"] for row in api.get("/api/care/assistance/").json()["results"]] == [mine]
    # A member may not approve, nor list hardship files, nor create campaigns.
    assert api.post(f"/api/care/assistance/{mine}/decide/", {"approve": True}, format="json").status_code in (400, 404)
    assert api.get("/api/care/hardship-files/").status_code == 403
    assert api.get("/api/care/campaigns/").json()["count"] == 0
    api.force_authenticate(other_member_user)
    assert api.get(f"/api/care/my-assistance/{mine}/").status_code == 404


def test_hardship_files_need_sensitive_permission(api, officer_a, auditor_a, member):
    file = services.hardship_file_open(actor=officer_a, person=member, level="deep", causes=["illness"],
                                       opened_on=D(2024, 3, 1))
    api.force_authenticate(officer_a)
    response = api.get(f"/api/care/hardship-files/{file.pk}/")
    assert response.status_code == 200 and response.json()["causes"] == ["illness"]
    api.force_authenticate(auditor_a)
    assert api.get("/api/care/hardship-files/").status_code == 403
    assert api.get(f"/api/care/hardship-files/{file.pk}/").status_code == 404


def test_condolence_propose_and_create(api, officer_a, officer_b, member, rule_set):
    api.force_authenticate(officer_a)
    response = api.get("/api/care/condolences/propose/", {"person": member.pk, "occasion": "hospital"})
    assert response.status_code == 200, response.json()
    assert response.json()["standard_amount"] == "800.00" and response.json()["cap_amount"] == "1000.00"
    response = api.post("/api/care/condolences/", {"person": member.pk, "occasion": "hospital",
                                                   "visited_on": str(localdate()), "amount": "1200"}, format="json")
    assert response.status_code == 400 and "上限" in response.json()["detail"]
    response = api.post("/api/care/condolences/", {"person": member.pk, "occasion": "hospital",
                                                   "visited_on": str(localdate())}, format="json")
    assert response.status_code == 201 and response.json()["amount"] == "800.00"
    pk = response.json()["id"]
    api.force_authenticate(officer_b)
    assert api.get(f"/api/care/condolences/{pk}/").status_code == 404
    assert api.get("/api/care/condolences/propose/", {"person": member.pk, "occasion": "hospital"}).status_code == 400


def test_campaign_select_approve_deliver_idempotent(api, officer_a, officer_b, tree, make_person, rule_set):
    make_person(tree["company"], "高温甲", post="高温岗位")
    make_person(tree["company"], "高温乙", post="高温岗位")
    api.force_authenticate(officer_a)
    response = api.post("/api/care/campaigns/", {"org": tree["company"].pk, "kind": "summer", "title": "夏送清凉",
                                                 "planned_on": str(localdate()), "default_amount": "200"},
                        format="json")
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = api.post(f"/api/care/campaigns/{pk}/select/", {"post_contains": "高温"}, format="json")
    assert response.json() == {"added": 2, "selected": 2}
    assert api.get(f"/api/care/campaigns/{pk}/recipients/").json()["count"] == 2
    # Another union: 404 everywhere.
    api.force_authenticate(officer_b)
    for path in (f"/api/care/campaigns/{pk}/", f"/api/care/campaigns/{pk}/recipients/"):
        assert api.get(path).status_code == 404
    assert api.post(f"/api/care/campaigns/{pk}/approve/").status_code == 404
    api.force_authenticate(officer_a)
    assert api.post(f"/api/care/campaigns/{pk}/approve/").json()["status"] == "approved"
    body = {"delivered_on": str(localdate())}
    first = api.post(f"/api/care/campaigns/{pk}/deliver/", body, format="json").json()
    second = api.post(f"/api/care/campaigns/{pk}/deliver/", body, format="json").json()
    assert first["delivered"] == 2 and second["delivered"] == 0
    assert second["campaign"]["delivered"] == 2
    assert Assistance.objects.filter(campaign_recipient__campaign_id=pk).count() == 2
    assert Campaign.objects.get(pk=pk).status == "delivering"
