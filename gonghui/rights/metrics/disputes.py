"""Figures of mediation (codes "rights.disputes.*"): cases accepted in the period (调解劳动争议N起), of them closed
with 调解成功 by the period's end (调解成功M起), the success rate over the cases closed by then, and the amounts
agreed in successful mediations (元, 为职工挽回经济损失)."""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import DisputeCase, DisputeKind, DisputeOutcome


def accepted(org, start, end):
    return _subtree(DisputeCase.objects.filter(accepted_on__range=(start, end)), org)


def _success(org, start, end) -> Q:
    return Q(outcome=DisputeOutcome.SUCCESS, closed_on__lte=end)


def _closed(org, start, end) -> Q:
    return Q(closed_on__isnull=False, closed_on__lte=end)


BY_KIND = Breakdown("按争议类型", "kind", dict(DisputeKind.choices))
BY_OUTCOME = Breakdown("按调解结果", "outcome", dict(DisputeOutcome.choices))

METRICS = [
    Metric("rights.disputes.cases", "调解劳动争议", "起", "events", accepted, value=Count("pk"),
           by={"month": by_month("accepted_on"), "kind": BY_KIND}, date_field="accepted_on"),
    Metric("rights.disputes.success", "调解成功", "起", "events", accepted, value=Count("pk"), where=_success,
           by={"kind": BY_KIND}, date_field="accepted_on"),
    Metric("rights.disputes.closed", "调解案件结案", "起", "events", accepted, value=Count("pk"), where=_closed,
           by={"outcome": BY_OUTCOME}, date_field="accepted_on", note="期内受理、截至期末结案的案件"),
    Metric("rights.disputes.rate", "调解成功率", "%", "rate", accepted, where=_closed, numerator=_success,
           date_field="accepted_on", note="期内受理、截至期末结案的案件中调解成功的比例"),
    Metric("rights.disputes.recovered", "调解协议金额", "元", "sum", accepted, value=MoneySum("agreement_amount"),
           where=_success, date_field="accepted_on"),
]
KEY = ["rights.disputes.cases", "rights.disputes.success", "rights.disputes.rate"]
#: The cases accepted in the period and closed by its end, by outcome (调解成功, 调解不成, 转仲裁, 撤回): one query.
CHARTS = [ChartSpec("rights.disputes_by_outcome", "调解案件（按结果，起）", "pie", ("rights.disputes.closed",),
                    by="outcome")]
