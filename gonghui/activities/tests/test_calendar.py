"""The union work calendar (care's /care/ page) shows the union's events, trainings and meetings through the
core.calendar plug point: in the current organisation's subtree only, never another union's, at a fixed cost."""
from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.services import meetings, training
from gonghui.core import calendar

from .conftest import make_event

pytestmark = pytest.mark.django_db


def _at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _month_of(day):
    return f"?month={day:%Y-%m}"


def _fill(world, n, day, org=None, officer=None):
    org, officer = org or world["company"], officer or world["officer"]
    w = dict(world, company=org, officer=officer)
    for i in range(n):
        make_event(w, title=f"{org.name}活动{i}", starts_at=_at(day), deadline=_at(day, 8), open_=False)
        training.course_save(actor=officer, org=org, title=f"{org.name}培训{i}", kind="cadre", starts_on=day)
        meetings.meeting_save(actor=officer, org=org, kind="regular", title=f"{org.name}例会{i}", held_on=day)


def test_calendar_shows_the_unions_events_trainings_and_meetings_not_another_unions(client, world):
    day = timezone.localdate() + datetime.timedelta(days=3)
    _fill(world, 1, day)
    _fill(world, 1, day, org=world["school"], officer=world["officer_b"])
    cancelled = make_event(world, title="已取消的拔河", starts_at=_at(day), deadline=_at(day, 8), open_=False)
    cancelled.status = cancelled.Status.CANCELLED
    cancelled.save()
    client.force_login(world["officer"])
    page = client.get(reverse("care:calendar") + _month_of(day)).content.decode()
    for title, kind in (("甲公司工会活动0", "event"), ("甲公司工会培训0", "course"), ("甲公司工会例会0", "meeting")):
        assert title in page and f'class="ev {kind}"' in page
    assert "乙学校工会" not in page and "已取消的拔河" not in page
    assert "文体活动</span>" in page and "培训</span>" in page  # the legend names the kinds shown
    entries = calendar.entries(world["officer"], org=world["company"], start=day, end=day)
    assert {e.kind for e in entries} == {"event", "course", "meeting"}
    assert all(e.url for e in entries)
    # the subtree: the branch's officer sees the branch only (the company's records are above it)
    assert calendar.entries(world["officer"], org=world["tree"]["branch"], start=day, end=day) == []
    # the other union's officer sees their own, not the company's
    other = {e.title for e in calendar.entries(world["officer_b"], org=world["school"], start=day, end=day)}
    assert other == {"乙学校工会活动0", "乙学校工会培训0", "乙学校工会例会0"}
    # outside the range: nothing
    assert calendar.entries(world["officer"], org=world["company"], start=day + datetime.timedelta(days=1),
                            end=day + datetime.timedelta(days=5)) == []


def test_calendar_page_costs_the_same_with_one_and_five_entries_per_kind(client, world):
    day = timezone.localdate() + datetime.timedelta(days=3)
    client.force_login(world["officer"])
    url = reverse("care:calendar") + _month_of(day)
    _fill(world, 1, day)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _fill(world, 4, day)
    with CaptureQueriesContext(connection) as five:
        page = client.get(url).content.decode()
    assert page.count("</i> 甲公司工会例会") == 5  # the text of five links (the title attribute is the other half)
    assert len(five) == len(one), [q["sql"][:120] for q in five.captured_queries]
