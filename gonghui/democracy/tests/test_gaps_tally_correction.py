"""Issue 10's gaps: a congress vote's tally corrected (计票更正) with a reason — the old tally kept, audited, the
verdict recomputed with the pass mark of ALL delegates; pages, API, scope."""
from __future__ import annotations

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from gonghui.core.context import acting_as
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.democracy.models import CongressSession, Resolution, ResolutionCorrection
from gonghui.democracy.services import congress as services

from .congress_setup import congress_with_delegates

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def voted(tree, officer_a, make_person):
    _, term, ds = congress_with_delegates(officer_a, tree["company"], make_person, n=9)
    s = services.session_create(actor=officer_a, term=term, opened_on=DAY)
    services.session_open(actor=officer_a, session=s)
    for d in ds[:7]:
        services.attendance_mark(actor=officer_a, session=s, delegate=d, status="present")
    r = services.resolution_add(actor=officer_a, session=s, title="关于行政工作报告的决议")
    services.resolution_vote(actor=officer_a, resolution=r, votes_for=4, votes_against=2, votes_abstain=1)
    r.refresh_from_db()
    return {"session": s, "r": r, "officer": officer_a, "delegates": ds}


def test_correction_keeps_the_old_tally_and_recomputes(voted):
    r, officer = voted["r"], voted["officer"]
    assert r.passed is False  # 9 delegates: 5 needed
    with pytest.raises(ServiceError, match="请填写更正原因"):
        services.resolution_correct(actor=officer, resolution=r, votes_for=5, votes_against=1, votes_abstain=1,
                                    reason=" ")
    with pytest.raises(ServiceError, match="超过出席代表7名"):
        services.resolution_correct(actor=officer, resolution=r, votes_for=6, votes_against=1, votes_abstain=1,
                                    reason="漏计")
    with pytest.raises(ServiceError, match="无需更正"):
        services.resolution_correct(actor=officer, resolution=r, votes_for=4, votes_against=2, votes_abstain=1,
                                    reason="漏计")
    with acting_as(officer):
        r = services.resolution_correct(actor=officer, resolution=r, votes_for=5, votes_against=1,
                                        votes_abstain=1, reason="第二计票组一张赞成票误记为反对")
    assert (r.votes_for, r.votes_against, r.passed, r.expected) == (5, 1, True, 9)
    c = ResolutionCorrection.objects.get(resolution=r)
    assert (c.old_for, c.old_against, c.old_abstain, c.old_passed) == (4, 2, 1, False)
    assert (c.new_for, c.new_passed, c.corrected_by) == (5, True, officer) and c.verdict_changed
    # a double click of the same correction records nothing more
    services.resolution_correct(actor=officer, resolution=r, votes_for=5, votes_against=1, votes_abstain=1,
                                reason="第二计票组一张赞成票误记为反对")
    assert ResolutionCorrection.objects.filter(resolution=r).count() == 1
    # audited: the correction row and the resolution's change (before and after)
    ct = ContentType.objects.get_for_model(Resolution)
    entry = AuditEntry.objects.filter(content_type=ct, object_id=str(r.pk), action="update").latest("id")
    assert entry.changes["votes_for"] == [4, 5] and entry.changes["passed"] == [False, True]
    assert entry.actor == officer
    assert AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(ResolutionCorrection),
                                     object_id=str(c.pk), action="create").exists()


def test_after_close_and_invalid_session(voted, officer_a):
    s, r = voted["session"], voted["r"]
    services.session_close(actor=officer_a, session=s)
    r = services.resolution_correct(actor=officer_a, resolution=r, votes_for=6, votes_against=1, votes_abstain=0,
                                    reason="复核选票")
    assert r.passed is True
    # an invalid session: a correction never makes a resolution pass
    CongressSession.objects.filter(pk=s.pk).update(is_valid=False, attended=5, quorum=6)
    r = services.resolution_correct(actor=officer_a, resolution=r, votes_for=5, votes_against=0, votes_abstain=0,
                                    reason="复核")
    assert r.passed is False
    unvoted = Resolution.objects.create(session=s, org=s.org, title="未表决事项", order=9)
    with pytest.raises(ServiceError, match="尚未登记表决结果"):
        services.resolution_correct(actor=officer_a, resolution=unvoted, votes_for=1, votes_against=0,
                                    votes_abstain=0, reason="x")


def test_page_and_api(client, voted, officer_b):
    s, r, officer = voted["session"], voted["r"], voted["officer"]
    client.force_login(officer)
    page = client.get(s.get_absolute_url()).content.decode()
    assert reverse("democracy:congress_resolution_correct", args=[r.pk]) in page
    url = reverse("democracy:congress_resolution_correct", args=[r.pk])
    html = client.get(url).content.decode()
    assert "现登记：赞成4票" in html and "通过须不少于5票" in html
    assert "该字段是必填项" in client.post(url, {"votes_for": 5, "votes_against": 1, "votes_abstain": 1,
                                                   "reason": " "}).content.decode()
    resp = client.post(url, {"votes_for": 5, "votes_against": 1, "votes_abstain": 1, "reason": "漏计一票"})
    assert resp.status_code == 302
    page = client.get(s.get_absolute_url()).content.decode()
    assert "计票更正" in page and "原赞成4、反对2、弃权1票，结果由“未通过”改为“通过”。原因：漏计一票" in page
    api = f"/api/democracy/congress/resolutions/{r.pk}/correct/"
    resp = client.post(api, {"votes_for": 6, "votes_against": 0, "votes_abstain": 1, "reason": "再次复核"},
                       content_type="application/json")
    assert resp.status_code == 200 and resp.json()["votes_for"] == 6 and resp.json()["passed"] is True
    resp = client.post(api, {"votes_for": 6, "votes_against": 0, "votes_abstain": 0},
                       content_type="application/json")
    assert resp.status_code == 400
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    assert client.post(url, {"votes_for": 1, "votes_against": 0, "votes_abstain": 0, "reason": "x"}).status_code \
        == 404
    assert client.post(api, {"votes_for": 1, "votes_against": 0, "votes_abstain": 0, "reason": "x"},
                       content_type="application/json").status_code == 404
    assert ResolutionCorrection.objects.filter(resolution=r).count() == 2
