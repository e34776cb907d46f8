"""Open affairs figures (厂务公开 / 校务公开 …), for a union's subtree and a period.

- democracy.openaffairs.items: items published (status 已公开, withdrawn ones never count), on their 公开日期;
  by category, channel and month. democracy.openaffairs.categories: how many categories they cover.
- democracy.openaffairs.required / .required_met / .required_rate: the yearly lists' categories whose periods
  (a year, half-year or quarter by the requirement's frequency) end within the period — each such category once —
  and those published in every such period (an item of the union in that category dated inside it). A half-year
  report counts a yearly category only when the year is over: nothing is "missed" before it was due.
"""
from __future__ import annotations

import datetime
from functools import reduce
from operator import and_, or_

from django.db.models import BooleanField, Case, Count, Exists, OuterRef, Q, QuerySet, Value, When

from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import OpenAffairsCategory, OpenAffairsChannel, OpenAffairsItem, OpenAffairsRequirement
from ..selectors.openaffairs import sub_periods

PUBLISHED = OpenAffairsItem.Status.PUBLISHED


def items_published(org, start, end) -> QuerySet[OpenAffairsItem]:
    return _subtree(OpenAffairsItem.objects.filter(status=PUBLISHED, published_on__range=(start, end)), org)


def _due_periods(start: datetime.date, end: datetime.date) -> dict[tuple[int, str], list]:
    """{(year, frequency): [(from, to), …]} of the sub-periods that end within [start, end]."""
    out = {}
    for year in range(start.year, end.year + 1):
        for frequency in OpenAffairsRequirement.Frequency.values:
            found = [(s, e) for s, e, _ in sub_periods(year, frequency) if start <= e <= end]
            if found:
                out[(year, frequency)] = found
    return out


def requirements_due(org, start, end) -> QuerySet[OpenAffairsRequirement]:
    """The required categories with a period ending within [start, end], annotated `covered` (published in every
    such period). One query, whatever the number of unions (Exists per sub-period, correlated on org + category)."""
    due = _due_periods(start, end)
    if not due:  # still annotated: the figures filter on `covered` even when nothing is due
        return OpenAffairsRequirement.objects.none().annotate(covered=Value(False, output_field=BooleanField()))

    def published_in(s, e):
        return Exists(OpenAffairsItem.objects.filter(org=OuterRef("org"), category=OuterRef("category"),
                                                     status=PUBLISHED, published_on__range=(s, e)))

    whens = [When(reduce(and_, [Q(year=y, frequency=f)] + [Q(published_in(s, e)) for s, e in spans]),
                  then=Value(True)) for (y, f), spans in due.items()]
    keys = reduce(or_, (Q(year=y, frequency=f) for y, f in due))
    return (_subtree(OpenAffairsRequirement.objects.filter(keys), org)
            .annotate(covered=Case(*whens, default=Value(False), output_field=BooleanField())))


CATEGORIES = dict(OpenAffairsCategory.choices)
ITEM_BY = {
    "category": Breakdown("按公开类别", "category", CATEGORIES),
    "channel": Breakdown("按公开形式", "channel", dict(OpenAffairsChannel.choices)),
    "month": by_month("published_on"),
}

METRICS = [
    Metric("democracy.openaffairs.items", "公开事项", "项", "events", items_published, Count("pk"), by=ITEM_BY,
           date_field="published_on", note="已公开的事项（撤回的不计）"),
    Metric("democracy.openaffairs.categories", "公开事项涉及类别", "个", "events", items_published,
           Count("category", distinct=True), date_field="published_on"),
    Metric("democracy.openaffairs.required", "应公开类别（年度清单）", "项", "events", requirements_due, Count("pk"),
           by={"category": Breakdown("按公开类别", "category", CATEGORIES)},
           note="期内到期的清单类别，每类计一次"),
    Metric("democracy.openaffairs.required_met", "按清单按期公开", "项", "events", requirements_due, Count("pk"),
           where=Q(covered=True), note="期内每个到期期次都有已公开的事项"),
    Metric("democracy.openaffairs.required_rate", "清单事项按期公开率", "%", "rate", requirements_due,
           numerator=Q(covered=True), by={"category": Breakdown("按公开类别", "category", CATEGORIES)}),
]
KEY = ["democracy.openaffairs.items", "democracy.openaffairs.required_rate"]
CHARTS = [ChartSpec("democracy.openaffairs_by_category", "公开事项（按类别，项）", "bar",
                    ("democracy.openaffairs.items",), by="category")]
