"""Figures of collective contracts (codes democracy.contracts.*).

- signed: contracts signed in the period (签订日期 in it), new or renewed; renewed: those that are a renewal (续签).
- in_force: contracts in force on the period's last day (stock): submitted, not objected to, accepted or past the
  bureau's 15 days, inside their term and not ended early (models.contracts.in_force_q).
- covered: employees covered by the comprehensive contracts in force on the last day (as recorded on them).
- checks: yearly performance checks (履约检查) made in the period; problems: those that found problems;
  rectified: those whose problems were put right.
- rate, rate_wage, rate_women (签订率): grassroots unions (基层工会) of the subtree with serving employees on the last
  day whose contract of the kind is in force that day ÷ those unions. The records are the unions (denominator) and
  the unions with a contract (numerator).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree
from gonghui.orgs.models import PATH_STEP

from ..models import CollectiveContract, ContractKind, PerformanceCheck
from ..models.contracts import in_force_q
from ..selectors.contracts import grassroots_with_employees, has_contract_q

KINDS = Breakdown("按类别", "kind", dict(ContractKind.choices))


def contracts_signed(org, start, end):
    return _subtree(CollectiveContract.objects.filter(signed_on__range=(start, end)), org)


def contracts_in_force(org, start, end):
    return _subtree(CollectiveContract.objects.filter(in_force_q(end)), org)


def checks_made(org, start, end):
    return _subtree(PerformanceCheck.objects.filter(checked_on__range=(start, end)), org)


@dataclass(frozen=True)
class UnionsMetric(Metric):
    """A figure whose records are unions (Organization rows) rather than rows with an `org`: each union is its own
    organisation, so the per-child split is on its own path. Each such figure has a source of its own (never
    batched with another in compute_many), so this _child_rows is the one used."""

    org_field: str = ""

    def _child_rows(self, org, start, end) -> list[tuple]:
        rows = (self.records(org, start, end).order_by().annotate(_k=Substr("path", 1, len(org.path) + PATH_STEP))
                .values("_k").annotate(**self._aggregates(org, start, end)).order_by("_k"))
        return [(r["_k"], "", value) for r in rows if (value := self._result(r)) is not None]


def _unions_source(kind: str):
    def unions(org, start, end):
        return grassroots_with_employees(org, end)

    unions.__name__ = f"grassroots_unions_{kind}"
    return unions


def _with_contract(kind: str):
    def condition(org, start, end) -> Q:
        return has_contract_q(end, kind)

    return condition


RATE_LABELS = {ContractKind.COMPREHENSIVE: ("rate", "综合性集体合同签订率"),
               ContractKind.WAGE: ("rate_wage", "工资专项集体合同签订率"),
               ContractKind.WOMEN: ("rate_women", "女职工权益保护专项集体合同签订率")}

METRICS = [
    Metric("democracy.contracts.signed", "签订集体合同", "件", "events", contracts_signed, Count("pk"),
           by={"kind": KINDS}, date_field="signed_on"),
    Metric("democracy.contracts.renewed", "续签集体合同", "件", "events", contracts_signed, Count("pk"),
           where=Q(previous__isnull=False), by={"kind": KINDS}, date_field="signed_on"),
    Metric("democracy.contracts.in_force", "生效的集体合同", "件", "events", contracts_in_force, Count("pk"),
           by={"kind": KINDS}, date_field="ends_on", stock=True),
    Metric("democracy.contracts.covered", "集体合同覆盖职工", "人", "sum", contracts_in_force,
           Sum("employees_covered"), where=Q(kind=ContractKind.COMPREHENSIVE, employees_covered__isnull=False),
           date_field="ends_on", stock=True, note="期末生效的综合性集体合同登记的覆盖职工人数"),
    Metric("democracy.contracts.checks", "集体合同履约检查", "次", "events", checks_made, Count("pk"),
           date_field="checked_on"),
    Metric("democracy.contracts.problems", "履约检查发现问题", "次", "events", checks_made, Count("pk"),
           where=~Q(problems=""), date_field="checked_on"),
    Metric("democracy.contracts.rectified", "履约检查问题已整改", "次", "events", checks_made, Count("pk"),
           where=~Q(problems="") & Q(rectified=True), date_field="checked_on"),
    *[UnionsMetric(f"democracy.contracts.{code}", label, "%", "rate", _unions_source(kind),
                   numerator=_with_contract(kind), stock=True, date_field="ends_on",
                   note="有在职职工的基层工会中，期末有该类集体合同生效的比例")
      for kind, (code, label) in RATE_LABELS.items()],
]
KEY = ["democracy.contracts.in_force", "democracy.contracts.rate", "democracy.contracts.signed"]
CHARTS: list = []


def expiring_on(org, day: datetime.date, days: int = 90):
    """Contracts of the subtree in force on `day` that end within `days` and have no signed renewal (for
    suggestions)."""
    from django.db.models import Exists, OuterRef

    renewed = CollectiveContract.objects.filter(previous=OuterRef("pk"), signed_on__isnull=False)
    return (contracts_in_force(org, day, day).filter(ends_on__lte=day + datetime.timedelta(days=days))
            .exclude(Exists(renewed)))
