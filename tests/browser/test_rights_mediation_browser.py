"""劳动争议调解 from application to a printed agreement: a member applies on a phone at 390×844 (one case for a double
click), the union's officer accepts it with mediators, is refused an agreement above the claim without a reason,
prints the 调解申请书, closes it as 调解成功, prints the 调解协议书 (a Word file holding the parties, the agreement and the amount), and the
member sees 已结案：调解成功."""
import io

from docx import Document as WordDocument
from playwright.sync_api import expect

from conftest import PASSWORD


def test_a_mediation_case_runs_from_the_phone_to_a_printed_agreement(page, login, shot, tree, make_user,
                                                                       make_person):
    from gonghui.accounts.roles import Role
    from gonghui.core.models import AuditEntry
    from gonghui.rights.models import DisputeCase

    make_user("member_zhou", Role.MEMBER, tree["company"], person=make_person(tree["company"], "周调解"))
    make_user("officer_m", Role.OFFICER, tree["company"])

    page.set_viewport_size({"width": 390, "height": 844})
    login("member_zhou", PASSWORD)
    page.goto("/rights/my/cases/")
    page.click("text=申请调解")
    page.fill("#id_other_party", "某某机械有限公司")
    page.select_option("#id_kind", "pay")
    page.fill("#id_claim_amount", "8600")
    page.fill("#id_details", "2025年5月至7月加班费未足额发放，请求补发加班工资8600元。")
    page.fill("#id_applicant_phone", "13800001234")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("rights_mediation_apply_390")
    page.dblclick("#action-form button[type=submit]")
    expect(page.locator("#my-cases")).to_contain_text("已申请")
    assert DisputeCase.objects.count() == 1
    case = DisputeCase.objects.get()
    expect(page.locator("#my-cases")).to_contain_text(case.number)
    shot("rights_mediation_applied_390")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    login("officer_m", PASSWORD)
    page.goto("/rights/cases/")
    expect(page.locator("body")).to_contain_text(case.number)
    expect(page.locator("body")).not_to_contain_text("周调解")  # the list masks the applicant (PIPL)
    page.goto(f"/rights/cases/{case.pk}/")
    page.click("#accept-link")
    page.fill("#id_mediators", "王调解、李律师")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#case-state")).to_contain_text("已受理")
    with page.expect_download() as application:
        page.click("#application-link")
    word = WordDocument(io.BytesIO(open(application.value.path(), "rb").read()))
    assert "劳动争议调解申请书" in "\n".join(p.text for p in word.paragraphs)
    assert any("周调解" in c.text for t in word.tables for row in t.rows for c in row.cells)

    page.click("#close-link")
    page.select_option("#id_outcome", "success")
    page.fill("#id_agreement_text", "一、公司于2025年9月30日前补发加班工资8000元；\n二、双方就本争议再无其他纠纷。")
    page.fill("#id_agreement_amount", "9000")
    page.click("#action-form button[type=submit]")
    expect(page.locator("body")).to_contain_text("请说明理由")  # above the claim without a reason: refused
    case.refresh_from_db()
    assert case.state == "accepted"
    page.fill("#id_agreement_amount", "8000")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#case-state")).to_contain_text("调解成功")
    shot("rights_mediation_closed")

    reveals = AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count()
    with page.expect_download() as download:
        page.click("#agreement-link")
    assert download.value.suggested_filename == f"调解协议书{case.number}.docx"
    word = WordDocument(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in word.paragraphs)
    text += "\n".join(c.text for t in word.tables for row in t.rows for c in row.cells)
    assert "劳动争议调解协议书" in text and "周调解" in text and "某某机械有限公司" in text
    assert "补发加班工资8000元" in text and "协议金额：人民币8000.00元" in text
    assert AuditEntry.objects.filter(action=AuditEntry.Action.REVEAL).count() == reveals + 1  # printing is a reading

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    login("member_zhou", PASSWORD)
    page.goto("/rights/my/cases/")
    expect(page.locator("#my-cases")).to_contain_text("已结案：调解成功")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot("rights_mediation_done_390")
