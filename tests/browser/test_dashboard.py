"""The 统计分析 dashboard in a browser: the charts render, a key figure and a chart bar open their records."""
from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.reports.tests.conftest import world  # noqa: F401 - fixtures
from gonghui.reports.tests.test_dashboard import care_records, care_world  # noqa: F401


def test_dashboard_charts_and_figures_open_their_records(page, login, shot, care_world, tree, officer_a):  # noqa: F811
    login("officer_a", PASSWORD)
    page.click("text=统计分析")
    expect(page.locator("#period-label")).to_contain_text("截至")  # this year to date by default
    page.click("#period-shortcuts >> text=去年")
    page.wait_for_load_state("networkidle")
    page.select_option("#pick-year", "2025")
    page.select_option("#pick-part", "")
    page.click("#period-form button")
    expect(page.locator("#period-label")).to_contain_text("2025年（含下级组织） · 同比：2024年")

    # Every chart with records is drawn by ECharts (a canvas inside each chart box).
    charts = page.locator("[data-chart]")
    count = charts.count()
    assert count >= 6
    for i in range(count):
        expect(charts.nth(i)).to_have_attribute("data-rendered", "1")
        expect(charts.nth(i).locator("canvas")).to_have_count(1)
    expect(page.locator("#children-table")).to_contain_text("甲公司一分会")
    shot("dashboard_company_2025")

    # A key figure opens the records behind it: 3 visits (2 people) in 2025.
    card = page.locator('.figure-card[data-code="care.condolence.visits"]')
    expect(card).to_contain_text("3人次")
    expect(card).to_contain_text("同比 ↑200.0%")
    card.click()
    expect(page.locator("#figure-title")).to_have_text("慰问看望职工（人次）")
    expect(page.locator("#figure-records tbody tr")).to_have_count(3)
    expect(page.locator("#figure-value")).to_have_text("3人次")
    shot("dashboard_figure_records")
    page.go_back()

    # A bar of a chart opens the records of that month: the one member admitted in March 2025.
    chart = page.locator('[data-chart="members.new_by_month"]')
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_attribute("data-rendered", "1")
    x, y = page.evaluate("""() => {
        const el = document.querySelector('[data-chart="members.new_by_month"]');
        return echarts.getInstanceByDom(el).convertToPixel({seriesIndex: 0}, ["2025-03", 0.5]);
    }""")
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.locator("#figure-title")).to_have_text("新入会会员（人）")
    expect(page.locator("#figure-records tbody tr")).to_have_count(1)
    expect(page.locator("#figure-records")).to_contain_text("三号")
    expect(page.locator("body")).to_contain_text("按月：2025-03")
