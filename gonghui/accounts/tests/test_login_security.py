"""Login security: lockout (django-axes), session expiry, forced password change, password rules, and the audit
trail of logins. Logins go through the real login view with client.post so that axes runs."""
from __future__ import annotations

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth import password_validation
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from gonghui.accounts import services
from gonghui.accounts.models import User
from gonghui.accounts.views import lockout_response
from gonghui.core.models import AuditEntry

LOCK_TEXT = "连续登录失败次数过多，该账号已被锁定30分钟"


def fail(web_login, username, times, **extra):
    return [web_login(username, "wrong-password-1", **extra) for _ in range(times)]


# ------------------------------------------------------------------------------------------------ lockout


def test_settings_lock_after_five_failures_for_thirty_minutes_by_username():
    assert django_settings.AXES_FAILURE_LIMIT == 5
    assert django_settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=30)
    assert django_settings.AXES_LOCKOUT_PARAMETERS == ["username"]


def test_fifth_failure_locks_the_account_with_the_chinese_login_page(client, officer_a, web_login):
    responses = fail(web_login, "officer_a", 4)
    assert all(r.status_code == 200 for r in responses)
    assert "用户名或密码错误" in responses[-1].content.decode()

    locked = fail(web_login, "officer_a", 1)[0]
    assert locked.status_code == 403
    body = locked.content.decode()
    assert LOCK_TEXT in body
    assert 'name="username"' in body and 'value="officer_a"' in body  # the login page, the name kept
    assert "<form" in body and "登录" in body

    # The right password no longer helps while the lock lasts.
    right = web_login("officer_a")
    assert right.status_code == 403
    assert LOCK_TEXT in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_by_username_not_by_address(client, tree, officer_a, officer_b, web_login):
    fail(web_login, "officer_a", 5, REMOTE_ADDR="10.9.9.9")
    assert web_login("officer_a", REMOTE_ADDR="10.9.9.9").status_code == 403
    # Someone else from the same address logs in normally.
    response = web_login("officer_b", REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 302


def test_lock_ends_after_the_cool_off(client, officer_a, web_login):
    fail(web_login, "officer_a", 5)
    assert web_login("officer_a").status_code == 403
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=31))
    assert web_login("officer_a").status_code == 302


def test_success_resets_the_failure_count(client, officer_a, web_login):
    fail(web_login, "officer_a", 4)
    assert web_login("officer_a").status_code == 302
    client.post(reverse("accounts:logout"))
    fail(web_login, "officer_a", 4)
    assert web_login("officer_a").status_code == 302


def test_lockout_response_accepts_both_axes_signatures(rf, db):
    request = rf.post("/accounts/login/", {"username": "li"})
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request.user = AnonymousUser()
    request.session = SessionStore()
    new = lockout_response(request, None, {"username": "li"})
    old = lockout_response(request, {"username": "li"})
    for response in (new, old):
        assert response.status_code == 403
        assert LOCK_TEXT in response.content.decode()
        assert 'value="li"' in response.content.decode()


# ------------------------------------------------------------------------------------------------ audit of logins


def test_login_and_logout_are_recorded_with_the_address(client, officer_a, web_login, tree):
    response = web_login("officer_a", REMOTE_ADDR="192.0.2.10")
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN)
    assert entry.actor == officer_a and entry.actor_name == "officer_a"
    assert entry.ip == "192.0.2.10"
    assert entry.object_id == str(officer_a.pk)
    assert entry.org_path == tree["company"].path  # so the union's own audit log shows it

    client.post(reverse("accounts:logout"), REMOTE_ADDR="192.0.2.11")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGOUT)
    assert entry.actor == officer_a and entry.ip == "192.0.2.11"


def test_failed_logins_and_the_lockout_are_recorded(client, officer_a, web_login, tree):
    fail(web_login, "officer_a", 5, REMOTE_ADDR="198.51.100.7")
    failed = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED)
    assert failed.count() == 5
    entry = failed.first()
    assert entry.actor is None
    assert entry.ip == "198.51.100.7"
    assert entry.note == "用户名：officer_a"
    assert entry.object_id == str(officer_a.pk) and entry.org_path == tree["company"].path
    assert "wrong-password" not in str(entry.changes) + entry.note

    lock = AuditEntry.objects.get(action=AuditEntry.Action.LOCKOUT)
    assert "officer_a" in lock.note and "锁定" in lock.note
    assert lock.ip == "198.51.100.7"


