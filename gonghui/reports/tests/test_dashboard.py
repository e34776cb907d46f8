"""The 统计 dashboard (reports/dashboard.py, views_dashboard.py) on hand-built records, checked exactly.

Membership history: conftest.world (see there). Care records (care_world below), all by the company union 甲 (A):
    p1 (A)       慰问 生病住院 2025-03-01 800元 · 生日 2025-08-01 200元 · 大病救助 5000元 disbursed 2025-07-20
    p6 (一分会)   困难职工 file opened 2024-05-01 · 慰问 生病住院 2025-09-01 800元 and 2024-09-01 800元 ·
                 日常救助 1000元 disbursed 2025-02-10
    s1 (B)       慰问 生病住院 2025-04-01 800元 (by 乙学校工会)
So for A in 2025: 慰问 3人次 (2人) 1,800元, against 1人次 800元 in 2024; 救助 2人次 6,000元 (none in 2024);
困难职工 1户 on both year ends.
"""
import datetime
import re

import pytest

from gonghui.accounts.roles import Role
from gonghui.core.metrics import Rate
from gonghui.reports import dashboard
from gonghui.reports.periods import Period

from .test_compute_many import care_records  # noqa: F401 - the fixture

D = datetime.date
H2 = Period.half(2025, 2)
Y2025 = Period.year(2025)


@pytest.fixture
def care_world(care_records, world):
    """The care records of test_compute_many.care_records (listed in this module's docstring) on conftest.world."""
    return world


def cards(board) -> dict:
    return {card.code: card for area in board.areas for card in area.cards}


def charts(board) -> dict:
    return {chart.code: chart for area in board.areas for chart in area.charts}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


# -- the figures --------------------------------------------------------------------------------------------------

def test_key_figures_with_the_change_on_last_year(care_world, tree, officer_a):
    A = tree["company"]
    board = dashboard.build(officer_a, A, H2)
    c = cards(board)
    assert (c["members.members"].text, c["members.members"].previous_text) == ("6人", "8人")
    assert (c["members.members"].direction, c["members.members"].change) == ("down", "↓25.0%")
    assert c["members.join_rate"].comparison.current == Rate(5, 7)
    assert (c["members.join_rate"].text, c["members.join_rate"].previous_text) == ("71.4%", "66.7%")
    assert c["members.join_rate"].change == "↑4.7个百分点" and c["members.join_rate"].detail == "5/7"
    assert (c["members.new"].text, c["members.new"].previous_text, c["members.new"].change) == ("1人", "—", "")
    assert c["members.transfers_out"].text == "2人次"
    assert c["members.transfers_in"].text == "—" and c["members.transfers_in"].url == ""  # absent: no link
    assert (c["members.women"].text, c["members.retired"].text) == ("2人", "1人")

    year = cards(dashboard.build(officer_a, A, Y2025))
    assert (year["care.condolence.visits"].text, year["care.condolence.visits"].previous_text) == ("3人次", "1人次")
    assert year["care.condolence.visits"].change == "↑200.0%"
    assert (year["care.condolence.amount"].text, year["care.condolence.amount"].change) == ("1,800元", "↑125.0%")
    assert (year["care.assistance.payments"].text, year["care.assistance.payments"].change) == ("2人次", "")
    assert year["care.assistance.amount"].text == "6,000元"
    assert (year["care.hardship.files"].text, year["care.hardship.files"].change) == ("1户", "持平")
    assert year["care.assistance.households"].text == "1户"
    assert year["care.campaign.count"].text == "—"


def test_charts_by_month_kind_and_source_and_members_over_time(care_world, tree, officer_a):
    A = tree["company"]
    ch = charts(dashboard.build(officer_a, A, Y2025))
    by_month = ch["care.by_month"]
    assert by_month.categories == [f"2025-{m:02d}" for m in range(1, 13)]
    visits, payments, gifts = by_month.series
    assert visits.data == [None, None, "1", None, None, None, None, "1", "1", None, None, None]
    assert payments.data == [None, "1", None, None, None, None, "1", None, None, None, None, None]
    assert gifts.data == [None] * 12  # festival gifts (慰问福利) are a series of their own, none here
    assert visits.urls[0] == "" and "by=month&key=2025-03" in visits.urls[2]
    by_kind = ch["care.assistance_by_kind"]
    assert by_kind.categories == ["日常救助", "大病救助"]  # in the order of the choices
    assert by_kind.series[0].data == ["1", "1"]
    money = ch["care.money_by_source"]
    assert money.categories == ["本级经费"]
    assert [s.data for s in money.series] == [["1800.00"], ["6000.00"], [None]]
    over_time = ch["members.over_time"]
    assert over_time.categories[0] == "2025-01" and len(over_time.categories) == 12
    # Members of A at each month end: 9 until June (p3 joined 10 March: 8 in Jan and Feb), 8 in July (pt moved to
    # B), then p9 back in August (9), p7 out in September (8), p8 died in October (7), p10 left in November (6).
    assert over_time.series[0].data == ["8", "8", "9", "9", "9", "9", "8", "9", "8", "7", "6", "6"]
    assert "period=2025-07" in over_time.series[0].urls[6]


