"""The Content-Security-Policy in a real browser: the main pages run under it with no violation and no script
error — charts drawn, htmx requests made, the editor's checks shown — and the API's Swagger page, which has its
own narrower exception, renders too."""
import datetime

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.reports.tests.conftest import world  # noqa: F401 - fixtures
from gonghui.reports.tests.test_dashboard import care_records, care_world  # noqa: F401

# Runs before any page script: records every violation the browser reports (also those of attributes and eval).
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(
  `${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber || ""} ${e.sample || ""}`));
"""


def hover(page, target):
    """Moves the mouse over a chart: ECharts shows its tooltip (drawn as rich text: HTML markers carry style="")."""
    locator = page.locator(target) if isinstance(target, str) else target
    locator.scroll_into_view_if_needed()
    box = locator.bounding_box()
    for fx in (0.3, 0.5, 0.7):
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * 0.5)
        page.wait_for_timeout(150)


@pytest.fixture
def watched(page):
    """The page with its violations and errors collected; `check(where)` asserts there were none so far."""
    problems = []
    page.add_init_script(WATCH)
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text} {m.location.get('url', '')}")
            if (m.type == "error" or "Content Security Policy" in m.text)
            and not m.location.get("url", "").endswith("/favicon.ico") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))

    def check(where):
        page.wait_for_load_state("networkidle")
        found = problems + [f"violation: {v}" for v in page.evaluate("window.__csp || []")]
        problems.clear()
        assert not found, f"{where}:\n" + "\n".join(found)
        header = page.evaluate("async () => (await fetch(location.href)).headers.get('content-security-policy')")
        assert header and "script-src 'self'" in header, f"{where}: {header!r}"

    page.check_csp = check
    return page


def test_main_pages_run_under_the_policy(watched, login, care_world, tree, officer_a, make_person):  # noqa: F811
    page = watched
    page.goto("/accounts/login/")
    page.check_csp("登录")
    login("officer_a", PASSWORD)
    expect(page.locator("#chart-trend canvas")).to_have_count(1)
    hover(page, "#chart-trend")
    page.check_csp("首页")

    page.goto("/people/")
    expect(page.locator("#person-table")).to_be_visible()
    page.check("input[name=select-all]")  # app.js: select all
    assert page.locator("input[name=pk]:checked").count() == page.locator("input[name=pk]").count() > 0
    page.check_csp("人员与会员")

    page.goto("/care/assistance/")
    page.check_csp("救助补助")

    page.goto("/reports/?period=2025")
    charts = page.locator("[data-chart]")
    assert charts.count() >= 4
    for i in range(charts.count()):
        expect(charts.nth(i)).to_have_attribute("data-rendered", "1")
    for i in range(2):
        hover(page, charts.nth(i))
    page.check_csp("统计分析")

    # A form whose parts are fetched by htmx: the person picker and the proposed amount.
    page.goto("/care/condolences/add/")
    page.fill("input[name=q]", "一号")
    page.locator("#id_person_results input[type=radio]").first.wait_for()
    page.select_option("#id_occasion", index=1)
    expect(page.locator("#propose-target")).not_to_contain_text("选择职工和事由后显示")
    page.check_csp("登记慰问看望")


def test_draft_editor_runs_under_the_policy(watched, login, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.care import services as care
    from gonghui.care.models import Occasion

    make_user("writer", Role.OFFICER, tree["company"])
    people = [make_person(tree["company"], name, joined=datetime.date(2019, 5, 1)) for name in ("张晓明", "李华")]
    care.condolence_record(actor=None, person=people[0], occasion=Occasion.HOSPITAL,
                           visited_on=datetime.date(2025, 3, 5), amount="800")
    page = watched
    login("writer", PASSWORD)
    page.goto("/reports/documents/")
    page.select_option("#id_kind", "summary")
    page.fill("#id_year", "2025")
    page.click("#generate-btn")
    expect(page.locator("#doc-paper .doc-title")).to_contain_text("2025年工作总结")
    for chart in page.locator(".doc-chart-canvas").all():
        hover(page, chart)
    page.check_csp("文稿编辑")
    page.click("#check-btn")
    page.wait_for_load_state("networkidle")
    page.check_csp("核对数字")


def test_swagger_page_renders_under_its_own_policy(watched, login, officer_a):
    page = watched
    login("officer_a", PASSWORD)
    page.goto("/api/docs/")
    expect(page.locator("#swagger-ui .info")).to_be_visible()
    page.check_csp("API 文档")