def test_failed_login_for_an_unknown_name_is_recorded(client, db, web_login):
    web_login("nobody-here", REMOTE_ADDR="203.0.113.5")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert entry.note == "用户名：nobody-here" and entry.object_id == "" and entry.ip == "203.0.113.5"


def test_deactivated_user_cannot_log_in(client, officer_a, web_login):
    officer_a.is_active = False
    officer_a.save()
    response = web_login("officer_a")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# ------------------------------------------------------------------------------------------------ sessions


def test_session_lasts_two_idle_hours_and_is_renewed_by_a_request(client, officer_a, web_login):
    assert django_settings.SESSION_COOKIE_AGE == 2 * 3600
    assert django_settings.SESSION_ENGINE == "gonghui.accounts.sessions"
    web_login("officer_a")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + datetime.timedelta(minutes=5))
    assert client.get(reverse("core:home")).status_code == 200
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + datetime.timedelta(hours=1, minutes=59)


def test_a_session_renewed_within_the_minute_is_not_written_again(client, officer_a, web_login):
    """The row is written at most once a minute (accounts/sessions.py), not on every request."""
    web_login("officer_a")
    key = client.session.session_key
    client.get(reverse("members:person_list"))  # the first page stores the current organisation in the session
    recent = timezone.now() + datetime.timedelta(seconds=2 * 3600 - 20)
    Session.objects.filter(session_key=key).update(expire_date=recent)
    assert client.get(reverse("members:person_list")).status_code == 200
    assert Session.objects.get(session_key=key).expire_date == recent
    older = timezone.now() + datetime.timedelta(seconds=2 * 3600 - 90)
    Session.objects.filter(session_key=key).update(expire_date=older)
    assert client.get(reverse("members:person_list")).status_code == 200
    assert Session.objects.get(session_key=key).expire_date > recent


def test_expired_session_redirects_to_login(client, officer_a, web_login):
    web_login("officer_a")
    assert client.get(reverse("members:person_list")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("members:person_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# ------------------------------------------------------------------------------------------------ password change


@pytest.fixture
def newcomer(tree, make_user):
    from gonghui.accounts.roles import Role

    return make_user("newcomer", Role.OFFICER, tree["company"], must_change_password=True)


def test_must_change_password_sends_every_page_to_the_change_page(client, newcomer, web_login):
    response = web_login("newcomer")
    assert response.status_code == 302
    change = reverse("accounts:password_change")
    for url in (reverse("core:home"), reverse("members:person_list"), reverse("orgs:list"), "/admin/"):
        r = client.get(url)
        assert r.status_code == 302 and r["Location"] == change, url
    r = client.get(reverse("members:person_list"), HTTP_HX_REQUEST="true")
    assert r["HX-Redirect"] == change
    r = client.get("/api/people/")
    assert r.status_code == 403 and "请先修改密码" in r.json()["detail"]
    page = client.get(change)
    assert page.status_code == 200
    assert "您的密码为初始密码或已被管理员重置" in page.content.decode()


def test_changing_the_password_lifts_the_block_and_is_recorded(client, newcomer, web_login):
    web_login("newcomer")
    new_password = "Xinmima2025abc"
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert not newcomer.must_change_password
    assert newcomer.check_password(new_password)
    assert client.get(reverse("core:home")).status_code == 200  # still logged in, no longer blocked
    entry = AuditEntry.objects.get(action=AuditEntry.Action.UPDATE, note="本人修改密码")
    assert entry.actor == newcomer
    for e in AuditEntry.objects.filter(object_id=str(newcomer.pk)):
        assert "password" not in e.changes and new_password not in str(e.changes)
        assert "pbkdf2" not in str(e.changes) and "md5$" not in str(e.changes)


def test_wrong_current_password_is_refused_in_chinese(client, newcomer, web_login):
    web_login("newcomer")
    response = client.post(reverse("accounts:password_change"), {
        "old_password": "not-it", "new_password1": "Xinmima2025abc", "new_password2": "Xinmima2025abc"})
    assert response.status_code == 200
    assert "当前密码不正确" in response.content.decode()


@pytest.mark.parametrize("password,message", [
    ("abc12", "密码太短，至少需要10个字符"),
    ("password123", "这个密码太常见了"),
    ("83625917402", "密码只包含数字"),
    ("abcdefghijkl", "密码必须同时包含字母和数字"),
    ("newcomer2025", "太相似"),
])
def test_weak_new_passwords_get_chinese_messages(client, newcomer, web_login, settings, password, message):
    settings.AUTH_PASSWORD_VALIDATORS = [
        dict(v, NAME="gonghui.accounts.validators.MinimumLengthValidator")
        if v["NAME"].endswith(".MinimumLengthValidator") else v
        for v in django_settings.AUTH_PASSWORD_VALIDATORS
    ]
    web_login("newcomer")
    response = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password})
    assert response.status_code == 200
    assert message in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.must_change_password and newcomer.check_password(PASSWORD)


