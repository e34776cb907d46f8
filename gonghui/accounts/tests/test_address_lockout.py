"""The per-address limit (accounts/lockout.py): one address cannot try a password across every account name, but a
whole office behind one NAT address keeps working through its everyday typos."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from gonghui.core.models import AuditEntry

ADDRESS_TEXT = "从您所在网络地址登录失败的次数过多"
OFFICE = "203.0.113.7"


@pytest.fixture
def address_limit(settings):
    settings.GONGHUI_LOGIN_ADDRESS_LIMIT = 12
    return 12


def test_default_limit_is_far_above_the_account_limit(settings):
    assert settings.GONGHUI_LOGIN_ADDRESS_LIMIT >= 10 * settings.AXES_FAILURE_LIMIT


def test_spraying_one_password_across_accounts_locks_the_address(client, make_user, web_login, address_limit):
    # Three failures per name stay under the account lock (5), so only the address limit can stop this.
    names = [f"u{i}" for i in range(address_limit // 3)]
    for name in names:
        make_user(name)
        for _ in range(3):
            assert web_login(name, "Spring2025!", REMOTE_ADDR=OFFICE).status_code == 200
    make_user("victim")
    refused = web_login("victim", PASSWORD, REMOTE_ADDR=OFFICE)  # the right password, from that address
    assert refused.status_code == 403
    assert ADDRESS_TEXT in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # The same account from another address is not locked: the account itself did nothing wrong.
    assert web_login("victim", PASSWORD, REMOTE_ADDR="198.51.100.1").status_code == 302
    locks = AuditEntry.objects.filter(action=AuditEntry.Action.LOCKOUT, ip=OFFICE)
    assert [e.note for e in locks] == [f"来源地址 {OFFICE} 登录失败达到{address_limit}次，暂停从该地址登录"]


def test_an_office_behind_one_address_survives_its_typos(client, make_user, web_login, settings):
    # Default limit: twenty colleagues behind one NAT address each mistype twice in the morning, then log in.
    for i in range(20):
        make_user(f"staff{i}")
    for i in range(20):
        assert web_login(f"staff{i}", "typo-typo-1", REMOTE_ADDR=OFFICE).status_code == 200
        assert web_login(f"staff{i}", "typo-typo-2", REMOTE_ADDR=OFFICE).status_code == 200
    for i in range(20):
        assert web_login(f"staff{i}", PASSWORD, REMOTE_ADDR=OFFICE).status_code == 302
        client.post(reverse("accounts:logout"))


def test_address_lock_ends_after_the_cool_off(make_user, web_login, address_limit, monkeypatch):
    make_user("li")
    for i in range(address_limit):
        web_login(f"nobody{i}", "x", REMOTE_ADDR=OFFICE)
    assert web_login("li", PASSWORD, REMOTE_ADDR=OFFICE).status_code == 403
    later = timezone.now() + datetime.timedelta(minutes=31)  # audit rows cannot be moved back, so time moves on
    monkeypatch.setattr("gonghui.accounts.lockout.timezone.now", lambda: later)
    assert web_login("li", PASSWORD, REMOTE_ADDR=OFFICE).status_code == 302


def test_token_endpoint_counts_with_the_login_page(client, make_user, address_limit):
    make_user("li")
    url = reverse("api:token") if _has("api:token") else "/api/auth/token/"
    for i in range(address_limit):
        client.post(url, {"username": f"nobody{i}", "password": "x"}, content_type="application/json",
                    REMOTE_ADDR=OFFICE)
    response = client.post(url, {"username": "li", "password": PASSWORD}, content_type="application/json",
                           REMOTE_ADDR=OFFICE)
    assert response.status_code == 403
    assert ADDRESS_TEXT in response.json()["detail"]


def _has(name: str) -> bool:
    from django.urls import NoReverseMatch

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True
