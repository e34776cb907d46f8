"""Layout measured in a real browser: a laptop's 1366×768 screen and a 390×844 phone.

Measured with bounding boxes: the page never scrolls sideways (documentElement.scrollWidth ≤ clientWidth), a button's
text stays on one line, a table is not cut off at the right, names are not broken one character per line, and on a
phone the page's own content (its heading) is in the first screen, the menu behind a button. Screenshots go to
tests/screenshots/ (layout_*.png) for people to look at."""
import datetime
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

D = datetime.date
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}

# Number of lines an element's text takes: client rects of its contents grouped by line.
LINES = """el => {
  const range = document.createRange(); range.selectNodeContents(el);
  const rects = Array.from(range.getClientRects()).filter(r => r.width > 0 && r.height > 0).sort((a, b) => a.top - b.top);
  let lines = 0, bottom = -Infinity;
  for (const r of rects) { if (r.top >= bottom - 2) { lines += 1; bottom = r.bottom; } else { bottom = Math.max(bottom, r.bottom); } }
  return lines;
}"""
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def sized(browser, live_server):
    """A page of the given viewport size, logged in as `username` (a fresh browser context each call)."""
    contexts = []

    def _open(viewport, username=None, *, mobile=False):
        context = browser.new_context(locale="zh-CN", viewport=viewport, base_url=live_server.url,
                                      is_mobile=mobile, has_touch=mobile, device_scale_factor=2 if mobile else 1)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        if username:
            page.goto("/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state("networkidle")
        return page

    yield _open
    for context in contexts:
        context.close()


def snap(page, name, full=False):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"layout_{name}.png"), full_page=full)


def no_page_overflow(page, where):
    assert page.evaluate(OVERFLOW) <= 0, f"{where}: the page scrolls sideways by {page.evaluate(OVERFLOW)} px"


def lines(locator) -> int:
    return locator.evaluate(LINES)


def inside_viewport(page, locator, where):
    box, width = locator.bounding_box(), page.viewport_size["width"]
    assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, f"{where}: {box} outside 0–{width} px"


@pytest.fixture
def federation(tree, make_user, make_person):
    """The company union with records and a draft it sent; the federation's staff see the inbox."""
    from gonghui.accounts.roles import Role
    from gonghui.reports import documents, drafting, submitting
    from gonghui.reports.models import Draft
    from gonghui.reports.periods import Period

    from gonghui.orgs.models import Organization

    # The demo's names: long ones, as real unions have.
    for key, name in [("fed", "滨江区总工会"), ("company", "滨江华兴精密机械有限公司工会"), ("school", "滨江区市场监督管理局工会")]:
        Organization.objects.filter(pk=tree[key].pk).update(name=name)
        tree[key].refresh_from_db()
    company = tree["company"]
    names = ["王建国", "李秀英", "张伟", "刘洋", "欧阳明辉", "司马静怡", "陈", "黄晓东", "赵丽", "周志强", "吴敏", "郑国栋"]
    for i, name in enumerate(names):
        make_person(company, name, female=i % 2 == 1, joined=D(2019, 3, 1), department="生产技术部第二车间",
                    phone=f"1390000{i:04d}")
    make_person(tree["school"], "陈老师", female=True, joined=D(2018, 9, 1))
    officer = make_user("officer_a", Role.OFFICER, company)
    make_user("fed_staff", Role.UPPER, tree["fed"])
    period = Period.year(2025)
    doc = drafting.build("summary", company, period)
    draft = Draft.objects.create(org=company, kind="summary", period=period.key, period_label=period.label,
                                 title=doc.title, content=documents.to_dict(doc))
    submitting.submit(actor=officer, draft=draft)
    return {"draft": draft, "company": company}


# -- 1366 × 768 ---------------------------------------------------------------------------------------------------

def test_laptop_draft_toolbar_buttons_stay_on_one_line(sized, federation):
    page = sized(LAPTOP, "officer_a")
    page.goto(f"/reports/documents/{federation['draft'].pk}/")
    toolbar = page.locator(".doc-toolbar")
    expect(toolbar).to_be_visible()
    send = toolbar.locator("a", has_text="上报")
    expect(send).to_be_visible()
    snap(page, "1366_draft_toolbar")
    no_page_overflow(page, "draft editor")
    assert toolbar_rows(toolbar.locator(".toolbar-row, .d-flex").first) == 1, "the toolbar takes two rows"
    for button in toolbar.locator(".btn").all():
        if button.is_visible():
            assert lines(button) == 1, f"{button.inner_text()!r} wraps"
            inside_viewport(page, button, button.inner_text())


def test_laptop_inbox_is_not_clipped(sized, federation):
    page = sized(LAPTOP, "fed_staff")
    page.goto("/reports/submissions/inbox/?kind=summary&period=2025")
    expect(page.locator("#children tr[data-org='A']")).to_contain_text("已上报")
    snap(page, "1366_inbox", full=True)
    no_page_overflow(page, "上报情况")
    main = page.locator("main").bounding_box()
    tables = page.locator("#children table, #side-by-side table")
    assert tables.count() >= 3  # the children, and one table of figures per work area
    for table in tables.all():
        box = table.bounding_box()
        assert box["x"] + box["width"] <= main["x"] + main["width"] + 0.5, "a table runs past the page's right edge"
        # Shown whole: its box (a .table-responsive) hides nothing at the right.
        assert table.evaluate("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth + 1"), \
            f"{table.locator('caption, th').first.inner_text()!r}: cut off at the right"
    assert lines(page.locator("#children tbody tr[data-org='A'] td").first) == 1
    for button in page.locator("#children .btn, #call-picker .btn, #call-toggle").all():
        assert lines(button) == 1, f"{button.inner_text()!r} wraps"