def test_every_configured_password_rule_answers_in_chinese(db):
    from django.utils import translation

    user = User(username="wangfang")
    with translation.override("zh-hans"):
        for password in ("ab1", "password123", "83625917402", "abcdefghijkl", "wangfang2025"):
            with pytest.raises(Exception) as exc:
                password_validation.validate_password(password, user)
            for message in exc.value.messages:
                assert not any("a" <= ch.lower() <= "z" for ch in message.replace("用户名", "")), message
        texts = password_validation.password_validators_help_texts()
        assert all(not any("a" <= ch.lower() <= "z" for ch in t) for t in texts), texts


def test_min_length_validator_in_chinese():
    from gonghui.accounts.validators import MinimumLengthValidator

    with pytest.raises(Exception) as exc:
        MinimumLengthValidator(min_length=10).validate("ab1")
    assert exc.value.messages == ["密码太短，至少需要10个字符。"]
    MinimumLengthValidator(min_length=10).validate("abcdefghi1")


def test_password_change_service_refuses_weak_password(newcomer):
    from gonghui.core.errors import ServiceError

    with pytest.raises(ServiceError):
        services.password_change(user=newcomer, password="12345")


def test_password_change_requires_login(client, db):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# ------------------------------------------------------------------------------------------------ Django admin


def test_django_admin_is_for_superusers_only(client, tree, make_user):
    staff = make_user("staff_only", is_staff=True)
    client.force_login(staff)
    for url in ("/admin/", "/admin/core/auditentry/", "/admin/accounts/user/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), url
    root = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/accounts/roleassignment/").status_code == 200


def test_staff_non_superuser_logging_in_to_admin_is_denied(client, db, make_user):
    make_user("staff_only", is_staff=True)
    response = client.post("/admin/login/?next=/admin/", {"username": "staff_only", "password": PASSWORD,
                                                          "next": "/admin/"})
    follow = client.get("/admin/")
    assert follow.status_code == 302 and follow["Location"].startswith("/admin/login/")
    assert response.status_code in (200, 302)


def test_audit_entries_are_read_only_in_django_admin(client, officer_a):
    root = User.objects.create_superuser("root", password=PASSWORD)
    client.force_login(root)
    entry = AuditEntry.objects.filter(object_id=str(officer_a.pk)).first()
    assert client.get("/admin/core/auditentry/").status_code == 200
    assert client.get("/admin/core/auditentry/add/").status_code == 403
    detail = client.get(f"/admin/core/auditentry/{entry.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    assert client.post(f"/admin/core/auditentry/{entry.pk}/change/", {"note": "改掉"}).status_code == 403
    assert client.post(f"/admin/core/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post("/admin/core/auditentry/", {"action": "delete_selected", "_selected_action": [entry.pk],
                                                   "post": "yes"}).status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.note == "" and AuditEntry.objects.filter(pk=entry.pk).exists()


def test_request_factory_lockout_page_has_no_session_leak(db):
    # The lockout page renders for anonymous users only: no navigation, no organisation switcher.
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().post("/accounts/login/", {"username": "x"})
    request.user = AnonymousUser()
    request.session = SessionStore()
    body = lockout_response(request, None, {"username": "x"}).content.decode()
    assert "org-switcher" not in body
