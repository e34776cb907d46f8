"""The member's phone shell: plug points, 首页/服务/我的, the manifest, and the membership card's signed QR."""
import datetime

import pytest
from django.core import signing

from gonghui.accounts.roles import Role
from gonghui.members import services as members
from gonghui.members.models import Person
from gonghui.portal import member, member_card
from gonghui.portal.notices import notice_publish, notice_save


@pytest.fixture
def li(tree, make_user, make_person):
    return make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李会员"))


@pytest.fixture
def as_li(client, li):
    client.force_login(li)
    return client


def test_an_entry_declared_by_an_area_appears_on_services(as_li):
    member.register_entry(member.MemberEntry(
        key="test.books", label="职工书屋借阅", icon="book", url_name="portal:my_notices", section=member.SERVICES,
        order=5))
    try:
        html = as_li.get("/portal/services/").content.decode()
    finally:
        member.unregister("test.books")
    assert 'data-entry="test.books"' in html and "职工书屋借阅" in html
    assert html.index("职工书屋借阅") < html.index("申请救助")  # in order


def test_an_entry_with_an_unknown_section_is_refused():
    with pytest.raises(ValueError):
        member.register_entry(member.MemberEntry("x", "x", "x", "portal:my_notices", "活动"))


def test_services_and_me_list_the_areas_entries(as_li):
    services = as_li.get("/portal/services/")
    assert services.status_code == 200
    for label in ("申请救助", "报告家庭事项", "通知公告"):
        assert label in services.content.decode()
    me = as_li.get("/portal/me/").content.decode()
    assert "我的救助申请" in me and "消息" in me and "申请救助" not in me


def test_home_shows_the_cards_in_order_and_the_tab_bar(as_li):
    r = as_li.get("/portal/")
    assert r.status_code == 200
    html = r.content.decode()
    assert html.index('data-card="notices"') < html.index('data-card="messages"')
    for tab in ("首页", "服务", "消息", "我的"):
        assert f"<span>{tab}" in html
    assert "活动" not in html
    assert 'rel="manifest"' in html


def test_a_card_whose_context_is_none_is_left_out(as_li):
    member.register_card(member.HomeCard("test.none", "portal/member/card_messages.html", lambda user: None, 1))
    try:
        assert 'data-card="test.none"' not in as_li.get("/portal/").content.decode()
    finally:
        member.unregister("test.none")


def test_a_member_lands_on_the_shell_after_login(client, li):
    from conftest import PASSWORD

    r = client.post("/accounts/login/", {"username": "member_li", "password": PASSWORD}, follow=True)
    assert r.redirect_chain == [("/portal/", 302)]  # straight there: no stop at the desk's home


def test_an_officer_is_sent_to_the_desk(client, tree, make_user):
    client.force_login(make_user("chair", Role.CHAIR, tree["company"]))
    for url in ("/portal/", "/portal/services/", "/portal/me/"):
        r = client.get(url)
        assert r.status_code == 302 and r.url == "/"


def test_home_costs_a_fixed_number_of_queries(as_li, li, tree, make_user, django_assert_num_queries):
    chair = make_user("chair", Role.CHAIR, tree["company"])
    as_li.get("/portal/")  # warm caches (content types, sessions)
    # session, user, grants, the membership's path, the notices card (list and unread count), unread messages, the
    # person; no write (the session is renewed at most once a minute, accounts/sessions.py)
    with django_assert_num_queries(7) as first:
        as_li.get("/portal/")
    assert not [q for q in first.captured_queries if not q["sql"].lstrip().startswith("SELECT")]
    for i in range(5):
        n = notice_save(actor=chair, org=tree["company"], title=f"通知{i}", body="内容")
        notice_publish(actor=chair, notice=n)
    with django_assert_num_queries(len(first.captured_queries)):
        html = as_li.get("/portal/").content.decode()
    assert "通知4" in html and "5 条未读" in html


def test_the_manifest(client):
    r = client.get("/portal/manifest.webmanifest")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/manifest+json")
    data = r.json()
    assert data["name"] == "工会会员服务" and data["start_url"] == "/portal/" and data["theme_color"]
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    from django.contrib.staticfiles import finders
    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix("/static/"))


# The membership card and its signed QR code


