"""Password reset through the union: the member asks (nothing said about whether a phone is registered, rate
limited, audited), the union's officers see it as a to-do and issue a one-time reset code (never the password),
the member sets a new password with it; used/expired/wrong codes get their Chinese messages; another union's
person is 404."""
import datetime
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from gonghui.accounts.models import User
from gonghui.accounts.roles import Role
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.portal import desk, services_join, services_reset
from gonghui.portal.models import Invitation, Message, PasswordResetRequest

PHONE = "13912345678"
NEW = "Xin-mima-2026"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def li(tree, make_user, make_person):
    person = make_person(tree["company"], "李会员", phone=PHONE)
    return make_user(PHONE, Role.MEMBER, tree["company"], person=person)


def last6(user):
    return user.person.id_number[-6:]


# ---- services ---------------------------------------------------------------------------------------------------

def test_a_matched_request_is_a_todo_and_a_message_for_the_unions_officers(tree, li, officer_a, officer_b):
    request = services_reset.reset_request(phone=PHONE, id_last6=last6(li))
    assert request.person == li.person and request.status == PasswordResetRequest.Status.OPEN
    assert services_reset.reset_request(phone=PHONE, id_last6=last6(li).lower()) == request  # asked again: same
    assert PasswordResetRequest.objects.count() == 1
    assert Message.objects.filter(recipient=officer_a, kind="portal.password_reset").count() == 1
    assert not Message.objects.filter(recipient=officer_b).exists()
    assert {t.key: t.count for t in desk.todos(officer_a, tree["company"])}["members.password_resets"] == 1
    assert "members.password_resets" not in {t.key for t in desk.todos(officer_b, tree["school"])}
    li.refresh_from_db()
    assert li.check_password(PASSWORD) and li.is_active  # asking changes nothing on the account


def test_an_unmatched_request_records_an_audit_line_and_creates_nothing(li):
    before = AuditEntry.objects.count()
    assert services_reset.reset_request(phone=PHONE, id_last6="000000") is None
    assert services_reset.reset_request(phone="13800000000", id_last6=last6(li)) is None
    assert services_reset.reset_request(phone="abc", id_last6="x") is None
    assert not PasswordResetRequest.objects.exists() and not Message.objects.exists()
    notes = list(AuditEntry.objects.order_by("pk")[before:].values_list("note", flat=True))
    assert len(notes) == 3 and "139****5678" in notes[0] and PHONE not in notes[0]


def test_the_officer_issues_a_code_and_the_member_sets_a_new_password(tree, li, officer_a):
    services_reset.reset_request(phone=PHONE, id_last6=last6(li))
    code = services_reset.reset_issue(actor=officer_a, person=li.person)
    assert len(code) == 14
    li.refresh_from_db()
    assert li.check_password(PASSWORD)  # issuing changes nothing on the account
    assert PasswordResetRequest.objects.get().status == PasswordResetRequest.Status.DONE
    assert "members.password_resets" not in {t.key for t in desk.todos(officer_a, tree["company"])}
    invitation = Invitation.objects.get(purpose=Invitation.Purpose.RESET)
    assert invitation.expires_at - timezone.now() < datetime.timedelta(days=services_reset.RESET_DAYS, minutes=1)
    with pytest.raises(ServiceError, match="这是密码重置码"):  # not an activation code
        services_join.account_activate(phone=PHONE, code=code, password=NEW)
    with pytest.raises(ServiceError, match="至少|too short|短"):  # the settings' password rules
        services_reset.reset_with_code(phone=PHONE, code=code, password="abc")
    services_reset.reset_with_code(phone=PHONE, code=code.lower().replace("-", " "), password=NEW)
    li.refresh_from_db()
    assert li.check_password(NEW) and not li.check_password(PASSWORD)
    with pytest.raises(ServiceError, match="该重置码已使用过"):
        services_reset.reset_with_code(phone=PHONE, code=code, password=NEW)


def test_codes_wrong_replaced_expired_or_of_the_other_kind_are_refused(tree, li, officer_a, make_person):
    first = services_reset.reset_issue(actor=officer_a, person=li.person)
    second = services_reset.reset_issue(actor=officer_a, person=li.person)
    with pytest.raises(ServiceError, match="该重置码已作废"):
        services_reset.reset_with_code(phone=PHONE, code=first, password=NEW)
    with pytest.raises(ServiceError, match="手机号或重置码不正确"):
        services_reset.reset_with_code(phone="13800000000", code=second, password=NEW)
    Invitation.objects.filter(revoked=False).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(ServiceError, match="该重置码已过期"):
        services_reset.reset_with_code(phone=PHONE, code=second, password=NEW)
    newcomer = make_person(tree["company"], "新会员", phone="13700001111")
    [(_, activation)] = services_join.invitations_issue(actor=officer_a, people=[newcomer])
    with pytest.raises(ServiceError, match="这是开通账号的邀请码"):
        services_reset.reset_with_code(phone="13700001111", code=activation, password=NEW)


