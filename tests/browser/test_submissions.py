"""上报: a company union officer sends the 2025 工作总结 to the district federation; the federation sees it arrive in
下级上报情况, sets the due date, returns it with a comment, and the officer sees the comment."""
import datetime

from playwright.sync_api import expect

from conftest import PASSWORD


def test_company_submits_federation_sees_it_and_returns_it(page, login, shot, tree, make_user, make_person):
    from gonghui.accounts.roles import Role
    from gonghui.reports import documents, drafting
    from gonghui.reports.models import Draft, Submission
    from gonghui.reports.periods import Period

    company, school = tree["company"], tree["school"]
    for i, name in enumerate(["王建国", "李秀英", "张伟", "刘洋"]):
        make_person(company, name, female=i % 2 == 1, joined=datetime.date(2019, 3, 1))
    make_person(school, "陈老师", female=True, joined=datetime.date(2018, 9, 1))
    make_user("officer_a", Role.OFFICER, company)
    make_user("fed_staff", Role.UPPER, tree["fed"])
    period = Period.year(2025)
    doc = drafting.build("summary", company, period)
    draft = Draft.objects.create(org=company, kind="summary", period=period.key, period_label=period.label,
                                 title=doc.title, content=documents.to_dict(doc))

    # The company officer sends the draft from 上报.
    login("officer_a", PASSWORD)
    page.click("aside a[href='/reports/submissions/']")
    expect(page.locator("#drafts")).to_contain_text(draft.title)
    page.click(f"#drafts a[data-draft='{draft.pk}']")
    expect(page.locator("#action-summary")).to_contain_text("测试区总工会")
    shot("submission_confirm")
    page.click("#submit-button")
    expect(page.locator("[data-status]").first).to_have_text("已上报")
    expect(page.locator("#submitted-document")).to_contain_text(doc.title)
    shot("submission_sent")
    submission = Submission.objects.get(org=company)
    assert (submission.revision, submission.status) == (1, "submitted")
    page.click("text=退出")

    # The federation sees it arrive, sets the due date, opens it and returns it.
    login("fed_staff", PASSWORD)
    page.click("aside a[href='/reports/submissions/inbox/']")
    page.fill("#call-picker input[name=period]", "2025")
    page.click("#call-picker button")
    row = page.locator("#children tr[data-org='A']")
    expect(row).to_contain_text("已上报")
    expect(page.locator("#children tr[data-org='B']")).to_contain_text("未上报")
    expect(page.locator("#kpi-reported")).to_contain_text("1/2")
    page.click("#call-toggle")
    page.fill("#id_due_on", (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    page.fill("#id_note", "请各基层工会按时报送")
    page.click("#call-save")
    expect(page.locator("#call")).to_contain_text("请各基层工会按时报送")
    expect(page.locator("#side-by-side #total-row")).to_contain_text("合计（按记录）")
    shot("submission_inbox")
    row.locator("text=审核").click()
    expect(page.locator("#consistency")).to_contain_text("与现有记录一致")
    page.click("#return-toggle")
    page.click("#return-button")  # without a comment: refused
    expect(page.locator(".alert-danger")).to_contain_text("请填写退回意见")
    page.click("#return-toggle")
    page.fill("#id_comment", "请补充困难职工帮扶情况，并核对会员人数。")
    shot("submission_return_form")
    page.click("#return-button")
    expect(page.locator("[data-status]").first).to_have_text("已退回修改")
    shot("submission_returned")
    submission.refresh_from_db()
    assert (submission.status, submission.comment) == ("returned", "请补充困难职工帮扶情况，并核对会员人数。")
    page.click("aside a[href='/reports/submissions/inbox/']")
    expect(page.locator("#children tr[data-org='A']")).to_contain_text("已退回")
    page.click("text=退出")

    # The officer sees the comment and can send again.
    login("officer_a", PASSWORD)
    page.click("aside a[href='/reports/submissions/']")
    expect(page.locator("#submissions")).to_contain_text("请补充困难职工帮扶情况")
    shot("submission_list_returned")
