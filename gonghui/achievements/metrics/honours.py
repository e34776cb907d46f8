"""Figures of honours (codes "achievements.honours.*"): approved honours awarded in the period (`awarded_on`).

- 获得荣誉 `total` (项), by level (breakdown "level") and by kind (person / unit);
- 市级以上荣誉 `city_plus` (项: 全国、省级、市级), as the samples write "获市级以上荣誉N项";
- 全国/省级/市级 each (`national`, `province`, `city`), 获奖个人 `people` (人, distinct), 先进集体 `units` (项).
A subtree is the recipient's organisation (Honour.org) and below.
"""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import CITY_PLUS, Honour, HonourLevel, HonourTitle

LEVELS = dict(HonourLevel.choices)


def awarded(org, start, end):
    return _subtree(Honour.objects.filter(state=Honour.State.APPROVED, awarded_on__range=(start, end)), org)


BY = {"level": Breakdown("按级别", "level", LEVELS), "title": Breakdown("按类别", "title", dict(HonourTitle.choices))}
METRICS = [
    Metric("achievements.honours.total", "获得荣誉", "项", "events", awarded, value=Count("pk"), by=BY,
           date_field="awarded_on"),
    Metric("achievements.honours.city_plus", "市级以上荣誉", "项", "events", awarded, value=Count("pk"),
           where=Q(level__in=CITY_PLUS), by=BY, date_field="awarded_on", note="全国、省级、市级"),
    Metric("achievements.honours.national", "全国荣誉", "项", "events", awarded, value=Count("pk"),
           where=Q(level=HonourLevel.NATIONAL), date_field="awarded_on"),
    Metric("achievements.honours.province", "省级荣誉", "项", "events", awarded, value=Count("pk"),
           where=Q(level=HonourLevel.PROVINCE), date_field="awarded_on"),
    Metric("achievements.honours.city", "市级荣誉", "项", "events", awarded, value=Count("pk"),
           where=Q(level=HonourLevel.CITY), date_field="awarded_on"),
    Metric("achievements.honours.internal", "本单位表彰", "项", "events", awarded, value=Count("pk"),
           where=Q(level__in=(HonourLevel.INTERNAL, HonourLevel.SYSTEM, HonourLevel.COUNTY)), date_field="awarded_on",
           note="区县级、系统、本单位"),
    Metric("achievements.honours.people", "获表彰个人", "人", "people", awarded, value=Count("person", distinct=True),
           where=Q(kind=Honour.Kind.PERSON), date_field="awarded_on"),
    Metric("achievements.honours.units", "获表彰集体", "项", "events", awarded, value=Count("pk"),
           where=Q(kind=Honour.Kind.UNIT), date_field="awarded_on"),
    Metric("achievements.honours.model_workers", "劳动模范", "人", "people", awarded,
           value=Count("person", distinct=True), where=Q(title=HonourTitle.MODEL_WORKER), date_field="awarded_on"),
]
KEY = ["achievements.honours.total", "achievements.honours.city_plus", "achievements.honours.people"]
CHARTS: list = []
