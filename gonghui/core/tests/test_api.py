"""The API's plumbing: token login through django-axes, the audit actor of token requests, error answers, schema."""
from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from conftest import PASSWORD
from gonghui.accounts.roles import Role
from gonghui.core.api import exception_handler
from gonghui.core.errors import ConflictError, ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members.models import MembershipEvent, Person

TOKEN_URL = "/api/auth/token/"


@pytest.fixture
def api():
    return APIClient()


def get_token(api, username, password=PASSWORD, **extra):
    return api.post(TOKEN_URL, {"username": username, "password": password}, format="json", **extra)


def test_token_login_gives_a_working_token_and_is_audited(api, officer_a, make_person, tree):
    make_person(tree["company"], "赵六")
    response = get_token(api, "officer_a", REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["username"] == "officer_a" and len(body["token"]) == 40
    login = AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN, actor=officer_a).get()
    assert login.ip == "10.1.2.3"
    officer_a.refresh_from_db()
    assert officer_a.last_login is not None

    # The same token again on a second login; and it authenticates API calls.
    assert get_token(api, "officer_a").json()["token"] == body["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {body['token']}")
    listing = api.get("/api/people/")
    assert listing.status_code == 200
    assert [p["name"] for p in listing.json()["results"]] == ["赵六"]


def test_api_needs_authentication(api, officer_a):
    assert api.get("/api/people/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert api.get("/api/people/").status_code == 401


def test_wrong_password_is_refused_in_chinese_and_audited(api, officer_a):
    response = get_token(api, "officer_a", "wrong-password")
    assert response.status_code == 400
    assert "用户名或密码错误" in response.json()["detail"]
    assert "token" not in response.json()
    failed = AuditEntry.objects.get(action=AuditEntry.Action.LOGIN_FAILED)
    assert "officer_a" in failed.note


def test_lockout_through_the_token_endpoint_after_five_failures(api, officer_a):
    for attempt in range(1, 6):
        response = get_token(api, "officer_a", f"wrong-{attempt}")
        assert response.status_code == (403 if attempt == 5 else 400), (attempt, response.content)
    # Now even the right password is refused, with the lockout message, and no token is given.
    response = get_token(api, "officer_a")
    assert response.status_code == 403
    assert "锁定" in response.json()["detail"]
    assert "token" not in response.json()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN_FAILED).count() >= 5
    assert AuditEntry.objects.filter(action=AuditEntry.Action.LOCKOUT).exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.LOGIN).exists()
    # The web login form shares the count: the account is locked there too.
    from django.test import Client

    web = Client()
    page = web.post("/accounts/login/", {"username": "officer_a", "password": PASSWORD})
    assert page.status_code == 403


def test_success_resets_the_failure_count(api, officer_a):
    for attempt in range(4):
        assert get_token(api, "officer_a", f"wrong-{attempt}").status_code == 400
    assert get_token(api, "officer_a").status_code == 200
    for attempt in range(4):
        assert get_token(api, "officer_a", f"wrong-again-{attempt}").status_code == 400
    assert get_token(api, "officer_a").status_code == 200


def test_user_who_must_change_password_gets_no_token(api, make_user, tree):
    make_user("newbie", Role.OFFICER, tree["company"], must_change_password=True)
    response = get_token(api, "newbie")
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_token_requests_are_audited_with_the_right_actor(api, officer_a, make_person, tree):
    person = make_person(tree["company"], "钱七")
    token = get_token(api, "officer_a").json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.post(f"/api/people/{person.pk}/retire/", {"on": "2024-06-30", "note": "到龄退休"},
                        format="json", REMOTE_ADDR="10.9.8.7")
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(person.pk),
                                      content_type__model="person").latest("id")
    assert entry.actor == officer_a
    assert entry.source == "api"
    assert entry.ip == "10.9.8.7"
    event = MembershipEvent.objects.get(person=person, kind=MembershipEvent.Kind.RETIRE)
    assert event.recorded_by == officer_a
    # After the request the actor is no longer set.
    from gonghui.core.context import current_actor

    assert current_actor().user is None


