"""The congress (职工代表大会 / 教职工代表大会 / 会员代表大会): the congress of a union, its terms (届) and the delegates
elected for each term, grouped in delegations (代表团/组).

- A union has at most one congress of each kind; a term is numbered within its congress (第一届, 第二届 …) and has its
  dates; at most one term of a congress is open (ended_on empty) at a time.
- A delegate is a person elected for one term (never twice in a term). What they were when elected is kept on the row
  (category, woman, young): the composition of a past term does not change when people move on.
- Sessions (次), attendance, resolutions and votes are in the same module's later part (the congress room).
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import Q

from django.conf import settings
from django.urls import reverse

from gonghui.core.models import Attachment, AuditedModel, random_upload_name
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["Congress", "Term", "Delegation", "Delegate", "DelegateCategory", "CongressSession", "YOUNG_MAX_AGE",
           "CongressRuleSet", "SessionAttendance", "Resolution", "ResolutionCorrection",
           "SessionReport"]

#: 青年: a delegate aged 35 or younger on the day of the election (共青团 / 青年职工 as unions count it).
YOUNG_MAX_AGE = 35


class Congress(AuditedModel):
    class Kind(models.TextChoices):
        WORKERS = "workers", "职工代表大会"
        TEACHERS = "teachers", "教职工代表大会"
        MEMBERS = "members", "会员代表大会"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="congresses")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices, default=Kind.WORKERS)
    name = models.CharField("名称", max_length=100, help_text="如：滨江精密制造有限公司职工代表大会")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "职代会"
        ordering = ["org", "kind"]
        constraints = [models.UniqueConstraint(fields=["org", "kind"], name="democracy_congress_one_per_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def short_name(self) -> str:
        return {"workers": "职代会", "teachers": "教代会", "members": "会员代表大会"}[self.kind]


class Term(AuditedModel):
    congress = models.ForeignKey(Congress, verbose_name="职代会", on_delete=models.PROTECT, related_name="terms")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+",
                            help_text="与职代会的工会相同（便于按组织范围查询）")
    number = models.PositiveSmallIntegerField("届次")
    started_on = models.DateField("本届开始日期")
    ends_on = models.DateField("任期届满日期", null=True, blank=True, help_text="一般三至五年")
    ended_on = models.DateField("实际结束日期", null=True, blank=True)
    seats = models.PositiveIntegerField("代表名额", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "届"
        ordering = ["congress", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "number"], name="democracy_term_number_unique"),
            models.UniqueConstraint(fields=["congress"], condition=Q(ended_on__isnull=True),
                                    name="democracy_term_one_open"),
        ]

    def __str__(self) -> str:
        from gonghui.core.formatting import chinese_number

        return f"{self.congress.short_name}第{chinese_number(self.number)}届"

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress_term_detail", kwargs={"pk": self.pk})

    def is_current_on(self, day: datetime.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or day <= self.ended_on)


class Delegation(AuditedModel):
    """A delegation (代表团) or group (代表组) of a term, usually one per branch or workshop, with its leader."""

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.CASCADE, related_name="delegations")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("名称", max_length=60, help_text="如：第一代表团、机关代表组")
    leader = models.ForeignKey("Delegate", verbose_name="团（组）长", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "代表团（组）"
        ordering = ["term", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["term", "name"], name="democracy_delegation_name_unique")]

    def __str__(self) -> str:
        return self.name


class DelegateCategory(models.TextChoices):
    """构成: what the delegate is at work (one each); 女职工 and 青年 are counted from the person, across these."""

    FRONTLINE = "frontline", "一线职工"
    TECHNICAL = "technical", "专业技术人员"
    MANAGER = "manager", "中层以上管理人员"
    OTHER = "other", "其他人员"


class Delegate(AuditedModel):
    class Status(models.TextChoices):
        SERVING = "serving", "在任"
        REPLACED = "replaced", "已补选替换"
        REMOVED = "removed", "已罢免"
        LEFT = "left", "已离任"

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="delegates")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, verbose_name="代表", on_delete=models.PROTECT, related_name="delegate_terms")
    delegation = models.ForeignKey(Delegation, verbose_name="代表团（组）", on_delete=models.SET_NULL, null=True,
                                   blank=True, related_name="delegates")
    category = models.CharField("代表构成", max_length=16, choices=DelegateCategory.choices)
    is_woman = models.BooleanField("女职工", default=False)
    is_young = models.BooleanField("青年", default=False, help_text=f"当选时年龄不超过{YOUNG_MAX_AGE}周岁")
    elected_on = models.DateField("当选日期")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.SERVING)
    left_on = models.DateField("离任日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "职工代表"
        ordering = ["term", "delegation__order", "person__name_pinyin"]
        constraints = [models.UniqueConstraint(fields=["term", "person"], name="democracy_delegate_once_per_term")]
        indexes = [models.Index(fields=["person", "status"], name="democracy_delegate_person")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.term}）"

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress_term_detail", kwargs={"pk": self.term_id})

    @property
    def is_serving(self) -> bool:
        return self.status == self.Status.SERVING


class CongressSession(AuditedModel):
    """A session (次) of a term: 二届三次职代会. Attendance, resolutions, votes and the reports heard belong to it
    (the congress room adds them); other parts refer to it (a contract approved at a session, the proposals raised
    for it)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", "例会"
        EXTRAORDINARY = "extraordinary", "临时会议"

    class Status(models.TextChoices):
        PLANNED = "planned", "筹备中"
        OPEN = "open", "进行中"
        CLOSED = "closed", "已闭幕"

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="sessions")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField("次")
    kind = models.CharField("会议类别", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    opened_on = models.DateField("开幕日期")
    closed_on = models.DateField("闭幕日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    agenda = models.TextField("议程", blank=True, help_text="每行一项")
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.PLANNED)
    # Recorded when the session is closed (what the 召开情况报告表 and the figures read): 应到 = the delegates of the
    # term in office on the opening day, 实到 = those present; valid = 实到 ≥ the quorum of the rules in force.
    expected = models.PositiveIntegerField("应到代表", null=True, blank=True)
    attended = models.PositiveIntegerField("实到代表", null=True, blank=True)
    quorum = models.PositiveIntegerField("法定人数", null=True, blank=True, help_text="闭幕时按规则计算的最少出席人数")
    is_valid = models.BooleanField("会议有效", null=True, blank=True,
                                   help_text="闭幕时按法定人数（全体代表的三分之二以上）判定；未达法定人数的会议记为无效")
    closed_at = models.DateTimeField("闭幕登记时间", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "职代会会议"
        ordering = ["term", "number"]
        constraints = [
            models.UniqueConstraint(fields=["term", "number"], name="democracy_session_number_unique"),
            # a closed session carries its counts and a verdict that agrees with them: never silently valid
            models.CheckConstraint(
                condition=(~Q(status="closed")
                           | Q(is_valid=True, attended__gte=models.F("quorum"), expected__isnull=False)
                           | Q(is_valid=False, attended__lt=models.F("quorum"), expected__isnull=False)),
                name="democracy_session_closed_verdict"),
        ]

    def __str__(self) -> str:
        from gonghui.core.formatting import chinese_number

        return (f"{chinese_number(self.term.number)}届{chinese_number(self.number)}次"
                f"{self.term.congress.short_name}")

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress_session_detail", kwargs={"pk": self.pk})

    @property
    def agenda_items(self) -> list[str]:
        return [line.strip() for line in (self.agenda or "").splitlines() if line.strip()]


class CongressRuleSet(AuditedModel):
    """The congress rules of a federation or union from a day (like care's fund rules): a union follows the rule set
    of its nearest ancestor (itself included) in force on the day; without any, the defaults below (the law's and
    the common practice's). Shares are percentages; the quorum and the pass mark are fractions of ALL delegates."""

    class Women(models.TextChoices):
        PROPORTION = "proportion", "不低于女会员占会员的比例"
        MINIMUM = "minimum", "不低于规定的最低比例"

    org = models.ForeignKey(Organization, verbose_name="制定单位", on_delete=models.PROTECT,
                            related_name="congress_rule_sets")
    name = models.CharField("名称", max_length=100)
    effective_from = models.DateField("生效日期")
    manager_max_percent = models.DecimalField("中层以上管理人员最高比例（%）", max_digits=5, decimal_places=2,
                                              default=Decimal("20.00"))
    women_rule = models.CharField("女职工代表比例要求", max_length=16, choices=Women.choices,
                                  default=Women.PROPORTION)
    women_min_percent = models.DecimalField("女职工代表最低比例（%）", max_digits=5, decimal_places=2, null=True,
                                            blank=True, help_text="仅“不低于规定的最低比例”时使用")
    quorum_numerator = models.PositiveSmallIntegerField("法定人数（分子）", default=2)
    quorum_denominator = models.PositiveSmallIntegerField("法定人数（分母）", default=3,
                                                          help_text="出席代表不少于全体代表的 分子/分母")
    pass_numerator = models.PositiveSmallIntegerField("通过比例（分子）", default=1)
    pass_denominator = models.PositiveSmallIntegerField("通过比例（分母）", default=2,
                                                        help_text="赞成票超过全体代表的 分子/分母 为通过")
    note = models.TextField("依据/说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "职代会规则"
        ordering = ["org", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["org", "effective_from"], name="democracy_congress_rules_once_a_day"),
            models.CheckConstraint(condition=Q(quorum_denominator__gt=0) & Q(pass_denominator__gt=0)
                                   & Q(quorum_numerator__lte=models.F("quorum_denominator"))
                                   & Q(pass_numerator__lt=models.F("pass_denominator")),
                                   name="democracy_congress_rules_fractions"),
        ]

    def __str__(self) -> str:
        return self.name


class SessionAttendance(AuditedModel):
    """One delegate at one session: present (signed in on the phone or ticked by an officer), on leave (请假) or
    absent (缺席), with the reason. One row per delegate and session (a second sign-in changes nothing)."""

    class Status(models.TextChoices):
        PRESENT = "present", "出席"
        LEAVE = "leave", "请假"
        ABSENT = "absent", "缺席"

    class Via(models.TextChoices):
        PHONE = "phone", "手机签到"
        OFFICER = "officer", "工作人员登记"

    session = models.ForeignKey(CongressSession, verbose_name="会议", on_delete=models.CASCADE,
                                related_name="attendance")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    delegate = models.ForeignKey(Delegate, verbose_name="代表", on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField("出席情况", max_length=16, choices=Status.choices)
    via = models.CharField("登记方式", max_length=16, choices=Via.choices, default=Via.OFFICER)
    reason = models.CharField("请假/缺席原因", max_length=200, blank=True)
    signed_at = models.DateTimeField("登记时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "出席登记"
        ordering = ["session", "delegate__delegation__order", "delegate__person__name_pinyin"]
        constraints = [models.UniqueConstraint(fields=["session", "delegate"], name="democracy_attendance_once")]

    def __str__(self) -> str:
        return f"{self.delegate.person.name}：{self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress_session_detail", kwargs={"pk": self.session_id})


class Resolution(AuditedModel):
    """A matter put to the vote at a session (决议/议案): the tally for / against / abstain is recorded once. It
    passes only with more votes for than the pass mark of ALL delegates of the term (not of those present)."""

    session = models.ForeignKey(CongressSession, verbose_name="会议", on_delete=models.CASCADE,
                                related_name="resolutions")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField("序号", default=1)
    title = models.CharField("表决事项", max_length=200, help_text="如：关于《2026年度行政工作报告》的决议")
    votes_for = models.PositiveIntegerField("赞成", null=True, blank=True)
    votes_against = models.PositiveIntegerField("反对", null=True, blank=True)
    votes_abstain = models.PositiveIntegerField("弃权", null=True, blank=True)
    expected = models.PositiveIntegerField("全体代表数", null=True, blank=True, help_text="表决时本届全体代表人数")
    passed = models.BooleanField("通过", null=True, blank=True)
    voted_at = models.DateTimeField("表决登记时间", null=True, blank=True)
    voted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "表决事项"
        ordering = ["session", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "title"], name="democracy_resolution_title_once"),
            # a tally is all three counts or none, and is recorded with its verdict: never half a vote
            models.CheckConstraint(
                condition=(Q(votes_for__isnull=True, votes_against__isnull=True, votes_abstain__isnull=True,
                             passed__isnull=True, voted_at__isnull=True)
                           | Q(votes_for__isnull=False, votes_against__isnull=False, votes_abstain__isnull=False,
                               passed__isnull=False, voted_at__isnull=False, expected__isnull=False)),
                name="democracy_resolution_tally_whole"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress_session_detail", kwargs={"pk": self.session_id})

    @property
    def is_voted(self) -> bool:
        return self.voted_at is not None

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return "未表决"
        return "通过" if self.passed else "未通过"


class ResolutionCorrection(AuditedModel):
    """A correction of a recorded tally (计票更正): a counting or entry error found after the vote. The tally before
    and after and the reason are kept, one row per correction, so the first tally is never lost; the resolution
    carries the corrected tally and its verdict recomputed by the same rule (more than half of ALL delegates)."""

    resolution = models.ForeignKey(Resolution, verbose_name="表决事项", on_delete=models.CASCADE,
                                   related_name="corrections")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    old_for = models.PositiveIntegerField("原赞成")
    old_against = models.PositiveIntegerField("原反对")
    old_abstain = models.PositiveIntegerField("原弃权")
    old_passed = models.BooleanField("原结果通过")
    new_for = models.PositiveIntegerField("更正后赞成")
    new_against = models.PositiveIntegerField("更正后反对")
    new_abstain = models.PositiveIntegerField("更正后弃权")
    new_passed = models.BooleanField("更正后通过")
    reason = models.CharField("更正原因", max_length=300)
    corrected_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="更正人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    corrected_at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "计票更正"
        ordering = ["resolution", "corrected_at", "id"]

    def __str__(self) -> str:
        return f"{self.resolution.title}：计票更正"

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress_session_detail", kwargs={"pk": self.resolution.session_id})

    @property
    def verdict_changed(self) -> bool:
        return self.old_passed != self.new_passed


def session_report_path(instance: "SessionReport", filename: str) -> str:
    return random_upload_name(f"democracy/congress/{instance.session_id}", filename)


class SessionReport(Attachment):
    """A report heard at a session (行政工作报告、财务报告 …), kept as a document."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", "行政工作报告"
        FINANCE = "finance", "财务报告"
        UNION = "union", "工会工作报告"
        PROPOSALS = "proposals", "提案办理情况报告"
        HOSPITALITY = "hospitality", "业务招待费使用情况报告"
        FUNDS = "funds", "工会经费审查报告"
        OTHER = "other", "其他报告"

    session = models.ForeignKey(CongressSession, verbose_name="会议", on_delete=models.CASCADE,
                                related_name="reports")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("报告类别", max_length=16, choices=Kind.choices)
    title = models.CharField("报告名称", max_length=200)
    presenter = models.CharField("报告人", max_length=60, blank=True)
    file = models.FileField("附件", upload_to=session_report_path, max_length=255, blank=True)
    size = models.PositiveIntegerField("大小（字节）", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "会议报告"
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("democracy:congress_session_detail", kwargs={"pk": self.session_id})
