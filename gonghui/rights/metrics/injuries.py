"""Figures of work injuries (codes "rights.injuries.*"): injuries that happened in the period (`count`, 起) and, of
them, those the union had visited by the period's end (`visited`, 起: at least one linked care condolence dated by
then). The visits' money is care's (慰问 figures), counted there once."""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import WorkInjury


def happened(org, start, end):
    return _subtree(WorkInjury.objects.filter(occurred_on__range=(start, end)), org)


def _visited(org, start, end) -> Q:
    return Q(care_links__condolence__visited_on__lte=end)


BY_SEVERITY = Breakdown("按伤害程度", "severity", dict(WorkInjury.Severity.choices))

METRICS = [
    Metric("rights.injuries.count", "职工工伤", "起", "events", happened, value=Count("pk"),
           by={"severity": BY_SEVERITY}, date_field="occurred_on"),
    Metric("rights.injuries.visited", "工会慰问工伤职工", "起", "events", happened, value=Count("pk", distinct=True),
           where=_visited, date_field="occurred_on", note="期内发生的工伤中，截至期末工会已登记慰问的"),
]
KEY: list = []
CHARTS: list = []
