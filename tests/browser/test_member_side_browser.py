"""The member's own side at 390×844: a member starts a transfer from 服务 and follows it on 首页's 待办 and 我的申请;
a member who forgot the password asks from the login page, the union's officer issues a reset code at a desk, the
member sets a new password with it; a session that ends drops the member pages the phone kept for offline use."""
import re

from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import CSP_WATCH, SCREENSHOTS, csp_violations

PHONE_VIEW = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def _phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport=PHONE_VIEW, base_url=live_server.url, is_mobile=True,
                                  has_touch=True)
    context.add_init_script(CSP_WATCH)
    page = context.new_page()
    page.set_default_timeout(15000)
    return context, page


def _sign_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/portal/")


def test_member_starts_a_transfer_and_follows_it(browser, live_server, tree, make_user, make_person):
    from gonghui.accounts.roles import Role

    make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李会员"))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context, page = _phone(browser, live_server)
    _sign_in(page, "member_li")
    expect(page.locator('[data-card="todos"]')).to_contain_text("暂无待办")
    page.tap("#tab-services")
    page.tap('[data-entry="members.transfer"]')
    page.wait_for_url("**/me/transfer/")
    page.fill('input[name="q"]', "乙学校")
    page.locator(f'input[name="to_org"][value="{tree["school"].pk}"]').check()
    page.fill("#id_reason", "调往乙学校任教")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "member_transfer_form_390.png"), full_page=True)
    page.click("#action-form button[type=submit]")
    page.wait_for_url(re.compile(r"/me/transfers/\d+/$"))
    expect(page.locator("#transfer-state")).to_have_text("待接收")
    expect(page.locator("#my-transfer")).to_contain_text("乙学校工会")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "member_transfer_detail_390.png"), full_page=True)

    page.tap("#tab-home")
    page.wait_for_url("**/portal/")
    todo = page.locator("#member-todos .member-todo").first
    expect(todo).to_contain_text("转会待乙学校工会接收")
    size = todo.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    box = todo.bounding_box()
    assert size >= 17 and box["height"] >= 44 and box["x"] + box["width"] <= PHONE_VIEW["width"]
    page.screenshot(path=str(SCREENSHOTS / "member_home_todos_390.png"), full_page=True)

    page.tap("#tab-me")
    page.tap('[data-entry="applications"]')
    page.wait_for_url("**/portal/me/applications/")
    expect(page.locator('[data-applications="members.transfer"]')).to_contain_text("待接收")
    expect(page.locator('[data-applications="care.assistance"]')).to_contain_text("暂无救助申请")
    assert page.evaluate(OVERFLOW) <= 0
    page.screenshot(path=str(SCREENSHOTS / "member_applications_390.png"), full_page=True)
    page.locator('[data-applications="members.transfer"] a').first.tap()
    page.tap("#withdraw-transfer")
    expect(page.locator("#transfer-state")).to_have_text("已撤回")
    assert not csp_violations(page)
    context.close()


def test_password_reset_through_the_union(browser, live_server, page, login, tree, make_user, make_person,
                                          officer_a):
    from gonghui.accounts.roles import Role

    phone_no = "13912345678"
    person = make_person(tree["company"], "李会员", phone=phone_no)
    make_user(phone_no, Role.MEMBER, tree["company"], person=person)
    context, phone = _phone(browser, live_server)
    phone.goto("/accounts/login/")
    phone.tap("#forgot-link")
    phone.wait_for_url("**/portal/password/forgot/")
    phone.fill("#id_phone", phone_no)
    phone.fill("#id_id_last6", person.id_number[-6:])
    assert phone.evaluate(OVERFLOW) <= 0
    phone.click("#forgot-form button[type=submit]")
    expect(phone.locator("#forgot-asked")).to_contain_text("已收到")
    phone.screenshot(path=str(SCREENSHOTS / "password_forgot_390.png"), full_page=True)

    login("officer_a", PASSWORD)  # the officer, at a desk: the to-do, the request, the code
    page.goto("/")
    page.click("text=会员申请重置密码")
    page.wait_for_url("**/portal/password-resets/")
    page.click("#reset-requests >> text=核实并发放重置码")
    page.click("#reset-issue-form button[type=submit]")
    code = page.locator("#reset-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)

    new = "Xin-mima-2026"
    phone.goto("/portal/password/reset/")
    phone.fill("#id_phone", phone_no)
    phone.fill("#id_code", code)
    phone.fill("#id_password", new)
    phone.fill("#id_password2", new)
    phone.screenshot(path=str(SCREENSHOTS / "password_reset_390.png"), full_page=True)
    phone.click("#reset-form button[type=submit]")
    phone.wait_for_url("**/accounts/login/")
    expect(phone.locator("body")).to_contain_text("密码已重置")
    phone.fill("#id_username", phone_no)
    phone.fill("#id_password", new)
    phone.click("button[type=submit]")
    phone.wait_for_url("**/portal/")
    phone.goto("/portal/password/reset/")  # the same code again: refused in Chinese
    phone.fill("#id_phone", phone_no)
    phone.fill("#id_code", code)
    phone.fill("#id_password", new)
    phone.fill("#id_password2", new)
    phone.click("#reset-form button[type=submit]")
    expect(phone.locator("#form-errors")).to_contain_text("该重置码已使用过")
    assert not csp_violations(phone)
    context.close()


def test_an_ended_session_drops_the_pages_kept_offline(browser, live_server, tree, make_user, make_person):
    """A shared phone: the member's session ends (expired on the server); the next time a member page is opened
    with a network it answers with the login page, and from then on the phone shows nothing of that member
    offline."""
    from django.contrib.sessions.models import Session

    from gonghui.accounts.roles import Role

    make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李会员"))
    context, page = _phone(browser, live_server)
    _sign_in(page, "member_li")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto("/portal/me/")
    expect(page.locator("#member-card")).to_contain_text("李会员")
    page.wait_for_timeout(300)
    kept = page.evaluate("""async () => {
        const names = (await caches.keys()).filter(k => k.startsWith("gonghui-member-"));
        const c = await caches.open(names[0]);
        return (await c.keys()).map(r => new URL(r.url).pathname);
    }""")
    assert "/portal/me/" in kept  # the page is kept for offline use

    Session.objects.all().delete()  # the session ends on the server (expired, or signed out elsewhere)
    page.goto("/portal/me/")
    page.wait_for_url("**/accounts/login/**")
    page.wait_for_function("() => document.documentElement.dataset.memberCache === 'cleared'")
    kept = page.evaluate("""async () => {
        const out = [];
        for (const k of (await caches.keys()).filter(k => k.startsWith("gonghui-member-"))) {
            const c = await caches.open(k);
            out.push(...(await c.keys()).map(r => new URL(r.url).pathname));
        }
        return out;
    }""")
    assert not [p for p in kept if p.startswith("/portal/")], kept  # styles and icons may stay; pages go

    context.set_offline(True)
    page.goto("/portal/me/")
    expect(page.locator("body")).to_contain_text("此页尚未保存")
    assert "李会员" not in page.content()
    page.screenshot(path=str(SCREENSHOTS / "member_offline_after_expiry_390.png"), full_page=True)
    context.close()
