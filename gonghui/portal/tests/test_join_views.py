"""网上入会 pages: the public form (no login, CSRF, honeypot, rate limit), the status page, the review's scope
(another union's application: 404), activation, the bulk codes export."""
from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_id
from gonghui.accounts.models import User
from gonghui.members.models import Person
from gonghui.portal import services_join as join
from gonghui.portal.models import JoinApplication

PHONE = "13812345678"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _post(client, org, **extra):
    data = {"org": org.pk, "name": "王小明", "id_number": make_id(), "phone": PHONE, "employer": "甲公司",
            "consent": "on", "q": "甲公司"}
    data.update(extra)
    return client.post(reverse("portal:join_apply"), data)


def test_public_form_without_login_searches_unions(client, tree):
    response = client.get(reverse("portal:join_apply"), {"q": "甲公司"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "甲公司工会" in html and "乙学校工会" not in html and 'name="consent"' in html


def test_search_with_no_union_offers_the_unaffiliated_one(client, tree):
    from gonghui.orgs import services as org_services
    from gonghui.orgs.models import Organization

    org_services.org_create(code="N", name="测试区新就业形态劳动者工会", kind=Organization.Kind.GRASSROOTS,
                            parent=tree["fed"], accepts_unaffiliated=True)
    html = client.get(reverse("portal:join_apply"), {"q": "丙餐饮"}).content.decode()
    assert "没有找到" in html and "新就业形态劳动者工会" in html
    assert re.search(r'name="unaffiliated"[^>]*checked', html)  # 所在单位未建工会, ticked for them


def test_apply_then_done_page_and_status(client, tree):
    response = _post(client, tree["company"])
    assert response.status_code == 302 and response.url == reverse("portal:join_done")
    app = JoinApplication.objects.get()
    assert app.number in client.get(response.url).content.decode()
    other = Client()
    assert "未找到该申请" in other.post(reverse("portal:join_status"),
                                     {"number": app.number, "id_last6": "123456"}).content.decode()
    html = other.post(reverse("portal:join_status"),
                      {"number": app.number, "id_last6": app.id_number[-6:]}).content.decode()
    assert "待审核" in html and "甲公司工会" in html


def test_form_errors_in_chinese(client, tree, make_person):
    html = _post(client, tree["company"], id_number="110101199001011234", consent="").content.decode()
    assert "校验码" in html and "章程" in html and not JoinApplication.objects.exists()
    member = make_person(tree["school"], "李四")
    html = _post(client, tree["company"], id_number=member.id_number).content.decode()
    assert join.ALREADY_MEMBER in html and "乙学校" not in html


def test_honeypot_and_csrf(tree):
    client = Client(enforce_csrf_checks=True)
    assert _post(client, tree["company"]).status_code == 403
    client = Client()
    response = _post(client, tree["company"], website="http://spam.example")
    assert response.status_code == 200 and not JoinApplication.objects.exists()


def test_rate_limit(client, tree):
    for _ in range(10):
        _post(client, tree["company"], consent="")
    html = _post(client, tree["company"]).content.decode()
    assert "过于频繁" in html and not JoinApplication.objects.exists()


def test_review_scope_and_actions(client, tree, officer_a, officer_b):
    app = join.join_apply(org=tree["company"], name="王小明", id_number=make_id(), phone=PHONE, employer="甲公司",
                          consent=True)
    detail = reverse("portal:join_review_detail", args=[app.pk])
    client.force_login(officer_b)
    assert app.number not in client.get(reverse("portal:join_review_list")).content.decode()
    assert client.get(detail).status_code == 404
    assert client.post(reverse("portal:join_review_action", args=[app.pk, "approve"])).status_code == 404
    client.force_login(officer_a)
    assert app.number in client.get(reverse("portal:join_review_list")).content.decode()
    assert client.get(detail).status_code == 200
    client.post(reverse("portal:join_review_action", args=[app.pk, "more"]), {"note": "请补充工作证明"})
    app.refresh_from_db()
    assert app.status == JoinApplication.Status.MORE_INFO
    client.post(reverse("portal:join_status"), {"number": app.number, "id_last6": app.id_number[-6:],
                                                "text": "已补充"})
    app.refresh_from_db()
    assert app.status == JoinApplication.Status.PENDING
    response = client.post(reverse("portal:join_review_action", args=[app.pk, "approve"]))
    html = response.content.decode()
    person = Person.objects.get(id_number=app.id_number)
    assert person.member_no in html and 'id="invite-code"' in html


def test_review_needs_the_permission(client, tree, make_user):
    client.force_login(make_user("member", "member", tree["company"]))
    assert client.get(reverse("portal:join_review_list")).status_code == 404
    assert Client().get(reverse("portal:join_review_list")).status_code == 302  # to the login page


def test_activate_page(client, tree, officer_a):
    app = join.join_apply(org=tree["company"], name="王小明", id_number=make_id(), phone=PHONE, employer="甲公司",
                          consent=True)
    _, code = join.join_approve(actor=officer_a, application=app)
    data = {"phone": PHONE, "code": code, "password": "Zhiwei2025abc", "password2": "Zhiwei2025abc"}
    assert client.post(reverse("portal:activate"), data).status_code == 302
    assert User.objects.get(username=PHONE).person == Person.objects.get(id_number=app.id_number)
    html = client.post(reverse("portal:activate"), data).content.decode()
    assert "已使用过" in html


def test_bulk_codes_export(client, tree, officer_a, officer_b, make_person):
    make_person(tree["company"], "甲", phone="13700000001")
    client.force_login(officer_a)
    response = client.post(reverse("portal:invitations"), {"org": tree["company"].pk})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any("13700000001" in row and "甲" in row for row in rows)
    client.force_login(officer_b)
    assert client.post(reverse("portal:invitations"), {"org": tree["company"].pk}).status_code == 404
