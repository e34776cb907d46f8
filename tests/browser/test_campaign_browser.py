"""A campaign (集中慰问) in the browser: plan, choose recipients by criteria and by hand, amounts, approve, signing
sheet (print and .xlsx download), deliver (a second click delivers nobody twice)."""
import datetime
import io

import openpyxl
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import SCREENSHOTS
from gonghui.accounts.roles import Role
from gonghui.care import services as care_services
from gonghui.care.models import Assistance, Campaign
from gonghui.members.models import Person


def test_campaign_from_selection_to_signing_sheet_and_delivery(page, login, shot, tree, make_user, make_person):
    company = tree["company"]
    make_user("officer", Role.OFFICER, company)
    care_services.rule_set_create(actor=None, org=tree["fed"], name="区总工会慰问标准",
                                  effective_from=datetime.date(2024, 1, 1),
                                  rules=[{"occasion": "festival", "standard": "500", "cap": "1000",
                                          "yearly_cap": "1500"}])
    for name, birth in (("王老伯", datetime.date(1938, 4, 2)), ("陈阿婆", datetime.date(1941, 9, 9))):
        make_person(company, name, birth=birth, work_status=Person.WorkStatus.RETIRED, department="退休人员")
    make_person(company, "刘青年", birth=datetime.date(1990, 1, 1), department="一车间", post="钳工")
    poor = make_person(company, "赵困难", birth=datetime.date(1978, 6, 6), department="二车间", post="装配工")
    care_services.hardship_file_open(actor=None, person=poor, level="deep", causes=["illness"],
                                     opened_on=datetime.date(2024, 5, 1))

    login("officer", PASSWORD)
    page.click(".sidebar >> text=集中慰问")
    expect(page.locator("h1")).to_contain_text("集中慰问")
    page.click("text=新增")
    page.select_option("#id_kind", "spring")
    page.fill("#id_title", "元旦春节送温暖")
    page.fill("#id_budget", "5000")
    page.fill("#id_default_amount", "500")
    shot("campaign_new")
    page.click("button[type=submit]:has-text('保存')")
    expect(page.locator("#campaign-status")).to_contain_text("筹备中")

    # By criteria: retirees over 80, then every open hardship file.
    page.fill("#crit_retirees_min_age", "80")
    page.click("#select-btn")
    expect(page.locator(".alert-success")).to_contain_text("新增2人")
    page.select_option("#crit_hardship_level", "any")
    page.click("#select-btn")
    expect(page.locator("#recipient-table tbody tr")).to_have_count(3)
    # By hand: search and add someone.
    page.fill("#person-search", "刘青")
    expect(page.locator("#person-results")).to_contain_text("刘青年")
    page.locator("#person-results button:has-text('添加')").click()
    expect(page.locator(".alert-success")).to_contain_text("已添加：刘青年")
    expect(page.locator("#recipient-table tbody tr")).to_have_count(4)
    # Remove him again; give the hardship household more.
    page.locator("#recipient-table tr", has_text="刘青年").locator("input[name=pk]").check()
    page.once("dialog", lambda d: d.accept())
    page.click("#remove-btn")
    expect(page.locator(".alert-success")).to_contain_text("移除1人")
    page.locator("#recipient-table tr", has_text="赵困难").locator("input[name=pk]").check()
    page.fill("#amt_amount", "800")
    page.click("#amount-selected-btn")
    expect(page.locator(".alert-success")).to_contain_text("已为1人设置金额")
    expect(page.locator("#fig-total")).to_contain_text("1800.00")
    shot("campaign_selected")

    page.click("#approve-btn")
    expect(page.locator("#campaign-status")).to_contain_text("已审批")

    # The signing sheet: the print page, then the .xlsx.
    with page.context.expect_page() as popup:
        page.click("#sheet-print")
    sheet = popup.value
    sheet.wait_for_load_state()
    expect(sheet.locator("#signing-sheet")).to_contain_text("赵困难")
    expect(sheet.locator("#signing-sheet")).to_contain_text("********")
    sheet.screenshot(path=str(SCREENSHOTS / "campaign_sheet_print.png"), full_page=True)
    sheet.close()
    with page.expect_download() as download_info:
        page.click("#sheet-xlsx")
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    book = openpyxl.load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[1][:5] == ("序号", "单位", "部门", "姓名", "身份证号")
    assert {r[3] for r in rows[2:]} == {"王老伯", "陈阿婆", "赵困难"}
    assert poor.id_number not in str(rows)

    # Deliver everyone; the button cannot be pressed twice, and a second delivery pays nobody again.
    page.click("#deliver-all-btn")
    expect(page.locator(".alert-success")).to_contain_text("已登记发放3人")
    expect(page.locator("#fig-coverage")).to_contain_text("覆盖 100.0%")
    shot("campaign_delivered")
    campaign = Campaign.objects.get(title="元旦春节送温暖")
    page.request.post(f"/care/campaigns/{campaign.pk}/deliver/", form={
        "delivered_on": str(datetime.date.today()), "scope": "all",
        "csrfmiddlewaretoken": page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")})
    assert Assistance.objects.filter(campaign_recipient__campaign=campaign).count() == 3
    page.goto("/care/campaigns/")
    expect(page.locator("#campaign-table")).to_contain_text("100.0%")
    shot("campaign_list")
    page.goto("/care/rules/")
    expect(page.locator("#ruleset-table")).to_contain_text("区总工会慰问标准")
    shot("ruleset_list")
