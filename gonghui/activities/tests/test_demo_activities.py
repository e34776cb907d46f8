"""The demo's activities: events in every state, and the 文体活动 part of the company's summary of last year with
every figure computed from the records."""
import io

import pytest
from django.core.management import call_command

from gonghui.activities.models import Award, Event, Signup
from gonghui.demo import builder
from gonghui.orgs.models import Organization
from gonghui.reports import registry
from gonghui.reports.documents import Heading, Paragraph
from gonghui.reports.drafting import build
from gonghui.reports.periods import Period


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_events_and_summary(db):
    call_command("demo", stdout=io.StringIO())
    company = Organization.objects.get(code="BJ01")
    states = set(Event.objects.filter(org=company).values_list("status", flat=True))
    assert {"draft", "approved", "open", "held", "cancelled"} <= states, states
    assert Signup.objects.filter(event__org=company, status="waiting", event__status="open").exists()
    assert Signup.objects.filter(late=True).exists()
    assert Award.objects.filter(event__host="upper").exists()
    from gonghui.activities.models import EventPhoto

    assert EventPhoto.objects.filter(event__org=company, thumb__gt="").count() >= 2
    last_year = Period.year(builder.today().year - 1)
    figures = registry.compute(["activities.events.count", "activities.events.participants",
                                "activities.awards.upper", "activities.events.upper"], company, last_year)
    count = Event.objects.filter(org=company, status="held", host="own", held_on__year=last_year.start.year).count()
    assert figures["activities.events.count"] == count
    document = build("summary", company, last_year, style="exact", today=builder.today())
    body = "\n".join(b.text for b in document.blocks if isinstance(b, (Heading, Paragraph)))
    assert f"文体活动{count}次" in body, body
    assert "在滨江区总工会区职工篮球赛中获团体第一名" in body, body
    people = figures["activities.events.participants"]
    assert f"参与职工{people}人次" in body, body
    more = registry.compute(["activities.training.sessions", "activities.newsletters.count",
                             "activities.training.cadres"], company, last_year)
    assert f"举办各类培训班{more['activities.training.sessions']}期" in body, body
    assert f"编发工会简报{more['activities.newsletters.count']}期" in body, body
    assert more["activities.newsletters.count"] == 24
    from gonghui.activities.models import Decision

    assert Decision.objects.filter(meeting__org=company, done_on__isnull=True, due_on__lt=builder.today()).exists()
    # the school's and the bureau's trainings and newsletters: their summaries have 培训 and 宣传 parts
    from gonghui.activities.models import Attendance, CourseMaterial

    for code in ("BJ02", "BJ03"):
        union = Organization.objects.get(code=code)
        theirs = registry.compute(["activities.training.sessions", "activities.newsletters.count"], union, last_year)
        assert theirs["activities.training.sessions"] > 0 and theirs["activities.newsletters.count"] > 0, code
        text = "\n".join(b.text for b in build("summary", union, last_year, style="exact",
                                                today=builder.today()).blocks if isinstance(b, (Heading, Paragraph)))
        assert f"举办各类培训班{theirs['activities.training.sessions']}期" in text, text
        assert f"编发工会简报{theirs['activities.newsletters.count']}期" in text, text
        assert Attendance.objects.filter(course__org=union, certificate_no__startswith="培证").exists(), code
    assert CourseMaterial.objects.filter(course__org=company).exists()