def test_me_shows_the_card_with_a_qr_code(as_li, li):
    html = as_li.get("/portal/me/").content.decode()
    assert li.person.member_no and li.person.member_no in html
    assert "甲公司工会" in html and "2020年1月1日" in html
    assert 'id="member-qr"' in html and "<svg" in html


def test_the_qr_code_encodes_the_verify_address_it_names(as_li, li):
    import html as html_lib
    import re

    from gonghui.portal import views_member

    page = as_li.get("/portal/me/").content.decode()
    url = html_lib.unescape(re.search(r'id="member-qr" data-url="([^"]+)"', page).group(1))
    assert re.match(r"^http://testserver/portal/verify/[^/]+/$", url)
    assert views_member.qr_svg(url) in page  # the drawn code is that address's
    token = url.split("/")[-2]
    assert member_card.verify(token) == li.person
    assert f'data-url="{url}"' in as_li.get("/portal/me/").content.decode()  # kept in the cache: the same code


def _verify(client, token):
    return client.get(f"/portal/verify/{token}/")


@pytest.fixture
def officer(client, tree, make_user):
    client.force_login(make_user("chair", Role.CHAIR, tree["company"]))
    return client


def test_a_true_card_is_valid_with_details_in_scope(officer, li):
    r = _verify(officer, member_card.token_for(li.person))
    html = r.content.decode()
    assert r.status_code == 200 and "有效会员" in html and "李会员" in html and li.person.member_no in html


def test_a_tampered_token_is_invalid(officer, li):
    token = member_card.token_for(li.person)
    forged = signing.dumps([li.person.pk, li.person.member_no], salt="another")
    for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), forged, "nonsense"):
        html = _verify(officer, bad).content.decode()
        assert "无效" in html and "有效会员" not in html and "李会员" not in html


def test_a_copied_card_of_someone_no_longer_a_member_is_invalid(officer, li):
    token = member_card.token_for(li.person)
    members.member_withdraw(person=li.person, on=datetime.date.today(), note="本人申请退会")
    html = _verify(officer, token).content.decode()
    assert "无效" in html and "有效会员" not in html and "李会员" not in html


def test_a_card_whose_member_number_changed_is_invalid(officer, li):
    token = member_card.token_for(li.person)
    Person.objects.filter(pk=li.person.pk).update(member_no="NEW-0001")
    html = _verify(officer, token).content.decode()
    assert "无效" in html and "有效会员" not in html


def test_out_of_scope_officer_sees_only_valid_and_the_union(client, tree, make_user, li):
    client.force_login(make_user("chair_b", Role.CHAIR, tree["school"]))
    html = _verify(client, member_card.token_for(li.person)).content.decode()
    assert "有效会员" in html and "甲公司工会" in html
    assert "李会员" not in html and li.person.member_no not in html


def test_a_member_cannot_use_the_verify_page(as_li, li):
    assert _verify(as_li, member_card.token_for(li.person)).status_code == 404


def test_verify_needs_login(client, li):
    r = _verify(client, member_card.token_for(li.person))
    assert r.status_code == 302 and "/accounts/login/" in r.url


def test_the_service_worker_precaches_files_that_exist(client):
    from django.contrib.staticfiles import finders

    from gonghui.portal.views_member import SW_STATIC

    r = client.get("/portal/sw.js")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/javascript")
    body = r.content.decode()
    for name in SW_STATIC:
        assert finders.find(name), name
        assert f"/static/{name}" in body
    assert "/portal/verify/" in body  # verification is never answered from the cache


def test_the_member_layout_registers_the_service_worker(as_li):
    html = as_li.get("/portal/").content.decode()
    assert 'data-sw="/portal/sw.js"' in html and "portal/member.js" in html


def test_a_members_other_pages_keep_the_tab_bar_and_officers_pages_do_not(as_li, client, tree, make_user):
    html = as_li.get("/portal/messages/").content.decode()
    assert 'id="member-tabs"' in html and html.count('id="messages-link"') == 1
    assert 'id="member-tabs"' in as_li.get("/care/my/").content.decode()
    client.force_login(make_user("chair", Role.CHAIR, tree["company"]))
    assert 'id="member-tabs"' not in client.get("/portal/messages/").content.decode()
