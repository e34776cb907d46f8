"""The records behind a figure (/reports/figures/<code>/): exactly the records that make the figure, scoped.

Data: test_dashboard.care_world (the membership history of conftest.world and the care records listed there).
"""
import datetime
import re

import pytest
from lxml import html

from gonghui.accounts.roles import Role
from gonghui.members.models import Person
from gonghui.reports import dashboard
from gonghui.reports.periods import Period

from .test_dashboard import care_records, care_world  # noqa: F401 - the fixtures

D = datetime.date


def page(client, code, **params):
    response = client.get(f"/reports/figures/{code}/", params)
    return response


def tree_of(response):
    return html.fromstring(response.content.decode())


def listed(response) -> list[list[str]]:
    rows = tree_of(response).xpath('//table[@id="figure-records"]/tbody/tr')
    return [[td.text_content().strip() for td in tr.xpath("td")] for tr in rows if "没有记录" not in tr.text_content()]


def summary(response) -> str:
    found = tree_of(response).xpath('//*[@id="figure-summary"]')[0]
    return re.sub(r"\s+", " ", found.text_content()).strip()


@pytest.fixture
def officer(client, officer_a, care_world):
    client.force_login(officer_a)
    return client


def test_visits_list_every_visit_and_people_count_each_person_once(officer, tree):
    A = tree["company"].pk
    visits = page(officer, "care.condolence.visits", org=A, period="2025")
    assert visits.status_code == 200
    rows = listed(visits)
    assert [(r[1], r[2]) for r in rows] == [("六号", "2025-09-01"), ("一号", "2025-08-01"), ("一号", "2025-03-01")]
    assert "3人次" in summary(visits) and "共 3 条记录" in summary(visits)
    people = page(officer, "care.condolence.people", org=A, period="2025")
    assert len(listed(people)) == 3  # the same three visits …
    assert "2人" in summary(people) and "同一人多条只计 1 人" in summary(people)  # … are two people


def test_columns_org_date_and_amount(officer, tree):
    rows = listed(page(officer, "care.condolence.amount", org=tree["company"].pk, period="2025"))
    assert rows[0][1:] == ["六号", "2025-09-01", "甲公司一分会", "800元"]  # visited by his own union
    households = listed(page(officer, "care.assistance.households", org=tree["company"].pk, period="2025"))
    assert [r[1] for r in households] == ["六号"]  # in care when helped: p1's 大病救助 is not a 困难职工 household


def test_a_chart_element_lists_its_own_records(officer, tree, officer_a):
    A = tree["company"]
    board = dashboard.build(officer_a, A, Period.year(2025))
    by_month = next(c for area in board.areas for c in area.charts if c.code == "care.by_month")
    url = by_month.series[0].urls[2]  # March
    response = officer.get(url)
    assert [r[1] for r in listed(response)] == ["一号"]
    assert "按月：2025-03" in response.content.decode()
    by_occasion = page(officer, "care.condolence.visits", org=A.pk, period="2025", by="occasion", key="hospital")
    assert [r[1] for r in listed(by_occasion)] == ["六号", "一号"] and "2人次" in summary(by_occasion)
    by_kind = page(officer, "care.assistance.amount", org=A.pk, period="2025", by="kind", key="serious_illness")
    assert [r[1] for r in listed(by_kind)] == ["一号"] and "5,000元" in summary(by_kind)


def test_a_rate_lists_numerator_and_denominator(officer, tree, world):
    A = tree["company"].pk
    below = page(officer, "members.join_rate", org=A, period="2025H2")
    assert sorted(r[0] for r in listed(below)) == sorted(["一号", "二号", "三号", "四号", "六号", "七号", "九号"])
    assert "71.4%" in summary(below)
    above = page(officer, "members.join_rate", org=A, period="2025H2", part="numerator")  # their memberships
    assert sorted(r[1] for r in listed(above)) == sorted(["一号", "二号", "三号", "六号", "九号"])
    assert "计入比率的记录 5 条" in summary(above)
    tabs = tree_of(above).xpath('//*[@id="rate-parts"]//a')
    assert [a.text_content().strip()[:2] for a in tabs] == ["分子", "分母"]
    assert page(officer, "members.join_rate", org=A, period="2025H2", part="everything").status_code == 404


def test_stock_figure_records_are_the_state_on_the_last_day(officer, tree):
    A = tree["company"].pk
    h1 = listed(page(officer, "members.members", org=A, period="2025H1"))
    h2 = listed(page(officer, "members.members", org=A, period="2025H2"))
    assert len(h1) == 9 and len(h2) == 6
    assert any("转会" in r[0] for r in h1) and not any("转会" in r[0] for r in h2)


