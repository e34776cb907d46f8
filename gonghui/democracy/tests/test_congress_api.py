"""The congress API: scoping (404 for another union's ids), session create/open/attendance/close, votes once."""
from __future__ import annotations

import datetime

import pytest
from rest_framework.test import APIClient

from gonghui.democracy.models import Resolution

from .congress_setup import congress_with_delegates


@pytest.fixture
def api(tree, officer_a, make_person):
    congress, term, delegates = congress_with_delegates(officer_a, tree["company"], make_person, n=6)
    client = APIClient()
    client.force_authenticate(officer_a)
    return client, term, delegates


def test_session_walk_through_the_api(api):
    client, term, ds = api
    r = client.post("/api/democracy/congress/sessions/", {"term": term.pk, "opened_on": "2026-03-10",
                                                          "place": "礼堂"}, format="json")
    assert r.status_code == 201, r.content
    sid = r.json()["id"]
    assert client.post(f"/api/democracy/congress/sessions/{sid}/open/").json()["status"] == "open"
    for d in ds[:4]:
        assert client.post(f"/api/democracy/congress/sessions/{sid}/attendance/",
                           {"delegate": d.pk, "status": "present"}, format="json").status_code == 200
    state = client.get(f"/api/democracy/congress/sessions/{sid}/state/").json()
    assert (state["expected"], state["present"], state["quorum"], state["quorate"]) == (6, 4, 4, True)
    res = client.post("/api/democracy/congress/resolutions/", {"session": sid, "title": "决议"}, format="json").json()
    vote = {"votes_for": 4, "votes_against": 0, "votes_abstain": 0}
    assert client.post(f"/api/democracy/congress/resolutions/{res['id']}/vote/", vote, format="json").json()["passed"]
    assert client.post(f"/api/democracy/congress/resolutions/{res['id']}/vote/", vote, format="json").status_code == 200
    bad = client.post(f"/api/democracy/congress/resolutions/{res['id']}/vote/", {**vote, "votes_for": 3},
                      format="json")
    assert bad.status_code == 400 and "已登记" in bad.json()["detail"]
    assert Resolution.objects.get(pk=res["id"]).votes_for == 4
    closed = client.post(f"/api/democracy/congress/sessions/{sid}/close/").json()
    assert (closed["is_valid"], closed["attended"]) == (True, 4)
    comp = client.get(f"/api/democracy/congress/terms/{term.pk}/composition/").json()
    assert comp["total"] == 6 and comp["checks"]


def test_bad_dates_answer_chinese_400(api):
    client, term, _ = api
    r = client.post("/api/democracy/congress/sessions/", {"term": term.pk, "opened_on": "2026-03-10",
                                                          "closed_on": "2026-03-01"}, format="json")
    assert r.status_code == 400 and "闭幕日期不能早于开幕日期" in r.json()["detail"]


def test_another_union_gets_404(api, officer_b):
    client, term, ds = api
    sid = client.post("/api/democracy/congress/sessions/", {"term": term.pk, "opened_on": "2026-03-10"},
                      format="json").json()["id"]
    other = APIClient()
    other.force_authenticate(officer_b)
    assert other.get(f"/api/democracy/congress/sessions/{sid}/").status_code == 404
    assert other.get(f"/api/democracy/congress/terms/{term.pk}/").status_code == 404
    assert other.get(f"/api/democracy/congress/delegates/{ds[0].pk}/").status_code == 404
    assert other.post(f"/api/democracy/congress/sessions/{sid}/open/").status_code == 404
    assert other.post("/api/democracy/congress/sessions/", {"term": term.pk, "opened_on": "2026-03-10"},
                      format="json").status_code == 404
    assert other.get("/api/democracy/congress/sessions/").json()["count"] == 0
