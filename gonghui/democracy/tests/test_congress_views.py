"""The congress pages: session page with the quorum, the roll, votes once, the delegate's phone sign-in, printable
sheets, the Word report form, rules, terms, delegates export, scope (404 for another union's ids)."""
from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gonghui.accounts.roles import Role
from gonghui.democracy.models import Resolution, SessionAttendance, SessionReport
from gonghui.democracy.services import congress as services

from .congress_setup import congress_with_delegates

DAY = datetime.date(2026, 3, 10)


@pytest.fixture
def room(tree, officer_a, make_person, client):
    congress, term, delegates = congress_with_delegates(officer_a, tree["company"], make_person, n=9)
    session = services.session_create(actor=officer_a, term=term, opened_on=DAY, place="职工之家",
                                      agenda="听取行政工作报告\n表决")
    client.force_login(officer_a)
    return {"term": term, "delegates": delegates, "session": session, "officer": officer_a, "client": client}


def test_session_page_open_roll_vote_close(room, django_assert_max_num_queries):
    c, s, ds = room["client"], room["session"], room["delegates"]
    url = reverse("democracy:congress_session_detail", args=[s.pk])
    page = c.get(url)
    assert page.status_code == 200 and "应到代表9名" in page.content.decode()
    assert c.post(reverse("democracy:congress_session_open", args=[s.pk])).status_code == 302
    data = {f"status-{d.pk}": "present" for d in ds[:6]}
    data[f"status-{ds[6].pk}"] = "leave"
    data[f"reason-{ds[6].pk}"] = "出差"
    c.post(reverse("democracy:congress_attendance", args=[s.pk]), data)
    assert SessionAttendance.objects.filter(session=s, status="present").count() == 6
    with django_assert_max_num_queries(20):
        text = c.get(url).content.decode()
    assert "已达到法定人数，会议有效" in text
    c.post(reverse("democracy:congress_resolution_add", args=[s.pk]), {"title": "关于行政工作报告的决议"})
    c.post(reverse("democracy:congress_resolution_add", args=[s.pk]), {"title": "关于行政工作报告的决议"})
    r = Resolution.objects.get(session=s)
    vote = reverse("democracy:congress_resolution_vote", args=[r.pk])
    for _ in range(2):  # a double click
        c.post(vote, {"votes_for": "5", "votes_against": "1", "votes_abstain": "0"})
    r.refresh_from_db()
    assert (r.votes_for, r.passed) == (5, True)
    c.post(reverse("democracy:congress_session_close", args=[s.pk]))
    s.refresh_from_db()
    assert s.is_valid is True and s.attended == 6
    assert "会议有效" in c.get(url).content.decode()


def test_invalid_session_is_said_plainly(room):
    c, s, ds = room["client"], room["session"], room["delegates"]
    c.post(reverse("democracy:congress_session_open", args=[s.pk]))
    c.post(reverse("democracy:congress_attendance", args=[s.pk]), {f"status-{d.pk}": "present" for d in ds[:3]})
    page = c.post(reverse("democracy:congress_session_close", args=[s.pk]), follow=True).content.decode()
    assert "会议已记为无效" in page and "会议无效" in page


def test_delegate_signs_in_on_the_phone(room, make_user, client):
    s, d = room["session"], room["delegates"][0]
    services.session_open(actor=room["officer"], session=s)
    user = make_user("delegate1", Role.MEMBER, d.org, person=d.person)
    client.force_login(user)
    home = client.get(reverse("portal:member_home")).content.decode()
    assert "职代会签到" in home and reverse("democracy:congress_member_sign_in", args=[s.pk]) in home
    url = reverse("democracy:congress_member_sign_in", args=[s.pk])
    client.post(url)
    client.post(url)
    assert SessionAttendance.objects.filter(session=s, delegate=d, status="present", via="phone").count() == 1
    assert "您已签到" in client.get(url).content.decode()


def test_non_delegate_gets_404_on_sign_in(room, make_user, make_person, client, tree):
    services.session_open(actor=room["officer"], session=room["session"])
    user = make_user("other", Role.MEMBER, tree["company"], person=make_person(tree["company"], "别人"))
    client.force_login(user)
    assert client.get(reverse("democracy:congress_member_sign_in", args=[room["session"].pk])).status_code == 404


