"""问卷测评: the officer builds and opens a survey; a member answers it on a phone (390×844, 18 px type, big
touch targets), a second tap changes nothing; the officer sees the result chart."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD


def test_member_answers_on_phone_officer_sees_chart(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.democracy.models import Participation, Survey

    make_user("survey_officer", Role.OFFICER, tree["company"])
    person = make_person(tree["branch"], "周会员", birth=datetime.date(1975, 6, 3))
    make_user("survey_member", Role.MEMBER, tree["branch"], person=person)
    today = datetime.date.today()

    # The officer builds the survey: two questions, then opens it.
    login("survey_officer", PASSWORD)
    page.goto("/democracy/surveys/new/")
    page.fill("#id_title", "职工食堂满意度调查")
    page.select_option("#id_kind", "satisfaction")
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=7)).isoformat())
    page.click("button[type=submit]")
    expect(page.locator("#survey-status")).to_have_text("草稿")
    page.fill("#question-form #id_text", "您对食堂饭菜是否满意？")
    page.select_option("#question-form #id_kind", "single")
    page.fill("#question-form #id_options", "满意\n基本满意\n不满意")
    page.click("#add-question")
    page.fill("#question-form #id_text", "请为后勤服务打分")
    page.select_option("#question-form #id_kind", "rating")
    page.click("#add-question")
    expect(page.locator("#question-list li")).to_have_count(2)
    page.click("#open-survey")
    expect(page.locator("#survey-status")).to_have_text("进行中")
    shot("surveys_builder")
    survey_url = page.url
    page.context.clear_cookies()

    # The member, on a phone: the 首页 card leads to the form.
    page.set_viewport_size({"width": 390, "height": 844})
    login("survey_member", PASSWORD)
    page.goto("/portal/")
    card = page.locator('[data-card="democracy.surveys"]')
    expect(card).to_contain_text("职工食堂满意度调查")
    card.locator("a.member-row").first.click()
    expect(page.locator("#survey-form")).to_be_visible()
    choice = page.locator(".survey-choice").first
    assert choice.bounding_box()["height"] >= 44
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.survey-choice')).fontSize)")
    assert size >= 18, size
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Submitting without the rating: refused in Chinese, the choice kept.
    page.locator(".survey-choice", has_text="基本满意").click()
    page.click("#submit-survey")
    expect(page.locator("#survey-error")).to_contain_text("还有未作答的必答项")
    expect(page.locator(".survey-choice", has_text="基本满意").locator("input")).to_be_checked()
    page.locator(".survey-ratings .survey-choice", has_text="4").click()
    shot("surveys_member_form_390")
    page.click("#submit-survey")
    expect(page.locator(".alert")).to_contain_text("提交成功")
    expect(page.locator("#my-surveys")).to_contain_text("已提交")
    shot("surveys_member_done_390")
    survey = Survey.objects.get(title="职工食堂满意度调查")
    assert Participation.objects.filter(survey=survey).count() == 1
    page.context.clear_cookies()

    # The officer sees the result chart.
    page.set_viewport_size({"width": 1366, "height": 900})
    login("survey_officer", PASSWORD)
    page.goto(survey_url + "results/")
    expect(page.locator("#return-rate")).to_have_text("100.0%")  # the one account of the audience answered
    chart = page.locator("[data-survey-chart]").first
    expect(chart).to_have_attribute("data-rendered", "1")
    assert chart.locator("canvas").count() >= 1
    shot("surveys_results")