def toolbar_rows(locator) -> int:
    """Rows the visible children of a flex toolbar take (distinct tops, 4 px apart)."""
    return locator.evaluate("""row => {
      const tops = Array.from(row.children).filter(c => c.offsetParent !== null).map(c => c.getBoundingClientRect())
        .filter(r => r.width > 0).map(r => r.top + r.height / 2);
      return new Set(tops.map(t => Math.round(t / 8))).size;
    }""")


# -- 390 × 844 ----------------------------------------------------------------------------------------------------

def first_screen(page, where):
    """The page's own heading is in the first screen and the sidebar is not; nothing scrolls sideways."""
    heading = page.locator("main h1").first
    expect(heading).to_be_visible()
    box = heading.bounding_box()
    assert box["y"] + box["height"] < 300, f"{where}: the heading starts {box['y']:.0f} px down"
    expect(page.locator("#sidebar")).not_to_be_in_viewport()
    no_page_overflow(page, where)


def names_on_one_line(page, selector, where):
    cells = page.locator(selector)
    assert cells.count() >= 1, f"{where}: no {selector}"
    for cell in cells.all():
        assert lines(cell) == 1, f"{where}: {cell.inner_text()!r} breaks over {lines(cell)} lines"


def thumb_sized(page, selector, where, *, height=44, full=True):
    main = page.locator("main .card, main form").first.bounding_box()
    for el in page.locator(selector).all():
        if not el.is_visible():
            continue
        box = el.bounding_box()
        assert box["height"] >= height - 0.5, f"{where}: {selector} {box['height']:.0f} px tall"
        if full:
            assert box["width"] >= main["width"] * 0.7, f"{where}: {selector} {box['width']:.0f} px of {main['width']:.0f}"


def test_phone_home_menu_button_opens_the_menu(sized, federation):
    page = sized(PHONE, "officer_a", mobile=True)
    first_screen(page, "首页")
    expect(page.locator("#kpis")).to_be_in_viewport()
    snap(page, "390_home")
    menu = page.locator("#menu-button")
    expect(menu).to_be_visible()
    box = menu.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    menu.click()
    sidebar = page.locator("#sidebar")
    expect(sidebar).to_have_class(re.compile(r"\bshow\b"))
    expect(sidebar).not_to_have_class(re.compile(r"\bshowing\b"))  # slid in
    expect(sidebar).to_be_in_viewport(ratio=0.99)
    link = page.locator("#sidebar a.nav-link", has_text="人员与会员")
    expect(link).to_be_visible()
    assert link.bounding_box()["height"] >= 40
    snap(page, "390_menu")
    link.click()
    page.wait_for_url("**/people/")
    first_screen(page, "人员与会员")


def test_phone_members_list_scrolls_sideways_inside_the_table(sized, federation):
    page = sized(PHONE, "officer_a", mobile=True)
    page.goto("/people/")
    first_screen(page, "人员与会员")
    table = page.locator("#person-table")
    expect(table).to_be_in_viewport()
    assert page.locator("#person-table tbody tr").count() == 12
    names_on_one_line(page, "#person-table tbody td.name-cell", "会员名单")
    names_on_one_line(page, "#person-table thead th", "会员名单表头")
    wrapper = table.locator("xpath=..")
    assert wrapper.evaluate("w => getComputedStyle(w).overflowX") == "auto"
    assert wrapper.evaluate("w => w.scrollWidth > w.clientWidth")  # the table scrolls sideways inside itself
    expect(page.locator("#filter-form")).to_be_hidden()  # folded behind 筛选
    snap(page, "390_members")
    page.click("#filter-toggle")
    expect(page.locator("#filter-form")).to_be_visible()
    no_page_overflow(page, "会员名单（筛选展开）")
    snap(page, "390_members_filter")


@pytest.mark.parametrize("url,name", [("/people/add/", "person_add"), ("/care/condolences/add/", "condolence_add")])
def test_phone_forms_are_thumb_sized(sized, federation, url, name):
    page = sized(PHONE, "officer_a", mobile=True)
    page.goto(url)
    first_screen(page, url)
    snap(page, f"390_{name}", full=True)
    thumb_sized(page, "main input.form-control:not([type=hidden]), main select.form-select", url)
    thumb_sized(page, "main .form-actions .btn", url, height=48)
    no_page_overflow(page, url)


def test_phone_member_pages(sized, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.care import services
    from gonghui.care.models import Assistance

    member = make_person(tree["company"], "欧阳明辉", birth=D(1980, 5, 12))
    user = make_user("member_li", Role.MEMBER, tree["company"], person=member)
    services.assistance_apply(actor=user, kind=Assistance.Kind.SERIOUS_ILLNESS, amount="3000",
                              reason="本人住院手术，自付医疗费用较高，家庭困难。")
    page = sized(PHONE, "member_li", mobile=True)
    first_screen(page, "会员首页")
    snap(page, "390_member_home", full=True)
    page.goto("/care/my/")
    first_screen(page, "我的救助申请")
    names_on_one_line(page, "main table tbody td:first-child", "我的救助申请")
    snap(page, "390_member_my", full=True)
    page.locator("main table tbody a").first.click()
    first_screen(page, "申请详情")
    snap(page, "390_member_detail", full=True)
    page.goto("/care/my/apply/")
    first_screen(page, "申请救助")
    thumb_sized(page, "main input.form-control:not([type=hidden]), main select.form-select", "申请救助")
    thumb_sized(page, "main .form-actions .btn", "申请救助", height=48)
    snap(page, "390_member_apply", full=True)
