"""Content-Security-Policy: the header on every response, and templates that need no inline script or style."""
import re
from pathlib import Path

import pytest
from django.urls import reverse

import gonghui

STRICT = ["default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
          "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'"]


def directives(header):
    return {part.strip() for part in header.split(";")}


@pytest.mark.parametrize("url", ["/accounts/login/", "/", "/people/", "/no-such-page/", "/api/orgs/",
                                 "/api/schema/", "/api/docs/x"])
def test_every_response_has_the_strict_policy(client, officer_a, url):
    client.force_login(officer_a)
    response = client.get(url)
    header = response.get("Content-Security-Policy")
    assert header, (url, response.status_code)
    assert set(STRICT) <= directives(header)
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_anonymous_and_static_responses_have_it(client):
    assert "script-src 'self'" in client.get("/accounts/login/")["Content-Security-Policy"]
    assert "script-src 'self'" in client.get("/")["Content-Security-Policy"]  # the redirect to the login page


def test_only_the_swagger_page_allows_inline(client, officer_a):
    client.force_login(officer_a)
    header = client.get("/api/docs/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in directives(header)
    assert "style-src 'self' 'unsafe-inline'" in directives(header)
    assert {"object-src 'none'", "frame-ancestors 'none'", "form-action 'self'"} <= directives(header)
    assert "unsafe-eval" not in header


def test_debug_error_pages_keep_their_inline_looks(client, officer_a, settings):
    """Django's technical 404/500 pages style themselves inline: with DEBUG on, error responses go without the
    header; successful ones keep it, and with DEBUG off every response has it (the tests above)."""
    from django.test import RequestFactory
    from django.http import HttpResponse, HttpResponseNotFound

    from gonghui.core.middleware import ContentSecurityPolicyMiddleware

    settings.DEBUG = True
    request = RequestFactory().get("/x/")
    assert "Content-Security-Policy" not in ContentSecurityPolicyMiddleware(lambda r: HttpResponseNotFound("x"))(request)
    assert "Content-Security-Policy" in ContentSecurityPolicyMiddleware(lambda r: HttpResponse("x"))(request)
    settings.DEBUG = False
    assert "Content-Security-Policy" in ContentSecurityPolicyMiddleware(lambda r: HttpResponseNotFound("x"))(request)


TEMPLATES = sorted(p for p in Path(gonghui.__file__).parent.rglob("templates/**/*.html"))
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle=", re.I), 'style="" attribute'),
    (re.compile(r"\son[a-z]+=", re.I), "inline event handler"),
    (re.compile(r"\shx-on[:-]", re.I), "hx-on (evaluated script)"),
    (re.compile(r"hx-trigger=\"[^\"]*\[", re.I), "hx-trigger filter (evaluated script)"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_templates_have_no_inline_script_or_style():
    assert len(TEMPLATES) > 50
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                if what == "inline <script>" and 'type="application/json"' in match.group(0):
                    continue
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(Path(gonghui.__file__).parent)}:{line}: {what}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", ["core:home", "orgs:list", "members:person_list", "members:person_add",
                                  "care:assistance_list", "care:condolence_add", "care:campaign_list", "care:calendar"])
def test_rendered_pages_have_no_inline_script_or_style(client, officer_a, tree, make_person, name):
    """Markup made in Python (tables' columns, widgets) too: the organisation tree's indentation was a style=""."""
    make_person(tree["company"], "赵六")
    client.force_login(officer_a)
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    found = [what for pattern, what in INLINE for m in pattern.finditer(html)
             if not (what == "inline <script>" and 'type="application/json"' in m.group(0))]
    assert not found, (name, found)
