"""Figures of rooms (codes "workershome.rooms.*"): bookings used in the period (次; cancelled ones do not count) and
the hours booked (小时), by room kind."""
from __future__ import annotations

from django.db.models import Count, Sum

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import Booking, Room


def bookings_in(org, start, end):
    return _subtree(Booking.objects.filter(status=Booking.Status.ACTIVE, starts_at__date__range=(start, end)), org)


BY_KIND = Breakdown("按场地类型", "room__kind", dict(Room.Kind.choices))

METRICS = [
    Metric("workershome.rooms.bookings", "场地预约", "次", "events", bookings_in, value=Count("pk"),
           by={"kind": BY_KIND}, date_field="starts_at"),
    Metric("workershome.rooms.hours", "场地使用", "小时", "sum", bookings_in, value=Sum("hours"),
           date_field="starts_at"),
]
KEY = ["workershome.rooms.bookings"]
CHARTS: list = []
