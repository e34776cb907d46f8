"""合理化建议 (issue 14, done when): a member submits a suggestion on a phone (390×844; a double click submits once),
a panel member scores it on their phone, the officer grades and adopts it and records the benefit, and the member
sees every step and the benefit from the 首页 card."""
from django.utils.timezone import localdate
from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.achievements.models import Suggestion
from gonghui.achievements.tests.conftest import world  # noqa: F401

PHONE = {"width": 390, "height": 844}


def _fits(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_member_submits_panel_scores_officer_adopts_member_sees_benefit(page, login, shot, world):
    page.set_viewport_size(PHONE)
    login("member_wang", PASSWORD)
    page.goto("/portal/services/")
    page.get_by_role("link", name="提合理化建议").click()
    page.fill("#id_title", "空压机余热回收利用")
    page.fill("#id_problem", "空压机运行产生大量余热直接排放，浪费能源。")
    page.fill("#id_proposal", "加装余热回收装置，为职工浴室供应热水。")
    page.fill("#id_expected_benefit", "每年节约燃气费约5万元")
    page.select_option("#id_coauthors", label="李协作")
    _fits(page)
    shot("achievements_member_new_390")
    page.dblclick("#action-form button[type=submit]")
    expect(page.locator("#my-state")).to_have_text("已提交")
    _fits(page)
    assert Suggestion.objects.filter(title="空压机余热回收利用").count() == 1
    s = Suggestion.objects.get(title="空压机余热回收利用")
    page.context.clear_cookies()

    # A panel member scores it on the phone (the co-author, also on the panel, does not see it to score).
    login("judge_zhao", PASSWORD)
    page.goto("/achievements/panel/")
    page.locator("#to-score a", has_text="空压机余热回收利用").click()
    for c, value in zip(world["criteria"], ("26", "25", "35")):
        page.fill(f"#id_c{c.pk}", value)
    _fits(page)
    shot("achievements_panel_score_390")
    page.click("#score-form button")
    expect(page.locator("#to-score")).not_to_contain_text("空压机余热回收利用")
    page.context.clear_cookies()

    # The officer grades, adopts and records the benefit.
    page.set_viewport_size({"width": 1366, "height": 768})
    login("officer_a", PASSWORD)
    page.goto(f"/achievements/suggestions/{s.pk}/")
    page.click("#do-grade")
    page.select_option("#id_grade", "second")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#grade-badge")).to_have_text("二等")
    page.click("#do-adopt")
    page.fill("#id_department", "设备动力部")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#state-badge")).to_have_text("已采纳")
    page.click("#do-benefit")
    page.fill("#id_amount", "48600")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#form-errors, .alert-danger").first).to_contain_text("效益核实日期")
    page.fill("#id_verified_on", localdate().isoformat())
    page.click("#action-form button[type=submit]")
    expect(page.locator("#benefit")).to_contain_text("48600.00元")
    shot("achievements_detail_1366")
    page.context.clear_cookies()

    # The member, on the phone: the 首页 card, then every step and the benefit.
    page.set_viewport_size(PHONE)
    login("member_wang", PASSWORD)
    page.goto("/portal/")
    page.locator("a.member-row", has_text="空压机余热回收利用").click()
    expect(page.locator("#my-grade")).to_have_text("二等")
    expect(page.locator("#my-benefit")).to_contain_text("48600.00元")
    expect(page.locator("#suggestion-steps")).to_contain_text("决定采纳")
    expect(page.locator("#suggestion-steps")).to_contain_text("核实效益")
    _fits(page)
    shot("achievements_member_result_390")
