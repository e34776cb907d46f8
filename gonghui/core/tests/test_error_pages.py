"""Error pages: Chinese, in the site's layout, with a way back; JSON under /api/."""
import json

import pytest
from django.test import Client

URLS = "gonghui.core.tests.urls_errors"


def _assert_page(response, status, words):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert 'lang="zh-CN"' in html
    assert "工会工作平台" in html  # the site's layout, not Django's bare page
    assert 'href="/"' in html and "返回首页" in html  # a way back
    for word in words:
        assert word in html
    for english in ("Not Found", "Server Error", "Forbidden", "Bad Request", "CSRF verification failed"):
        assert english not in html
    return html


@pytest.mark.django_db
def test_404_is_chinese_in_the_layout(client, officer_a):
    html = _assert_page(client.get("/no-such-page/"), 404, ["页面不存在"])
    assert "bi-people-fill" in html  # brand of the page header
    client.force_login(officer_a)
    html = _assert_page(client.get("/no-such-page/"), 404, ["页面不存在"])
    assert "审计日志" in html or "首页" in html  # the signed-in user keeps the menu
    assert "sidebar" in html


@pytest.mark.django_db
def test_404_from_a_view_is_chinese(client, officer_a):
    client.force_login(officer_a)
    _assert_page(client.get("/people/99999999/"), 404, ["页面不存在"])


@pytest.mark.django_db
def test_back_link_goes_to_the_previous_page_of_this_site_only(client):
    html = client.get("/no-such-page/", HTTP_REFERER="http://testserver/orgs/").content.decode()
    assert 'href="http://testserver/orgs/"' in html and "返回上一页" in html
    html = client.get("/no-such-page/", HTTP_REFERER="https://evil.example/").content.decode()
    assert "evil.example" not in html


@pytest.mark.django_db
@pytest.mark.urls(URLS)
def test_400_403_500_pages(officer_a):
    client = Client(raise_request_exception=False)
    _assert_page(client.get("/test-errors/bad/"), 400, ["请求有误"])
    client.force_login(officer_a)
    _assert_page(client.get("/test-errors/denied/"), 403, ["没有权限"])
    html = _assert_page(client.get("/test-errors/boom/"), 500, ["服务器出错"])
    assert "boom" not in html and "Traceback" not in html


@pytest.mark.django_db
@pytest.mark.urls(URLS)
def test_500_page_needs_no_database(officer_a, django_assert_num_queries):
    """The 500 page renders without context processors or queries (the database may be what failed)."""
    from django.test import RequestFactory

    from gonghui.core import views_errors

    request = RequestFactory().get("/somewhere/")
    with django_assert_num_queries(0):
        response = views_errors.server_error(request)
    assert response.status_code == 500
    assert "服务器出错" in response.content.decode()


@pytest.mark.django_db
def test_csrf_failure_is_chinese(officer_a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer_a)
    _assert_page(client.post("/accounts/logout/"), 403, ["页面已过期", "刷新"])


@pytest.mark.django_db
@pytest.mark.urls(URLS)
def test_api_errors_stay_json(officer_a):
    client = Client(raise_request_exception=False)
    client.force_login(officer_a)
    response = client.get("/api/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]
    response = client.get("/api/test-errors/boom/")
    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["detail"]
