"""Writes of rooms and bookings (场地预约).

A booking is refused when it is outside the room's opening days or hours, longer than the room allows, in the past,
or overlapping another active booking of the room. The overlap is held by the database:
- PostgreSQL: the exclusion constraint `workershome_booking_no_overlap` (migration 0002) refuses the second of two
  overlapping inserts, even from two requests at the same moment; its IntegrityError becomes the Chinese message.
- SQLite: every transaction begins IMMEDIATE (settings: transaction_mode), so the check-then-insert below runs under
  the database's write lock: a second writer waits (busy timeout) and then sees the first one's row. Where the lock
  cannot wait (a shared-cache in-memory database answers "locked" at once), the whole transaction is tried again.
"""
from __future__ import annotations

import datetime
import time

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import Booking, Room
from ._common import acting_person, require, require_member_or, text

BOOK_AHEAD_DAYS = 60


def _t(value: datetime.datetime) -> str:
    return f"{timezone.localtime(value):%Y年%-m月%-d日 %H:%M}"


@transaction.atomic
def room_create(*, actor, org, name: str, kind: str, opens_at: datetime.time, closes_at: datetime.time,
                weekdays: str = "12345", capacity: int | None = None, max_hours: int = 4, note: str = "") -> Room:
    require(actor, Perm.HOME_EDIT, org)
    name = text(name, 50)
    if not name:
        raise ServiceError("请填写场地名称。")
    if kind not in Room.Kind.values:
        raise ServiceError("请选择场地类型。")
    if closes_at <= opens_at:
        raise ServiceError("开放时间的结束应晚于开始。")
    days = "".join(sorted({d for d in str(weekdays) if d in "1234567"}))
    if not days:
        raise ServiceError("请填写开放日（1–7，7为星期日）。")
    if Room.objects.filter(org=org, name=name).exists():
        raise ServiceError(f"已有名为“{name}”的场地。")
    return Room.objects.create(org=org, name=name, kind=kind, opens_at=opens_at, closes_at=closes_at, weekdays=days,
                               capacity=capacity, max_hours=max_hours or 4, note=text(note, 200))


def _check_slot(room: Room, starts_at: datetime.datetime, ends_at: datetime.datetime, *, now=None) -> None:
    if starts_at is None or ends_at is None:
        raise ServiceError("请填写预约的开始和结束时间。")
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    if end <= start:
        raise ServiceError("结束时间应晚于开始时间。")
    now = now or timezone.now()
    if starts_at < now:
        raise ServiceError(f"开始时间{_t(starts_at)}已过，不能预约。")
    if start.date() > timezone.localdate(now) + datetime.timedelta(days=BOOK_AHEAD_DAYS):
        raise ServiceError(f"最多可预约{BOOK_AHEAD_DAYS}天以内的时段。")
    if end.date() != start.date():
        raise ServiceError("一次预约应在同一天内。")
    if str(start.isoweekday()) not in room.weekdays:
        raise ServiceError(f"{room.name}{room.weekdays_text}开放，{start:%-m月%-d日}不开放。")
    if start.time() < room.opens_at or end.time() > room.closes_at:
        raise ServiceError(f"{room.name}开放时间为{room.hours_text}，所选时段{start:%H:%M}–{end:%H:%M}超出开放时间。")
    if (end - start) > datetime.timedelta(hours=room.max_hours):
        raise ServiceError(f"{room.name}单次预约最长{room.max_hours}小时。")


def _overlap_message(other: Booking) -> str:
    return (f"{other.room.name}在{_t(other.starts_at)}–{timezone.localtime(other.ends_at):%H:%M}已被预约，"
            "所选时段与之冲突，请换一个时段。")


def booking_create(*, actor, room: Room, starts_at, ends_at, purpose: str, attendees: int | None = None,
                   person=None, now=None) -> Booking:
    """Book a slot (a member for themself, an officer for anyone or for the union's own meeting)."""
    attempts = 6 if connection.vendor == "sqlite" else 1
    for attempt in range(attempts):
        try:
            return _booking_create(actor=actor, room=room, starts_at=starts_at, ends_at=ends_at, purpose=purpose,
                                   attendees=attendees, person=person, now=now)
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1 or connection.in_atomic_block:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")  # pragma: no cover


@transaction.atomic
def _booking_create(*, actor, room, starts_at, ends_at, purpose, attendees, person, now) -> Booking:
    room = Room.objects.select_related("org").get(pk=room.pk)
    officer = require_member_or(actor, room.org)
    if not officer:
        person = acting_person(actor)
    if not room.active:
        raise ServiceError(f"{room.name}暂停预约。")
    purpose = text(purpose, 100)
    if not purpose:
        raise ServiceError("请填写用途。")
    _check_slot(room, starts_at, ends_at, now=now)
    if attendees is not None and room.capacity and attendees > room.capacity:
        raise ServiceError(f"{room.name}最多容纳{room.capacity}人。")
    clash = (Booking.objects.filter(room=room, status=Booking.Status.ACTIVE, starts_at__lt=ends_at,
                                    ends_at__gt=starts_at).select_related("room").first())
    if clash is not None:
        raise ServiceError(_overlap_message(clash))
    try:
        with transaction.atomic():
            return Booking.objects.create(org=room.org, room=room, person=person, starts_at=starts_at,
                                          ends_at=ends_at, purpose=purpose, attendees=attendees,
                                          hours=Booking.duration_hours(starts_at, ends_at),
                                          booked_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        # PostgreSQL's exclusion constraint: another request took an overlapping slot a moment ago.
        raise ServiceError(f"{room.name}所选时段刚刚已被他人预约，请换一个时段。") from None


@transaction.atomic
def booking_cancel(*, actor, booking: Booking, now=None) -> Booking:
    booking = Booking.objects.select_for_update().select_related("room", "org").get(pk=booking.pk)
    officer = require_member_or(actor, booking.org)
    if not officer and acting_person(actor).pk != booking.person_id:
        raise ServiceError("未找到该记录，或不在您的管辖范围内。", code="out_of_scope")
    if booking.status == Booking.Status.CANCELLED:
        raise ServiceError("该预约已取消。")
    now = now or timezone.now()
    if booking.ends_at <= now:
        raise ServiceError("该时段已过，不能取消。")
    booking.status, booking.cancelled_at = Booking.Status.CANCELLED, now
    booking.save(update_fields=["status", "cancelled_at"])
    return booking
