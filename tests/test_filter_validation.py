"""Every filter of every list validates its input: hostile query strings never answer 500.

The test walks the URL patterns at run time (as the scope-leak test does): every list page built on
`core.views.ObjectListView` and every API list (a DRF route mapping GET to `list`) with a filterset. Each filter of
the filterset — and the page's `page` and `sort` parameters — is sent hostile values: "null", zero, negative,
fractional and exponent numbers, a number too big for any integer column, a 20-digit one, text, a NUL character, an
impossible date. Answers allowed: 200 (the value filters or is ignored), 400 — on the API with a Chinese `detail`,
on a page with the filter's error shown beside the filter (docs/API.md, "Validation").
"""
from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from rest_framework.viewsets import GenericViewSet

from gonghui.accounts.roles import Role
from gonghui.core.filters import FilterSet
from gonghui.core.views import ObjectListView
from tests.test_scope_leaks import url_patterns

HOSTILE = ["null", "0", "-1", "1.5", "1e309", "99999999999", "99999999999999999999", "abc", "\x00", "2025-02-30"]
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _list_pages():
    for display, template, kinds, entry in url_patterns():
        view_class = getattr(entry.callback, "view_class", None)
        if template is None or kinds or view_class is None or not issubclass(view_class, ObjectListView):
            continue
        yield "/" + template, view_class.filterset_class


def _api_lists():
    for display, template, kinds, entry in url_patterns():
        cls = getattr(entry.callback, "cls", None)
        actions = getattr(entry.callback, "actions", None) or {}
        if template is None or kinds or cls is None or not issubclass(cls, GenericViewSet):
            continue
        if actions.get("get") == "list" and getattr(cls, "filterset_class", None) is not None:
            yield "/" + template, cls.filterset_class


@pytest.fixture
def admin_client(tree, make_user, make_person):
    make_person(tree["company"], "赵六")
    make_person(tree["school"], "钱七")
    client = Client(raise_request_exception=False)
    client.force_login(make_user("fed_admin", Role.ADMIN, tree["fed"]))
    return client


def test_the_walk_finds_the_lists():
    pages = dict(_list_pages())
    apis = dict(_api_lists())
    assert {"/people/", "/care/campaigns/", "/orgs/"} <= set(pages)
    assert {"/api/people/", "/api/orgs/", "/api/care/assistance/", "/api/care/campaigns/"} <= set(apis)


def test_every_filterset_derives_from_the_core_filterset():
    """The bounds and messages live in core.filters.FilterSet: a list whose filters bypass it is unguarded."""
    classes = {cls for _, cls in [*_list_pages(), *_api_lists()] if cls is not None}
    assert classes
    assert [c.__qualname__ for c in classes if not issubclass(c, FilterSet)] == []


def _probe(client, url, names, extra=()):
    for name in [*names, *extra]:
        for value in HOSTILE:
            response = client.get(url, {name: value})
            yield name, value, response


def test_hostile_values_on_every_list_page(admin_client):
    failures = []
    for url, filterset_class in _list_pages():
        names = list(filterset_class.base_filters) if filterset_class else []
        for name, value, response in _probe(admin_client, url, names, extra=("page", "sort")):
            if response.status_code not in (200, 400):
                failures.append(f"{url}?{name}={value!r}: {response.status_code}")
            elif response.status_code == 400 and "invalid-feedback" not in response.content.decode():
                failures.append(f"{url}?{name}={value!r}: 400 without the filter's error on the page")
    assert failures == []


def test_hostile_values_on_every_api_list(tree, make_user, make_person):
    make_person(tree["company"], "赵六")
    client = Client(raise_request_exception=False)
    client.force_login(make_user("fed_admin", Role.ADMIN, tree["fed"]))
    failures = []
    for url, filterset_class in _api_lists():
        for name, value, response in _probe(client, url, list(filterset_class.base_filters), extra=("page",)):
            where = f"{url}?{name}={value!r}"
            if response.status_code not in (200, 400, 404) or response.status_code == 404 and name != "page":
                failures.append(f"{where}: {response.status_code}")
                continue
            if not response["Content-Type"].startswith("application/json"):
                failures.append(f"{where}: {response['Content-Type']}")
                continue
            if response.status_code != 200:
                detail = json.loads(response.content).get("detail")
                if not isinstance(detail, str) or not CHINESE.search(detail):
                    failures.append(f"{where}: {response.status_code} without a Chinese detail: {response.content[:200]}")
    assert failures == []


@pytest.mark.parametrize("url", [
    "/api/people/?age=null", "/api/people/?join_year=0", "/api/people/?join_year=99999999999",
    "/api/people/?org=null", "/api/care/campaigns/?year=0", "/api/care/assistance/?person=99999999999999999999",
    "/api/care/condolences/?person=99999999999999999999", "/api/orgs/?parent=99999999999999999999",
    "/api/transfers/?person=99999999999999999999",
])
def test_the_probe_reproducers_answer_400_in_chinese(admin_client, url):
    response = admin_client.get(url)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    assert CHINESE.search(body["detail"]), body
    assert body["errors"], body  # which filter, with its own message


@pytest.mark.parametrize("url,label", [
    ("/people/?age=null", "年龄段"), ("/people/?join_year=0", "入会年份"), ("/people/?join_year=99999999999", "入会年份"),
    ("/care/campaigns/?year=0", "年度"), ("/people/?org=99999999999999999999", "组织"),
])
def test_the_probe_reproducers_show_the_filter_error_on_the_page(admin_client, url, label):
    response = admin_client.get(url)
    assert response.status_code == 400
    page = response.content.decode()
    assert "invalid-feedback" in page and label in page


def test_valid_filters_still_filter(admin_client, tree, make_person):
    make_person(tree["company"], "孙八", joined=__import__("datetime").date(2019, 5, 1))
    names = [p["name"] for p in admin_client.get("/api/people/", {"join_year": "2019"}).json()["results"]]
    assert names == ["孙八"]
    assert admin_client.get("/people/", {"join_year": "2019"}).status_code == 200
    response = admin_client.get("/api/orgs/", {"parent": tree["fed"].pk})
    assert {o["code"] for o in response.json()["results"]} == {"A", "B"}
