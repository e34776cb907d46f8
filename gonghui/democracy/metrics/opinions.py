"""Opinion figures (职工意见建议), for a union's subtree and a period: opinions received (提出日期 in the period, by
channel and category), answered (of those, answered by the period's last day), adopted (采纳 or 部分采纳), and the
答复率 / 采纳率 over those received."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import Opinion, OpinionCategory


def opinions_received(org, start, end) -> QuerySet[Opinion]:
    return _subtree(Opinion.objects.filter(submitted_on__range=(start, end)), org)


def _answered(org, start, end) -> Q:
    return Q(status=Opinion.Status.ANSWERED, answered_on__lte=end)


def _adopted(org, start, end) -> Q:
    return _answered(org, start, end) & Q(outcome__in=(Opinion.Outcome.ADOPTED, Opinion.Outcome.PARTLY))


BY = {
    "channel": Breakdown("按收集渠道", "channel", dict(Opinion.Channel.choices)),
    "category": Breakdown("按类别", "category", dict(OpinionCategory.choices)),
    "month": by_month("submitted_on"),
}

METRICS = [
    Metric("democracy.opinions.received", "收集职工意见建议", "条", "events", opinions_received, Count("pk"), by=BY,
           date_field="submitted_on"),
    Metric("democracy.opinions.anonymous", "匿名意见建议", "条", "events", opinions_received, Count("pk"),
           where=Q(anonymous=True), date_field="submitted_on"),
    Metric("democracy.opinions.answered", "已答复意见建议", "条", "events", opinions_received, Count("pk"),
           where=_answered, by=BY, date_field="submitted_on", note="期内收到、期末前已答复"),
    Metric("democracy.opinions.adopted", "采纳意见建议", "条", "events", opinions_received, Count("pk"),
           where=_adopted, date_field="submitted_on", note="采纳或部分采纳"),
    Metric("democracy.opinions.answer_rate", "意见建议答复率", "%", "rate", opinions_received, numerator=_answered,
           by=BY, date_field="submitted_on"),
    Metric("democracy.opinions.adoption_rate", "意见建议采纳率", "%", "rate", opinions_received, numerator=_adopted,
           date_field="submitted_on"),
]
KEY = ["democracy.opinions.received", "democracy.opinions.answer_rate"]
CHARTS = [ChartSpec("democracy.opinions_by_category", "职工意见建议（按类别，条）", "bar",
                    ("democracy.opinions.received", "democracy.opinions.answered"), by="category")]
