"""Open affairs pages and API: the officers' list (export, filters, query count), form, detail with publish,
withdraw and attachments, the list of required categories, the practice's name in titles; the member's pages;
another union's ids answer 404."""
from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.timezone import localdate

from gonghui.accounts.roles import Role
from gonghui.democracy.models import OpenAffairsItem, OpenAffairsRequirement
from gonghui.democracy.services import openaffairs as svc

D = datetime.date
Y = localdate().year


def make_item(actor, org, **kw):
    values = dict(title="上半年福利费使用情况", category="welfare", content="第一段\n\n第二段",
                  published_on=localdate(), approved_by="厂务公开领导小组", publish=True)
    return svc.item_save(actor=actor, org=org, **(values | kw))


@pytest.fixture
def officer(client, officer_a):
    client.force_login(officer_a)
    return client


def test_the_officer_registers_publishes_attaches_and_withdraws(officer, tree, officer_a):
    r = officer.get("/democracy/openaffairs/new/")
    assert r.status_code == 200 and "登记厂务公开事项" in r.content.decode()
    r = officer.post("/democracy/openaffairs/new/", {"org": tree["company"].pk, "title": "职称评聘结果",
                                                    "category": "titles", "channel": "board",
                                                    "published_on": localdate().isoformat(), "approved_by": "",
                                                    "content": "评聘结果如下", "publish": "on"})
    assert r.status_code == 200 and "公开前须经审核批准" in r.content.decode()
    assert not OpenAffairsItem.objects.exists()  # nothing half-saved
    r = officer.post("/democracy/openaffairs/new/", {
        "org": tree["company"].pk, "title": "职称评聘结果", "category": "titles", "channel": "board",
        "published_on": localdate().isoformat(), "approved_by": "公司党委", "content": "评聘结果如下",
        "attachment": SimpleUploadedFile("名单.pdf", b"%PDF-1.4 x")})
    item = OpenAffairsItem.objects.get()
    assert r.status_code == 302 and item.status == OpenAffairsItem.Status.DRAFT and item.attachments.count() == 1
    assert officer.post(f"/democracy/openaffairs/{item.pk}/publish/").status_code == 302
    assert officer.post(f"/democracy/openaffairs/{item.pk}/publish/").status_code == 302  # double click
    item.refresh_from_db()
    assert item.status == OpenAffairsItem.Status.PUBLISHED
    html = officer.get(f"/democracy/openaffairs/{item.pk}/").content.decode()
    assert "名单.pdf" in html and "撤回公开" in html and "厂务公开" in html
    att = item.attachments.get()
    assert officer.get(f"/democracy/openaffairs/attachments/{att.pk}/").status_code == 200
    officer.post(f"/democracy/openaffairs/{item.pk}/withdraw/", {"reason": "名单有误"})
    item.refresh_from_db()
    assert item.status == OpenAffairsItem.Status.WITHDRAWN and item.withdraw_reason == "名单有误"


