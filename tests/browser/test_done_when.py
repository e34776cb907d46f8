"""Issue 4's acceptance walk on the real demo: an officer of the demo company union opens the dashboard, generates
the 2025 summary, edits it, downloads a .docx that opens, and submits it; the district federation sees it arrive
and compiles its own summary from the records of its whole subtree."""
import datetime
import io

from docx import Document as WordDocument
from playwright.sync_api import expect

DEMO_PASSWORD = "Gonghui2025"


def test_company_summary_from_dashboard_to_the_federation(page, login, shot, db):
    from gonghui.demo.builder import DemoBuilder
    from gonghui.orgs.models import Organization
    from gonghui.reports import registry
    from gonghui.reports.models import Draft, Submission
    from gonghui.reports.periods import Period

    builder = DemoBuilder()
    builder.build()
    company = builder.orgs["company"]
    fed = Organization.objects.get(parent__isnull=True)
    year = datetime.date.today().year - 1  # the demo covers last year whole, and the year before for 同比
    period = Period.year(year)

    # The dashboard of the company union, last year.
    login("company_officer", DEMO_PASSWORD)
    page.goto(f"/reports/?period={year}")
    members = registry.compute(["members.members"], company, period)["members.members"]
    expect(page.locator("main")).to_contain_text(f"{members:,}人")
    shot("done_dashboard")

    # Generate the summary, edit its opening, save.
    page.goto("/reports/documents/")
    page.select_option("#id_kind", "summary")
    page.fill("#id_year", str(year))
    page.click("#generate-btn")
    title = f"{company.name}{year}年工作总结"
    expect(page.locator("#doc-paper .doc-title")).to_have_text(title)
    expect(page.locator('#doc-paper .fig[data-metric="members.members"]').first).to_have_text(f"{members:,}人")
    opening = page.locator("#doc-paper .doc-p").first
    opening.click()
    page.keyboard.press("Control+End")
    page.keyboard.type("全体会员同心协力。")
    page.click("#save-btn")
    expect(page.locator("#save-state")).to_contain_text("已保存")
    draft = Draft.objects.get(org=company, title=title)
    shot("done_draft")

    # Download the .docx: it opens, and holds the edited text.
    page.click("#download-btn")
    with page.expect_download() as download:
        page.click("a[data-download][href$='as=docx']")
    word = WordDocument(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in word.paragraphs)
    # a title too long for one 二号 line breaks after the union's name (issue 8)
    assert word.paragraphs[0].text.replace("\n", "") == title and "全体会员同心协力。" in text

    # Submit it to the federation.
    page.click("a:has-text('上报')[href*='draft=']")
    expect(page.locator("#action-summary")).to_contain_text(fed.name)
    page.click("#submit-button")
    expect(page.locator("[data-status]").first).to_have_text("已上报")
    submission = Submission.objects.get(org=company, period=str(year))
    assert submission.draft_id == draft.pk and submission.figures["members.members"] == members
    page.click("text=退出")

    # The federation sees it arrive (after the due date of its call: 逾期上报) and compiles its own summary.
    login("fed_staff", DEMO_PASSWORD)
    page.goto("/reports/submissions/inbox/")
    page.fill("#call-picker input[name=period]", str(year))
    page.click("#call-picker button")
    expect(page.locator(f"#children tr[data-org='{company.code}']")).to_contain_text("逾期上报")
    shot("done_inbox")
    page.goto("/reports/documents/")
    page.select_option("#id_kind", "summary")
    page.fill("#id_year", str(year))
    page.click("#generate-btn")
    expect(page.locator("#doc-paper .doc-title")).to_have_text(f"{fed.name}{year}年工作总结")
    whole = registry.compute(["members.members"], fed, period)["members.members"]
    assert whole > members
    expect(page.locator('#doc-paper .fig[data-metric="members.members"]').first).to_have_text(f"{whole:,}人")
    shot("done_federation_summary")
