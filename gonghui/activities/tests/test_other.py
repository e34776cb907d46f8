"""Training (期, 人次), meetings with minutes and decisions (overdue as a to-do), publicity (numbered newsletters,
articles submitted and accepted): services, figures and pages."""
from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.activities.models import Newsletter
from gonghui.activities.services import meetings, publicity, training
from gonghui.core.errors import ServiceError
from gonghui.portal import desk
from gonghui.reports import registry
from gonghui.reports.periods import Period

pytestmark = pytest.mark.django_db
TODAY = localdate()
PAST = TODAY - datetime.timedelta(days=20)


def test_training_counts_sessions_and_attendances(world):
    o, org = world["officer"], world["company"]
    c = training.course_save(actor=o, org=org, title="工会干部业务培训", kind="cadre", starts_on=PAST, hours=6,
                             trainer="市总工会讲师")
    with pytest.raises(ServiceError, match="请先登记学员签到"):
        training.course_hold(actor=o, course=c)
    people = training.people_by_numbers(org, "、".join(p.name for p in world["members"][:4]))
    assert training.attendees_add(actor=o, course=c, people=people, signed_in=True) == 4
    assert training.attendees_add(actor=o, course=c, people=people) == 0
    with pytest.raises(ServiceError, match="不是本会的职工"):
        training.attendees_add(actor=o, course=c, people=[world["outsider"]])
    with pytest.raises(ServiceError, match="未找到"):
        training.people_by_numbers(org, "查无此人")
    training.course_hold(actor=o, course=c)
    year = Period.year(PAST.year)
    got = registry.compute(["activities.training.sessions", "activities.training.attendances",
                            "activities.training.cadres"], org, year)
    assert got["activities.training.sessions"] == 1 and got["activities.training.attendances"] == 4
    with pytest.raises(ServiceError, match="学时"):
        training.course_save(actor=o, org=org, title="x", kind="law", starts_on=PAST, hours=900)


def test_meeting_decisions_and_the_overdue_todo(world, client):
    o, org = world["officer"], world["company"]
    m = meetings.meeting_save(actor=o, org=org, kind="committee", title="第三季度工会委员会会议", held_on=PAST,
                              attendees="赵一、钱二、孙三", agenda="研究中秋慰问\n研究职工运动会", minutes="会议研究了……")
    late = meetings.decision_add(actor=o, meeting=m, text_="制定运动会方案", owner="赵一",
                                 due_on=PAST + datetime.timedelta(days=5))
    meetings.decision_add(actor=o, meeting=m, text_="采购慰问品", owner="钱二", due_on=TODAY + datetime.timedelta(days=5))
    with pytest.raises(ServiceError, match="早于会议日期"):
        meetings.decision_add(actor=o, meeting=m, text_="x", owner="y", due_on=PAST - datetime.timedelta(days=1))
    todos = {t.key: t.count for t in desk.todos(o, org)}
    assert todos.get("activities.decisions_overdue") == 1
    year = Period.year(PAST.year)
    assert registry.compute(["activities.decisions.count"], org, year)["activities.decisions.count"] == 2
    meetings.decision_done(actor=o, decision=late, done_on=TODAY, outcome="方案已印发")
    client.force_login(o)
    html = client.get(reverse("activities:meeting_minutes", args=[m.pk])).content.decode()
    assert "第三季度工会委员会会议纪要" in html and "制定运动会方案" in html and "研究职工运动会" in html
    assert client.get(m.get_absolute_url()).status_code == 200
    assert client.get(reverse("activities:decision_list") + "?overdue=1").status_code == 200
    client.force_login(world["officer_b"])
    assert client.get(m.get_absolute_url()).status_code == 404


