"""The officer's desk and the messages on a 390 px phone: the chair's 待办 lists what members, care and reports wait
for, with links; the member who applied reads the approval in the inbox from the bell in the top bar."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD

PHONE = {"width": 390, "height": 844}
OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_chairs_todos_and_members_message_on_a_phone(browser, live_server, tree, make_user, make_person):
    from django.utils.timezone import localdate

    from gonghui.accounts.roles import Role
    from gonghui.care import services as care
    from gonghui.care.models import Assistance
    from gonghui.members import services as members
    from gonghui.reports import submitting

    today = localdate()
    chair = make_user("chair_a", Role.CHAIR, tree["company"],
                      person=make_person(tree["company"], "赵主席", birth=datetime.date(1970, 1, 1)))
    member = make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李申请"))
    members.member_apply(person=make_person(tree["company"], "王想入会", member=False), applied_on=today)
    submitting.request_reports(None, org=tree["fed"], period="2025", due_on=today - datetime.timedelta(days=2))
    waiting = care.assistance_apply(actor=member, kind=Assistance.Kind.DAILY, amount="300", reason="家中受灾")

    def phone(username):
        context = browser.new_context(locale="zh-CN", viewport=PHONE, base_url=live_server.url, is_mobile=True,
                                      has_touch=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        return context, page

    context, page = phone("chair_a")
    page.goto("/")
    todos = page.locator("#todos .todo")
    expect(todos).to_have_count(3)
    expect(todos.nth(0)).to_contain_text("待我审批的救助申请")  # most urgent first
    expect(page.locator('#todos .todo[data-key="reports.overdue"]')).to_contain_text("1")
    expect(page.locator('#todos .todo[data-key="members.pending"]')).to_contain_text("入会申请待审批")
    assert page.evaluate(OVERFLOW) <= 0
    todos.nth(0).click()
    page.wait_for_url("**/care/assistance/awaiting/")
    context.close()

    care.assistance_decide(actor=chair, assistance=waiting, approve=True)
    context, page = phone("member_li")
    expect(page.locator("#unread-badge")).to_have_text("1")
    page.click("#messages-link")
    expect(page.locator("#messages .message")).to_contain_text("救助申请已批准")
    assert page.evaluate(OVERFLOW) <= 0
    page.locator("#messages .message").first.click()
    page.wait_for_url(f"**/care/my/{waiting.pk}/")
    page.goto("/portal/messages/")
    expect(page.locator("#unread-badge")).to_have_count(0)
    context.close()
