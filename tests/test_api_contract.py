"""The API keeps its contract: errors are JSON with a Chinese `detail`, the schema and its page need a login, and
the answers conform to the OpenAPI schema (schemathesis over the whole schema: tests/test_api_schemathesis.py)."""
from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from rest_framework.authtoken.models import Token

from gonghui.accounts.roles import Role

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _json_detail(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    detail = response.json()["detail"]
    assert isinstance(detail, str) and CHINESE.search(detail), detail
    return response.json()


@pytest.fixture
def officer_client(officer_a):
    client = Client(raise_request_exception=False)
    client.force_login(officer_a)
    return client


# --- the schema and its page need a login ------------------------------------------------------------------------

@override_settings(DEBUG=False)
@pytest.mark.parametrize("url", ["/api/schema/", "/api/schema/?format=json"])
def test_schema_refuses_anonymous_users_with_401_json(db, url):
    _json_detail(Client().get(url), 401)


def test_docs_page_sends_anonymous_users_to_the_login_page(db):
    response = Client().get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/api/docs/")


def test_schema_and_docs_answer_a_token_or_a_session(officer_a, officer_client):
    token = Token.objects.create(user=officer_a)
    by_token = Client().get("/api/schema/?format=json", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert by_token.status_code == 200 and by_token.json()["openapi"].startswith("3.")
    assert officer_client.get("/api/schema/").status_code == 200
    assert officer_client.get("/api/docs/").status_code == 200


# --- every error is JSON with a Chinese detail --------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/api/people/abc/", "/api/people/1.5/", "/api/orgs/null,null/", "/api/no-such-thing/",
                                 "/api/people/99999999999999999999/", "/api/care/assistance/-1/",
                                 "/api/people/1%0A2/"])
def test_addresses_that_match_nothing_answer_json_404(officer_client, url):
    _json_detail(officer_client.get(url), 404)


def test_anonymous_json_404_too(db):
    _json_detail(Client().get("/api/people/abc/"), 404)


def test_a_serializer_error_has_a_detail_and_errors_by_field(officer_client, tree):
    body = _json_detail(officer_client.post("/api/people/", {}, content_type="application/json"), 400)
    assert "name" in body["errors"] and body["errors"]["name"]
    assert "name" in body["detail"]


def test_a_malformed_json_body_is_a_chinese_400(officer_client, tree):
    _json_detail(officer_client.post("/api/people/", "{not json", content_type="application/json"), 400)


def test_wrong_method_and_media_type_answer_json(officer_client, make_person, tree):
    person = make_person(tree["company"], "赵六")
    _json_detail(officer_client.delete(f"/api/people/{person.pk}/"), 405)
    _json_detail(officer_client.post("/api/people/", "<x/>", content_type="application/xml"), 415)


def test_unauthenticated_answers_json_401(db):
    _json_detail(Client().get("/api/people/"), 401)


def test_an_unexpected_exception_answers_json_500_and_is_logged(officer_client, monkeypatch, caplog):
    from gonghui.members import selectors

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "person_list", broken)
    with caplog.at_level("ERROR", logger="django.request"):
        body = _json_detail(officer_client.get("/api/people/"), 500)
    assert "boom" not in str(body) and "Traceback" not in str(body)
    logged = [r for r in caplog.records if r.exc_info]
    assert len(logged) == 1 and "boom" in str(logged[0].exc_info[1])


def test_the_test_client_still_raises_an_unexpected_exception(officer_a, monkeypatch):
    """got_request_exception is sent, so a test (or an error reporter) hears of the bug."""
    from gonghui.members import selectors

    monkeypatch.setattr(selectors, "person_list", lambda user: 1 / 0)
    client = Client()
    client.force_login(officer_a)
    with pytest.raises(ZeroDivisionError):
        client.get("/api/people/")


# --- the schema documents the errors ------------------------------------------------------------------------------

def test_every_operation_documents_its_error_answers(officer_client):
    schema = officer_client.get("/api/schema/?format=json").json()
    assert schema["components"]["schemas"]["Detail"]["required"] == ["detail"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            expected = {"403", "404"} | ({"401"} if path != "/api/auth/token/" else {"429"})
            if operation.get("requestBody"):
                expected |= {"400", "415"}
            assert expected <= set(responses), (method, path, sorted(responses))
            for code, response in responses.items():
                if code.startswith(("4", "5")):
                    assert response["content"]["application/json"]["schema"] == {
                        "$ref": "#/components/schemas/Detail"}, (method, path, code)


def test_number_filters_are_bounded_integers_in_the_schema(officer_client):
    schema = officer_client.get("/api/schema/?format=json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/people/"]["get"]["parameters"]}
    assert params["join_year"] == {"type": "integer", "minimum": 1, "maximum": 9999}
    params = {p["name"]: p["schema"] for p in schema["paths"]["/api/care/assistance/"]["get"]["parameters"]}
    assert params["person"]["type"] == "integer" and params["person"]["maximum"] == 2 ** 63 - 1


def test_read_only_choices_that_may_be_blank_say_so(officer_client):
    """"" (not disbursed yet, membership not ended) was answered outside the documented enum."""
    import jsonschema

    schema = officer_client.get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]

    def accepts(component, field, value):
        prop = components[component]["properties"][field]
        resolver_schema = {**prop, "components": schema["components"]}
        try:
            jsonschema.validate(value, resolver_schema)
        except jsonschema.ValidationError:
            return False
        return True

    assert accepts("Assistance", "disburse_method", "") and accepts("Assistance", "disburse_method", "cash")
    assert not accepts("Assistance", "disburse_method", "cheque")
    assert accepts("Membership", "end_reason", "")
