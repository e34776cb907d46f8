"""网上入会 at a phone's size: a worker applies (390×844), the union's officer approves at a desk and gets the
invitation code, the new member opens their account with it on the phone and logs in with their phone number."""
import re

from playwright.sync_api import expect

from conftest import PASSWORD, make_id
from tests.browser.conftest import CSP_WATCH, SCREENSHOTS, csp_violations

PHONE = "13912345678"
PHONE_VIEW = {"width": 390, "height": 844}


def _phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW, base_url=live_server.url, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_VIEW["width"]


def test_worker_applies_officer_approves_member_activates(browser, live_server, page, login, tree, officer_a):
    from gonghui.members.models import Person

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    id_number = make_id()
    context, phone = _phone(browser, live_server)
    phone.goto("/portal/join/")
    phone.fill("#union-search", "甲公司")
    phone.click("button:has-text('查找')")
    phone.check(f"#org-{tree['company'].pk}")
    phone.fill("#id_name", "王小明")
    phone.fill("#id_id_number", id_number)
    phone.fill("#id_phone", PHONE)
    phone.fill("#id_employer", "甲公司")
    _no_horizontal_scroll(phone)
    phone.screenshot(path=str(SCREENSHOTS / "join_form_390.png"), full_page=True)
    phone.click("button:has-text('提交入会申请')")
    # Forgot the charter's checkbox: told so, nothing lost.
    expect(phone.locator("#join-form")).to_contain_text("请阅读并勾选同意《中国工会章程》")
    expect(phone.locator("#id_name")).to_have_value("王小明")
    phone.check("#id_consent")
    phone.click("button:has-text('提交入会申请')")
    number = phone.locator("#app-number").inner_text().strip()
    assert re.fullmatch(r"RH\d{12}", number)
    phone.screenshot(path=str(SCREENSHOTS / "join_done_390.png"), full_page=True)

    # The officer, at a desk, approves.
    login("officer_a", PASSWORD)
    page.goto("/portal/join/review/")
    page.click(f"text={number}")
    expect(page.locator("#app-status")).to_have_text("待审核")
    page.click("#approve")
    code = page.locator("#invite-code").inner_text().strip()
    member_no = Person.objects.get(id_number=id_number).member_no
    expect(page.locator("#member-no")).to_have_text(member_no)

    # The worker sees the result, then opens the account on the phone and logs in with the phone number.
    phone.goto("/portal/join/status/")
    phone.fill("#id_number", number)
    phone.fill("#id_id_last6", id_number[-6:])
    phone.click("button:has-text('查询')")
    expect(phone.locator("#status-label")).to_have_text("已批准")
    phone.goto("/portal/activate/")
    phone.fill("#id_phone", PHONE)
    phone.fill("#id_code", code)
    phone.fill("#id_password", "Xiaoming2025ok")
    phone.fill("#id_password2", "Xiaoming2025ok")
    phone.click("button:has-text('开通账号')")
    expect(phone).to_have_url(re.compile(r"/accounts/login/"))
    phone.fill("#id_username", PHONE)
    phone.fill("#id_password", "Xiaoming2025ok")
    phone.click("button[type=submit]")
    expect(phone.locator("form[action$='/accounts/logout/'] button")).to_be_visible()
    assert "/accounts/login/" not in phone.url
    # The code does not work twice.
    phone.context.clear_cookies()
    phone.goto("/portal/activate/")
    phone.fill("#id_phone", PHONE)
    phone.fill("#id_code", code)
    phone.fill("#id_password", "Xiaoming2025ok")
    phone.fill("#id_password2", "Xiaoming2025ok")
    phone.click("button:has-text('开通账号')")
    expect(phone.locator("#form-errors")).to_contain_text("该邀请码已使用过")
    violations = csp_violations(phone)
    context.close()
    assert not violations, violations
