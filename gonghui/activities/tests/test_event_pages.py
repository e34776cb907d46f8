"""The officer's event pages and the member's phone pages."""
from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gonghui.activities.models import Event, Signup
from gonghui.activities.services import events as services

from .conftest import make_event, soon

pytestmark = pytest.mark.django_db


def test_officer_plans_approves_opens_and_sees_the_lists(client, world):
    client.force_login(world["officer"])
    r = client.post(reverse("activities:event_add"), {
        "title": "迎新春趣味运动会", "kind": "sports", "host": "own", "scope": world["company"].pk,
        "starts_at": soon(10).strftime("%Y-%m-%dT%H:%M"), "deadline": soon(8).strftime("%Y-%m-%dT%H:%M"),
        "capacity": 2, "budget": "2000", "family_max": 0, "place": "公司体育馆"})
    assert r.status_code == 302, r.content.decode()[:2000]
    e = Event.objects.get(title="迎新春趣味运动会")
    page = client.get(e.get_absolute_url()).content.decode()
    assert 'id="approve"' not in page and 'id="open"' not in page  # the officer waits for the chair
    r = client.post(reverse("activities:event_act", args=[e.pk, "open"]), follow=True)
    assert "须经工会主席审批" in r.content.decode()
    client.force_login(world["chair"])
    assert 'id="approve"' in client.get(e.get_absolute_url()).content.decode()
    client.post(reverse("activities:event_act", args=[e.pk, "approve"]))
    client.force_login(world["officer"])
    client.post(reverse("activities:event_act", args=[e.pk, "open"]))
    e.refresh_from_db()
    assert e.status == Event.Status.OPEN
    for u in world["users"][:3]:
        services.signup(actor=u, event=e)
    lst = client.get(reverse("activities:event_list")).content.decode()
    assert "迎新春趣味运动会" in lst and "2/2（候补1）" in lst
    page = client.get(e.get_absolute_url() + "?tab=signups").content.decode()
    assert page.count('name="signup"') == 3 and "候补" in page
    sheet = client.get(reverse("activities:signin_sheet", args=[e.pk])).content.decode()
    assert "签到表" in sheet and "赵一" in sheet and "孙三" not in sheet  # the waiting are not on the sheet
    for tab in ("info", "results", "photos", "history"):
        assert client.get(e.get_absolute_url() + f"?tab={tab}").status_code == 200
    for name in ("event_edit", "event_copy", "event_cancel", "event_hold", "event_cost", "team_add", "award_add",
                 "checkin_desk"):
        assert client.get(reverse(f"activities:{name}", args=[e.pk])).status_code == 200, name


def test_tick_names_and_scan_a_code(client, world):
    e = make_event(world, capacity=3)
    a, _ = services.signup(actor=world["users"][0], event=e)
    b, _ = services.signup(actor=world["users"][1], event=e)
    client.force_login(world["officer"])
    client.post(reverse("activities:signup_admin", args=[e.pk]), {"act": "tick", "signup": [a.pk]})
    assert Signup.objects.get(pk=a.pk).checkin_method == "list"
    url = reverse("activities:checkin", args=[services.checkin_token(b)])
    assert "确认签到" in client.get(url).content.decode()
    r = client.post(url)
    assert r.status_code == 200 and "签到成功" in r.content.decode()
    r = client.post(url)  # the same code again
    assert r.status_code == 409 and "只能使用一次" in r.content.decode()
    client.force_login(world["officer_b"])  # another union's officer: 404
    assert client.get(url).status_code == 404
    assert client.get(e.get_absolute_url()).status_code == 404


def test_member_signs_up_on_the_phone_waits_and_is_promoted(client, world):
    e = make_event(world, capacity=1)
    first, second = world["users"][0], world["users"][1]
    client.force_login(first)
    page = client.get(reverse("activities:open_events")).content.decode()
    assert "春季登山活动" in page and 'id="tab-activities"' in page and 'aria-current="page"' in page
    r = client.post(reverse("activities:my_signup", args=[e.pk]), follow=True)
    html = r.content.decode()
    assert "报名成功" in html and 'id="checkin-qr"' in html and "<svg" in html
    client.force_login(second)
    html = client.post(reverse("activities:my_signup", args=[e.pk]), follow=True).content.decode()
    assert "候补第1位" in html
    client.force_login(first)
    html = client.post(reverse("activities:my_cancel", args=[e.pk]), follow=True).content.decode()
    assert "已取消报名" in html
    client.force_login(second)
    html = client.get(reverse("activities:my_event", args=[e.pk])).content.decode()
    assert 'id="checkin-qr"' in html
    assert "候补成功" in client.get(reverse("portal:messages")).content.decode()
    mine = client.get(reverse("activities:my_events")).content.decode()
    assert "春季登山活动" in mine
    home = client.get(reverse("portal:member_home")).content.decode()
    assert 'data-card="activities.events"' in home


def test_member_cannot_see_another_unions_event(client, world):
    e = make_event(world)
    client.force_login(world["outsider_user"])
    assert "春季登山活动" not in client.get(reverse("activities:open_events")).content.decode()
    assert client.get(reverse("activities:my_event", args=[e.pk])).status_code == 404
    assert client.post(reverse("activities:my_signup", args=[e.pk])).status_code == 404
    assert client.get(reverse("activities:event_list")).status_code == 404  # not an officer page for members
    # a draft is not shown to members
    draft = make_event(world, open_=False, title="草稿活动")
    client.force_login(world["users"][0])
    assert client.get(reverse("activities:my_event", args=[draft.pk])).status_code == 404


def test_member_pages_fit_a_phone(client, world):
    """The phone shell's markup: viewport meta, the 18 px stylesheet, no fixed widths wider than 390 px."""
    make_event(world)
    client.force_login(world["users"][0])
    for name in ("open_events", "my_events"):
        html = client.get(reverse(f"activities:{name}")).content.decode()
        assert 'name="viewport"' in html and "portal/member.css" in html
        assert not re.search(r"width:\s*(\d{4,}|[4-9]\d\d)px", html)
