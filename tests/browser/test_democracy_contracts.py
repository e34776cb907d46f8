"""集体合同: an officer records a contract (a term over three years is refused with a message), submits it to the
labour bureau and renews it; the federation's staff see 签订率 and the unions without a contract; a member reads the
contract in force on a phone (390×844)."""
import datetime

from django.utils.timezone import localdate
from playwright.sync_api import expect

from conftest import PASSWORD


def _d(day: datetime.date) -> str:
    return day.isoformat()


def test_officer_records_and_renews_federation_sees_rate_member_reads(page, login, shot, tree, make_user,
                                                                      make_person):
    from gonghui.accounts.roles import Role
    from gonghui.democracy.models import CollectiveContract

    today = localdate()
    make_user("contract_officer", Role.OFFICER, tree["company"])
    make_user("fed_staff", Role.OFFICER, tree["fed"])
    member = make_person(tree["branch"], "王会员")
    make_user("member_wang", Role.MEMBER, tree["branch"], person=member)
    make_person(tree["school"], "乙老师")  # the school has employees and no contract

    signed = today - datetime.timedelta(days=400)
    starts = signed + datetime.timedelta(days=5)
    login("contract_officer", PASSWORD)
    page.goto("/democracy/contracts/")
    page.click("text=新增")
    page.select_option("#id_org", str(tree["company"].pk))
    page.select_option("#id_kind", "comprehensive")
    page.fill("#id_employer_name", "甲公司")
    page.fill("#id_union_representative", "王主席")
    page.fill("#id_employees_covered", "320")
    page.fill("#id_signed_on", _d(signed))
    page.fill("#id_starts_on", _d(starts))
    page.fill("#id_ends_on", _d(starts.replace(year=starts.year + 4)))
    page.fill("#id_content", "第一条 工资按月足额发放。\n\n第二条 每日工作8小时。")
    page.click("button[type=submit]")
    expect(page.locator("#action-form")).to_contain_text("1至3年")
    assert not CollectiveContract.objects.exists()
    page.fill("#id_ends_on", _d(starts.replace(year=starts.year + 1) - datetime.timedelta(days=1) + datetime.timedelta(days=60)))
    page.click("button[type=submit]")
    expect(page.locator("#contract-title")).to_contain_text("第1版")
    expect(page.locator("#contract-state")).to_contain_text("已签订")

    page.click("#submit-link")
    page.fill("#id_submitted_on", _d(signed + datetime.timedelta(days=4)))
    page.fill("#id_bureau", "测试区人力资源和社会保障局")
    page.click("button[type=submit]")
    expect(page.locator("#filing")).to_contain_text("测试区人力资源和社会保障局")
    expect(page.locator("#contract-state")).to_contain_text("已生效")  # the bureau did not object in 15 days
    expect(page.locator("#expiry-alert")).to_be_visible()  # it ends within 90 days
    shot("contracts_detail_expiring")

    page.click("#renew-link")
    new_signed = today - datetime.timedelta(days=3)
    page.fill("#id_signed_on", _d(new_signed))
    page.fill("#id_starts_on", _d(today))
    page.fill("#id_ends_on", _d(today.replace(year=today.year + 2) - datetime.timedelta(days=1)))
    page.click("button[type=submit]")
    expect(page.locator("#contract-title")).to_contain_text("第2版")
    expect(page.locator("#versions")).to_contain_text("第1版")
    expect(page.locator("#contract-state")).to_contain_text("已签订")
    shot("contracts_detail_renewed")
    page.goto("/democracy/contracts/")
    expect(page.locator("#contract-table")).to_contain_text("已续签")
    shot("contracts_list")
    page.context.clear_cookies()

    # The federation's staff: 签订率 of the unions below (the new version is not submitted yet; the first one ran
    # until the day before the new one starts: no comprehensive contract in force today in 甲, none in 乙).
    login("fed_staff", PASSWORD)
    page.goto("/democracy/contracts/coverage/")
    expect(page.locator(".coverage-figure[data-kind=comprehensive]")).to_have_text("0.0%")
    expect(page.locator("#without-table")).to_contain_text("乙学校工会")
    page.fill("#id_on", _d(today - datetime.timedelta(days=1)))
    page.click("#coverage-form button[type=submit]")
    expect(page.locator(".coverage-figure[data-kind=comprehensive]")).to_have_text("50.0%")
    expect(page.locator("#without-table")).not_to_contain_text("甲公司工会")
    shot("contracts_coverage")
    page.context.clear_cookies()

    # The member, on a phone, yesterday's contract is no longer in force: submit the new one first.
    from gonghui.democracy.services import contracts as services

    new = CollectiveContract.objects.get(version=2)
    services.contract_submit(actor=None, contract=new, submitted_on=new_signed, bureau="测试区人社局")
    services.contract_review(actor=None, contract=new, accepted_on=today)
    CollectiveContract.objects.filter(pk=new.pk).update(content="第一条 工资按月足额发放。\n\n第二条 每日工作8小时。")
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_wang", PASSWORD)
    page.goto("/portal/services/")
    page.click("text=集体合同")
    link = page.locator("#my-contracts a").first
    expect(link).to_contain_text("综合性集体合同")
    assert link.bounding_box()["height"] >= 44
    link.click()
    expect(page.locator("#my-contract p")).to_have_count(3)  # the line under the title, two clauses
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('#my-contract')).fontSize)")
    assert size >= 18, size
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("contracts_member_390")
