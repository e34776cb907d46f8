import datetime

from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.members import services


def test_login_search_by_initials_and_history(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role

    make_user("officer", Role.OFFICER, tree["fed"])
    zhang = make_person(tree["company"], "张晓明", joined=datetime.date(2019, 5, 1))
    make_person(tree["company"], "李华", female=True)
    make_person(tree["school"], "赵志刚")
    services.member_transfer_out(person=zhang, to_org=tree["school"], on=datetime.date(2025, 3, 1), reason="工作调动")
    transfer = zhang.transfers.get()
    services.transfer_accept(transfer=transfer, on=datetime.date(2025, 3, 5))

    login("officer", PASSWORD)
    expect(page.locator("#kpis")).to_contain_text("会员")
    shot("home")

    page.goto("/people/")
    page.fill("#id_q", "zxm")
    page.click("#filter-form button[type=submit]")
    rows = page.locator("#person-table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("张晓明")
    expect(rows.first).not_to_contain_text(zhang.id_number)  # masked in lists
    shot("people_search_initials")

    rows.first.locator("a", has_text="张晓明").click()
    page.click("text=会籍历史")
    timeline = page.locator("#membership-timeline")
    expect(timeline).to_contain_text("批准入会")
    expect(timeline).to_contain_text("申请转出")
    expect(timeline).to_contain_text("转入")
    expect(page.locator("table").first).to_contain_text("甲公司工会")
    expect(page.locator("table").first).to_contain_text("乙学校工会")
    shot("person_history")


def test_wrong_password_shows_chinese_message(page, login, tree, make_user):
    make_user("someone")
    login("someone", "wrong-password-1")
    expect(page.locator(".alert-danger")).to_contain_text("用户名或密码错误")