def test_person_links_and_no_id_numbers_or_phones(officer, tree, world):
    Person.objects.filter(pk=world["p1"].pk).update(phone="13912345678")
    response = page(officer, "care.condolence.visits", org=tree["company"].pk, period="2025")
    body = response.content.decode()
    assert f'href="/people/{world["p1"].pk}/"' in body
    for person in Person.objects.all():
        assert person.id_number not in body and person.id_number[-6:] not in body
    assert "13912345678" not in body
    employees = page(officer, "members.employees", org=tree["company"].pk, period="2025")
    body = employees.content.decode()
    assert "一号" in body and all(p.id_number not in body for p in Person.objects.all())


def test_sensitive_looking_names_are_masked():
    assert dashboard.safe_text("王五 110105198501011234 13912345678") == "王五 110105********1234 139****5678"


def test_bad_requests(officer, tree):
    A = tree["company"].pk
    assert page(officer, "no.such.figure", org=A, period="2025").status_code == 404
    assert page(officer, "care.condolence.visits", org=A, period="2025", by="colour", key="red").status_code == 404
    bad = page(officer, "care.condolence.visits", org=A, period="2025Q9")
    assert bad.status_code == 400 and "季度只能是1至4" in bad.content.decode()
    assert page(officer, "care.condolence.visits", org="x", period="2025").status_code == 404


# -- scope ---------------------------------------------------------------------------------------------------------

def test_another_unions_records_are_not_found(client, tree, officer_a, officer_b, care_world):
    client.force_login(officer_a)
    school, company = tree["school"].pk, tree["company"].pk
    for code in ("care.condolence.visits", "members.members", "members.join_rate"):
        assert page(client, code, org=school, period="2025").status_code == 404
        assert page(client, code, org=tree["fed"].pk, period="2025").status_code == 404
    client.force_login(officer_b)
    assert page(client, "care.condolence.visits", org=company, period="2025").status_code == 404
    own = page(client, "care.condolence.visits", org=school, period="2025")
    assert [r[1] for r in listed(own)] == ["学校"]


def test_care_records_need_care_view(client, tree, make_user, care_world):
    upper = make_user("upper_records", Role.UPPER, tree["fed"])  # care.stats, not care.view
    client.force_login(upper)
    assert page(client, "care.condolence.visits", org=tree["company"].pk, period="2025").status_code == 404
    assert page(client, "members.members", org=tree["company"].pk, period="2025").status_code == 200
    dashboard_page = client.get("/reports/", {"org": tree["fed"].pk, "period": "2025"})
    assert "/reports/figures/care." not in dashboard_page.content.decode()
    assert "/reports/figures/members.members/" in dashboard_page.content.decode()


def test_records_page_query_count_does_not_grow_with_rows(officer, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    page(officer, "members.members", org=tree["company"].pk, period="2025")  # the session's first write is not the page's
    for period, rows in (("2025H1", 9), ("2025H2", 6)):
        with CaptureQueriesContext(connection) as ctx:
            response = page(officer, "members.members", org=tree["company"].pk, period=period)
        assert len(listed(response)) == rows
        counts[period] = len(ctx.captured_queries)
    assert counts["2025H1"] == counts["2025H2"] <= 16


def test_records_are_paginated_keeping_the_figure(officer, tree, monkeypatch):
    from gonghui.reports import views_dashboard

    monkeypatch.setattr(views_dashboard, "PAGE_SIZE", 2)
    A = tree["company"].pk
    first = page(officer, "care.condolence.visits", org=A, period="2025")
    assert [r[2] for r in listed(first)] == ["2025-09-01", "2025-08-01"]
    body = first.content.decode()
    assert "共 3 条，第 1/2 页" in body
    link = re.search(r'href="\?([^"]*page=2)"', body).group(1).replace("&amp;", "&")
    second = officer.get(f"/reports/figures/care.condolence.visits/?{link}")
    assert [r[2] for r in listed(second)] == ["2025-03-01"] and "3人次" in summary(second)


def test_care_records_link_to_their_own_pages(officer, tree, care_world):
    """Hardship files and health-check participants open the page they are kept on."""
    from gonghui.care import services as care

    check = care.health_check_create(actor=None, org=tree["company"], kind="serving", checked_on=D(2025, 5, 20))
    care.health_check_add_participants(actor=None, check=check, people=[care_world["p1"], care_world["p2"]])
    for code, expected in [("care.hardship.files", "/care/hardship/"),
                           ("care.health.participants", f"/care/health/{check.pk}/")]:
        response = page(officer, code, org=tree["company"].pk, period="2025")
        links = tree_of(response).xpath('//table[@id="figure-records"]/tbody/tr/td[1]//a/@href')
        rows = listed(response)
        assert rows and len(links) == len(rows) and all(link.startswith(expected) for link in links), code
