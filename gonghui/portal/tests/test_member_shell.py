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
    for tab in ("首页", "服务", "活动", "消息", "我的"):  # 活动 came with its area (activities)
        assert f"<span>{tab}" in html
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
    assert r.redirect_chain[-1][0] == "/portal/"


def test_an_officer_is_sent_to_the_desk(client, tree, make_user):
    client.force_login(make_user("chair", Role.CHAIR, tree["company"]))
    for url in ("/portal/", "/portal/services/", "/portal/me/"):
        r = client.get(url)
        assert r.status_code == 302 and r.url == "/"


# The member's 首页 costs the same whatever the data: session, user, grants, the membership's path, the notices card
# (list and unread count), unread messages, the person (7, and no write: the session is renewed at most once a
# minute, accounts/sessions.py); one for each source of the member's 待办 (a transfer waiting, a join application
# sent back, help applications being decided); one for each area's card (congress: a session open to sign in;
# proposals: answers to rate; 厂务公开: items of the last 60 days not yet opened; 问卷待填写; 我的合理化建议; activities: open events;
# rights: 我报告的隐患).
HOME_QUERIES = 17
HOME_QUERIES_NON_MEMBER = 16


def test_home_costs_a_fixed_number_of_queries(as_li, li, tree, make_user, make_person, django_assert_num_queries):
    from gonghui.care import services as care
    from gonghui.care.models import Assistance
    from gonghui.portal import services_join as join

    chair = make_user("chair", Role.CHAIR, tree["company"])
    as_li.get("/portal/")  # warm caches (content types, sessions)
    with django_assert_num_queries(HOME_QUERIES) as first:
        html = as_li.get("/portal/").content.decode()
    assert 'data-card="todos"' in html and "暂无待办" in html
    assert not [q for q in first.captured_queries if not q["sql"].lstrip().startswith("SELECT")]
    for i in range(5):
        n = notice_save(actor=chair, org=tree["company"], title=f"通知{i}", body="内容")
        notice_publish(actor=chair, notice=n)
    members.member_transfer_out(person=li.person, to_org=tree["school"], on=datetime.date.today())
    for _ in range(3):
        care.assistance_create(actor=chair, person=li.person, kind=Assistance.Kind.DAILY, amount="200",
                               reason="家中受灾", submit=True, applied_on=datetime.date.today())
    with django_assert_num_queries(HOME_QUERIES):
        html = as_li.get("/portal/").content.decode()
    assert "通知4" in html and "5 条未读" in html
    assert "转会待乙学校工会接收" in html and "救助申请审批中" in html
    assert html.index("转会待乙学校工会接收") < html.index("救助申请审批中")  # most urgent first

    # A registered non-member who logs in and applied online: the application sent back is their to-do.
    # (One fewer for them: with no membership yet, there is no union path to read.)
    wang = make_user("wang", Role.MEMBER, tree["company"], person=make_person(tree["company"], "王职工", member=False))
    as_li.force_login(wang)
    as_li.get("/portal/")
    with django_assert_num_queries(HOME_QUERIES_NON_MEMBER):
        assert "暂无待办" in as_li.get("/portal/").content.decode()
    application = join.join_apply(org=tree["company"], name="王职工", id_number=wang.person.id_number,
                                  phone="13812345678", employer="甲公司", consent=True)
    join.join_ask_more(actor=None, application=application, note="请补充在职证明")
    with django_assert_num_queries(HOME_QUERIES_NON_MEMBER):
        html = as_li.get("/portal/").content.decode()
    assert "入会申请需补充材料" in html and "请补充在职证明" in html


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


def test_my_applications_lists_help_and_transfer_with_their_states(as_li, li, tree, make_user):
    from gonghui.care import services as care
    from gonghui.care.models import Assistance

    html = as_li.get("/portal/me/applications/").content.decode()
    assert "暂无入会申请" in html and "暂无救助申请" in html and "暂无转会申请" in html
    chair = make_user("chair", Role.CHAIR, tree["company"])
    care.assistance_create(actor=chair, person=li.person, kind=Assistance.Kind.DAILY, amount="200", reason="受灾",
                           submit=True, applied_on=datetime.date.today())
    members.member_transfer_out(person=li.person, to_org=tree["school"], on=datetime.date.today())
    html = as_li.get("/portal/me/applications/").content.decode()
    assert 'data-applications="care.assistance"' in html and "已提交" in html
    assert "转入乙学校工会" in html and "待接收" in html
    assert 'data-entry="applications"' in as_li.get("/portal/me/").content.decode()
    as_li.force_login(chair)  # an officer is sent to the desk
    assert as_li.get("/portal/me/applications/").status_code == 302


def test_a_join_application_appears_in_my_applications(client, tree, make_user, make_person):
    from gonghui.portal import services_join as join

    wang = make_user("wang", Role.MEMBER, tree["company"], person=make_person(tree["company"], "王职工", member=False))
    join.join_apply(org=tree["company"], name="王职工", id_number=wang.person.id_number, phone="13812345678",
                    employer="甲公司", consent=True)
    client.force_login(wang)
    html = client.get("/portal/me/applications/").content.decode()
    assert "申请加入甲公司工会" in html and "待审核" in html
