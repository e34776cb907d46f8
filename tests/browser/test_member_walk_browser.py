"""Issue 9's "done when" on a phone (390×844): a member applies for help from 服务 and follows it in 我的, reads the
approval message and the union's notice from 首页, and shows the membership card whose QR address the chair's phone
opens as 有效会员. (Joining online is test_join_browser.py; the chair's 待办 is test_desk_browser.py.)"""
import re

from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import CSP_WATCH, SCREENSHOTS, csp_violations

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_member_applies_for_help_follows_it_reads_and_shows_the_card(browser, live_server, tree, make_user,
                                                                     make_person):
    from gonghui.accounts.roles import Role
    from gonghui.care import services as care
    from gonghui.care.models import Assistance
    from gonghui.portal import notices

    chair = make_user("chair_a", Role.CHAIR, tree["company"], person=make_person(tree["company"], "赵主席"))
    make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李会员"))
    notice = notices.notice_save(actor=chair, org=tree["company"], title="关于开展会员实名制核查的通知",
                                 body="各位会员：\n\n请于月底前在“我的”中核对本人信息。")
    notices.notice_publish(actor=chair, notice=notice)
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

    def snap(page, name):
        assert page.evaluate(OVERFLOW) <= 0, f"{name}: the page scrolls sideways"
        page.screenshot(path=str(SCREENSHOTS / f"walk-{name}.png"), full_page=True)

    # 1. The member signs in and lands on 首页: the union's notice waits there, unread.
    context, page = phone("member_li")
    expect(page).to_have_url(re.compile(r"/portal/$"))
    card = page.locator('[data-card="notices"]')
    expect(card).to_contain_text("关于开展会员实名制核查的通知")
    expect(card).to_contain_text("1 条未读")
    snap(page, "1-home")

    # 2. 服务 → 申请救助: the form, filled on the phone.
    page.tap("#tab-services")
    page.wait_for_url("**/portal/services/")
    page.tap('[data-entry="care.apply"]')
    page.wait_for_url("**/care/my/apply/")
    page.select_option("#id_kind", "daily")
    page.fill("#id_amount", "800")
    page.fill("#id_reason", "家中老人住院，自付医疗费用较多，生活困难。")
    snap(page, "2-apply")
    page.click("button[type=submit]")
    expect(page.locator("#my-status")).to_have_text("已提交")
    application = Assistance.objects.get(person__name="李会员")

    # 3. 我的 → 我的救助申请: the application with its state.
    page.tap("#tab-me")
    page.wait_for_url("**/portal/me/")
    page.tap('[data-entry="care.mine"]')
    page.wait_for_url("**/care/my/")
    expect(page.locator("#my-applications tbody tr").first).to_contain_text("已提交")
    snap(page, "3-mine")

    # 4. The chair approves; the member hears of it in 消息 and sees the new state.
    care.assistance_decide(actor=chair, assistance=application, approve=True, comment="同意")
    page.goto("/portal/")
    expect(page.locator("#unread-badge")).to_have_text("1")
    page.tap("#messages-link")
    page.wait_for_url("**/portal/messages/")
    message = page.locator("#messages .message").first
    expect(message).to_contain_text("救助申请已批准")
    snap(page, "4-messages")
    message.click()
    page.wait_for_url(f"**/care/my/{application.pk}/")
    expect(page.locator("#my-status")).to_have_text("已批准")
    page.tap("#tab-me")
    page.tap('[data-entry="care.mine"]')
    expect(page.locator("#my-applications tbody tr").first).to_contain_text("已批准")

    # 5. The notice, opened from 首页's card, is read: the card no longer counts it.
    page.tap("#tab-home")
    page.wait_for_url(re.compile(r"/portal/$"))
    page.locator('[data-card="notices"] a.member-row').first.tap()
    page.wait_for_url(f"**/portal/notices/{notice.pk}/")
    expect(page.locator("main")).to_contain_text("请于月底前")
    snap(page, "5-notice")
    page.goto("/portal/")
    expect(page.locator('[data-card="notices"]')).not_to_contain_text("条未读")

    # 6. 我的: the membership card and its QR code; the code's address goes to the chair's phone.
    page.tap("#tab-me")
    page.wait_for_url("**/portal/me/")
    qr = page.locator("#member-qr")
    expect(qr.locator("svg")).to_be_visible()
    url = qr.get_attribute("data-url")
    assert re.match(rf"^{re.escape(live_server.url)}/portal/verify/[^/]+/$", url), url
    member_no = page.locator("#card-member-no").inner_text()
    snap(page, "6-card")
    assert not csp_violations(page)
    context.close()

    context, page = phone("chair_a")
    page.goto(url)
    result = page.locator("#verify-result")
    expect(result).to_contain_text("有效会员")
    expect(result).to_contain_text("李会员")
    expect(result).to_contain_text(member_no)
    snap(page, "7-verify")
    assert not csp_violations(page)
    context.close()
