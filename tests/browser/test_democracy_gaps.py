"""Issue 10's gaps on screen: a delegate raises a proposal for the next session on a phone (390×844); an officer
enters a paper proposal, sees it on the session's page, corrects a tally, edits a department and a draft survey's
question. Screenshots gaps_*.png."""
from __future__ import annotations

import datetime

from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.democracy.models import Proposal, Question
from gonghui.democracy.services import congress as congress_services
from gonghui.democracy.services import surveys as survey_services
from gonghui.democracy.tests.proposals_fixtures import pworld  # noqa: F401

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def test_gaps_walk(page, login, shot, pworld):
    w = pworld
    today = datetime.date.today()
    session = congress_services.session_create(actor=None, term=w["term"], opened_on=today + datetime.timedelta(days=10),
                                               place="职工之家")
    # A delegate on the phone: the next session is chosen by default.
    page.set_viewport_size(PHONE)
    login("delegate_a", PASSWORD)
    page.goto("/democracy/proposals/my/new/")
    expect(page.locator("#id_session option:checked")).to_contain_text("二届一次")
    page.fill("#id_title", "关于增设职工班车的建议")
    page.select_option("#id_category", "welfare")
    page.fill("#id_reasons", "新厂区离市区远，通勤不便。")
    page.fill("#id_measures", "增设两条早晚班车线路。")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("gaps_member_new_session_390")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#my-state")).to_have_text("已提交")
    page.context.clear_cookies()

    # The officer enters a paper proposal for 张伟.
    page.set_viewport_size(DESK)
    login("officer_a", PASSWORD)
    page.goto("/democracy/proposals/new/")
    page.select_option("#id_proposer", label="张伟")
    page.fill("#id_title", "关于更新劳保用品的建议")
    page.select_option("#id_category", "safety")
    page.fill("#id_reasons", "手套磨损快。")
    page.fill("#id_measures", "每月按岗位发放。")
    shot("gaps_officer_enter")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#entered-by")).to_contain_text("代为录入")
    assert Proposal.objects.get(title="关于更新劳保用品的建议").entered_by.username == "officer_a"
    # The session's page lists both; a tally corrected.
    page.goto(session.get_absolute_url())
    expect(page.locator("#session-proposal-counts")).to_contain_text("收到提案2件")
    shot("gaps_session_proposals")
    # Departments: rename and change contacts.
    page.goto("/democracy/proposals/departments/")
    page.click(f"#edit-department-{w['hr'].pk}")
    page.fill("#id_name", "人力资源处")
    page.click("#department-form button[type=submit]")
    expect(page.locator("#departments")).to_contain_text("人力资源处")
    page.click(f"#edit-department-{w['hr'].pk}")
    expect(page.locator("#department-history")).to_contain_text("人力资源部 → 人力资源处")
    shot("gaps_department_edit")
    # A draft survey's question edited and moved.
    survey = survey_services.survey_create(actor=None, org=w["company"], title="食堂满意度调查",
                                           opens_on=today, closes_on=today + datetime.timedelta(days=7))
    q1 = survey_services.question_add(actor=None, survey=survey, text="饭菜口味", kind="single",
                                      options=["满意", "不满意"])
    survey_services.question_add(actor=None, survey=survey, text="其他建议", kind="text", required=False)
    page.goto(survey.get_absolute_url())
    page.click(f"#edit-question-{q1.pk}")
    page.fill("#id_text", "您对饭菜口味是否满意？")
    page.fill("#id_options", "满意\n基本满意\n不满意")
    shot("gaps_question_edit")
    page.click("#question-edit-form button[type=submit]")
    expect(page.locator("#question-list")).to_contain_text("基本满意")
    page.get_by_role("button", name="下移第1题").click()
    expect(page.locator("#question-list li").first).to_contain_text("其他建议")
    assert list(Question.objects.filter(survey=survey).order_by("order").values_list("text", flat=True))[1] \
        == "您对饭菜口味是否满意？"
    shot("gaps_survey_questions")


def test_tally_correction_page(page, login, shot, pworld):
    w = pworld
    today = datetime.date.today()
    session = congress_services.session_create(actor=None, term=w["term"], opened_on=today)
    congress_services.session_open(actor=None, session=session)
    for d in w["delegates"]:
        congress_services.attendance_mark(actor=None, session=session, delegate=d, status="present")
    r = congress_services.resolution_add(actor=None, session=session, title="关于行政工作报告的决议")
    congress_services.resolution_vote(actor=None, resolution=r, votes_for=3, votes_against=2, votes_abstain=1)
    page.set_viewport_size(DESK)
    login("officer_a", PASSWORD)
    page.goto(session.get_absolute_url())
    page.locator(f"#resolution-{r.pk} .resolution-correct").click()
    page.fill("#id_votes_for", "4")
    page.fill("#id_votes_against", "1")
    page.fill("#id_reason", "第二计票组一张赞成票误记为反对")
    shot("gaps_tally_correct")
    page.click("#correct-form button[type=submit]")
    expect(page.locator(f"#resolution-{r.pk} .resolution-verdict")).to_have_text("通过")
    expect(page.locator(f"#resolution-{r.pk} .resolution-correction")).to_contain_text("原赞成3")
    shot("gaps_session_corrected")
