"""Figures of training (培训: 期, 人次), meetings (会议: 次, decisions overdue) and publicity (简报: 期; 投稿/录用: 篇).

- `activities.training.sessions` (期): held courses on their day, by kind; `.attendances` (人次): signed-in attendees
  of those courses; `.people` (人): distinct people; `.cadres` (人次): of 工会干部 courses; `.upper` (期) courses of
  upper unions attended.
- `activities.meetings.count` (次) by kind; `activities.decisions.count` (项) decided in the period;
  `activities.decisions.overdue` (项, a stock on the period's last day: due before it and not done by it).
- `activities.newsletters.count` (期): 工会简报 issues published in the period; `.boards` (期): 宣传栏 and 黑板报;
  `activities.articles.submitted` (篇) and `.accepted` (篇, by the day published); `.accepted_high` (篇, 市级 and above).
"""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import Article, Attendance, Course, Decision, Meeting, MeetingKind, Newsletter, TrainingKind


def courses(org, start, end):
    return _subtree(Course.objects.filter(status=Course.Status.HELD, starts_on__range=(start, end)), org)


def attendances(org, start, end):
    return _subtree(Attendance.objects.filter(signed_in=True, course__status=Course.Status.HELD,
                                              course__starts_on__range=(start, end)), org, "course__org")


def meetings(org, start, end):
    return _subtree(Meeting.objects.filter(held_on__range=(start, end)), org)


def decisions(org, start, end):
    return _subtree(Decision.objects.filter(meeting__held_on__range=(start, end)), org, "meeting__org")


def open_decisions(org, start, end):
    return _subtree(Decision.objects.filter(due_on__lt=end).filter(Q(done_on__isnull=True) | Q(done_on__gt=end)),
                    org, "meeting__org")


def newsletters(org, start, end):
    return _subtree(Newsletter.objects.filter(published_on__range=(start, end)), org)


def submitted(org, start, end):
    return _subtree(Article.objects.filter(submitted_on__range=(start, end)), org)


def accepted(org, start, end):
    return _subtree(Article.objects.filter(status=Article.Status.ACCEPTED, accepted_on__range=(start, end)), org)


T_KINDS = Breakdown("培训类别", "kind", dict(TrainingKind.choices))
METRICS = [
    Metric("activities.training.sessions", "举办培训班", "期", "events", courses, value=Count("pk"),
           where=Q(host=Course.Host.OWN), by={"kind": T_KINDS}, date_field="starts_on"),
    Metric("activities.training.upper", "参加上级工会培训", "期", "events", courses, value=Count("pk"),
           where=Q(host=Course.Host.UPPER), date_field="starts_on"),
    Metric("activities.training.attendances", "参加培训", "人次", "events", attendances, value=Count("pk"),
           by={"kind": Breakdown("培训类别", "course__kind", dict(TrainingKind.choices))},
           date_field="course__starts_on", org_field="course__org"),
    Metric("activities.training.people", "参加培训职工", "人", "people", attendances,
           value=Count("person", distinct=True), date_field="course__starts_on", org_field="course__org"),
    Metric("activities.training.cadres", "培训工会干部", "人次", "events", attendances, value=Count("pk"),
           where=Q(course__kind=TrainingKind.CADRE), date_field="course__starts_on", org_field="course__org"),
    Metric("activities.meetings.count", "召开会议", "次", "events", meetings, value=Count("pk"),
           by={"kind": Breakdown("会议类型", "kind", dict(MeetingKind.choices))}, date_field="held_on"),
    Metric("activities.meetings.committee", "召开工会委员会会议", "次", "events", meetings, value=Count("pk"),
           where=Q(kind__in=(MeetingKind.COMMITTEE, MeetingKind.REGULAR)), date_field="held_on"),
    Metric("activities.decisions.count", "会议议定事项", "项", "events", decisions, value=Count("pk"),
           date_field="meeting__held_on", org_field="meeting__org"),
    Metric("activities.decisions.overdue", "逾期未落实的议定事项", "项", "events", open_decisions,
           value=Count("pk"), stock=True, date_field="due_on", org_field="meeting__org"),
    Metric("activities.newsletters.count", "编发工会简报", "期", "events", newsletters, value=Count("pk"),
           where=Q(kind=Newsletter.Kind.BULLETIN), date_field="published_on"),
    Metric("activities.newsletters.boards", "出宣传栏（板报）", "期", "events", newsletters, value=Count("pk"),
           where=~Q(kind=Newsletter.Kind.BULLETIN), date_field="published_on"),
    Metric("activities.articles.submitted", "向媒体投稿", "篇", "events", submitted, value=Count("pk"),
           date_field="submitted_on"),
    Metric("activities.articles.accepted", "稿件被录用", "篇", "events", accepted, value=Count("pk"),
           by={"level": Breakdown("媒体级别", "level", dict(Article.Level.choices))}, date_field="accepted_on"),
    Metric("activities.articles.accepted_high", "在市级以上媒体刊发", "篇", "events", accepted, value=Count("pk"),
           where=Q(level__in=(Article.Level.NATIONAL, Article.Level.PROVINCIAL, Article.Level.CITY)),
           date_field="accepted_on"),
]
KEY = ["activities.training.sessions", "activities.newsletters.count"]
CHARTS: list = []
