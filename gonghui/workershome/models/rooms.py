"""Rooms of the home (活动室, 会议室, 健身房, 母婴室 …) with opening hours, and their bookings (场地预约).

No two active bookings of one room overlap, whoever sends them and however close together:
- PostgreSQL: an exclusion constraint (btree_gist) on (room =, tstzrange(starts_at, ends_at) &&) where the booking
  is active, added by migration 0002 on PostgreSQL only (SQLite cannot hold it; see `BOOKING_NO_OVERLAP`).
- SQLite: the booking service checks for an overlap and inserts inside one transaction that begins with
  BEGIN IMMEDIATE (settings: transaction_mode), so the second writer waits for the first and then sees its row.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["Room", "Booking", "BOOKING_NO_OVERLAP"]

BOOKING_NO_OVERLAP = "workershome_booking_no_overlap"


class Room(AuditedModel):
    class Kind(models.TextChoices):
        ACTIVITY = "activity", "活动室"
        MEETING = "meeting", "会议室"
        GYM = "gym", "健身房"
        NURSING = "nursing", "母婴室"
        READING = "reading", "阅览室"
        OTHER = "other", "其他"

    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("场地名称", max_length=50)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices)
    capacity = models.PositiveIntegerField("容纳人数", null=True, blank=True)
    opens_at = models.TimeField("开放时间（起）")
    closes_at = models.TimeField("开放时间（止）")
    weekdays = models.CharField("开放日", max_length=7, default="12345",
                                help_text="星期几开放：1–7（7为星期日），如 12345 为工作日")
    max_hours = models.PositiveSmallIntegerField("单次最长（小时）", default=4)
    active = models.BooleanField("开放预约", default=True)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "场地"
        ordering = ["org", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="workershome_room_name_unique")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("workershome:room_detail", kwargs={"pk": self.pk})

    @property
    def weekdays_text(self) -> str:
        names = "一二三四五六日"
        return "、".join(f"周{names[int(d) - 1]}" for d in self.weekdays if d in "1234567")

    @property
    def hours_text(self) -> str:
        return f"{self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class Booking(AuditedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "已预约"
        CANCELLED = "cancelled", "已取消"

    org = models.ForeignKey(Organization, verbose_name="所属工会", on_delete=models.PROTECT, related_name="+")
    room = models.ForeignKey(Room, verbose_name="场地", on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey("members.Person", verbose_name="预约人", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="经办账号", on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    starts_at = models.DateTimeField("开始时间")
    ends_at = models.DateTimeField("结束时间")
    purpose = models.CharField("用途", max_length=100)
    attendees = models.PositiveIntegerField("人数", null=True, blank=True)
    hours = models.DecimalField("时长（小时）", max_digits=5, decimal_places=2, default=0,
                                help_text="结束减开始，由预约时写入（场地使用小时数的依据）")
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.ACTIVE)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "场地预约"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["room", "starts_at"], name="workershome_booking_room"),
                   models.Index(fields=["org", "starts_at"], name="workershome_booking_org")]
        constraints = [models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")),
                                              name="workershome_booking_ends_after_start")]

    def __str__(self) -> str:
        return f"{self.room.name} {self.starts_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def duration_hours(starts_at, ends_at):
        from decimal import Decimal

        return (Decimal(int((ends_at - starts_at).total_seconds())) / 3600).quantize(Decimal("0.01"))
