"""The collective contracts API: scoping (404), Chinese errors, renew and double submits."""
from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from gonghui.accounts.roles import Role
from gonghui.democracy.models import CollectiveContract


@pytest.fixture
def api(tree, make_user):
    client = APIClient()
    client.force_authenticate(make_user("api_officer", Role.OFFICER, tree["company"]))
    return client


def test_create_submit_renew_and_errors(api, tree):
    base = "/api/democracy/contracts/"
    r = api.post(base, {"org": tree["company"].pk, "kind": "comprehensive", "employer_name": "甲公司",
                        "signed_on": "2023-03-20", "starts_on": "2023-04-01", "ends_on": "2023-03-01"}, format="json")
    assert r.status_code == 400 and "早于签订日期" in r.json()["detail"]
    r = api.post(base, {"org": tree["school"].pk, "kind": "comprehensive"}, format="json")
    assert r.status_code == 400 and "未找到该工会" in r.json()["detail"]
    r = api.post(base, {"org": tree["company"].pk, "kind": "comprehensive", "employer_name": "甲公司",
                        "signed_on": "2023-03-20", "starts_on": "2023-04-01", "ends_on": "2026-03-31"}, format="json")
    assert r.status_code == 201, r.json()
    pk = r.json()["id"]
    assert r.json()["filing_due_on"] == "2023-03-30"
    for _ in range(2):  # the same submission twice: one
        r = api.post(f"{base}{pk}/submit/", {"submitted_on": "2023-03-25", "bureau": "人社局"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "filed"
    r = api.post(f"{base}{pk}/submit/", {"submitted_on": "2023-03-26", "bureau": "人社局"}, format="json")
    assert r.status_code == 400 and "不能重复报送" in r.json()["detail"]
    r = api.post(f"{base}{pk}/renew/", {"signed_on": "2026-03-10", "starts_on": "2026-04-01",
                                        "ends_on": "2029-03-31"}, format="json")
    assert r.status_code == 201 and r.json()["version"] == 2 and r.json()["previous"] == pk
    assert api.get(f"{base}{pk}/").json()["renewal"] == r.json()["id"]
    assert api.get(base, {"kind": "comprehensive"}).json()["count"] == 2


def test_another_unions_contract_is_404(api, tree):
    from gonghui.democracy.services import contracts as services

    other = services.contract_create(actor=None, org=tree["school"], kind="wage", employer_name="乙学校")
    assert api.get(f"/api/democracy/contracts/{other.pk}/").status_code == 404
    r = api.post(f"/api/democracy/contracts/{other.pk}/renew/", {}, format="json")
    assert r.status_code == 404 and CollectiveContract.objects.count() == 1
    assert api.get("/api/democracy/contracts/").json()["count"] == 0
