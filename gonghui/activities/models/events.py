"""Events (文体活动): plan and budget with approval → open for sign-up (deadline, capacity, waiting list, family) →
check-in on the day → results and awards → photos and a short report → cost against the budget.

- `Event.org` is the union that runs the record (its subtree sees it); `scope` is who may sign up (an organisation
  in the union's subtree: the whole union, or one branch). `host` says whether the union organises it or takes part
  in an upper union's event (`host_name`: "区总工会"), where it sends teams and wins awards.
- `Signup` is one row per member and event (unique): 已报名 (confirmed), 候补 (waiting, in `queued_at` order) or
  已取消. Capacity counts members; family members (家属, `family`) are counted separately. A cancellation after the
  deadline is recorded (`late`). A place freed goes to the first in line, who is told (portal message).
- Check-in: the member's QR code is a signed token (django.core.signing) of the sign-up and the event; the first
  scan records the check-in, any later one (a copy, a screenshot) is refused — single use per check-in. Officers may
  also tick names on the list (`checkin_method`).
- `Award`: a place won by a member or a team (名次/奖项 with a level), also at an upper union's event.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["EventKind", "Event", "EventTeam", "Signup", "Award", "EventPhoto"]


class EventKind(models.TextChoices):
    SPORTS = "sports", "体育比赛"
    GAMES = "games", "棋牌趣味"
    GALA = "gala", "文艺联欢"
    OUTING = "outing", "出游登山"
    READING = "reading", "读书演讲"
    BIRTHDAY = "birthday", "集体生日"
    OTHER = "other", "其他"


class Event(AuditedModel):
    class Host(models.TextChoices):
        OWN = "own", "本会组织"
        UPPER = "upper", "参加上级工会活动"

    class Status(models.TextChoices):
        DRAFT = "draft", "筹备中"
        APPROVED = "approved", "已批准"
        OPEN = "open", "报名中"
        CLOSED = "closed", "报名截止"
        HELD = "held", "已举办"
        CANCELLED = "cancelled", "已取消"

    org = models.ForeignKey(Organization, verbose_name="组织工会", on_delete=models.PROTECT, related_name="+")
    scope = models.ForeignKey(Organization, verbose_name="报名范围", on_delete=models.PROTECT, related_name="+",
                              help_text="本会或其下属组织：其会员可以报名")
    title = models.CharField("活动名称", max_length=100)
    kind = models.CharField("活动类型", max_length=16, choices=EventKind.choices)
    host = models.CharField("组织方式", max_length=8, choices=Host.choices, default=Host.OWN)
    host_name = models.CharField("主办单位", max_length=100, blank=True, help_text="参加上级工会活动时填写，如：区总工会")
    starts_at = models.DateTimeField("活动时间")
    ends_at = models.DateTimeField("结束时间", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    plan = models.TextField("活动方案", blank=True)
    rules = models.TextField("活动规则", blank=True, help_text="比赛规则、报名须知（报名前公布）")
    budget = models.DecimalField("预算(元)", max_digits=12, decimal_places=2, default=0)
    cost = models.DecimalField("实际支出(元)", max_digits=12, decimal_places=2, null=True, blank=True)
    cost_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="超预算审批人", null=True,
                                         blank=True, on_delete=models.SET_NULL, related_name="+")
    capacity = models.PositiveIntegerField("名额", null=True, blank=True, help_text="不填为不限名额")
    deadline = models.DateTimeField("报名截止", null=True, blank=True)
    family_allowed = models.BooleanField("可带家属", default=False)
    family_max = models.PositiveSmallIntegerField("每人最多带家属", default=0)
    remind_days = models.PositiveSmallIntegerField("提前提醒(天)", default=1,
                                                   help_text="活动前几天提醒已报名的会员；0为不提醒")
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="批准人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField("发布报名时间", null=True, blank=True)
    notice = models.ForeignKey("portal.Notice", verbose_name="报名通知", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               help_text="发布报名时向报名范围内的会员发出的通知公告")
    held_on = models.DateField("举办日期", null=True, blank=True)
    participants = models.PositiveIntegerField("参加人数", null=True, blank=True,
                                               help_text="参加上级活动或未在平台报名时填写；否则按签到计")
    report = models.TextField("活动小结", blank=True)
    cancel_reason = models.CharField("取消原因", max_length=200, blank=True)
    copied_from = models.ForeignKey("self", verbose_name="沿用方案", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文体活动"
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["org", "starts_at"], name="act_event_org"),
                   models.Index(fields=["status", "starts_at"], name="act_event_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("activities:event_detail", kwargs={"pk": self.pk})

    @property
    def is_upper(self) -> bool:
        return self.host == self.Host.UPPER


class EventTeam(AuditedModel):
    """A group or team (代表队、小组) of an event, with its leader."""

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="teams")
    name = models.CharField("队名", max_length=50)
    leader = models.ForeignKey(Person, verbose_name="领队", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "参赛队"
        ordering = ["event", "name"]
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="act_team_unique")]

    def __str__(self) -> str:
        return self.name


class Signup(AuditedModel):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "已报名"
        WAITING = "waiting", "候补"
        CANCELLED = "cancelled", "已取消"

    class Method(models.TextChoices):
        QR = "qr", "扫码签到"
        LIST = "list", "名单勾选"

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="signups")
    person = models.ForeignKey(Person, verbose_name="会员", on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=12, choices=Status.choices)
    family = models.PositiveSmallIntegerField("家属人数", default=0)
    team = models.ForeignKey(EventTeam, verbose_name="队伍", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="members")
    queued_at = models.DateTimeField("报名时间")
    promoted_at = models.DateTimeField("候补转正时间", null=True, blank=True)
    cancelled_at = models.DateTimeField("取消时间", null=True, blank=True)
    late = models.BooleanField("截止后取消", default=False)
    checked_in_at = models.DateTimeField("签到时间", null=True, blank=True)
    checkin_method = models.CharField("签到方式", max_length=8, choices=Method.choices, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签到经办", null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    by_officer = models.BooleanField("由工会干部代报", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "活动报名"
        ordering = ["event", "queued_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="act_signup_unique")]
        indexes = [models.Index(fields=["event", "status", "queued_at"], name="act_signup_queue"),
                   models.Index(fields=["person", "status"], name="act_signup_person")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.get_status_display()}）"


class Award(AuditedModel):
    class Level(models.TextChoices):
        FIRST = "first", "一等奖（第一名）"
        SECOND = "second", "二等奖（第二名）"
        THIRD = "third", "三等奖（第三名）"
        MERIT = "merit", "优秀奖"
        OTHER = "other", "其他奖项"

    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="awards")
    title = models.CharField("奖项名称", max_length=50, help_text="如：团体第一名、男子单打一等奖")
    level = models.CharField("等次", max_length=8, choices=Level.choices)
    person = models.ForeignKey(Person, verbose_name="获奖会员", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    team = models.ForeignKey(EventTeam, verbose_name="获奖队伍", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="awards")
    winner = models.CharField("获奖者", max_length=100, help_text="个人姓名或队名（平台外的队伍也可）")
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "获奖情况"
        ordering = ["event", "level", "id"]

    def __str__(self) -> str:
        return f"{self.winner} {self.title}"

    @property
    def is_team(self) -> bool:
        return self.person_id is None


def _photo_path(instance, filename):
    return random_upload_name(f"activities/photos/{instance.event_id}", filename)


def _thumb_path(instance, filename):
    return random_upload_name(f"activities/photos/{instance.event_id}/thumbs", filename)


class EventPhoto(Attachment):
    event = models.ForeignKey(Event, verbose_name="活动", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("照片", upload_to=_photo_path, max_length=255)
    thumb = models.FileField("缩略图", upload_to=_thumb_path, max_length=255, blank=True)
    caption = models.CharField("说明", max_length=100, blank=True)

    audit_exclude = ("uploaded_at", "file", "thumb")

    class Meta:
        verbose_name = verbose_name_plural = "活动照片"
        ordering = ["event", "id"]