def test_the_list_filters_exports_and_costs_the_same_with_more_items(officer, tree, officer_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_item(officer_a, tree["company"])
    officer.get("/democracy/openaffairs/")
    with CaptureQueriesContext(connection) as one:
        assert officer.get("/democracy/openaffairs/").status_code == 200
    for i in range(8):
        make_item(officer_a, tree["company"], title=f"事项{i}", category="finance")
    with CaptureQueriesContext(connection) as nine:
        html = officer.get("/democracy/openaffairs/?category=finance").content.decode()
    assert len(one) == len(nine)
    assert "事项7" in html and "上半年福利费使用情况" not in html
    assert officer.get("/democracy/openaffairs/?year=abc").status_code == 400
    r = officer.get("/democracy/openaffairs/?export=xlsx")
    assert r.status_code == 200 and r["Content-Disposition"].endswith(".xlsx")
    from openpyxl import load_workbook
    import io

    sheet = load_workbook(io.BytesIO(b"".join(r.streaming_content))).active
    values = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "公开事项" in values and "事项7" in values and values.count("厂务公开领导小组") == 9


def test_the_required_list_shows_what_is_not_published_and_a_school_says_xiaowu(client, tree, officer_a,
                                                                               officer_b):
    client.force_login(officer_a)
    r = client.post(f"/democracy/openaffairs/required/?year={Y}",
                    {"year": Y, "category": "finance", "frequency": "quarterly", "note": "每季度首月"})
    assert r.status_code == 302
    client.post("/democracy/openaffairs/required/", {"year": Y, "category": "finance", "frequency": "yearly"})
    assert OpenAffairsRequirement.objects.count() == 1  # a duplicate is refused
    html = client.get(f"/democracy/openaffairs/required/?year={Y}").content.decode()
    assert f"{Y}年厂务公开应公开清单" in html and "财务收支" in html and "每季度" in html
    client.post("/democracy/openaffairs/required/copy/", {"year": Y + 1})
    assert OpenAffairsRequirement.objects.filter(year=Y + 1).count() == 1
    client.force_login(officer_b)
    school = client.get("/democracy/openaffairs/").content.decode()
    assert "校务公开事项" in school
    req = OpenAffairsRequirement.objects.first()
    assert client.post(f"/democracy/openaffairs/required/{req.pk}/delete/").status_code == 404
    client.post("/democracy/openaffairs/setting/", {"practice": "bureau"})
    assert "局务公开事项" in client.get("/democracy/openaffairs/").content.decode()


def test_another_unions_items_answer_404(client, tree, officer_a, officer_b):
    item = make_item(officer_a, tree["company"])
    att = svc.item_attach(actor=officer_a, item=item, file=SimpleUploadedFile("a.pdf", b"%PDF-1.4"))
    client.force_login(officer_b)
    for url in (f"/democracy/openaffairs/{item.pk}/", f"/democracy/openaffairs/{item.pk}/edit/",
                f"/democracy/openaffairs/attachments/{att.pk}/", f"/api/democracy/openaffairs/items/{item.pk}/"):
        assert client.get(url).status_code == 404, url
    for url in (f"/democracy/openaffairs/{item.pk}/publish/", f"/democracy/openaffairs/{item.pk}/withdraw/",
                f"/api/democracy/openaffairs/items/{item.pk}/withdraw/"):
        assert client.post(url, {"reason": "x"}).status_code == 404, url
    item.refresh_from_db()
    assert item.status == OpenAffairsItem.Status.PUBLISHED
    assert "上半年福利费" not in client.get("/democracy/openaffairs/").content.decode()


def test_members_read_published_items_on_their_phone(client, tree, officer_a, make_person, make_user):
    member = make_user("li", Role.MEMBER, tree["group"], person=make_person(tree["group"], "李四"))
    item = make_item(officer_a, tree["company"])
    make_item(officer_a, tree["company"], title="草稿事项", publish=False)
    client.force_login(member)
    home = client.get("/portal/").content.decode()
    assert 'data-card="democracy.openaffairs"' in home and "1 项新公开" in home
    assert "厂务公开" in client.get("/portal/services/").content.decode()
    html = client.get("/democracy/openaffairs/mine/").content.decode()
    assert "上半年福利费使用情况" in html and "草稿事项" not in html and "未读" in html
    detail = client.get(f"/democracy/openaffairs/mine/{item.pk}/").content.decode()
    assert "<p>第一段</p>" in detail and "<p>第二段</p>" in detail and "厂务公开领导小组" in detail
    assert item.reads.filter(user=member).count() == 1
    assert 'data-card="democracy.openaffairs"' not in client.get("/portal/").content.decode()
    assert client.get("/democracy/openaffairs/").status_code == 404  # the officers' list is not theirs
    assert client.get(f"/api/democracy/openaffairs/mine/{item.pk}/").json()["title"] == "上半年福利费使用情况"


def test_the_api_registers_and_publishes(client, tree, officer_a, officer_b):
    client.force_login(officer_a)
    base = "/api/democracy/openaffairs/items/"
    r = client.post(base, {"org": tree["company"].pk, "title": "重大采购", "category": "procurement",
                           "published_on": localdate().isoformat(), "content": "采购结果"},
                    content_type="application/json")
    assert r.status_code == 201 and r.json()["status"] == "draft"
    pk = r.json()["id"]
    r = client.post(f"{base}{pk}/publish/")
    assert r.status_code == 400 and "审核批准" in r.json()["detail"]
    r = client.post(base, {"org": tree["school"].pk, "title": "x", "category": "finance",
                           "published_on": localdate().isoformat(), "content": "x"}, content_type="application/json")
    assert r.status_code == 400 and "未找到该工会" in r.json()["detail"]
    r = client.post("/api/democracy/openaffairs/requirements/",
                    {"org": tree["company"].pk, "year": Y, "category": "finance", "frequency": "half"},
                    content_type="application/json")
    assert r.status_code == 201
    assert client.get("/api/democracy/openaffairs/requirements/?year=" + str(Y)).json()["count"] == 1
    client.force_login(officer_b)
    assert client.delete(f"/api/democracy/openaffairs/requirements/{r.json()['id']}/").status_code == 404
