"""Figures of technical innovation (codes "achievements.innovation.*").

- 技术创新项目 `projects` (项): projects started (立项) in the period; `finished` (项): finished (结题) in it;
  `benefit` (元): the benefit of the projects finished in the period (MoneySum, exact cents).
- 专利 `patents` (项): patents granted in the period, by kind (发明、实用新型、外观设计); `invention` (项): of those,
  invention patents ("其中发明专利K项").
- 创新工作室 `studios` (个): studios founded on or before the period's last day (a stock: 期末已建成), by kind and
  by named level; `studios.named` (个): of those, named by a level (市级…).
"""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree

from ..models import HonourLevel, InnovationProject, InnovationStudio, Patent

P = InnovationProject.State


def started(org, start, end):
    return _subtree(InnovationProject.objects.filter(started_on__range=(start, end)), org)


def finished(org, start, end):
    return _subtree(InnovationProject.objects.filter(state=P.FINISHED, finished_on__range=(start, end)), org)


def granted(org, start, end):
    return _subtree(Patent.objects.filter(granted_on__range=(start, end)), org)


def studios_on(org, start, end):
    return _subtree(InnovationStudio.objects.filter(founded_on__lte=end), org)


KINDS = Breakdown("按类别", "kind", dict(Patent.Kind.choices))
METRICS = [
    Metric("achievements.innovation.projects", "开展技术创新项目", "项", "events", started, value=Count("pk"),
           by={"month": by_month("started_on")}, date_field="started_on", note="本期立项"),
    Metric("achievements.innovation.finished", "技术创新项目结题", "项", "events", finished, value=Count("pk"),
           date_field="finished_on"),
    Metric("achievements.innovation.benefit", "技术创新项目创造经济效益", "元", "sum", finished,
           value=MoneySum("benefit"), date_field="finished_on", note="本期结题项目的经济效益"),
    Metric("achievements.innovation.patents", "获得专利", "项", "events", granted, value=Count("pk"),
           by={"kind": KINDS}, date_field="granted_on", note="本期授权"),
    Metric("achievements.innovation.invention", "获得发明专利", "项", "events", granted, value=Count("pk"),
           where=Q(kind=Patent.Kind.INVENTION), date_field="granted_on"),
    Metric("achievements.innovation.studios", "职工（劳模）创新工作室", "个", "events", studios_on, value=Count("pk"),
           by={"kind": Breakdown("按类型", "kind", dict(InnovationStudio.Kind.choices)),
               "level": Breakdown("按命名级别", "level", {"": "未命名", **dict(HonourLevel.choices)})},
           date_field="founded_on", stock=True, note="期末已建成"),
    Metric("achievements.innovation.studios_named", "经命名的创新工作室", "个", "events", studios_on,
           value=Count("pk"), where=~Q(level=""), date_field="founded_on", stock=True, note="期末已建成、经上级或本单位命名"),
]
KEY = ["achievements.innovation.projects", "achievements.innovation.patents"]
CHARTS: list = []
