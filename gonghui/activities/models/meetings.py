"""Meetings (会议): committee meetings, 例会, joint meetings with the administration, the women's committee, the 经审
committee — date, attendees, agenda, minutes (会议纪要) and decisions, each with an owner and a due date followed up
(an overdue decision is a to-do on the officer's desk)."""
from __future__ import annotations

from django.db import models

from gonghui.core.models import AuditedModel
from gonghui.orgs.models import Organization

__all__ = ["MeetingKind", "Meeting", "Decision"]


class MeetingKind(models.TextChoices):
    COMMITTEE = "committee", "工会委员会会议"
    REGULAR = "regular", "工会例会"
    JOINT = "joint", "党政工联席会议"
    WOMEN = "women", "女职工委员会会议"
    AUDIT = "audit", "经费审查委员会会议"
    OTHER = "other", "其他会议"


class Meeting(AuditedModel):
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("会议类型", max_length=12, choices=MeetingKind.choices)
    title = models.CharField("会议名称", max_length=100)
    held_on = models.DateField("会议日期")
    place = models.CharField("地点", max_length=100, blank=True)
    chaired_by = models.CharField("主持人", max_length=50, blank=True)
    recorded_by = models.CharField("记录人", max_length=50, blank=True)
    attendees = models.TextField("出席人员", blank=True, help_text="姓名之间用顿号或逗号分隔")
    absentees = models.CharField("请假人员", max_length=200, blank=True)
    agenda = models.TextField("议题", blank=True, help_text="每行一个议题")
    minutes = models.TextField("会议纪要", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["org", "held_on"], name="act_meeting_org")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:meeting_detail", kwargs={"pk": self.pk})

    @property
    def attendee_count(self) -> int:
        import re

        return len([n for n in re.split(r"[、，,\s]+", self.attendees) if n])


class Decision(AuditedModel):
    meeting = models.ForeignKey(Meeting, verbose_name="会议", on_delete=models.CASCADE, related_name="decisions")
    text = models.CharField("议定事项", max_length=300)
    owner = models.CharField("责任人", max_length=50)
    due_on = models.DateField("完成期限")
    done_on = models.DateField("完成日期", null=True, blank=True)
    outcome = models.CharField("落实情况", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "会议议定事项"
        ordering = ["meeting", "due_on", "id"]
        indexes = [models.Index(fields=["done_on", "due_on"], name="act_decision_due")]
