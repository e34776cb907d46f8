"""The congress figures and their wording: a closed session in 2025 gives "召开二届一次职代会，应到代表9名，实到7名…
审议通过了1项决议事项"; an invalid session passes nothing and is a problem; delegates by composition on the period's
last day; the figures list their records."""
from __future__ import annotations

import datetime

import pytest

from gonghui.democracy.metrics import congress as metrics
from gonghui.democracy.models import SessionAttendance
from gonghui.democracy.services import congress as services
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period

from .congress_setup import congress_with_delegates

Y2025 = Period.year(2025)
TODAY = datetime.date(2026, 1, 10)


def value(code, org):
    metric = next(m for m in metrics.METRICS if m.code == code)
    return metric.compute(org, Y2025.start, Y2025.end)


def records(code, org):
    metric = next(m for m in metrics.METRICS if m.code == code)
    return metric.records(org, Y2025.start, Y2025.end)


def _text(document):
    return "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))


@pytest.fixture
def held(tree, officer_a, make_person):
    congress, term, ds = congress_with_delegates(officer_a, tree["company"], make_person, n=9)
    s = services.session_create(actor=officer_a, term=term, opened_on=datetime.date(2025, 4, 8), place="礼堂")
    services.session_open(actor=officer_a, session=s)
    for d in ds[:7]:
        services.attendance_mark(actor=officer_a, session=s, delegate=d, status=SessionAttendance.Status.PRESENT)
    services.attendance_mark(actor=officer_a, session=s, delegate=ds[7], status="leave", reason="出差")
    services.report_add(actor=officer_a, session=s, kind="administration", title="2024年度行政工作报告")
    services.report_add(actor=officer_a, session=s, kind="finance")
    r1 = services.resolution_add(actor=officer_a, session=s, title="关于行政工作报告的决议")
    services.resolution_vote(actor=officer_a, resolution=r1, votes_for=7, votes_against=0, votes_abstain=0)
    r2 = services.resolution_add(actor=officer_a, session=s, title="关于某方案的决议")
    services.resolution_vote(actor=officer_a, resolution=r2, votes_for=4, votes_against=2, votes_abstain=1)
    services.session_close(actor=officer_a, session=s, closed_on=datetime.date(2025, 4, 8))
    return {"term": term, "session": s, "delegates": ds}


def test_figures_of_a_session(held, tree):
    org = tree["company"]
    assert value("democracy.congress.sessions", org) == 1
    assert value("democracy.congress.expected", org) == 9
    assert value("democracy.congress.attended", org) == 7
    assert value("democracy.congress.resolutions_passed", org) == 1  # 4 of 9 is not more than half of ALL
    assert value("democracy.congress.reports", org) == 2
    assert value("democracy.congress.delegates", org) == 9
    assert value("democracy.congress.delegates.women", org) == 3
    assert value("democracy.congress.delegates.managers", org) == 1
    assert records("democracy.congress.sessions", org).get() == held["session"]
    assert records("democracy.congress.attended", org).count() == 7
    # the federation above counts it; the school does not
    assert value("democracy.congress.sessions", tree["fed"]) == 1
    assert not value("democracy.congress.sessions", tree["school"])


def test_summary_writes_as_the_samples(held, tree):
    body = _text(build("summary", tree["company"], Y2025, style="exact", today=TODAY))
    assert "召开二届一次职代会，应到代表9名，实到7名" in body
    assert "听取和审议了行政工作报告、财务报告" in body and "审议通过了1项决议事项" in body
    assert "期末在任职工代表9名" in body and "女职工代表3名" in body


def test_no_congress_no_sentence(tree):
    body = _text(build("summary", tree["school"], Y2025, style="exact", today=TODAY))
    assert "职代会" not in body.replace("坚持和完善职代会制度", "")


def test_invalid_session_passes_nothing_and_is_a_problem(tree, officer_a, make_person):
    congress, term, ds = congress_with_delegates(officer_a, tree["company"], make_person, n=9)
    s = services.session_create(actor=officer_a, term=term, opened_on=datetime.date(2025, 6, 1))
    services.session_open(actor=officer_a, session=s)
    for d in ds[:5]:
        services.attendance_mark(actor=officer_a, session=s, delegate=d, status="present")
    services.session_close(actor=officer_a, session=s, closed_on=datetime.date(2025, 6, 1))
    org = tree["company"]
    assert value("democracy.congress.invalid", org) == 1
    assert not value("democracy.congress.resolutions_passed", org)
    body = _text(build("summary", org, Y2025, style="exact", today=TODAY))
    assert "未达到全体代表的三分之二" in body


@pytest.mark.parametrize("code", ["democracy.congress.attended", "democracy.congress.sessions",
                                  "democracy.congress.delegates", "democracy.congress.resolutions_passed"])
def test_figures_list_their_records_without_a_query_per_row(held, tree, officer_a, client, code,
                                                            django_assert_max_num_queries):
    from gonghui.reports.dashboard import records_url

    client.force_login(officer_a)
    url = records_url(code, tree["company"], Y2025)
    client.get(url)
    with django_assert_max_num_queries(25):
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    expected = {"democracy.congress.attended": "代表01", "democracy.congress.sessions": "二届一次职代会",
                "democracy.congress.delegates": "代表09", "democracy.congress.resolutions_passed": "关于行政工作报告的决议"}
    assert expected[code] in text