def test_session_requests_are_audited_as_api_too(api, officer_a, make_person, tree):
    person = make_person(tree["company"], "孙八")
    api.force_login(officer_a)
    response = api.patch(f"/api/people/{person.pk}/", {"version": person.version, "department": "车间"},
                         format="json")
    assert response.status_code == 200, response.content
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE, object_id=str(person.pk),
                                      content_type__model="person").latest("id")
    assert entry.actor == officer_a and entry.source == "api"
    assert entry.changes["department"] == ["", "车间"]


def test_exception_handler_answers_in_chinese():
    conflict = exception_handler(ConflictError(), {})
    assert conflict.status_code == 409 and "已被他人修改" in conflict.data["detail"]
    plain = exception_handler(ServiceError("请填写退会原因。"), {})
    assert plain.status_code == 400 and plain.data == {"detail": "请填写退会原因。"}
    fields = exception_handler(ValidationError({"name": ["请填写姓名。"], "phone": ["手机号应为11位。"]}), {})
    assert fields.status_code == 400
    assert fields.data["errors"] == {"name": ["请填写姓名。"], "phone": ["手机号应为11位。"]}
    assert "请填写姓名。" in fields.data["detail"]


def test_schema_is_valid_openapi_3_with_our_paths(client, officer_a):
    from drf_spectacular.validation import validate_schema

    client.force_login(officer_a)  # anonymous users get 401 (tests/test_api_contract.py)
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on an invalid document
    paths = set(schema["paths"])
    expected = {
        "/api/auth/token/", "/api/orgs/", "/api/orgs/{id}/", "/api/orgs/{id}/move/", "/api/orgs/{id}/close/",
        "/api/people/", "/api/people/{id}/", "/api/people/{id}/family/", "/api/people/{id}/memberships/",
        "/api/people/{id}/events/", "/api/people/{id}/apply/", "/api/people/{id}/admit/",
        "/api/people/{id}/transfer-out/", "/api/people/{id}/retire/", "/api/people/{id}/withdraw/",
        "/api/people/{id}/death/", "/api/transfers/", "/api/transfers/{id}/", "/api/transfers/{id}/accept/",
        "/api/transfers/{id}/reject/", "/api/transfers/{id}/cancel/",
    }
    assert expected <= paths, expected - paths
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    assert schema["paths"]["/api/people/{id}/"]["get"]["parameters"][0]["schema"]["type"] == "integer"


def test_swagger_ui_is_served_without_cdn(client, officer_a):
    client.force_login(officer_a)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()


def test_dates_default_to_today(api, officer_a, make_person, tree):
    person = make_person(tree["company"], "周九", member=False)
    api.force_login(officer_a)
    response = api.post(f"/api/people/{person.pk}/apply/", {}, format="json")
    assert response.status_code == 200, response.content
    event = MembershipEvent.objects.get(person=person, kind=MembershipEvent.Kind.APPLY)
    from django.utils.timezone import localdate

    assert event.occurred_on == localdate()
    assert Person.objects.get(pk=person.pk).member_status == Person.MemberStatus.PENDING
    assert isinstance(event.occurred_on, datetime.date)


def test_token_of_a_user_who_must_change_password_is_held_back(api, officer_a):
    token = get_token(api, "officer_a").json()["token"]
    officer_a.must_change_password = True  # e.g. an administrator reset the password
    officer_a.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = api.get("/api/people/")
    assert response.status_code == 403
    assert "修改密码" in response.json()["detail"]


def test_token_of_a_deactivated_user_stops_working(api, officer_a):
    token = get_token(api, "officer_a").json()["token"]
    officer_a.is_active = False
    officer_a.save()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/people/").status_code == 401
