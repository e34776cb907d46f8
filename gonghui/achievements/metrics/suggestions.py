"""Figures of rational suggestions (codes "achievements.suggestions.*"), over the suggestions submitted in the period
(`submitted_on`; withdrawn ones are not counted):

- 收到建议 `received` (条); 采纳 `adopted` (条: of those, adopted — by now); 采纳率 `adoption_rate` = adopted ÷
  received (a rate of one source: numerator and denominator kept); by grade (`graded`, breakdown "grade").
- 人均建议 `per_head` (条) = received ÷ 职工 (members.employees: serving employees of the subtree on the period's last
  day, the headcount the summary's 组织建设 figures use), to two decimals: 2854 ÷ 1853 = 1.54.
- 经济效益 `benefit` (元): the verified benefit of the suggestions whose benefit was verified in the period
  (`benefit_verified_on`), a sum in SQL (MoneySum, exact cents on SQLite).
- 参与建议职工 `authors` (人): distinct authors of the period's suggestions.
A subtree is the author's organisation at submission (Suggestion.org) and below.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from gonghui.care.aggregates import MoneySum
from gonghui.core.metrics import Breakdown, Metric, Ratio, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.members.metrics_registry import EMPLOYEES

from ..models import Grade, Suggestion

GRADES = dict(Grade.choices)


class PerHead(Ratio):
    """人均: numerator ÷ headcount to two decimals, in the numerator's unit ("人均1.54条"). Absent without a
    headcount; the value is a `PerHeadValue` (a Decimal the phrasing writes with its decimals)."""

    @staticmethod
    def _rate(n, d):
        if not d:
            return None
        return PerHeadValue((Decimal(n or 0) / Decimal(d)).quantize(Decimal("0.01"), ROUND_HALF_UP))


class PerHeadValue(Decimal):
    """A per-head figure: a Decimal with two places that documents write as it is (1.54条), not as a whole count."""

    fractional = True


def submitted(org, start, end):
    return _subtree(Suggestion.objects.filter(submitted_on__range=(start, end))
                    .exclude(state=Suggestion.State.WITHDRAWN), org)


def verified(org, start, end):
    return _subtree(Suggestion.objects.filter(benefit_verified_on__range=(start, end), benefit__isnull=False), org)


_ADOPTED = Q(adopted_on__isnull=False)

RECEIVED = Metric("achievements.suggestions.received", "收到合理化建议", "条", "events", submitted, value=Count("pk"),
                  by={"month": by_month("submitted_on"), "grade": Breakdown("按等级", "grade", GRADES)},
                  date_field="submitted_on")
ADOPTED = Metric("achievements.suggestions.adopted", "采纳合理化建议", "条", "events", submitted, value=Count("pk"),
                 where=_ADOPTED, by={"month": by_month("submitted_on")}, date_field="submitted_on",
                 note="本期提交的建议中已采纳的")
METRICS = [
    RECEIVED,
    PerHead("achievements.suggestions.per_head", "人均合理化建议", numerator=RECEIVED, denominator=EMPLOYEES,
            unit="条", counts="rate", note="收到建议 ÷ 期末在职职工人数，保留两位小数"),
    ADOPTED,
    Metric("achievements.suggestions.adoption_rate", "合理化建议采纳率", "%", "rate", submitted, numerator=_ADOPTED,
           by={"month": by_month("submitted_on")}, date_field="submitted_on", note="采纳 ÷ 收到（本期提交的建议）"),
    Metric("achievements.suggestions.graded", "评定等级的建议", "条", "events", submitted, value=Count("pk"),
           where=~Q(grade="") & ~Q(grade=Grade.NOT_ADOPTED),
           by={"grade": Breakdown("按等级", "grade", GRADES)}, date_field="submitted_on", note="一等、二等、三等、鼓励"),
    Metric("achievements.suggestions.first", "一等奖建议", "条", "events", submitted, value=Count("pk"),
           where=Q(grade=Grade.FIRST), date_field="submitted_on"),
    Metric("achievements.suggestions.second", "二等奖建议", "条", "events", submitted, value=Count("pk"),
           where=Q(grade=Grade.SECOND), date_field="submitted_on"),
    Metric("achievements.suggestions.third", "三等奖建议", "条", "events", submitted, value=Count("pk"),
           where=Q(grade=Grade.THIRD), date_field="submitted_on"),
    Metric("achievements.suggestions.authors", "参与合理化建议职工", "人", "people", submitted,
           value=Count("author", distinct=True), date_field="submitted_on"),
    Metric("achievements.suggestions.benefit", "合理化建议创造经济效益", "元", "sum", verified,
           value=MoneySum("benefit"), by={"month": by_month("benefit_verified_on")},
           date_field="benefit_verified_on", note="本期核实的效益"),
]
KEY = ["achievements.suggestions.received", "achievements.suggestions.per_head", "achievements.suggestions.adopted",
       "achievements.suggestions.adoption_rate", "achievements.suggestions.benefit"]
CHARTS: list = []
