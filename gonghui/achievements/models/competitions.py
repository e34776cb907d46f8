"""Labour competitions and skill contests (劳动竞赛、岗位练兵、技能比武) and mentoring pairs (师带徒).

A `Competition` of a union (安康杯, 工人先锋号创建, 五比一创, 节能降耗, a skills contest) with its period, rules and
scoring criteria (a maximum per round), its entries (a 班组 as a team, or a person), a score per entry and round,
and at the end the ranking (total of the rounds) with the awards and the titles they lead to.
A `MentorPair` (师徒对子): master and apprentice of the union, start, agreement, goals, assessment and outcome.
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q

from gonghui.core.models import AuditedModel
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

__all__ = ["Competition", "CompetitionEntry", "CompetitionScore", "MentorPair"]


class Competition(AuditedModel):
    class Kind(models.TextChoices):
        ANKANG = "ankang", "安康杯竞赛"
        PIONEER = "pioneer", "工人先锋号创建"
        FIVE = "five", "五比一创"
        ENERGY = "energy", "节能降耗竞赛"
        DRILL = "drill", "岗位练兵"
        SKILL = "skill", "技能比武"
        OTHER = "other", "其他劳动竞赛"

    class State(models.TextChoices):
        OPEN = "open", "进行中"
        FINISHED = "finished", "已评定"

    org = models.ForeignKey(Organization, verbose_name="主办工会", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("竞赛名称", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    trade = models.CharField("工种（技能比武）", max_length=50, blank=True)
    starts_on = models.DateField("开始日期")
    ends_on = models.DateField("结束日期")
    rules = models.TextField("竞赛规则与评分标准", blank=True)
    team_based = models.BooleanField("以班组为单位参赛", default=True)
    rounds = models.PositiveSmallIntegerField("轮次", default=1)
    max_score = models.PositiveSmallIntegerField("每轮满分", default=100)
    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.OPEN)
    finished_on = models.DateField("评定日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "劳动竞赛"
        ordering = ["-starts_on", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="achieve_competition_name")]

    def __str__(self) -> str:
        return self.name


class CompetitionEntry(AuditedModel):
    competition = models.ForeignKey(Competition, verbose_name="竞赛", on_delete=models.CASCADE, related_name="entries")
    team = models.CharField("参赛班组", max_length=60, blank=True)
    person = models.ForeignKey(Person, verbose_name="参赛职工", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    members = models.PositiveSmallIntegerField("参赛人数", default=1)
    total = models.DecimalField("总分", max_digits=8, decimal_places=1, default=0)
    rank = models.PositiveSmallIntegerField("名次", null=True, blank=True)
    award = models.CharField("奖项", max_length=30, blank=True)
    title = models.CharField("获得称号", max_length=60, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "参赛队伍（个人）"
        ordering = ["competition", "rank", "team", "id"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "team"], condition=~Q(team=""), name="achieve_entry_team"),
            models.UniqueConstraint(fields=["competition", "person"], condition=Q(person__isnull=False),
                                    name="achieve_entry_person"),
        ]

    def __str__(self) -> str:
        return self.team or (self.person.name if self.person_id else "")


class CompetitionScore(AuditedModel):
    entry = models.ForeignKey(CompetitionEntry, verbose_name="参赛者", on_delete=models.CASCADE, related_name="scores")
    round = models.PositiveSmallIntegerField("轮次")
    score = models.DecimalField("得分", max_digits=6, decimal_places=1)

    class Meta:
        verbose_name = verbose_name_plural = "竞赛得分"
        constraints = [models.UniqueConstraint(fields=["entry", "round"], name="achieve_score_round")]


class MentorPair(AuditedModel):
    class Outcome(models.TextChoices):
        PASSED = "passed", "考核合格（出师）"
        FAILED = "failed", "考核不合格"

    org = models.ForeignKey(Organization, verbose_name="工会", on_delete=models.PROTECT, related_name="+")
    master = models.ForeignKey(Person, verbose_name="师傅", on_delete=models.PROTECT, related_name="+")
    apprentice = models.ForeignKey(Person, verbose_name="徒弟", on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField("结对日期")
    agreement = models.CharField("师徒协议", max_length=100, blank=True)
    goals = models.TextField("培养目标", blank=True)
    due_on = models.DateField("计划出师日期", null=True, blank=True)
    assessed_on = models.DateField("考核日期", null=True, blank=True)
    outcome = models.CharField("考核结果", max_length=10, choices=Outcome.choices, blank=True)
    note = models.CharField("考核情况", max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "师徒结对"
        ordering = ["-started_on", "id"]
        constraints = [models.UniqueConstraint(fields=["master", "apprentice", "started_on"],
                                               name="achieve_pair_unique")]

    def __str__(self) -> str:
        return f"{self.master.name}—{self.apprentice.name}"
