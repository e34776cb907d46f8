"""法律咨询 on a phone: a member asks at 390×844, the union's officer answers on the desk's page (the answer date
before the question is refused in Chinese), the member reads the answer on 我的调解与咨询 at 390×844 without
sideways scrolling."""
from playwright.sync_api import expect

from conftest import PASSWORD


def test_member_asks_officer_answers_member_reads(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.portal.models import Message
    from gonghui.rights.models import Consultation

    member = make_user("member_li", Role.MEMBER, tree["company"], person=make_person(tree["company"], "李咨询"))
    make_user("officer_a", Role.OFFICER, tree["company"])

    page.set_viewport_size({"width": 390, "height": 844})
    login("member_li", PASSWORD)
    page.goto("/rights/my/advice/")
    page.fill("#id_question", "试用期最后一天被通知不录用，单位需要支付补偿吗？")
    page.dblclick("#action-form button[type=submit]")
    expect(page.locator("#my-consultations")).to_contain_text("待答复")
    assert Consultation.objects.count() == 1
    q = Consultation.objects.get()

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    login("officer_a", PASSWORD)
    page.goto("/rights/consultations/?answered=no")
    page.click(f"a[href='/rights/consultations/{q.pk}/']")
    expect(page.locator("#consultation-state")).to_have_text("待答复")
    page.click("#answer-link")
    page.fill("#id_answer", "试用期内不符合录用条件的可以解除，但须说明理由并提供证据；无需支付经济补偿。")
    page.fill("#id_lawyer", "陈律师")
    page.fill("#id_answered_on", "2000-01-01")
    page.click("#action-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("解答日期不能早于咨询日期")
    page.fill("#id_answered_on", q.asked_on.isoformat())
    page.click("#action-form button[type=submit]")
    expect(page.locator("#consultation-state")).to_have_text("已答复")
    shot("rights_advice_answered")
    assert Message.objects.filter(recipient=member, kind="rights.advice").count() == 1

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_li", PASSWORD)
    page.goto("/rights/my/cases/")
    expect(page.locator("#my-consultations")).to_contain_text("无需支付经济补偿")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("rights_advice_read_390")
