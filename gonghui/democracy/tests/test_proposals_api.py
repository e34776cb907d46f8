"""Proposals API: the same scoping and rules as the pages."""
from __future__ import annotations

import datetime

from gonghui.democracy.models import ProposalState
from gonghui.democracy.services import proposals as services

from .proposals_fixtures import pworld, submit  # noqa: F401

D = datetime.date
S = ProposalState


def test_api_path(client, pworld):
    w = pworld
    client.force_login(w["delegate_user"])
    r = client.post("/api/democracy/my-proposals/", {
        "title": "关于增设职工书屋的建议", "category": "training", "reasons": "职工学习场所少。", "measures": "利用闲置房间。",
        "cosigners": [w["people"][1].pk, w["people"][1].pk]}, content_type="application/json")
    assert r.status_code == 400 and "附议人李秀英重复填写了" in r.json()["detail"]
    r = client.post("/api/democracy/my-proposals/", {
        "title": "关于增设职工书屋的建议", "category": "training", "reasons": "职工学习场所少。", "measures": "利用闲置房间。",
        "cosigners": [w["people"][1].pk]}, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["code"] == "第2-001号" and r.json()["cosigner_names"] == ["李秀英"]
    client.force_login(w["committee"])
    r = client.post(f"/api/democracy/proposals/{pk}/review/", {"decision": "registered"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "registered"
    r = client.post(f"/api/democracy/proposals/{pk}/assign/", {"department": w["b_dept"].pk},
                    content_type="application/json")
    assert r.status_code == 400 and "承办部门" in str(r.json())
    r = client.post(f"/api/democracy/proposals/{pk}/assign/", {"department": w["hr"].pk},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["department_name"] == "人力资源部"
    client.force_login(w["other_contact"])
    assert client.get(f"/api/democracy/proposals/{pk}/").status_code == 404
    client.force_login(w["contact"])
    assert [p["id"] for p in client.get("/api/democracy/proposals/").json()["results"]] == [pk]
    r = client.post(f"/api/democracy/proposals/{pk}/answer/", {"department": w["safety"].pk, "text": "答复"},
                    content_type="application/json")
    assert r.status_code == 400 and "未交办给“安全环保部”" in r.json()["detail"]
    r = client.post(f"/api/democracy/proposals/{pk}/answer/", {"department": w["hr"].pk, "text": "已安排"},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "answered"
    client.force_login(w["delegate_user"])
    r = client.post(f"/api/democracy/my-proposals/{pk}/rate/", {"rating": "fairly"}, content_type="application/json")
    assert r.status_code == 200 and r.json()["rating"] == "fairly"
    client.force_login(w["officer_b"])
    assert client.get(f"/api/democracy/proposals/{pk}/").status_code == 404
    assert client.post(f"/api/democracy/proposals/{pk}/close/", {}, content_type="application/json").status_code == 404
    assert client.get("/api/democracy/proposals/").json()["count"] == 0


def test_api_filters(client, pworld):
    w = pworld
    a, b = submit(w, title="甲"), submit(w, title="乙")
    services.proposal_review(actor=None, proposal=a, decision=S.REGISTERED, on=D(2025, 3, 2))
    services.proposal_assign(actor=None, proposal=a, department=w["hr"], on=D(2025, 3, 3), due_on=D(2025, 4, 1))
    client.force_login(w["officer"])
    ids = lambda **q: [p["id"] for p in client.get("/api/democracy/proposals/", q).json()["results"]]  # noqa: E731
    assert ids(overdue="true") == [a.pk]
    assert ids(state="submitted") == [b.pk]
    assert ids(department=w["hr"].pk) == [a.pk]
    assert client.get("/api/democracy/proposals/", {"state": "nonsense"}).status_code == 400
