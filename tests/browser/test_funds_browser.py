"""经费管理 in the browser: the federation's officer registers an employer (the credit code checked) and records its
founding; a union's treasurer computes a month's dues and collects one member's in cash (a double click records once);
the member reads 我的会费 on a phone (390×844)."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD


def test_register_dues_and_my_dues(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.funds.models import DuesPayment, DuesReceipt, Employer
    from gonghui.funds.services import dues

    make_user("fed_funds", Role.OFFICER, tree["fed"])
    treasurer = make_user("treasurer", Role.OFFICER, tree["company"])
    member = make_person(tree["company"], "王会员", birth=datetime.date(1980, 4, 2))
    make_user("member_wang", Role.MEMBER, tree["company"], person=member)
    month = datetime.date.today().replace(day=1)
    dues.wage_set(actor=None, person=member, month=month, amount="4523.40")

    # The federation's register: a wrong check character is refused with the expected one, then saved.
    login("fed_funds", PASSWORD)
    page.goto("/funds/employers/new/")
    page.fill("#id_name", "滨江新材料有限公司")
    page.fill("#id_credit_code", "91350100M000100Y44")
    page.select_option("#id_kind", "private")
    page.fill("#id_employees", "120")
    page.click("button[type=submit]")
    expect(page.locator("body")).to_contain_text("最后一位应为“3”")
    page.fill("#id_credit_code", "91350100M000100Y43")
    page.click("button[type=submit]")
    expect(page.locator("#founded-badge")).to_have_text("未建会")
    page.click("text=登记建会")
    page.fill("#id_founded_on", datetime.date.today().isoformat())
    page.fill("#id_members_on_founding", "90")
    page.select_option("#id_union", str(tree["company"].pk))
    page.click("button[type=submit]")
    expect(page.locator("#founded-badge")).to_contain_text("建会")
    page.goto("/funds/employers/")
    expect(page.locator("#founding-rate")).to_have_text("100.0%")
    shot("funds_employers")
    assert Employer.objects.get().union == tree["company"]
    page.context.clear_cookies()

    # The treasurer: compute this month, collect 王会员's in cash with a double click.
    login("treasurer", PASSWORD)
    page.goto("/funds/dues/compute/")
    page.fill("#id_month", f"{month:%Y-%m}")
    page.click("button[type=submit]")
    expect(page.locator("body")).to_contain_text("新核定1人")
    page.goto(f"/funds/dues/person/{member.pk}/collect/")
    page.fill("#id_receipt_no", "HF-0001")
    page.dblclick("button[type=submit]")
    expect(page.locator("#receipt-total")).to_contain_text("22.62元（大写：贰拾贰元陆角贰分）")
    assert DuesReceipt.objects.count() == 1 and DuesPayment.objects.count() == 1
    page.goto("/funds/dues/")
    expect(page.locator("#total-rate")).to_have_text("100.0%")
    shot("funds_dues")
    page.context.clear_cookies()

    # The member on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_wang", PASSWORD)
    page.goto("/portal/me/")
    page.click("text=我的会费")
    expect(page.locator("#my-paid")).to_have_text("22.62")
    expect(page.locator(".my-dues-list")).to_contain_text("收据HF-0001")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("funds_my_dues_390")
    assert treasurer.pk