def test_over_time_matches_the_figure_of_each_month(care_world, tree, officer_a):
    """The one-query series gives what compute() gives on each month's last day, for a period cut at today."""
    A = tree["company"]
    period = Period.year(2025).elapsed(D(2025, 10, 15))
    chart = charts(dashboard.build(officer_a, A, period))["members.over_time"]
    from gonghui.reports import registry

    members = registry.get("members.members")
    expected = [members.compute(A, m.start, m.end) for m in period.months()]
    assert chart.series[0].data == [str(v) for v in expected] and len(expected) == 10


def test_child_unions_side_by_side(care_world, tree, make_user):
    fed = tree["fed"]
    upper = make_user("upper_dash", Role.UPPER, fed)
    board = dashboard.build(upper, fed, H2)
    table = board.children
    codes = [code for code, _, _ in table.columns]
    assert codes[:3] == ["members.members", "members.employees", "members.join_rate"]
    rows = {row.name: row for row in table.rows}
    assert list(rows) == ["甲公司工会", "乙学校工会"]  # no records of the federation itself: no 本级 row
    assert rows["甲公司工会"].cells[0][0] == "6人" and rows["乙学校工会"].cells[0][0] == "2人"
    assert rows["甲公司工会"].cells[codes.index("members.join_rate")][0] == "71.4%"
    assert rows["乙学校工会"].cells[codes.index("care.condolence.visits")][0] == "—"  # s1's visit was in H1
    # The upper union sees care figures but not the care records (care.stats without care.view).
    visits = rows["甲公司工会"].cells[codes.index("care.condolence.visits")]
    assert visits == ("2人次", "")  # p1 on 1 August, p6 on 1 September
    assert rows["甲公司工会"].cells[0][1].startswith("/reports/figures/members.members/")
    assert f"org={tree['company'].pk}" in rows["甲公司工会"].dashboard_url


def test_own_records_of_an_upper_union_are_a_row_of_their_own(care_world, tree, officer_a):
    A = tree["company"]
    table = dashboard.build(officer_a, A, H2).children
    rows = {row.name: row for row in table.rows}
    assert list(rows) == ["本级", "甲公司一分会"]
    assert rows["本级"].own and rows["本级"].cells[0][0] == "5人" and rows["甲公司一分会"].cells[0][0] == "1人"


def test_areas_follow_the_permissions(care_world, tree, make_user):
    group_leader = make_user("leader_dash", Role.GROUP_LEADER, tree["company"])
    board = dashboard.build(group_leader, tree["company"], Y2025)
    assert [area.code for area in board.areas] == ["members"]  # no care.stats: no care figures at all


# -- the page -----------------------------------------------------------------------------------------------------

def test_dashboard_page_shows_cards_charts_and_links(care_world, tree, officer_a, client):
    client.force_login(officer_a)
    response = client.get("/reports/", {"period": "2025"})
    assert response.status_code == 200
    body = text(response)
    assert "2025年（含下级组织） · 同比：2024年" in body
    assert 'data-code="care.condolence.visits"' in body and "3人次" in body and "同比 ↑200.0%" in body
    assert f"/reports/figures/care.condolence.visits/?org={tree['company'].pk}&amp;period=2025" in body
    assert 'id="dashboard-charts"' in body and "vendor/echarts/echarts.min.js" in body
    assert "下级工会对比" in body
    assert "统计分析" in body  # the menu entry


def test_period_picker_and_default(care_world, tree, officer_a, client):
    client.force_login(officer_a)
    assert client.get("/reports/", {"y": "2025", "p": "H2"}).context["board"].period == H2
    assert client.get("/reports/", {"y": "2025", "p": "Q3"}).context["board"].period == Period.quarter(2025, 3)
    assert client.get("/reports/", {"y": "2025", "p": "M3"}).context["board"].period == Period.month(2025, 3)
    ranged = client.get("/reports/", {"start": "2025-03-01", "end": "2025-06-30"}).context["board"]
    assert ranged.period == Period.range(D(2025, 3, 1), D(2025, 6, 30))
    assert ranged.previous == Period.range(D(2024, 3, 1), D(2024, 6, 30))
    default = client.get("/reports/").context["board"]
    assert default.period.start == D(default.period.end.year, 1, 1) and default.period.kind == "year"
    assert default.previous.end == default.period.end.replace(year=default.period.end.year - 1)
    bad = client.get("/reports/", {"period": "2025Q5"})
    assert bad.status_code == 200 and "季度只能是1至4" in text(bad)
    backwards = client.get("/reports/", {"start": "2025-06-30", "end": "2025-03-01"})
    assert "不能晚于结束日期" in text(backwards)


