"""Reads of rooms and bookings: an officer's scope (HOME_VIEW) or a member's own union's rooms and own bookings."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Booking, Room
from .common import member_paths


def rooms(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[Room]:
    qs = Room.objects.filter(org_q(user, perm)).select_related("org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def room_get(user, pk, perm: str = Perm.HOME_VIEW) -> Room:
    return get_object_or_404(rooms(user, perm), pk=pk)


def bookings(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[Booking]:
    qs = Booking.objects.filter(org_q(user, perm)).select_related("room", "person", "org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def booking_get(user, pk, perm: str = Perm.HOME_VIEW) -> Booking:
    return get_object_or_404(bookings(user, perm), pk=pk)


def day_bookings(room: Room, day) -> QuerySet[Booking]:
    """The active bookings of a room on a day (what a booking page shows as taken; no names)."""
    return room.bookings.filter(status=Booking.Status.ACTIVE, starts_at__date=day).order_by("starts_at")


def member_rooms(user) -> QuerySet[Room]:
    return Room.objects.filter(org__path__in=member_paths(getattr(user, "person", None)), active=True).order_by(
        "name")


def member_room_get(user, pk) -> Room:
    return get_object_or_404(member_rooms(user), pk=pk)


def my_bookings(user) -> QuerySet[Booking]:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return Booking.objects.none()
    return Booking.objects.filter(person_id=person_id).select_related("room").order_by("-starts_at")


def my_booking_get(user, pk) -> Booking:
    return get_object_or_404(my_bookings(user), pk=pk)
