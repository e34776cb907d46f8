"""Reminders before an event (`gonghui remind`: confirmed sign-ups, `remind_days` before, once per sign-up) and the
desk's to-do 已举办活动待录入结果."""
from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from gonghui.activities.models import Event
from gonghui.activities.services import events as services
from gonghui.core.errors import ServiceError
from gonghui.portal import desk
from gonghui.portal.models import Message

from .conftest import make_event, soon

pytestmark = pytest.mark.django_db
KEY = "activities.event_remind"


def _reminded(user):
    return list(Message.objects.filter(recipient=user, kind="activities.remind").order_by("id"))


def test_confirmed_signups_are_reminded_once_remind_days_before(world):
    e = make_event(world, capacity=1, starts_at=soon(3), deadline=soon(2), remind_days=2, place="西山公园")
    first, waiting, cancelled = world["users"][:3]
    services.signup(actor=first, event=e)
    services.signup(actor=waiting, event=e)  # 候补: not reminded
    s, _ = services.signup(actor=cancelled, event=e)
    services.signup_cancel(actor=cancelled, signup=s)
    today = timezone.localdate()
    assert desk.run_reminders(today)[KEY] == 0  # three days before: not yet
    assert desk.run_reminders(today + datetime.timedelta(days=1))[KEY] == 1
    got = _reminded(first)
    assert len(got) == 1 and got[0].title == "活动提醒：春季登山活动"
    assert "2天后" in got[0].body and "西山公园" in got[0].body
    assert got[0].url == reverse("activities:my_event", args=[e.pk])
    assert _reminded(waiting) == [] and _reminded(cancelled) == []
    # the same day again, the next day, the event's day: nothing more (once per sign-up)
    for days in (1, 2, 3):
        assert desk.run_reminders(today + datetime.timedelta(days=days))[KEY] == 0
    assert len(_reminded(first)) == 1
    # the day after the event: nothing
    assert desk.run_reminders(today + datetime.timedelta(days=4))[KEY] == 0


def test_a_missed_day_still_reminds_before_the_event_and_zero_means_none(world):
    e = make_event(world, capacity=5, starts_at=soon(3), deadline=soon(2), remind_days=1)
    quiet = make_event(world, title="不提醒的读书会", capacity=5, starts_at=soon(3), deadline=soon(2), remind_days=0)
    services.signup(actor=world["users"][0], event=e)
    services.signup(actor=world["users"][0], event=quiet)
    today = timezone.localdate()
    assert desk.run_reminders(today + datetime.timedelta(days=1))[KEY] == 0  # two days before, remind_days 1
    assert desk.run_reminders(today + datetime.timedelta(days=3))[KEY] == 1  # the day before was missed: its day
    assert "今天" in _reminded(world["users"][0])[0].body
    assert [m.title for m in _reminded(world["users"][0])] == ["活动提醒：春季登山活动"]


def test_a_cancelled_event_is_not_reminded_and_remind_days_is_checked(world):
    e = make_event(world, capacity=5, starts_at=soon(1), deadline=soon(1, 8))
    services.signup(actor=world["users"][0], event=e)
    services.event_cancel(actor=world["officer"], event=e, reason="天气原因")
    assert desk.run_reminders(timezone.localdate())[KEY] == 0
    with pytest.raises(ServiceError, match="提前提醒天数须在0至30天之间"):
        make_event(world, remind_days=31)


def test_past_events_not_recorded_are_a_todo(world, client):
    o, org = world["officer"], world["company"]
    e = make_event(world, capacity=5)
    assert "activities.to_record" not in {t.key for t in desk.todos(o, org)}
    past = timezone.now() - datetime.timedelta(days=2)
    Event.objects.filter(pk=e.pk).update(starts_at=past, deadline=past - datetime.timedelta(hours=1))
    other = make_event(dict(world, company=world["school"], officer=world["officer_b"]), title="乙校活动")
    Event.objects.filter(pk=other.pk).update(starts_at=past, deadline=past - datetime.timedelta(hours=1))
    todos = {t.key: t for t in desk.todos(o, org)}
    assert todos["activities.to_record"].count == 1  # not the school's
    client.force_login(o)
    page = client.get(todos["activities.to_record"].url).content.decode()
    assert "春季登山活动" in page and "乙校活动" not in page
    services.event_hold(actor=o, event=e, held_on=past.date(), participants=20)
    assert "activities.to_record" not in {t.key for t in desk.todos(o, org)}
    assert "activities.to_record" not in {t.key for t in desk.todos(world["users"][0], org)}
