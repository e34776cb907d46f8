"""Figures of events (codes "activities.events.*", "activities.awards.*"), on the day an event was held
(`held_on`, events in state 已举办): what took place is counted, not what was planned or called off.

- 文体活动 `activities.events.count` (次): events the union organised (host 本会组织), by kind.
- 参加上级活动 `activities.events.upper` (次): upper unions' events the union took part in.
- 参与职工 `activities.events.participants` (人次): the head count of each held event, summed (an event with sign-ups
  here counts its check-ins when held; an upper union's event the number the officer recorded).
- 参与职工 `activities.events.people` (人): distinct members checked in at the period's events.
- 家属 `activities.events.family` (人次): family members with the members checked in (counted separately).
- 活动预算 / 实际支出 `activities.events.budget` / `.cost` (元) and 预算执行率 `.cost_rate` (支出 ÷ 预算, events with a
  recorded cost only).
- 截止后取消 `activities.signups.late` (人次): late cancellations of the period's events.
- 获奖 `activities.awards.count` (项) by level; `activities.awards.upper` (项) awards won at upper unions' events;
  `activities.awards.first` (项) firsts (一等奖 / 第一名).
"""
from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Breakdown, Metric, Ratio, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import Award, Event, EventKind, Signup

HELD = Event.Status.HELD


def held(org, start, end):
    return _subtree(Event.objects.filter(status=HELD, held_on__range=(start, end)), org)


def checked_in(org, start, end):
    return _subtree(Signup.objects.filter(event__status=HELD, event__held_on__range=(start, end),
                                          status=Signup.Status.CONFIRMED, checked_in_at__isnull=False),
                    org, "event__org")


def late(org, start, end):
    return _subtree(Signup.objects.filter(event__held_on__range=(start, end), late=True), org, "event__org")


def awards(org, start, end):
    return _subtree(Award.objects.filter(event__status=HELD, event__held_on__range=(start, end)), org, "event__org")


def with_cost(org, start, end):
    return held(org, start, end).filter(cost__isnull=False, host=Event.Host.OWN)


OWN = Q(host=Event.Host.OWN)
KINDS = Breakdown("活动类型", "kind", dict(EventKind.choices))
COST = Metric("activities.events.cost", "文体活动实际支出", "元", "sum", with_cost, value=MoneySum("cost"),
              date_field="held_on")
BUDGETED = Metric("activities.events.budgeted", "已结算活动预算", "元", "sum", with_cost, value=MoneySum("budget"),
                  date_field="held_on")
METRICS = [
    Metric("activities.events.count", "组织文体活动", "次", "events", held, value=Count("pk"), where=OWN,
           by={"kind": KINDS, "month": by_month("held_on")}, date_field="held_on"),
    Metric("activities.events.upper", "参加上级工会活动", "次", "events", held, value=Count("pk"), where=~OWN,
           by={"kind": KINDS}, date_field="held_on"),
    Metric("activities.events.participants", "参与文体活动职工", "人次", "sum", held,
           value=Sum("participants"), where=Q(participants__gt=0), by={"kind": KINDS}, date_field="held_on"),
    Metric("activities.events.people", "参与文体活动职工", "人", "people", checked_in,
           value=Count("person", distinct=True), date_field="event__held_on", org_field="event__org"),
    Metric("activities.events.family", "参加活动职工家属", "人次", "sum", checked_in, value=Sum("family"),
           where=Q(family__gt=0), date_field="event__held_on", org_field="event__org"),
    Metric("activities.events.budget", "文体活动预算", "元", "sum", held, value=MoneySum("budget"), where=OWN,
           date_field="held_on"),
    COST,
    BUDGETED,
    Ratio("activities.events.cost_rate", "文体活动预算执行率", numerator=COST, denominator=BUDGETED,
          note="实际支出 ÷ 预算（已登记支出的本会活动）"),
    Metric("activities.signups.late", "截止后取消报名", "人次", "events", late, value=Count("pk"),
           date_field="event__held_on", org_field="event__org"),
    Metric("activities.awards.count", "文体活动获奖", "项", "events", awards, value=Count("pk"),
           by={"level": Breakdown("等次", "level", dict(Award.Level.choices))}, date_field="event__held_on",
           org_field="event__org"),
    Metric("activities.awards.upper", "在上级工会活动中获奖", "项", "events", awards, value=Count("pk"),
           where=Q(event__host=Event.Host.UPPER), date_field="event__held_on", org_field="event__org"),
    Metric("activities.awards.first", "获一等奖（第一名）", "项", "events", awards, value=Count("pk"),
           where=Q(level=Award.Level.FIRST), date_field="event__held_on", org_field="event__org"),
]
KEY = ["activities.events.count", "activities.events.participants"]
CHARTS = [
    ChartSpec("activities.events_by_kind", "文体活动（按类型，次）", "pie", ("activities.events.count",), by="kind"),
    ChartSpec("activities.events_by_month", "文体活动（按月，次）", "bar", ("activities.events.count",), by="month"),
]
