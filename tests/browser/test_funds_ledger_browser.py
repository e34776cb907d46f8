"""The ledger in the browser (issue 11's "done when", the ledger's part): a treasurer imports a payroll, computes
the month's dues and records the payroll deduction; an assistance payment that care disbursed appears in 待入账 as a
proposed entry with the dues receipt, is booked once (a double click on 入账 books it once), and the year's 财务收支
open-affairs item is drawn from the ledger; a member reads it under 经费收支公开 on a phone (390×844)."""
import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from playwright.sync_api import expect

from conftest import PASSWORD


def _payroll(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "身份证号", "月份", "基本工资"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_payroll_dues_care_payment_booked_once_and_published(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.care.models import Assistance
    from gonghui.democracy.models import OpenAffairsItem
    from gonghui.funds.models import DuesReceipt, LedgerEntry, Wage

    today = datetime.date.today()
    month = today.replace(day=1)
    make_user("treasurer", Role.OFFICER, tree["company"])
    member = make_person(tree["company"], "王会员", birth=datetime.date(1980, 4, 2))
    make_user("member_wang", Role.MEMBER, tree["company"], person=member)
    aid = Assistance.objects.create(org=tree["company"], person=member, kind=Assistance.Kind.DAILY,
                                    amount=Decimal("1800.00"), applied_on=month, status=Assistance.Status.DISBURSED,
                                    disbursed_on=today, reason="家中老人重病")

    login("treasurer", PASSWORD)
    # 1. the payroll: imported through the import engine
    page.goto("/import/payroll/")
    page.set_input_files("#id_file", files=[{"name": "工资表.xlsx", "mimeType": "application/octet-stream",
                                              "buffer": _payroll([["王会员", member.id_number, f"{month:%Y-%m}",
                                                                   "4,523.40元"]])}])
    page.click("#import-upload-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#count-rejected")).to_have_text("0")
    page.click("button:has-text('确认导入')")
    page.wait_for_load_state("networkidle")
    assert Wage.objects.get(person=member).amount == Decimal("4523.40")

    # 2. dues computed and collected by payroll deduction
    page.goto("/funds/dues/compute/")
    page.fill("#id_month", f"{month:%Y-%m}")
    page.click("button[type=submit]")
    expect(page.locator("body")).to_contain_text("新核定1人")
    page.goto("/funds/dues/payroll/")
    page.fill("#id_month", f"{month:%Y-%m}")
    page.fill("#id_receipt_no", "DK-0001")
    page.click("button[type=submit]")
    expect(page.locator("#receipt-total")).to_contain_text("22.62元")
    receipt = DuesReceipt.objects.get()

    # 3. the care payment and the dues receipt proposed to the ledger
    page.goto("/funds/ledger/propose/")
    page.click("button[type=submit]")
    expect(page.locator("body")).to_contain_text("已生成待入账分录2条")
    page.goto("/funds/ledger/inbox/")
    expect(page.locator("table")).to_contain_text("王会员")
    expect(page.locator("table")).not_to_contain_text("老人重病")  # the hardship's details stay in care
    shot("ledger_inbox")
    proposal = LedgerEntry.objects.get(source_key=f"care.assistance:{aid.pk}")
    assert proposal.status == "proposed" and proposal.amount == Decimal("1800.00")

    # 4. booked once, whatever the clicks
    page.goto(f"/funds/ledger/{proposal.pk}/book/")
    page.fill("#id_voucher_no", f"记-{month:%Y%m}-001")
    page.dblclick("button[type=submit]")
    page.wait_for_load_state("networkidle")
    proposal.refresh_from_db()
    assert proposal.status == "booked" and proposal.voucher_no == f"记-{month:%Y%m}-001"
    assert LedgerEntry.objects.filter(source_key=f"care.assistance:{aid.pk}").count() == 1
    # the dues receipt booked from the inbox with the bulk action
    page.goto("/funds/ledger/inbox/")
    page.check("input[name=pk]")
    page.fill("#voucher-prefix", f"记-{month:%Y%m}-H")
    page.click("button[value=book]")
    expect(page.locator("body")).to_contain_text("已入账1条")
    dues_entry = LedgerEntry.objects.get(source_key=f"funds.dues:{receipt.pk}")
    assert (dues_entry.status, dues_entry.amount, dues_entry.category) == ("booked", Decimal("22.62"), "dues")
    page.goto("/funds/ledger/propose/")
    page.click("button[type=submit]")
    expect(page.locator("body")).to_contain_text("没有新的待入账分录")
    page.goto("/funds/ledger/")
    expect(page.locator("table")).to_contain_text(f"记-{month:%Y%m}-001")
    shot("ledger_list")

    # 5. the 收支表 and the 财务收支 open-affairs item drawn from it
    page.goto(f"/funds/ledger/balances/?year={today.year}")
    expect(page.locator("#total-income")).to_have_text("22.62")
    expect(page.locator("#total-expense")).to_have_text("1800.00")
    shot("ledger_balances")
    page.click("text=公开收支情况")
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
    item = OpenAffairsItem.objects.get(source="funds.ledger", source_ref=f"finance:{today.year}")
    assert item.category == "finance" and item.status == "published"
    assert "收入合计22.62元" in item.content and "维权支出1800.00元" in item.content
    expect(page.locator("body")).to_contain_text("收支结余-1777.38元")
    page.context.clear_cookies()

    # 6. the member reads it on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_wang", PASSWORD)
    page.goto("/portal/services/")
    page.click("text=经费收支公开")
    expect(page.locator(".my-statements")).to_contain_text(f"{today.year}年度工会经费收支情况")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("ledger_statements_390")
    page.click(".my-statements a")
    expect(page.locator("body")).to_contain_text("收入合计22.62元")
