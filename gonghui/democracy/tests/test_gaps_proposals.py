"""Issue 10's gaps in proposals: a proposal linked to a congress session from the pages (raise, edit, the list's
filter, the session's page), and the officer's page entering a delegate's paper proposal (代为录入)."""
from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.democracy.models import CongressSession, Proposal, ProposalState, ProposalStep
from gonghui.democracy.selectors import congress as congress_selectors
from gonghui.democracy.services import congress as congress_services
from gonghui.democracy.services import proposals as services

from .proposals_fixtures import pworld, submit  # noqa: F401

D = datetime.date
S = ProposalState


@pytest.fixture
def sessions(pworld):
    term = pworld["term"]
    today = localdate()
    past = congress_services.session_create(actor=None, term=term, opened_on=D(2025, 3, 10))
    CongressSession.objects.filter(pk=past.pk).update(status=CongressSession.Status.CLOSED, expected=6, attended=6,
                                                      quorum=4, is_valid=True)
    nxt = congress_services.session_create(actor=None, term=term, opened_on=today + datetime.timedelta(days=20))
    later = congress_services.session_create(actor=None, term=term, opened_on=today + datetime.timedelta(days=200))
    return dict(pworld, past=past, next=nxt, later=later)


def test_default_session_is_the_open_or_the_next_one(sessions):
    w = sessions
    assert congress_selectors.default_session(w["term"]) == w["next"]
    w["later"].status = CongressSession.Status.OPEN
    w["later"].save()
    assert congress_selectors.default_session(w["term"]) == w["later"]
    assert congress_selectors.default_session(w["b_term"]) is None  # nothing planned: 闭会期间


def test_delegate_raises_for_the_next_session_and_edits(client, sessions):
    w = sessions
    client.force_login(w["delegate_user"])
    url = reverse("democracy:proposals_my_new")
    html = client.get(url).content.decode()
    assert f'<option value="{w["next"].pk}" selected' in html  # the next session by default
    assert f'value="{w["past"].pk}"' not in html  # a closed session is not offered to a delegate
    r = client.post(url, {"title": "关于增设班车的建议", "category": "welfare", "reasons": "通勤不便。",
                          "measures": "增设两条班车线路。", "session": w["next"].pk})
    assert r.status_code == 302
    p = Proposal.objects.get(title="关于增设班车的建议")
    assert p.session == w["next"] and p.entered_by is None
    # the proposer edits it (text and session) while it waits for review
    edit = reverse("democracy:proposals_my_edit", args=[p.pk])
    r = client.post(edit, {"title": "关于增设职工班车的建议", "category": "welfare", "reasons": "通勤不便。",
                           "measures": "增设两条班车线路。", "session": w["later"].pk})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.title == "关于增设职工班车的建议" and p.session == w["later"]
    assert p.steps.filter(action=ProposalStep.Action.EDIT).exists()
    # another delegate may not edit it; after review the proposer may not either
    client.force_login(w["cosigner_user"])
    assert client.get(edit).status_code == 404
    services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED)
    client.force_login(w["delegate_user"])
    assert "不能再修改" in client.get(edit).content.decode()
    with pytest.raises(ServiceError, match="内容不能再修改"):
        services.proposal_update(actor=w["delegate_user"], proposal=p, title="改个标题")


def test_committee_moves_a_proposal_to_another_session(client, sessions):
    w = sessions
    p = submit(w, session=w["next"])
    services.proposal_review(actor=None, proposal=p, decision=S.REGISTERED, on=D(2025, 3, 2))
    client.force_login(w["committee"])
    url = reverse("democracy:proposals_edit", args=[p.pk])
    html = client.get(url).content.decode()
    assert 'name="title"' not in html and 'name="session"' in html  # reviewed: only the session changes
    assert client.post(url, {"session": w["later"].pk}).status_code == 302
    p.refresh_from_db()
    assert p.session == w["later"]
    assert client.post(url, {"session": ""}).status_code == 302  # back to 闭会期间
    p.refresh_from_db()
    assert p.session is None
    with pytest.raises(ServiceError, match="不属于本届"):
        services.proposal_update(actor=None, proposal=p, session=CongressSession.objects.create(
            term=w["b_term"], org=w["school"], number=1, opened_on=D(2025, 4, 1)))
    client.force_login(w["officer_b"])
    assert client.get(url).status_code == 404


def test_list_filters_by_session_and_session_page_lists_proposals(client, sessions, django_assert_max_num_queries):
    w = sessions
    a = submit(w, session=w["next"], cosigners=[w["people"][1], w["people"][2]])
    b = submit(w, title="关于食堂的建议", proposer=w["people"][3], session=w["next"])
    c = submit(w, title="闭会期间的提案", proposer=w["people"][4])
    services.proposal_review(actor=None, proposal=a, decision=S.REGISTERED, on=D(2025, 3, 2))
    client.force_login(w["officer"])
    html = client.get(reverse("democracy:proposals_list"), {"session": w["next"].pk}).content.decode()
    assert a.code in html and b.code in html and c.code not in html
    assert client.get(reverse("democracy:proposals_list"), {"session": w["next"].pk + 999}).status_code == 400
    url = w["next"].get_absolute_url()
    with django_assert_max_num_queries(25):
        html = client.get(url).content.decode()
    assert "收到提案<b>2</b>件，参与提案<b>4</b>人次；立案<b>1</b>件（立案率50%）" in html
    assert a.title in html and "闭会期间的提案" not in html
    assert "还没有为本次会议提出的提案" in client.get(w["later"].get_absolute_url()).content.decode()


