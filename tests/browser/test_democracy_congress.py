"""A congress session walked in the browser: the officer opens it; three delegates sign in on their phones
(390×844) from the 首页 card; the officer ticks a fourth on the roll; the page shows the quorum reached (4 of 6 = two
thirds of ALL delegates); a resolution is voted (a double click counts once) and passes; the session closes valid."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import CSP_WATCH, SCREENSHOTS, csp_violations

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_congress_session_walk(browser, page, login, shot, live_server, tree, make_user, make_person):
    from django.utils.timezone import localdate

    from gonghui.accounts.roles import Role
    from gonghui.democracy.models import CongressSession, Resolution
    from gonghui.democracy.services import congress as services
    from gonghui.democracy.tests.congress_setup import congress_with_delegates

    officer = make_user("officer_c", Role.OFFICER, tree["company"])
    _, term, delegates = congress_with_delegates(officer, tree["company"], make_person, n=6, women=2)
    session = services.session_create(actor=officer, term=term, opened_on=localdate(), place="职工之家",
                                      agenda="听取行政工作报告\n表决职工年休假实施办法")
    for i, d in enumerate(delegates[:3]):
        make_user(f"delegate{i}", Role.MEMBER, tree["company"], person=d.person)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    login("officer_c", PASSWORD)
    page.goto(f"/democracy/congress/sessions/{session.pk}/")
    expect(page.locator("#quorum")).to_contain_text("应到代表6名")
    page.click("#open-session")
    expect(page.locator("#session-status")).to_have_text("进行中")
    expect(page.locator("#quorum")).to_contain_text("尚未达到法定人数")

    for i in range(3):
        context = browser.new_context(locale="zh-CN", viewport=PHONE, base_url=live_server.url, is_mobile=True,
                                      has_touch=True)
        context.add_init_script(CSP_WATCH)
        phone = context.new_page()
        phone.set_default_timeout(15000)
        phone.goto("/accounts/login/")
        phone.fill("#id_username", f"delegate{i}")
        phone.fill("#id_password", PASSWORD)
        phone.click("button[type=submit]")
        phone.wait_for_load_state("networkidle")
        card = phone.locator('[data-card="democracy.congress"]')
        expect(card).to_contain_text("正在召开")
        if i == 0:
            phone.screenshot(path=str(SCREENSHOTS / "congress-phone-home.png"), full_page=True)
        card.locator("a").first.tap()
        phone.wait_for_url(f"**/democracy/congress/sign-in/{session.pk}/")
        phone.locator("#sign-in-button").tap()
        expect(phone.locator("#signed-in")).to_contain_text("您已签到")
        expect(phone.locator("#member-quorum")).to_contain_text(f"目前实到{i + 1}名")
        assert phone.evaluate(OVERFLOW) <= 0
        if i == 2:
            phone.screenshot(path=str(SCREENSHOTS / "congress-phone-signed-in.png"), full_page=True)
        assert not csp_violations(phone)
        context.close()

    page.reload()
    expect(page.locator("#count-present")).to_have_text("3")
    page.select_option(f"#status-{delegates[3].pk}", "present")
    page.select_option(f"#status-{delegates[4].pk}", "leave")
    page.fill(f"#reason-{delegates[4].pk}", "出差")
    page.click("#save-roll")
    expect(page.locator("#quorum")).to_contain_text("已达到法定人数，会议有效")
    expect(page.locator("#count-present")).to_have_text("4")

    page.fill("#resolution-title", "关于《职工年休假实施办法》的决议")
    page.locator("#resolution-title").press("Enter")
    resolution = page.locator(".resolution").first
    resolution.locator("input[name=votes_for]").fill("4")
    resolution.locator("button").dblclick()  # a double click records the vote once
    expect(page.locator(".resolution-verdict").first).to_have_text("通过")
    expect(page.locator(".resolution").first).to_contain_text("赞成4票，反对0票，弃权0票")
    shot("congress-session-voted")
    r = Resolution.objects.get(session=session)
    assert (r.votes_for, r.passed) == (4, True)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#close-session")
    expect(page.locator("#session-status")).to_have_text("已闭幕")
    expect(page.locator("#quorum")).to_contain_text("会议有效：应到代表6名，实到4名")
    shot("congress-session-closed")
    session.refresh_from_db()
    assert session.status == CongressSession.Status.CLOSED and session.is_valid is True