def test_sheets_docx_and_reports(room):
    c, s = room["client"], room["session"]
    assert "代表签到表" in c.get(reverse("democracy:congress_sign_in_sheet", args=[s.pk])).content.decode()
    assert "表决计票表" in c.get(reverse("democracy:congress_tally_sheet", args=[s.pk])).content.decode()
    pdf = SimpleUploadedFile("行政工作报告.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    c.post(reverse("democracy:congress_report_add", args=[s.pk]),
           {"kind": "administration", "title": "2026年行政工作报告", "presenter": "总经理", "file": pdf})
    report = SessionReport.objects.get(session=s)
    assert report.name == "行政工作报告.pdf"
    assert c.get(reverse("democracy:congress_report_file", args=[report.pk])).status_code == 200
    response = c.get(reverse("democracy:congress_session_report", args=[s.pk]))
    assert response.status_code == 200
    from docx import Document

    doc = Document(io.BytesIO(response.content))
    text = "\n".join(cell.text for t in doc.tables for row in t.rows for cell in row.cells)
    assert "应到代表" in text and "9名" in text and "2026年行政工作报告" in text


def test_bad_attachment_refused(room):
    c, s = room["client"], room["session"]
    exe = SimpleUploadedFile("x.exe", b"MZ....", content_type="application/octet-stream")
    page = c.post(reverse("democracy:congress_report_add", args=[s.pk]), {"kind": "finance", "file": exe},
                  follow=True).content.decode()
    assert "附件只接受" in page and not SessionReport.objects.exists()


def test_term_rules_delegates_pages(room):
    c, t = room["client"], room["term"]
    page = c.get(reverse("democracy:congress_term_detail", args=[t.pk])).content.decode()
    assert "中层以上管理人员比例" in page and "女职工代表比例" in page
    assert c.get(reverse("democracy:congress_terms")).status_code == 200
    assert c.get(reverse("democracy:congress_sessions")).status_code == 200
    assert c.get(reverse("democracy:congress_sessions") + "?export=xlsx").status_code == 200
    assert c.get(reverse("democracy:congress_delegates", args=[t.pk])).status_code == 200
    assert c.get(reverse("democracy:congress_delegates", args=[t.pk]) + "?export=xlsx").status_code == 200
    assert c.get(reverse("democracy:congress_rules")).status_code == 200
    page = c.post(reverse("democracy:congress_rules_add"), {
        "org": t.org.pk, "name": "公司规则", "effective_from": "2025-01-01", "manager_max_percent": "10",
        "women_rule": "proportion", "quorum_numerator": "1", "quorum_denominator": "3", "pass_numerator": "1",
        "pass_denominator": "2"}).content.decode()
    assert "法定人数应不少于全体代表的半数" in page
    response = c.post(reverse("democracy:congress_rules_add"), {
        "org": t.org.pk, "name": "公司规则", "effective_from": "2025-01-01", "manager_max_percent": "10",
        "women_rule": "proportion", "quorum_numerator": "2", "quorum_denominator": "3", "pass_numerator": "1",
        "pass_denominator": "2"})
    assert response.status_code == 302
    assert "超出规定" in c.get(reverse("democracy:congress_term_detail", args=[t.pk])).content.decode()


def test_session_form_bad_dates(room):
    c, t = room["client"], room["term"]
    page = c.post(reverse("democracy:congress_session_add", args=[t.pk]),
                  {"kind": "regular", "opened_on": "2026-05-10", "closed_on": "2026-05-09"}).content.decode()
    assert "闭幕日期不能早于开幕日期" in page
    assert c.post(reverse("democracy:congress_session_add", args=[t.pk]),
                  {"kind": "regular", "opened_on": "2026-05-10", "place": "礼堂"}).status_code == 302


def test_another_unions_ids_are_404(room, officer_b, client):
    client.force_login(officer_b)
    s, t = room["session"], room["term"]
    r = services.resolution_add(actor=room["officer"], session=s, title="决议")
    for url in [reverse("democracy:congress_session_detail", args=[s.pk]),
                reverse("democracy:congress_term_detail", args=[t.pk]),
                reverse("democracy:congress_delegates", args=[t.pk]),
                reverse("democracy:congress_sign_in_sheet", args=[s.pk]),
                reverse("democracy:congress_tally_sheet", args=[s.pk]),
                reverse("democracy:congress_session_report", args=[s.pk]),
                reverse("democracy:congress_session_edit", args=[s.pk])]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("democracy:congress_session_open", args=[s.pk])).status_code == 404
    assert client.post(reverse("democracy:congress_resolution_vote", args=[r.pk]),
                       {"votes_for": 9, "votes_against": 0, "votes_abstain": 0}).status_code == 404
    r.refresh_from_db()
    assert r.votes_for is None


def test_desk_lists_sessions_to_close(room, tree):
    from gonghui.portal import desk

    todos = {t.key: t.count for t in desk.todos(room["officer"], tree["company"])}
    assert todos.get("democracy.congress.to_close") == 1  # 10 March 2026 has passed, still not closed
    services.session_open(actor=room["officer"], session=room["session"])
    services.session_close(actor=room["officer"], session=room["session"])
    todos = {t.key: t.count for t in desk.todos(room["officer"], tree["company"])}
    assert "democracy.congress.to_close" not in todos
