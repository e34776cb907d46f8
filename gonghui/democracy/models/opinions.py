"""Opinions and suggestions (职工意见建议, 意见箱): left by a member on the phone, named or anonymous, or recorded by
an officer from a 座谈会 or a 经理（校长）接待日; forwarded to a department, answered, and the answer shown to the
member.

Anonymous means nobody can tell who wrote it, the database included: the row has no person, no user and no
recorder; the audit entry of its creation names no actor and no address (the service writes it as the system). The
author follows it with a random follow-up code (查询码) shown once on their phone; the row keeps only a keyed hash
of the code (HMAC-SHA256 with the site's secret key), so the code cannot be read back from the database, and the
server cannot link the opinion to an account it never recorded. (A keyed hash of the user's id would let the author
follow it without a code, but then whoever holds the database and the key can recompute it for every user and name
the author: that is not anonymous.)
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["Opinion", "OpinionCategory"]


class OpinionCategory(models.TextChoices):
    PRODUCTION = "production", "生产经营"
    SAFETY = "safety", "劳动保护"
    WELFARE = "welfare", "生活福利"
    PAY = "pay", "工资分配"
    TRAINING = "training", "教育培训"
    MANAGEMENT = "management", "管理制度"
    OTHER = "other", "其他"


class Opinion(AuditedModel):
    class Channel(models.TextChoices):
        BOX = "box", "意见箱"
        FORUM = "forum", "座谈会"
        RECEPTION = "reception", "领导接待日"
        LETTER = "letter", "来信来访"

    class Status(models.TextChoices):
        WAITING = "waiting", "待处理"
        FORWARDED = "forwarded", "已转交"
        ANSWERED = "answered", "已答复"

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", "采纳"
        PARTLY = "partly", "部分采纳"
        EXPLAINED = "explained", "暂不采纳（已解释说明）"
        NOTED = "noted", "已知悉"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField("收集渠道", max_length=16, choices=Channel.choices, default=Channel.BOX)
    occasion = models.CharField("会议或活动", max_length=100, blank=True,
                                help_text="座谈会、接待日的名称，如：2025年第二季度经理接待日")
    category = models.CharField("类别", max_length=16, choices=OpinionCategory.choices, default=OpinionCategory.OTHER)
    title = models.CharField("标题", max_length=100)
    content = models.TextField("意见建议内容")
    submitted_on = models.DateField("提出日期")
    anonymous = models.BooleanField("匿名", default=False)
    author = models.ForeignKey(Person, verbose_name="提出人", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text="匿名时为空")
    author_name = models.CharField("提出人（登记）", max_length=50, blank=True,
                                   help_text="座谈会上提出、系统中没有的人员，记姓名或“某车间职工”")
    follow_hash = models.CharField("查询码摘要", max_length=64, blank=True, editable=False)
    submit_key = models.CharField("提交标识", max_length=40, blank=True, editable=False,
                                  help_text="同一表单重复提交只登记一次")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.WAITING)
    department = models.CharField("承办部门", max_length=60, blank=True,
                                  help_text="部门名称（转交时的名称；未对应承办部门的旧记录只有名称）")
    department_ref = models.ForeignKey("democracy.Department", verbose_name="承办部门（部门库）", null=True,
                                       blank=True, on_delete=models.PROTECT, related_name="opinions",
                                       help_text="与提案承办部门共用的部门库；同一工会内按名称对应")
    forwarded_on = models.DateField("转交日期", null=True, blank=True)
    forward_note = models.CharField("转交说明", max_length=200, blank=True)
    answer = models.TextField("答复内容", blank=True)
    outcome = models.CharField("办理结果", max_length=16, choices=Outcome.choices, blank=True)
    answered_on = models.DateField("答复日期", null=True, blank=True)
    answered_by = models.CharField("答复人（部门）", max_length=60, blank=True)

    # The hash and the form's key say nothing to a reader of the history.
    audit_exclude = ("follow_hash", "submit_key")

    class Meta:
        verbose_name = verbose_name_plural = "职工意见建议"
        ordering = ["-submitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "submit_key"], condition=~Q(submit_key=""),
                                    name="democracy_opinion_submit_once"),
            models.CheckConstraint(condition=Q(anonymous=False) | Q(author__isnull=True, recorded_by__isnull=True),
                                   name="democracy_opinion_anonymous_names_nobody"),
        ]
        indexes = [models.Index(fields=["org", "status"], name="democracy_opinion_org_status"),
                   models.Index(fields=["follow_hash"], name="democracy_opinion_follow")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("democracy:opinions_detail", args=[self.pk])

    @property
    def department_name(self) -> str:
        """The department as it is called now (the linked one's current name), else the text recorded."""
        return self.department_ref.name if self.department_ref_id else self.department

    @property
    def author_display(self) -> str:
        if self.anonymous:
            return "匿名"
        if self.author_id:
            return self.author.name
        return self.author_name or "—"
