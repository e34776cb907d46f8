"""劳动竞赛 (issue 14, done when: a competition runs to a ranking): an officer creates a competition, enters three
teams, scores two rounds on the round's score sheet (a score above the maximum is refused naming the team), finishes
it and sees the ranking with the awards; the title becomes an honour of the union."""
from playwright.sync_api import expect

from conftest import PASSWORD
from gonghui.achievements.models import CompetitionEntry, Honour
from gonghui.achievements.tests.conftest import world  # noqa: F401


def test_officer_runs_a_competition_to_a_ranking(page, login, shot, world):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("officer_a", PASSWORD)
    page.goto("/achievements/competitions/")
    page.get_by_role("link", name="新建竞赛").click()
    page.fill("#id_name", "2025年安康杯竞赛")
    page.select_option("#id_kind", "ankang")
    page.fill("#id_starts_on", "2025-04-01")
    page.fill("#id_ends_on", "2025-09-30")
    page.fill("#id_rules", "安全生产无事故，隐患排查整改")
    page.fill("#id_rounds", "2")
    page.fill("#id_max_score", "100")
    page.click("#action-form button[type=submit]")
    expect(page.locator("h1")).to_have_text("2025年安康杯竞赛")
    for team, n in (("机修班", "8"), ("冲压班", "12"), ("装配班", "10")):
        page.click("#entry-add")
        page.fill("#id_team", team)
        page.fill("#id_members", n)
        page.click("#action-form button[type=submit]")
        expect(page.locator("#ranking")).to_contain_text(team)
    entries = dict(CompetitionEntry.objects.values_list("team", "pk"))
    sheets = {1: {"机修班": "90", "冲压班": "95.5", "装配班": "88"}, 2: {"机修班": "92", "冲压班": "96", "装配班": "80"}}
    page.locator("a.score-round", has_text="第1轮评分").click()
    for team, value in sheets[1].items():
        page.fill(f"#id_e{entries[team]}", value)
    page.fill(f"#id_e{entries['装配班']}", "180")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#form-errors")).to_contain_text("装配班：得分应在0至100分之间")
    page.fill(f"#id_e{entries['装配班']}", "88")
    shot("achievements_competition_sheet_1366")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#ranking")).to_contain_text("95.5")
    page.locator("a.score-round", has_text="第2轮评分").click()
    for team, value in sheets[2].items():
        page.fill(f"#id_e{entries[team]}", value)
    page.click("#action-form button[type=submit]")
    page.click("#finish")
    page.fill("#id_title", "安康杯优胜班组")
    page.click("#action-form button[type=submit]")
    expect(page.locator("#competition-state")).to_have_text("已评定")
    rows = page.locator("#ranking tbody tr")
    expect(rows.nth(0)).to_contain_text("冲压班")
    expect(rows.nth(0)).to_contain_text("191.5")
    expect(rows.nth(0)).to_contain_text("一等奖")
    expect(rows.nth(1)).to_contain_text("机修班")
    expect(rows.nth(1)).to_contain_text("二等奖")
    expect(rows.nth(2)).to_contain_text("装配班")
    expect(rows.nth(2)).to_contain_text("二等奖")
    expect(rows.nth(2)).to_contain_text("安康杯优胜班组")
    shot("achievements_competition_ranking_1366")
    assert Honour.objects.filter(unit_name="冲压班", note__contains="2025年安康杯竞赛").count() == 1