def test_newsletters_are_numbered_per_year_and_articles_accepted(world):
    o, org = world["officer"], world["company"]
    last_year = datetime.date(TODAY.year - 1, 12, 20)
    a = publicity.newsletter_publish(actor=o, org=org, title="工会简报", published_on=last_year)
    b = publicity.newsletter_publish(actor=o, org=org, title="工会简报", published_on=last_year)
    c = publicity.newsletter_publish(actor=o, org=org, title="工会简报", published_on=PAST)
    board = publicity.newsletter_publish(actor=o, org=org, title="安全生产月", published_on=PAST,
                                         kind=Newsletter.Kind.BOARD)
    assert (a.number, b.number, c.number, board.number) == (1, 2, 1, 1)
    with pytest.raises(ServiceError, match="在今天之后"):
        publicity.newsletter_publish(actor=o, org=org, title="x", published_on=TODAY + datetime.timedelta(days=1))
    art = publicity.article_submit(actor=o, org=org, title="我公司举办职工运动会", author="孙三", outlet="工人日报",
                                   level="national", submitted_on=PAST)
    with pytest.raises(ServiceError, match="早于投稿日期"):
        publicity.article_decide(actor=o, article=art, accepted=True, on=PAST - datetime.timedelta(days=1))
    publicity.article_decide(actor=o, article=art, accepted=True, on=PAST + datetime.timedelta(days=2))
    year = Period.year(PAST.year)
    got = registry.compute(["activities.newsletters.count", "activities.newsletters.boards",
                            "activities.articles.accepted_high"], org, year)
    assert got["activities.newsletters.count"] == 1 and got["activities.newsletters.boards"] == 1
    assert got["activities.articles.accepted_high"] == 1


def test_pages(world, client):
    client.force_login(world["officer"])
    for name in ("course_list", "course_add", "meeting_list", "meeting_add", "decision_list", "newsletter_list",
                 "newsletter_add", "article_list", "article_add"):
        assert client.get(reverse(f"activities:{name}")).status_code == 200, name
    r = client.post(reverse("activities:course_add"), {"title": "安全生产培训", "kind": "safety", "host": "own",
                                                        "starts_on": PAST.isoformat(), "hours": "2"})
    assert r.status_code == 302
    r = client.post(reverse("activities:newsletter_add"), {"kind": "bulletin", "title": "工会简报",
                                                            "published_on": PAST.isoformat()})
    assert r.status_code == 302
    assert "第1期" in client.get(reverse("activities:newsletter_list")).content.decode()


def test_api_scope_and_member_signup(world, client):
    from rest_framework.test import APIClient

    from .conftest import make_event

    e = make_event(world, capacity=1)
    api = APIClient()
    api.force_authenticate(world["users"][0])
    r = api.post(f"/api/activities/open-events/{e.pk}/signup/", {"family": 0}, format="json")
    assert r.status_code == 201 and r.json()["status"] == "confirmed"
    api.force_authenticate(world["users"][1])
    assert api.post(f"/api/activities/open-events/{e.pk}/signup/", {}, format="json").json()["status"] == "waiting"
    api.force_authenticate(world["outsider_user"])
    assert api.post(f"/api/activities/open-events/{e.pk}/signup/", {}, format="json").status_code == 404
    api.force_authenticate(world["users"][0])
    assert api.post(f"/api/activities/open-events/{e.pk}/cancel/").json()["status"] == "cancelled"
    api.force_authenticate(world["officer"])
    rows = api.get(f"/api/activities/events/{e.pk}/signups/").json()
    assert [r["status"] for r in rows] == ["cancelled", "confirmed"] or sorted(r["status"] for r in rows) == [
        "cancelled", "confirmed"]
    assert api.get("/api/activities/events/").status_code == 200
    api.force_authenticate(world["officer_b"])
    assert api.get(f"/api/activities/events/{e.pk}/").status_code == 404
    for path in ("courses", "meetings", "newsletters", "articles"):
        assert api.get(f"/api/activities/{path}/").status_code == 200


def test_every_list_exports_to_excel(world, client):
    from openpyxl import load_workbook

    from .conftest import make_event

    make_event(world)
    client.force_login(world["officer"])
    for name in ("event_list", "course_list", "meeting_list", "decision_list", "newsletter_list", "article_list"):
        r = client.get(reverse(f"activities:{name}") + "?export=xlsx")
        assert r.status_code == 200, name
        book = load_workbook(io.BytesIO(b"".join(r.streaming_content)))
        assert book.active.max_row >= 1


def test_event_titles_in_the_summary_keep_their_inner_quotes():
    from gonghui.activities.texts.events import _unquoted

    assert _unquoted("“三八”女职工插花活动") == "“三八”女职工插花活动"  # was written 三八”女职工插花活动
    assert _unquoted("“书香工会”读书分享会") == "“书香工会”读书分享会"
    assert _unquoted("“春季登山健步走”") == "春季登山健步走"
    assert _unquoted(' "职工篮球赛" ') == "职工篮球赛"
