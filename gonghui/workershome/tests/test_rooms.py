"""Rooms and bookings: opening hours, overlaps refused, cancellations, and two bookings sent at the same moment —
exactly one wins, on SQLite (write lock first) and on PostgreSQL (exclusion constraint)."""
from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.core.errors import ServiceError
from gonghui.workershome.models import Booking, Room
from gonghui.workershome.services import rooms as services
from gonghui.core.testing import at_once as _at_once

TZ = timezone.get_current_timezone()


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


def next_weekday(weekday: int = 1) -> datetime.date:
    """The next given ISO weekday at least two days ahead."""
    day = timezone.localdate() + datetime.timedelta(days=2)
    while day.isoweekday() != weekday:
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.django_db
def test_booking_inside_hours_and_overlaps_refused(home):
    room, officer, wang_user = home["room"], home["officer"], home["member_users"][0]
    day = next_weekday(2)
    b = services.booking_create(actor=wang_user, room=room, starts_at=at(day, 19), ends_at=at(day, 20, 30),
                                purpose="羽毛球协会活动")
    assert b.person == home["members"][0] and str(b.hours) == "1.50"
    with pytest.raises(ServiceError, match="已被预约，所选时段与之冲突"):
        services.booking_create(actor=officer, room=room, starts_at=at(day, 20), ends_at=at(day, 21),
                                purpose="工会例会")
    # touching ends are not an overlap
    services.booking_create(actor=officer, room=room, starts_at=at(day, 20, 30), ends_at=at(day, 21),
                            purpose="工会例会")
    with pytest.raises(ServiceError, match="开放时间为08:30–21:00，所选时段20:00–22:00超出开放时间"):
        services.booking_create(actor=officer, room=room, starts_at=at(day + datetime.timedelta(days=1), 20),
                                ends_at=at(day + datetime.timedelta(days=1), 22), purpose="加班")
    with pytest.raises(ServiceError, match="结束时间应晚于开始时间"):
        services.booking_create(actor=officer, room=room, starts_at=at(day, 10), ends_at=at(day, 9), purpose="x")
    with pytest.raises(ServiceError, match="已过，不能预约"):
        services.booking_create(actor=officer, room=room, starts_at=at(day, 10), ends_at=at(day, 11), purpose="x",
                                now=at(day, 12))
    with pytest.raises(ServiceError, match="单次预约最长4小时"):
        services.booking_create(actor=officer, room=room, starts_at=at(day, 9), ends_at=at(day, 14), purpose="x")


@pytest.mark.django_db
def test_closed_weekday_and_cancel(home):
    officer, wang_user, li_user = home["officer"], *home["member_users"][:2]
    room = services.room_create(actor=officer, org=home["org"], name="会议室", kind=Room.Kind.MEETING,
                                opens_at=datetime.time(9), closes_at=datetime.time(17), weekdays="12345")
    saturday = next_weekday(6)
    with pytest.raises(ServiceError, match="周一、周二、周三、周四、周五开放"):
        services.booking_create(actor=officer, room=room, starts_at=at(saturday, 10), ends_at=at(saturday, 11),
                                purpose="会议")
    day = next_weekday(3)
    b = services.booking_create(actor=wang_user, room=room, starts_at=at(day, 10), ends_at=at(day, 11),
                                purpose="小组学习")
    with pytest.raises(ServiceError) as exc:
        services.booking_cancel(actor=li_user, booking=b)   # another member's booking
    assert exc.value.code == "out_of_scope"
    services.booking_cancel(actor=wang_user, booking=b)
    with pytest.raises(ServiceError, match="已取消"):
        services.booking_cancel(actor=wang_user, booking=b)
    # the slot is free again
    services.booking_create(actor=li_user, room=room, starts_at=at(day, 10), ends_at=at(day, 11), purpose="学习")


@pytest.mark.django_db
def test_another_unions_member_cannot_book(home, tree, make_user):
    from gonghui.accounts.roles import Role

    outsider_user = make_user("school_member", Role.MEMBER, tree["school"], person=home["outsider"])
    day = next_weekday(2)
    with pytest.raises(ServiceError) as exc:
        services.booking_create(actor=outsider_user, room=home["room"], starts_at=at(day, 10), ends_at=at(day, 11),
                                purpose="x")
    assert exc.value.code == "out_of_scope"




@pytest.mark.django_db(transaction=True)
def test_overlapping_bookings_sent_at_once_exactly_one_wins(home):
    """Four members ask for overlapping slots of one room at the same moment (threads, each its own connection)."""
    room, users = home["room"], home["member_users"]
    day = next_weekday(4)
    slots = [(at(day, 18), at(day, 20)), (at(day, 19), at(day, 21)), (at(day, 18, 30), at(day, 19, 45)),
             (at(day, 19, 30), at(day, 20, 30))]
    calls = [lambda u=users[i % len(users)], s=s: services.booking_create(
        actor=u, room=room, starts_at=s[0], ends_at=s[1], purpose="活动") for i, s in enumerate(slots)]
    results, errors = _at_once(calls)
    assert len(results) == 1, (connection.vendor, errors)
    assert len(errors) == 3 and all(isinstance(e, ServiceError) and "预约" in str(e) for e in errors), errors
    assert Booking.objects.filter(room=room, status=Booking.Status.ACTIVE).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the exclusion constraint is PostgreSQL's")
def test_database_refuses_overlap_even_past_the_service(home):
    from django.db import IntegrityError

    room, day = home["room"], next_weekday(5)
    Booking.objects.create(org=room.org, room=room, starts_at=at(day, 10), ends_at=at(day, 12), purpose="a")
    with pytest.raises(IntegrityError):
        Booking.objects.create(org=room.org, room=room, starts_at=at(day, 11), ends_at=at(day, 13), purpose="b")
