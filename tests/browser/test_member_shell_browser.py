"""The member's phone at 390×844: the member logs in and lands on 首页, taps 我的 and sees the membership card with
its QR code, taps 服务; an officer opens the QR's address and reads 有效会员."""
import re

from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import CSP_WATCH, SCREENSHOTS, csp_violations

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_member_shell_on_a_phone(browser, live_server, tree, make_user, make_person):
    from gonghui.accounts.roles import Role

    make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李会员"))
    make_user("chair_a", Role.CHAIR, tree["company"])
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def phone(username):
        context = browser.new_context(locale="zh-CN", viewport=PHONE, base_url=live_server.url, is_mobile=True,
                                      has_touch=True)
        context.add_init_script(CSP_WATCH)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return context, page

    context, page = phone("member_li")
    expect(page).to_have_url(re.compile(r"/portal/$"))
    expect(page.locator("#member-tabs .member-tab")).to_have_count(5)  # 首页 服务 活动 消息 我的
    expect(page.locator('[data-card="notices"]')).to_be_visible()
    size = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert size >= 17
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "member-shell-home.png"), full_page=True)

    page.tap("#tab-me")
    page.wait_for_url("**/portal/me/")
    expect(page.locator("#member-card")).to_contain_text("李会员")
    qr = page.locator("#member-qr svg")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box["width"] >= 150 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "member-shell-me.png"), full_page=True)
    member_no = page.locator("#card-member-no").inner_text()

    page.tap("#tab-services")
    page.wait_for_url("**/portal/services/")
    expect(page.locator('#services [data-entry="care.apply"]')).to_contain_text("申请救助")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "member-shell-services.png"), full_page=True)
    page.tap("#messages-link")  # a page outside the shell keeps the tab bar
    page.wait_for_url("**/portal/messages/")
    expect(page.locator("#member-tabs #messages-link")).to_have_attribute("aria-current", "page")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "member-shell-messages.png"), full_page=False)
    assert not csp_violations(page)
    context.close()

    # the officer's phone opens the address the QR code encodes
    from gonghui.members.models import Person
    from gonghui.portal import member_card

    url = "/portal/verify/" + member_card.token_for(Person.objects.get(name="李会员")) + "/"
    context, page = phone("chair_a")
    page.goto(url)
    expect(page.locator("#verify-result")).to_contain_text("有效会员")
    expect(page.locator("#verify-result")).to_contain_text(member_no)
    page.screenshot(path=str(SCREENSHOTS / "member-shell-verify.png"), full_page=True)
    assert not csp_violations(page)
    context.close()


def test_member_pages_open_offline(browser, live_server, tree, make_user, make_person):
    """Pages the member has opened open again without a network (the service worker's last copy)."""
    from gonghui.accounts.roles import Role

    make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李会员"))
    context = browser.new_context(locale="zh-CN", viewport=PHONE, base_url=live_server.url, is_mobile=True,
                                  has_touch=True)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/accounts/login/")
    page.fill("#id_username", "member_li")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/portal/")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")  # installed and claimed
    page.goto("/portal/me/")  # now under the worker: network first, a copy kept
    expect(page.locator("#member-qr svg")).to_be_visible()
    page.wait_for_timeout(300)
    context.set_offline(True)
    page.goto("/portal/me/")
    expect(page.locator("#member-card")).to_contain_text("李会员")
    expect(page.locator("#member-qr svg")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "member-shell-offline.png"), full_page=True)
    assert not csp_violations(page)
    context.close()
