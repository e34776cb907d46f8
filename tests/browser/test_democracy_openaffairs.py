"""厂务公开 and 意见箱 in a browser: an officer publishes an item with its approval; a member reads it on a phone
(390×844, 18 px type, no sideways scroll); the member leaves a named and an anonymous opinion, keeps the code, the
officer forwards and answers without ever seeing who wrote the anonymous one, and the member reads both answers."""
import datetime
import re

from playwright.sync_api import expect

from conftest import PASSWORD


def _font(page, selector):
    return page.evaluate(f"parseFloat(getComputedStyle(document.querySelector({selector!r})).fontSize)")


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_open_affairs_and_the_opinion_box(page, login, shot, tree, make_user, make_person, settings, tmp_path):
    from gonghui.accounts.roles import Role

    settings.MEDIA_ROOT = tmp_path
    make_user("oa_chair", Role.CHAIR, tree["company"])
    member = make_person(tree["branch"], "王会员", birth=datetime.date(1968, 4, 2))
    make_user("member_wang", Role.MEMBER, tree["branch"], person=member)
    sheet = tmp_path / "福利费明细.pdf"
    sheet.write_bytes(b"%PDF-1.4 welfare")

    # The chair registers and publishes an item.
    login("oa_chair", PASSWORD)
    page.goto("/democracy/openaffairs/new/")
    expect(page.locator("h1")).to_have_text("登记厂务公开事项")
    page.select_option("#id_org", str(tree["company"].pk))
    page.fill("#id_title", "上半年职工福利费使用情况")
    page.select_option("#id_category", "welfare")
    page.select_option("#id_channel", "board")
    page.fill("#id_approved_by", "厂务公开领导小组")
    page.fill("#id_content", "上半年福利费支出共计12.6万元。\n\n明细见附件，欢迎职工监督。")
    page.set_input_files("#id_attachment", str(sheet))
    page.click("button[type=submit]")
    expect(page.locator("#item-status")).to_have_text("草稿")
    page.click("#publish-button")
    expect(page.locator("#item-status")).to_have_text("已公开")
    shot("openaffairs_officer_detail")
    page.context.clear_cookies()

    # The member, on a phone: the 首页 card, the item in large type, the attachment.
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_wang", PASSWORD)
    page.goto("/portal/")
    card = page.locator('[data-card="democracy.openaffairs"]')
    expect(card).to_contain_text("1 项新公开")
    shot("openaffairs_member_home_390")
    page.goto("/democracy/openaffairs/mine/")
    item = page.locator("#oa-list a").first
    expect(item).to_contain_text("上半年职工福利费使用情况")
    expect(item).to_contain_text("未读")
    assert _font(page, "#oa-list .oa-meta") >= 18
    _no_sideways_scroll(page)
    shot("openaffairs_member_list_390")
    item.click()
    expect(page.locator("#oa-body p")).to_have_count(2)
    assert _font(page, "#oa-body p") >= 18
    link = page.locator("#attachments a")
    expect(link).to_contain_text("福利费明细.pdf")
    assert link.bounding_box()["height"] >= 44
    _no_sideways_scroll(page)
    shot("openaffairs_member_detail_390")

    # The 意见箱: a named opinion, then an anonymous one whose code the member keeps.
    page.goto("/democracy/opinions/box/")
    assert _font(page, "#id_content") >= 18
    page.fill("#id_content", "建议食堂夜班增加热食窗口。")
    page.select_option("#id_category", "welfare")
    page.click("#submit-opinion")
    expect(page.locator("#my-status")).to_have_text("待处理")
    page.goto("/democracy/opinions/box/")
    page.fill("#id_content", "班组加班安排不公平，希望公开加班时数。")
    page.check("#id_anonymous")
    page.click("#submit-opinion")
    code = page.locator("#code-value").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    assert _font(page, "#code-value") >= 18
    _no_sideways_scroll(page)
    shot("opinions_member_code_390")
    expect(page.locator("#my-opinions")).not_to_contain_text("加班")  # not listed as theirs
    page.context.clear_cookies()

    # The chair forwards and answers both; the anonymous one names nobody.
    page.set_viewport_size({"width": 1366, "height": 768})
    login("oa_chair", PASSWORD)
    page.goto("/democracy/opinions/?status=open")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table")).to_contain_text("匿名")
    for title, answer in (("班组加班安排不公平", "已在公开栏按月公布各班组加班时数。"),
                          ("建议食堂夜班增加热食窗口", "自下月起夜班增设热食窗口。")):
        page.goto("/democracy/opinions/?status=open")
        page.locator("table a", has_text=title).click()
        if "加班" in title:
            expect(page.locator("#author")).to_contain_text("匿名")
            expect(page.locator("body")).not_to_contain_text("王会员")
        page.fill("#id_other", "人力资源部")  # not in the department library: typed by name
        page.click("#forward-button")
        expect(page.locator("#opinion-status")).to_have_text("已转交")
        page.select_option("#id_outcome", "adopted")
        page.fill("#id_answer", answer)
        page.click("#answer-button")
        expect(page.locator("#opinion-status")).to_have_text("已答复")
    shot("opinions_officer_detail")
    page.context.clear_cookies()

    # The member reads both answers: the named one from the message, the anonymous one with the code.
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_wang", PASSWORD)
    page.goto("/portal/messages/")
    page.locator("#messages a", has_text="您的意见建议已答复").first.click()
    expect(page.locator("#my-answer")).to_contain_text("自下月起夜班增设热食窗口。")
    page.goto("/democracy/opinions/box/")
    page.fill("#id_code", code.lower())
    page.locator("#follow-form button").click()
    expect(page.locator("#my-answer")).to_contain_text("已在公开栏按月公布各班组加班时数。")
    assert _font(page, "#my-answer .op-body p") >= 18
    _no_sideways_scroll(page)
    shot("opinions_member_answer_390")