def test_dashboard_of_another_union_is_not_found(care_world, tree, officer_a, client):
    client.force_login(officer_a)
    assert client.get("/reports/", {"org": tree["school"].pk}).status_code == 404
    assert client.get("/reports/", {"org": tree["fed"].pk}).status_code == 404
    assert client.get("/reports/", {"org": "abc"}).status_code == 404
    assert client.get("/reports/", {"org": tree["branch"].pk, "period": "2025"}).status_code == 200


def test_dashboard_query_count_is_bounded(care_world, tree, make_user, client, django_assert_max_num_queries):
    """Fixed whatever the number of unions and records: one query per source and year, per chart series and
    per source of the child table."""
    upper = make_user("upper_q", Role.CHAIR, tree["fed"])
    client.force_login(upper)
    # One query per source and year of the key figures, per chart series and per source of the child table: 92 with
    # members, care, democracy (six parts) and funds (measured); it grows with the areas, never with the records.
    # The funds ledger and union funds add 6 (ledger key figures and two charts, 经费拨缴率's two sources): 101;
    # funds' budgets and 经审 (key figures 预算执行率 and 经审发现问题, the budget chart) +5: 106;
    # 建功立业 (suggestions, honours, competitions, mentoring) +10: 116; the workers' home +9: 125;
    # activities +8 (the sources of its key figures and the charts by kind and month): 133; rights +8 (three
    # sources of key figures: hazards, mediation cases, screenings/lectures): 147 measured with all of them merged
    # (148 on PostgreSQL); rights' charts +4 (hazards by kind in three states, cases by outcome, measured on
    # PostgreSQL); 建功立业's innovation (key figures 技术创新项目 and 专利: two sources, this year and last) and its
    # three charts (建议按等级, 荣誉按级别, 专利按类别) +7; the workers' home charts (loans by month, holdings by source
    # and by 中图法 class) +3: 162.
    with django_assert_max_num_queries(162):
        response = client.get("/reports/", {"period": "2025", "org": tree["fed"].pk})
    assert response.status_code == 200
    assert len(response.context["board"].children.rows) == 2


@pytest.mark.parametrize("org_key", ["fed", "company"])
def test_totals_from_the_children_are_what_compute_many_gives(care_world, tree, org_key):
    """compute_with_children adds up per-child rows where a figure adds up (counts of rows, sums, rates) and
    asks the database again where it does not (distinct people): both give compute_many's and by_child_many's."""
    from gonghui.core.metrics import by_child_many, compute_many, compute_with_children
    from gonghui.reports import registry

    org = tree[org_key]
    figures = registry.all()
    for period in (Y2025, H2, Period.year(2024)):
        totals, children = compute_with_children(figures, org, period.start, period.end)
        assert totals == compute_many(figures, org, period.start, period.end)
        assert children == by_child_many(figures, org, period.start, period.end)
    # On 2024-12-31: p1 p2 p5 p6 pt p7 p8 p10 in A, and s1 in B.
    assert totals["members.members"] == {"fed": 9, "company": 8}[org_key]


def test_home_page_figures_lead_to_the_dashboard(world, tree, officer_a, client):
    client.force_login(officer_a)
    body = client.get("/").content.decode()
    assert f'href="/reports/?org={tree["company"].pk}"' in body
    assert "/reports/figures/members.join_rate/" in body


def test_a_flow_figure_over_time_is_one_query(care_world, tree, django_assert_num_queries):
    from gonghui.reports import registry
    from gonghui.reports.registry import ChartSpec

    A = tree["company"]
    spec = ChartSpec("test.visits_over_time", "慰问（按月）", "line", ("care.condolence.visits",), over_time="month")
    with django_assert_num_queries(1):
        chart = dashboard.chart_data(spec, A, Y2025, True)
    visits = registry.get("care.condolence.visits")
    assert chart.series[0].data == [None if (v := visits.compute(A, m.start, m.end)) is None else str(v)
                                    for m in Y2025.months()]
    assert chart.series[0].data[2] == "1"
