"""Figures of labour competitions and mentoring (codes "achievements.competitions.*", "achievements.mentoring.*").

- 劳动竞赛 `competitions.count` (项): competitions held in the period (starting in it); 参赛班组 `.teams` (个) and
  参赛职工 `.entrants` (人次: Σ members of the entries) of those; 获奖 `.awards` (个: entries with an award).
- 结成师徒对子 `mentoring.pairs` (对, formed in the period); 出师 `mentoring.passed` (对, assessed as passed in it).
"""
from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.core.metrics import Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import Competition, CompetitionEntry, MentorPair


def held(org, start, end):
    return _subtree(Competition.objects.filter(starts_on__range=(start, end)), org)


def entries(org, start, end):
    return _subtree(CompetitionEntry.objects.filter(competition__starts_on__range=(start, end)), org,
                    "competition__org")


def formed(org, start, end):
    return _subtree(MentorPair.objects.filter(started_on__range=(start, end)), org)


def assessed(org, start, end):
    return _subtree(MentorPair.objects.filter(assessed_on__range=(start, end)), org)


METRICS = [
    Metric("achievements.competitions.count", "开展劳动竞赛和技能比武", "项", "events", held, value=Count("pk"),
           date_field="starts_on"),
    Metric("achievements.competitions.teams", "参赛班组", "个", "events", entries, value=Count("pk"),
           where=~Q(team=""), date_field="competition__starts_on", org_field="competition__org"),
    Metric("achievements.competitions.entrants", "参赛职工", "人次", "sum", entries, value=Sum("members"),
           date_field="competition__starts_on", org_field="competition__org"),
    Metric("achievements.competitions.awards", "竞赛获奖", "个", "events", entries, value=Count("pk"),
           where=~Q(award=""), date_field="competition__starts_on", org_field="competition__org"),
    Metric("achievements.mentoring.pairs", "结成师徒对子", "对", "events", formed, value=Count("pk"),
           date_field="started_on"),
    Metric("achievements.mentoring.passed", "师徒对子考核出师", "对", "events", assessed, value=Count("pk"),
           where=Q(outcome=MentorPair.Outcome.PASSED), date_field="assessed_on"),
]
KEY = ["achievements.competitions.count", "achievements.competitions.teams", "achievements.mentoring.pairs"]
CHARTS: list = []
