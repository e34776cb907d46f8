"""提案 (issue 10, done when): a delegate raises a proposal with a co-proposer on a phone (390×844); the proposals
committee registers and assigns it; the department's contact answers it; the delegate rates the answer on the phone."""
from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.democracy.models import Proposal
from gonghui.democracy.tests.proposals_fixtures import pworld  # noqa: F401

PHONE = {"width": 390, "height": 844}


def _phone_checks(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_delegate_raises_committee_assigns_department_answers_delegate_rates(page, login, shot, pworld):
    # The delegate, on a phone: 提出提案 with 李秀英 as co-proposer.
    page.set_viewport_size(PHONE)
    login("delegate_a", PASSWORD)
    page.goto("/portal/services/")
    page.get_by_role("link", name="提出提案").click()
    page.fill("#id_title", "关于改善一车间夏季通风降温条件的建议")
    page.select_option("#id_category", "safety")
    page.fill("#id_reasons", "一车间夏季温度超过35度，排风设备老化。")
    page.fill("#id_measures", "更换屋顶排风机，增设移动冷风机。")
    box = page.locator("#cosigner-list label", has_text="李秀英")
    assert box.bounding_box()["height"] >= 44
    box.click()
    _phone_checks(page)
    shot("proposals_member_new_390")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#my-state")).to_have_text("已提交")
    expect(page.locator("#my-cosigners")).to_contain_text("李秀英")
    _phone_checks(page)
    proposal = Proposal.objects.get()
    assert proposal.code == "第2-001号" and proposal.cosigner_count == 1
    page.context.clear_cookies()

    # The proposals committee: 立案, then 交办 to 人力资源部.
    page.set_viewport_size({"width": 1366, "height": 768})
    login("committee_a", PASSWORD)
    page.goto(f"/democracy/proposals/{proposal.pk}/")
    page.click("#do-review")
    page.select_option("#id_decision", "registered")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#proposal-state")).to_have_text("立案")
    page.click("#do-assign")
    page.select_option("#id_department", label="人力资源部")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#proposal-state")).to_have_text("已交办")
    page.goto("/democracy/proposals/?state=assigned")
    expect(page.locator("table")).to_contain_text("第2-001号")
    shot("proposals_list_1366")
    page.context.clear_cookies()

    # The department's contact answers from their own list.
    login("hr_contact", PASSWORD)
    page.goto("/democracy/proposals/department/")
    page.locator("#to-answer a").first.click()
    page.fill("#id_text", "已将一车间通风改造列入本年度技改计划，7月前完成排风机更换。")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#to-answer")).to_have_count(0)
    page.context.clear_cookies()

    # The delegate, on the phone again: the 首页 card asks for a rating.
    page.set_viewport_size(PHONE)
    login("delegate_a", PASSWORD)
    page.goto("/portal/")
    card = page.get_by_role("link", name="关于改善一车间夏季通风降温条件的建议 已答复，请评价")
    expect(card).to_be_visible()
    card.click()
    expect(page.locator(".answer")).to_contain_text("7月前完成排风机更换")
    choice = page.locator("#rate-form label", has_text="满意").first
    assert choice.bounding_box()["height"] >= 44
    choice.click()
    _phone_checks(page)
    shot("proposals_member_rate_390")
    page.click("#do-rate")
    expect(page.locator("#my-state")).to_have_text("已评价")
    proposal.refresh_from_db()
    assert proposal.state == "rated" and proposal.rating == "satisfied"
    assert list(proposal.steps.values_list("action", flat=True)) == ["submit", "register", "assign", "answer", "rate"]