def test_officer_enters_a_paper_proposal(client, sessions):
    w = sessions
    url = reverse("democracy:proposals_enter")
    client.force_login(w["delegate_user"])  # a member: no such page
    assert client.get(url).status_code == 404
    client.force_login(w["officer"])
    html = client.get(url).content.decode()
    assert "王建国" in html and f'<option value="{w["next"].pk}" selected' in html
    assert f'value="{w["past"].pk}"' in html  # an officer may enter a paper raised for a past session
    data = {"proposer": w["people"][2].pk, "submitted_on": "2025-03-05", "title": "关于更新劳保用品的建议",
            "category": "safety", "session": w["past"].pk, "reasons": "手套磨损快。", "measures": "每月发放。",
            "cosigners": [w["people"][3].pk]}
    # the same checks as the delegate's own form: a co-proposer who is the proposer, a non-delegate
    r = client.post(url, dict(data, cosigners=[w["people"][2].pk]))
    assert "张伟是提案人，不能再作为附议人" in r.content.decode()
    r = client.post(url, dict(data, title=""))
    assert "该字段是必填项" in r.content.decode()
    r = client.post(url, data)
    assert r.status_code == 302
    p = Proposal.objects.get(title="关于更新劳保用品的建议")
    assert p.entered_by == w["officer"] and p.proposer.person == w["people"][2] and p.session == w["past"]
    assert p.submitted_on == D(2025, 3, 5) and p.cosigner_count == 1
    step = p.steps.get(action=ProposalStep.Action.SUBMIT)
    assert "代为录入" in step.note and step.actor == w["officer"]
    entry = AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(Proposal), object_id=str(p.pk),
                                   action=AuditEntry.Action.CREATE)
    assert entry.actor == w["officer"] and entry.changes["entered_by_id"][1] == w["officer"].pk
    assert "代为录入" in client.get(p.get_absolute_url()).content.decode()
    r = client.post(url, data)  # a double click: the same proposal
    assert Proposal.objects.filter(title="关于更新劳保用品的建议").count() == 1
    # a non-delegate cannot be chosen; a proposal of a delegate's own account is not "entered"
    r = client.post(url, dict(data, proposer=w["outsider"].pk, title="别的"))
    assert r.status_code == 200 and "选择一个有效的选项" in r.content.decode()
    own = submit(w, actor=w["delegate_user"], title="自己提交的")
    assert own.entered_by is None
    client.force_login(w["officer_b"])  # another union's officer: their own term only, never this one
    html = client.get(url, {"term": w["term"].pk}).content.decode()
    assert "王建国" not in html


def test_search_by_code_name_and_title(client, pworld):
    w = pworld
    a = submit(w)
    b = submit(w, title="关于食堂的建议", proposer=w["people"][3])
    client.force_login(w["officer"])
    url = reverse("democracy:proposals_list")
    for q in ("第2-001号", "2-001", "2－1", "第2-1号"):
        html = client.get(url, {"q": q}).content.decode()
        assert a.title in html and b.title not in html, q
    html = client.get(url, {"q": "第3-001号"}).content.decode()  # no such term
    assert a.title not in html
    html = client.get(url, {"q": "刘芳"}).content.decode()  # the proposer's name
    assert b.title in html and a.title not in html
    html = client.get(url, {"q": "食堂"}).content.decode()
    assert b.title in html and a.title not in html
    html = client.get(url, {"q": "2"}).content.decode()  # a bare number
    assert b.title in html and a.title not in html


def test_api_session_and_enterer(client, sessions):
    w = sessions
    client.force_login(w["delegate_user"])
    url = "/api/democracy/my-proposals/"
    body = {"title": "关于夜班补贴的建议", "category": "wages", "reasons": "夜班多。", "measures": "提高补贴。"}
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 201 and r.json()["session"] == w["next"].pk  # the next session by default
    r = client.post(url, dict(body, title="闭会期间的提案", session=None), content_type="application/json")
    assert r.status_code == 201 and r.json()["session"] is None
    r = client.post(url, dict(body, title="给已闭幕会议的提案", session=w["past"].pk), content_type="application/json")
    assert r.status_code == 400 and "未闭幕" in str(r.json())
    paper = submit(w, actor=w["officer"], proposer=w["people"][2], title="书面提案", session=w["next"])
    client.force_login(w["officer"])
    rows = client.get("/api/democracy/proposals/", {"session": w["next"].pk}).json()
    rows = rows.get("results", rows)
    assert {r["title"] for r in rows} == {"关于夜班补贴的建议", "书面提案"}
    assert next(r for r in rows if r["id"] == paper.pk)["entered_by_name"] == "officer_a"
