"""The draft editor in a real browser: generate the 2025 summary, edit a paragraph, break a figure, save, 核对数字
marks it; add and remove items of 存在的问题; a second tab's stale save is told and keeps its text."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.accounts.roles import Role
from gonghui.care import services as care
from gonghui.care.models import Occasion
from gonghui.reports import documents
from gonghui.reports.models import Draft

D = datetime.date


def union_with_records(tree, make_person, make_user):
    officer = make_user("writer", Role.OFFICER, tree["company"])
    people = [make_person(tree["company"], name, joined=D(2019, 5, 1)) for name in ("张晓明", "李华", "王芳")]
    make_person(tree["company"], "赵志刚", member=False)
    care.condolence_record(actor=None, person=people[0], occasion=Occasion.HOSPITAL, visited_on=D(2025, 3, 5),
                           amount="800")
    care.condolence_record(actor=None, person=people[1], occasion=Occasion.HOSPITAL, visited_on=D(2025, 6, 9),
                           amount="500")
    return officer


def generate(page):
    page.goto("/reports/documents/")
    page.select_option("#id_kind", "summary")
    page.fill("#id_year", "2025")
    page.select_option("#id_style", "exact")
    page.click("#generate-btn")
    expect(page.locator("#doc-paper .doc-title")).to_have_text("甲公司工会2025年工作总结")


def test_edit_break_a_figure_save_and_check(page, login, shot, tree, make_person, make_user):
    union_with_records(tree, make_person, make_user)
    login("writer", PASSWORD)
    generate(page)
    visits = page.locator('#doc-paper .fig[data-metric="care.condolence.visits"]').first
    expect(visits).to_have_text("2人次")
    shot("draft_editor")

    # Edit the opening paragraph: type at its end.
    opening = page.locator("#doc-paper .doc-p").first
    opening.click()
    page.keyboard.press("End")
    page.keyboard.press("Control+End")
    page.keyboard.type("全会上下团结一心。")
    expect(page.locator("#save-state")).to_contain_text("有未保存的修改")

    # Break a figure: open it and write another number.
    visits.click()
    expect(visits).to_have_class("fig editing")
    page.keyboard.press("Control+A")
    page.keyboard.type("5人次")
    page.keyboard.press("Enter")
    expect(visits).to_have_text("5人次")

    page.click("#save-btn")
    expect(page.locator("#save-state")).to_contain_text("已保存")
    draft = Draft.objects.get()
    saved = documents.from_dict(draft.content)
    assert saved.blocks[0].text.endswith("全会上下团结一心。")
    assert [f.phrase for f in saved.figures() if f.metric == "care.condolence.visits"][0] == "5人次"

    page.click("#check-btn")
    stale = page.locator('#doc-paper .fig.stale[data-metric="care.condolence.visits"]')
    expect(stale).to_have_count(1)
    expect(stale).to_have_attribute("data-stale", "文中数字与记录不符：文中为“5人次”，记录现为2人次")
    expect(page.locator("#check-summary")).to_contain_text("1处与记录不符")
    expect(page.locator("#stale-list li")).to_contain_text("记录现为2人次")
    assert page.locator("#doc-paper .fig.stale").count() == 1  # the figures left alone are not marked
    outline = stale.evaluate("e => getComputedStyle(e).outlineColor")
    assert outline == "rgb(217, 48, 37)"
    stale.scroll_into_view_if_needed()
    shot("draft_editor_checked")
    draft.refresh_from_db()
    assert draft.stale_count == 1 and draft.checked_at is not None


def test_items_of_the_problems_are_added_removed_and_renumbered(page, login, shot, tree, make_person, make_user):
    union_with_records(tree, make_person, make_user)
    login("writer", PASSWORD)
    generate(page)
    items = page.locator("#doc-paper .doc-block[data-type=paragraph] .doc-p", has_text="．")
    first = items.first
    before = items.count()
    first.hover()
    first.locator("xpath=..").locator("[data-act=add]").click()
    page.keyboard.type("新增的一条问题。")
    expect(items).to_have_count(before + 1)
    second = first.locator("xpath=../following-sibling::div[1]").locator(".doc-p")
    expect(second).to_have_text("2．新增的一条问题。")
    page.once("dialog", lambda dialog: dialog.accept())
    first.hover()
    first.locator("xpath=..").locator("[data-act=remove]").click()
    expect(page.locator("#doc-paper .doc-p", has_text="新增的一条问题")).to_have_text("1．新增的一条问题。")
    page.click("#save-btn")
    expect(page.locator("#save-state")).to_contain_text("已保存")
    assert "1．新增的一条问题。" in [b.text for b in documents.from_dict(Draft.objects.get().content).blocks
                                 if isinstance(b, documents.Paragraph)]


def test_a_stale_tab_keeps_its_edits_as_a_new_draft(page, login, tree, make_person, make_user):
    union_with_records(tree, make_person, make_user)
    login("writer", PASSWORD)
    generate(page)
    draft = Draft.objects.get()
    other = page.context.new_page()
    other.goto(page.url)
    title = other.locator("#doc-paper .doc-title")
    title.click()
    other.keyboard.press("End")
    other.keyboard.type("（第二个窗口）")
    other.click("#save-btn")
    expect(other.locator("#save-state")).to_contain_text("已保存")

    page.locator("#doc-paper .doc-title").click()
    page.keyboard.press("End")
    page.keyboard.type("（第一个窗口）")
    page.click("#save-btn")
    expect(page.locator("#conflict-box")).to_be_visible()
    expect(page.locator("#conflict-text")).to_contain_text("已在其他窗口或由他人保存过")
    expect(page.locator("#doc-paper .doc-title")).to_contain_text("（第一个窗口）")  # nothing lost
    page.click("#save-as-new-btn")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1] not in (str(draft.pk), ""))
    expect(page.locator(".alert-success")).to_contain_text("您的修改已另存为新文稿")
    expect(page.locator("#doc-paper .doc-title")).to_have_text("甲公司工会2025年工作总结（第一个窗口）")
    assert Draft.objects.count() == 2
    draft.refresh_from_db()
    assert draft.title == "甲公司工会2025年工作总结（第二个窗口）"


def test_wording_page_previews_an_unsaved_change(page, login, shot, tree, make_person, make_user):
    union_with_records(tree, make_person, make_user)
    make_user("wording_admin", Role.ADMIN, tree["company"])
    login("wording_admin", PASSWORD)
    page.goto("/reports/documents/templates/?kind=summary")
    expect(page.locator("#section-care")).to_contain_text("系统默认")
    shot("template_list")
    page.locator("#section-care a", has_text="修改").click()
    page.fill("#id_heading", "关爱职工暖人心")
    page.click("#preview-btn")
    expect(page.locator("#preview .doc-h1", has_text="关爱职工暖人心")).to_be_visible()
    shot("template_edit_preview")


def test_mixed_is_the_default_and_one_figure_switches_style(page, login, shot, tree, make_person, make_user):
    """Issue 8: a new draft is in the mixed style (money rounded, counts exact); one figure switches between 准确数字
    and 约数 in the editor, and is saved so."""
    union_with_records(tree, make_person, make_user)
    login("writer", PASSWORD)
    page.goto("/reports/documents/")
    expect(page.locator("#id_style")).to_have_value("mixed")
    page.fill("#id_year", "2025")
    page.click("#generate-btn")
    amount = page.locator('#doc-paper .fig[data-metric="care.condolence.amount"]').first
    expect(amount).to_have_text("1300元")  # 800 + 500元, rounded as summaries write money below 1万
    expect(page.locator('#doc-paper .fig[data-metric="care.condolence.visits"]').first).to_have_text("2人次")
    amount.click()
    switch = page.locator(".fig-switch button")
    expect(switch).to_have_text("改为准确数字：1,300元")
    shot("draft_editor_figure_switch")
    switch.click()
    expect(amount).to_have_text("1,300元")
    expect(page.locator(".fig-switch")).to_have_count(0)
    expect(page.locator("#save-state")).to_contain_text("有未保存的修改")
    page.click("#save-btn")
    expect(page.locator("#save-state")).to_contain_text("已保存")
    draft = Draft.objects.get()
    assert draft.style == "mixed"
    fig = next(f for f in documents.from_dict(draft.content).figures() if f.metric == "care.condolence.amount")
    assert (fig.phrase, fig.style) == ("1,300元", "exact")
    amount.click()  # and back
    expect(switch).to_have_text("改为约数：1300元")
