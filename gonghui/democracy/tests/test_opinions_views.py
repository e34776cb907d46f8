"""Opinion pages and API: the member's 意见箱 (named → message; anonymous → code shown once, then followed by it),
the officers' list, recording, forwarding and answering, export, scope."""
from __future__ import annotations

import re

import pytest
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.democracy.models import Opinion
from gonghui.democracy.services import opinions as svc
from gonghui.portal.models import Message


@pytest.fixture
def li(tree, make_person, make_user):
    return make_user("li", Role.MEMBER, tree["branch"], person=make_person(tree["branch"], "李四"))


def test_a_member_leaves_a_named_opinion_and_reads_the_answer(client, tree, li, officer_a):
    client.force_login(li)
    page = client.get("/democracy/opinions/box/").content.decode()
    key = re.search(r'name="submit_key" value="([^"]+)"', page)[1]
    r = client.post("/democracy/opinions/box/", {"content": "建议延长午休时间", "category": "welfare",
                                                 "submit_key": key})
    opinion = Opinion.objects.get()
    assert r.status_code == 302 and opinion.author == li.person
    client.post("/democracy/opinions/box/", {"content": "建议延长午休时间", "category": "welfare", "submit_key": key})
    assert Opinion.objects.count() == 1  # the same form twice
    assert client.post("/democracy/opinions/box/", {"content": " ", "category": "welfare"}).status_code == 422
    client.force_login(officer_a)
    html = client.get("/democracy/opinions/?status=open").content.decode()
    assert "建议延长午休时间" in html and "李四" in html
    client.post(f"/democracy/opinions/{opinion.pk}/forward/", {"other": "人力资源部",
                                                               "forwarded_on": localdate().isoformat()})
    r = client.post(f"/democracy/opinions/{opinion.pk}/answer/", {"outcome": "partly", "answer": "夏季延长半小时。",
                                                                  "answered_on": localdate().isoformat()})
    assert r.status_code == 302
    opinion.refresh_from_db()
    assert opinion.status == Opinion.Status.ANSWERED and opinion.answered_by == "人力资源部"
    message = Message.objects.get(recipient=li)
    client.force_login(li)
    detail = client.get(message.url).content.decode()
    assert "夏季延长半小时。" in detail and "部分采纳" in detail


def test_an_anonymous_opinion_shows_its_code_once_and_officers_never_see_who(client, tree, li, officer_a):
    client.force_login(li)
    r = client.post("/democracy/opinions/box/", {"content": "班组长分配加班不公平", "category": "pay",
                                                 "anonymous": "on", "submit_key": "abc"})
    html = r.content.decode()
    code = re.search(r'id="code-value">([A-Z0-9-]+)<', html)[1]
    assert r.status_code == 200 and len(code) == 14 and "只显示这一次" in html
    assert "班组长分配加班不公平" not in client.get("/democracy/opinions/box/").content.decode()  # not "mine"
    opinion = Opinion.objects.get()
    client.force_login(officer_a)
    detail = client.get(f"/democracy/opinions/{opinion.pk}/").content.decode()
    assert "匿名" in detail and "李四" not in detail and "li" not in re.findall(r'id="author">([^<]*)', detail)[0]
    api = client.get(f"/api/democracy/opinions/{opinion.pk}/").json()
    assert api["author"] == "匿名" and "李四" not in str(api)
    svc.opinion_answer(actor=officer_a, opinion=opinion, answer="已核实并调整排班。", outcome="adopted")
    client.force_login(li)
    r = client.post("/democracy/opinions/box/follow/", {"code": code.lower()})
    assert r.status_code == 200 and "已核实并调整排班。" in r.content.decode()
    r = client.post("/democracy/opinions/box/follow/", {"code": "2345-6789-ABCD"}, follow=True)
    assert "查询码不正确" in r.content.decode()
    assert client.get("/democracy/opinions/box/follow/").status_code == 405  # never in an address


def test_officers_record_export_and_stay_in_their_union(client, tree, li, officer_a, officer_b):
    client.force_login(officer_a)
    r = client.post("/democracy/opinions/new/", {"org": tree["company"].pk, "channel": "reception",
                                                 "occasion": "第三季度经理接待日", "category": "safety",
                                                 "submitted_on": localdate().isoformat(), "content": "车间噪声大",
                                                 "author_name": "二车间职工"})
    assert r.status_code == 302
    r = client.get("/democracy/opinions/?export=xlsx")
    assert r.status_code == 200
    opinion = Opinion.objects.get()
    client.force_login(officer_b)
    for url in (f"/democracy/opinions/{opinion.pk}/", f"/api/democracy/opinions/{opinion.pk}/"):
        assert client.get(url).status_code == 404
    for url in (f"/democracy/opinions/{opinion.pk}/forward/", f"/democracy/opinions/{opinion.pk}/answer/",
                f"/api/democracy/opinions/{opinion.pk}/answer/"):
        assert client.post(url, {"department": "x", "answer": "x", "outcome": "noted"}).status_code == 404
    assert "车间噪声大" not in client.get("/democracy/opinions/").content.decode()
    client.force_login(li)
    assert client.get(f"/democracy/opinions/mine/{opinion.pk}/").status_code == 404


def test_the_member_api_returns_the_code_once(client, li):
    client.force_login(li)
    r = client.post("/api/democracy/opinions/mine/", {"content": "建议增加班车", "anonymous": True,
                                                      "submit_key": "k-1"}, content_type="application/json")
    assert r.status_code == 201 and len(r.json()["follow_code"]) == 14 and r.json()["author"] == "匿名"
    again = client.post("/api/democracy/opinions/mine/", {"content": "建议增加班车", "anonymous": True,
                                                          "submit_key": "k-1"}, content_type="application/json")
    assert again.json()["id"] == r.json()["id"] and again.json()["follow_code"] == ""
    assert client.get("/api/democracy/opinions/mine/").json()["count"] == 0  # anonymous: not listed as theirs
