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

from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["Congress", "Term", "Delegation", "Delegate", "DelegateCategory", "CongressSession", "YOUNG_MAX_AGE"]

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

    term = models.ForeignKey(Term, verbose_name="届", on_delete=models.PROTECT, related_name="sessions")
    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField("次")
    kind = models.CharField("会议类别", max_length=16, choices=Kind.choices, default=Kind.REGULAR)
    opened_on = models.DateField("开幕日期")
    closed_on = models.DateField("闭幕日期", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    agenda = models.TextField("议程", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "职代会会议"
        ordering = ["term", "number"]
        constraints = [models.UniqueConstraint(fields=["term", "number"], name="democracy_session_number_unique")]

    def __str__(self) -> str:
        from gonghui.core.formatting import chinese_number

        return (f"{chinese_number(self.term.number)}届{chinese_number(self.number)}次"
                f"{self.term.congress.short_name}")
