"""女职工工作 in a browser: the 女职工委员会 opens the desk, enrols a woman in the 安康互助保障 (a man is refused with
the Chinese message), records a special-contract check, and the desk's figures follow; the desk fits 390 px too."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD


def test_women_committee_works_from_the_desk(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.democracy.models import ContractKind
    from gonghui.democracy.services.contracts import contract_create
    from gonghui.rights.models import ContractCheck, MutualAidEnrolment

    her = make_person(tree["company"], "孙女工", female=True)
    him = make_person(tree["company"], "周男工")
    make_user("women_a", Role.WOMEN, tree["company"])
    signed = datetime.date(2024, 3, 6)
    contract_create(actor=None, org=tree["company"], kind=ContractKind.WOMEN, employer_name="甲公司",
                    signed_on=signed, starts_on=signed, ends_on=datetime.date(2027, 3, 5))
    year = datetime.date.today().year

    login("women_a", PASSWORD)
    page.goto("/rights/women/")
    expect(page.locator("#desk-women")).to_have_text("1人")
    expect(page.locator("#desk-aid")).to_have_text("0人")
    shot("rights_women_desk")
    expect(page.locator("a[href^='/rights/women/mutual-aid/']")).to_be_visible()
    page.goto("/rights/women/mutual-aid/new/")
    page.fill("#id_who", him.id_number)
    page.fill("#id_year", str(year))
    page.fill("#id_premium", "30")
    page.click("#action-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("女职工安康互助保障只适用于女职工")
    page.fill("#id_who", her.id_number)
    page.click("#action-form button[type=submit]")
    page.wait_for_url("**/rights/women/mutual-aid/")
    expect(page.locator("body")).to_contain_text("孙女工")
    assert MutualAidEnrolment.objects.get().person == her

    page.goto("/rights/women/checks/new/")
    page.select_option("#id_contract", index=1)
    page.fill("#id_checked_on", f"{year}-01-02")
    page.fill("#id_checkers", "女职工委员会王芳")
    page.fill("#id_items", "三期保护、卫生费发放")
    page.fill("#id_findings", "哺乳室未配冰箱")
    page.select_option("#id_state", "issues")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#check-state")).to_have_text("发现问题待整改")
    assert ContractCheck.objects.count() == 1

    page.goto("/rights/women/")
    expect(page.locator("#desk-aid")).to_have_text("1人")
    expect(page.locator("#desk-checks")).to_have_text("1次")
    expect(page.locator("#women-desk")).to_contain_text("1次检查发现的问题待整改")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/rights/women/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("rights_women_desk_390")
