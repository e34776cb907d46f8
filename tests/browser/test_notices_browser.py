"""通知公告: an officer publishes a notice with an attachment; a member opens it on a phone (390×844, large type);
the officer sees it read."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD


def test_officer_publishes_member_reads_on_phone(page, login, shot, tree, make_user, make_person, settings, tmp_path):
    from gonghui.accounts.roles import Role

    settings.MEDIA_ROOT = tmp_path
    make_user("notice_chair", Role.CHAIR, tree["company"])
    member = make_person(tree["branch"], "王会员", birth=datetime.date(1968, 4, 2))
    make_user("member_wang", Role.MEMBER, tree["branch"], person=member)
    make_person(tree["company"], "陈会员")  # in the audience only with an account: not counted
    schedule = tmp_path / "活动日程.pdf"
    schedule.write_bytes(b"%PDF-1.4 schedule")

    # The chair writes the notice (draft), then publishes it.
    login("notice_chair", PASSWORD)
    page.goto("/portal/notices/manage/new/")
    page.select_option("#id_org", str(tree["company"].pk))
    page.fill("#id_title", "关于举办2025年职工趣味运动会的通知")
    page.fill("#id_body", "各分会、全体会员：\n\n为丰富职工文化生活，工会定于5月20日在厂区体育场举办职工趣味运动会。"
                          "\n\n请各分会于5月10日前报送参赛名单。")
    page.check("#id_pinned")
    page.set_input_files("#id_attachment", str(schedule))
    page.click("button[type=submit]")
    expect(page.locator("#notice-status")).to_have_text("草稿")
    page.once("dialog", lambda d: d.accept())
    page.click("#publish-button")
    expect(page.locator("#notice-status")).to_have_text("已发布")
    expect(page.locator("#read-count")).to_have_text("已读 0 / 应读 2")  # the member and the chair
    detail_url = page.url
    page.context.clear_cookies()

    # The member, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_wang", PASSWORD)
    page.goto("/portal/notices/")
    item = page.locator("#notice-list a").first
    expect(item).to_contain_text("关于举办2025年职工趣味运动会的通知")
    expect(item).to_contain_text("未读")
    shot("notices_member_list_390")
    item.click()
    expect(page.locator("h1")).to_contain_text("趣味运动会")
    paragraphs = page.locator("#notice-body p")
    expect(paragraphs).to_have_count(3)
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#notice-body p')).fontSize)")
    assert size >= 18, size
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    link = page.locator("#attachments a")
    expect(link).to_have_text("活动日程.pdf")
    assert link.bounding_box()["height"] >= 44
    shot("notices_member_detail_390")
    page.goto("/portal/notices/")
    expect(page.locator("#notice-list a").first).not_to_contain_text("未读")
    page.context.clear_cookies()

    # The chair sees it read.
    page.set_viewport_size({"width": 1366, "height": 768})
    login("notice_chair", PASSWORD)
    page.goto(detail_url)
    expect(page.locator("#read-count")).to_have_text("已读 1 / 应读 2")
    expect(page.locator("#reader-table")).to_contain_text("王会员")
    expect(page.locator("#reader-table")).to_contain_text("甲公司一分会")
    shot("notices_officer_read")