def test_issuing_needs_the_union_an_account_and_a_phone_login(tree, li, officer_b, officer_a, make_person,
                                                              make_user):
    with pytest.raises(ServiceError) as exc:
        services_reset.reset_issue(actor=officer_b, person=li.person)
    assert exc.value.code == "out_of_scope"
    with pytest.raises(ServiceError, match="尚未开通账号"):
        services_reset.reset_issue(actor=officer_a, person=make_person(tree["company"], "无账号"))
    other = make_person(tree["company"], "旧账号", phone="13700002222")
    make_user("old_login_name", Role.MEMBER, tree["company"], person=other)
    with pytest.raises(ServiceError, match="不是登记的手机号"):
        services_reset.reset_issue(actor=officer_a, person=other)
    assert not Invitation.objects.exists()


# ---- pages ------------------------------------------------------------------------------------------------------

def test_the_forgot_page_answers_the_same_whether_or_not_the_phone_is_registered(client, li):
    url = reverse("portal:password_forgot")
    assert "忘记密码" in client.get(url).content.decode()
    known = client.post(url, {"phone": PHONE, "id_last6": last6(li)}).content.decode()
    unknown = client.post(url, {"phone": "13800000000", "id_last6": "123456"}).content.decode()
    assert services_reset.ASKED in known and services_reset.ASKED in unknown
    def cut(html):  # the CSRF tokens differ from one answer to the next
        return re.sub(r"[A-Za-z0-9]{64}", "", html)

    assert cut(known) == cut(unknown)
    assert PasswordResetRequest.objects.count() == 1
    html = client.post(url, {"phone": "12", "id_last6": ""}).content.decode()
    assert "请填写11位手机号码" in html
    assert "已收到" not in client.post(url, {"phone": PHONE, "id_last6": last6(li), "website": "x"}).content.decode()


def test_the_forgot_page_is_rate_limited_per_phone(client, li):
    url = reverse("portal:password_forgot")
    for _ in range(3):
        assert "已收到" in client.post(url, {"phone": "13800000000", "id_last6": "123456"}).content.decode()
    assert "操作过于频繁" in client.post(url, {"phone": "13800000000", "id_last6": "123456"}).content.decode()


def test_the_login_page_links_to_forgot(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert 'id="forgot-link"' in html and "portal/forget.js" in html


def test_officer_pages_issue_once_and_another_unions_person_is_404(client, tree, li, officer_a, officer_b):
    services_reset.reset_request(phone=PHONE, id_last6=last6(li))
    client.force_login(officer_a)
    html = client.get(reverse("portal:password_resets")).content.decode()
    assert "会员密码重置" in html  # in the sidebar's 组织与会员
    assert "李会员" in html and reverse("portal:password_reset_issue", args=[li.person.pk]) in html
    person_page = client.get(reverse("members:person_detail", args=[li.person.pk])).content.decode()
    assert 'id="reset-password-link"' in person_page
    url = reverse("portal:password_reset_issue", args=[li.person.pk])
    assert "在登录页申请" in client.get(url).content.decode()
    html = client.post(url).content.decode()
    code = html.split('id="reset-code">')[1].split("<")[0]
    assert len(code) == 14 and "只显示这一次" in html
    client.force_login(officer_b)
    assert client.get(url).status_code == 404 and client.post(url).status_code == 404
    assert "李会员" not in client.get(reverse("portal:password_resets")).content.decode()
    client.force_login(li)  # a member
    assert client.get(url).status_code == 404 and client.get(reverse("portal:password_resets")).status_code == 404

    client.logout()
    r = client.post(reverse("portal:password_reset"), {"phone": PHONE, "code": code, "password": NEW,
                                                        "password2": NEW})
    assert r.status_code == 302 and r["Location"] == reverse("accounts:login")
    html = client.post(reverse("portal:password_reset"), {"phone": PHONE, "code": code, "password": NEW,
                                                           "password2": NEW}).content.decode()
    assert "该重置码已使用过" in html
    assert User.objects.get(pk=li.pk).check_password(NEW)


def test_a_reset_ends_the_sessions_signed_in_with_the_old_password(client, li, officer_a):
    client.force_login(li)
    assert client.get(reverse("portal:member_home")).status_code == 200
    code = services_reset.reset_issue(actor=officer_a, person=li.person)
    services_reset.reset_with_code(phone=PHONE, code=code, password=NEW)
    r = client.get(reverse("portal:member_home"))
    assert r.status_code == 302 and reverse("accounts:login") in r["Location"]
    assert User.objects.get(pk=li.pk).check_password(NEW)
