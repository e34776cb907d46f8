"""A member applies for assistance online with an attachment; the 小组长 and the union committee approve; an officer
disburses and prints the voucher."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD


def test_member_applies_officers_approve_and_disburse(page, login, shot, tree, make_user, make_person, settings,
                                                       tmp_path):
    from gonghui.accounts.roles import Role
    from gonghui.care import services
    from gonghui.care.models import Assistance

    settings.MEDIA_ROOT = tmp_path
    member = make_person(tree["company"], "李困难", birth=datetime.date(1980, 5, 12))
    make_user("member_li", Role.MEMBER, tree["company"], person=member)
    chair = make_user("chair_a", Role.CHAIR, tree["company"],
                      person=make_person(tree["company"], "赵主席", birth=datetime.date(1970, 1, 1)))
    make_user("leader_a", Role.GROUP_LEADER, tree["company"])
    make_user("officer_a", Role.OFFICER, tree["company"])
    services.approval_flow_save(actor=chair, org=tree["company"],
                                steps=[(Role.GROUP_LEADER, "小组长审核"), (Role.CHAIR, "工会委员会审批")])
    proof = tmp_path / "诊断证明.pdf"
    proof.write_bytes(b"%PDF-1.4 diagnosis")

    # The member applies, with the diagnosis attached.
    login("member_li", PASSWORD)

    page.goto("/care/my/")
    page.click("#apply-link")
    page.select_option("#id_kind", "serious_illness")
    page.fill("#id_amount", "3000")
    page.fill("#id_reason", "本人住院手术，自付医疗费用较高，家庭困难。")
    page.set_input_files("#id_attachment", str(proof))
    shot("care_member_apply_form")
    page.click("button[type=submit]")
    expect(page.locator("#my-status")).to_have_text("已提交")
    expect(page.locator("#attachments")).to_contain_text("诊断证明.pdf")
    shot("care_member_application")
    a = Assistance.objects.get(person=member)
    page.click("text=退出")

    # Step 1: the 小组长, from the approval inbox.
    login("leader_a", PASSWORD)
    page.goto("/care/assistance/awaiting/")
    expect(page.locator("table")).to_contain_text("李困难")
    shot("care_inbox_leader")
    page.click(f"a[href='/care/assistance/{a.pk}/']")
    expect(page.locator("#approval")).to_contain_text("小组长审核")
    page.fill("#id_comment", "情况属实")
    page.click("#decide-form button[value=approve]")
    page.wait_for_load_state("networkidle")
    page.click("text=退出")

    # Step 2: the chair (工会委员会).
    login("chair_a", PASSWORD)
    page.goto(f"/care/assistance/{a.pk}/")
    expect(page.locator("#approval")).to_contain_text("情况属实")
    page.click("#decide-form button[value=approve]")
    expect(page.locator("#assistance-status")).to_have_text("已批准")
    shot("care_approved_by_chair")
    page.click("text=退出")

    # The officer disburses and prints the voucher.
    login("officer_a", PASSWORD)
    page.goto(f"/care/assistance/{a.pk}/")
    expect(page.locator("#attachments")).to_contain_text("诊断证明.pdf")
    page.click("#disburse-link")
    shot("care_disburse_form")
    page.click("button[type=submit]")
    expect(page.locator("#assistance-status")).to_have_text("已发放")
    expect(page.locator("#disbursed-info")).to_contain_text("A-JZ")
    shot("care_disbursed")
    a.refresh_from_db()
    assert a.status == Assistance.Status.DISBURSED and a.decisions.count() == 2
    page.goto(f"/care/assistance/{a.pk}/voucher/")
    expect(page.locator("#amount-capitals")).to_have_text("叁仟元整")
    shot("care_voucher")

