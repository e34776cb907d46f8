"""Figures of hazards (codes "rights.hazards.*"), over the reports dated in the period, each read in its state on
the period's last day (every step keeps its date, so a past year's figure does not move):
- 收到隐患信息 (`received`, 条): reports dated in the period;
- 已整改 (`fixed`, 条): of those, fixed by the period's end; 正在落实 (`in_progress`, 条): neither fixed nor found
  untrue by then (已上报, 已转办 and 正在落实) — received = fixed + in progress + 不属实;
- 整改率 (`rate`, %): fixed ÷ (received − 不属实); breakdowns by kind and by department.
"""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import Hazard, HazardKind


def received(org, start, end):
    return _subtree(Hazard.objects.filter(reported_on__range=(start, end)), org)


def _fixed(org, start, end) -> Q:
    return Q(fixed_on__isnull=False, fixed_on__lte=end)


def _unfounded(org, start, end) -> Q:
    return Q(unfounded_on__isnull=False, unfounded_on__lte=end)


def _in_progress(org, start, end) -> Q:
    return ~_fixed(org, start, end) & ~_unfounded(org, start, end)


def _founded(org, start, end) -> Q:
    return ~_unfounded(org, start, end)


BY_KIND = Breakdown("按类别", "kind", dict(HazardKind.choices))
BY_DEPARTMENT = Breakdown("按承办部门", "department__name")

METRICS = [
    Metric("rights.hazards.received", "收到隐患信息", "条", "events", received, value=Count("pk"),
           by={"month": by_month("reported_on"), "kind": BY_KIND, "department": BY_DEPARTMENT},
           date_field="reported_on"),
    Metric("rights.hazards.fixed", "已整改隐患", "条", "events", received, value=Count("pk"), where=_fixed,
           by={"kind": BY_KIND, "department": BY_DEPARTMENT}, date_field="reported_on"),
    Metric("rights.hazards.in_progress", "正在落实整改的隐患", "条", "events", received, value=Count("pk"),
           where=_in_progress, by={"kind": BY_KIND, "department": BY_DEPARTMENT}, date_field="reported_on"),
    Metric("rights.hazards.unfounded", "经核实不属实的隐患信息", "条", "events", received, value=Count("pk"),
           where=_unfounded, by={"kind": BY_KIND}, date_field="reported_on"),
    Metric("rights.hazards.rate", "隐患整改率", "%", "rate", received, where=_founded, numerator=_fixed,
           by={"kind": BY_KIND, "department": BY_DEPARTMENT}, date_field="reported_on",
           note="期内上报的隐患中，截至期末已整改的 ÷ 期内上报且未核实为不属实的"),
]
KEY = ["rights.hazards.received", "rights.hazards.fixed", "rights.hazards.rate"]
#: The period's reports by kind, each in its state on the period's last day (stacked: 已整改, 正在落实, 不属实 add up
#: to the reports of the kind): one query per state.
CHARTS = [
    ChartSpec("rights.hazards_by_kind_state", "隐患信息（按类别和整改状态，条）", "bar",
              ("rights.hazards.fixed", "rights.hazards.in_progress", "rights.hazards.unfounded"), by="kind"),
]
