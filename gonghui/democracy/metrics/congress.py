"""Figures of the congress (职代会): sessions held, delegates expected (应到) and attended (实到), resolutions passed,
reports heard, and the delegates of the terms in office by composition. Codes start with "democracy.congress.".

Counting rules
--------------
- A session counts when it is closed (闭幕), on its opening day; an invalid one (未达法定人数) is counted apart
  (democracy.congress.invalid) and its resolutions never pass.
- 应到 / 实到 are distinct delegates over the attendance rows of the closed sessions of the period (closing a session
  records every delegate of the term: present, on leave or absent): with one session a year — the usual case —
  they are that session's "应到代表60名，实到56名".
- Resolutions passed: voted at a closed, valid session of the period with more votes for than half of ALL delegates.
- Delegates: a stock on the period's last day — delegates serving in terms in office then (elected by then, not yet
  gone), by category; 女职工 and 青年 as recorded at the election.
"""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import CongressSession, Delegate, DelegateCategory, Resolution, SessionAttendance, SessionReport

CLOSED = CongressSession.Status.CLOSED


def sessions_held(org, start, end):
    return _subtree(CongressSession.objects.filter(status=CLOSED, opened_on__range=(start, end)), org).select_related(
        "term__congress")


def attendance(org, start, end):
    return _subtree(SessionAttendance.objects.filter(session__status=CLOSED,
                                                     session__opened_on__range=(start, end)), org).select_related(
        "delegate__person")


def resolutions(org, start, end):
    return _subtree(Resolution.objects.filter(session__status=CLOSED, session__is_valid=True,
                                              session__opened_on__range=(start, end)), org)


def reports(org, start, end):
    return _subtree(SessionReport.objects.filter(session__status=CLOSED, session__opened_on__range=(start, end)), org)


def delegates_on_end(org, start, end):
    """Delegates serving on the period's last day in terms in office then."""
    return (_subtree(Delegate.objects.filter(elected_on__lte=end, term__started_on__lte=end), org)
            .exclude(term__ended_on__lt=end)
            .filter(Q(status=Delegate.Status.SERVING) | Q(left_on__gt=end)).select_related("person", "term__congress"))


EVENTS = Count("pk")
DELEGATES = Count("delegate", distinct=True)
CATEGORY = {"category": Breakdown("按代表构成", "category", dict(DelegateCategory.choices))}

METRICS: list = [
    Metric("democracy.congress.sessions", "召开职代会（教代会、会员代表大会）", "次", "events", sessions_held, EVENTS,
           date_field="opened_on", by={"kind": Breakdown("按会议类别", "kind", dict(CongressSession.Kind.choices))}),
    Metric("democracy.congress.invalid", "未达法定人数的会议", "次", "events", sessions_held, EVENTS,
           where=Q(is_valid=False), date_field="opened_on", note="出席代表不足全体代表三分之二，会议记为无效"),
    Metric("democracy.congress.expected", "应到代表", "名", "people", attendance, DELEGATES,
           date_field="session__opened_on", note="闭幕会议登记的全体代表（不重复计人）"),
    Metric("democracy.congress.attended", "实到代表", "名", "people", attendance, DELEGATES,
           where=Q(status=SessionAttendance.Status.PRESENT), date_field="session__opened_on"),
    Metric("democracy.congress.resolutions_passed", "审议通过决议事项", "项", "events", resolutions, EVENTS,
           where=Q(passed=True), date_field="session__opened_on", note="赞成票超过全体代表半数"),
    Metric("democracy.congress.reports", "听取审议报告", "项", "events", reports, EVENTS,
           by={"kind": Breakdown("按报告类别", "kind", dict(SessionReport.Kind.choices))},
           date_field="session__opened_on"),
    Metric("democracy.congress.delegates", "职工代表", "名", "people", delegates_on_end, EVENTS, by=CATEGORY,
           stock=True, date_field="elected_on", note="期末在任的本届代表"),
    Metric("democracy.congress.delegates.frontline", "一线职工和专业技术人员代表", "名", "people", delegates_on_end,
           EVENTS, where=Q(category__in=[DelegateCategory.FRONTLINE, DelegateCategory.TECHNICAL]), stock=True,
           date_field="elected_on"),
    Metric("democracy.congress.delegates.managers", "中层以上管理人员代表", "名", "people", delegates_on_end, EVENTS,
           where=Q(category=DelegateCategory.MANAGER), stock=True, date_field="elected_on"),
    Metric("democracy.congress.delegates.women", "女职工代表", "名", "people", delegates_on_end, EVENTS,
           where=Q(is_woman=True), stock=True, date_field="elected_on"),
    Metric("democracy.congress.delegates.young", "青年代表", "名", "people", delegates_on_end, EVENTS,
           where=Q(is_young=True), stock=True, date_field="elected_on"),
]
KEY: list[str] = ["democracy.congress.sessions", "democracy.congress.attended", "democracy.congress.resolutions_passed",
                  "democracy.congress.delegates"]
CHARTS: list = [
    ChartSpec("democracy.congress.delegates_by_category", "职工代表构成（名）", "pie",
              ("democracy.congress.delegates",), by="category"),
]
