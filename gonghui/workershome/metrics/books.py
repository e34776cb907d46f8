"""Figures of the reading room (codes "workershome.books.*").

- 藏书 (`holdings`, 册): copies held on the period's last day — entered by then (`acquired_on`), not withdrawn by
  then. A stock figure; by source (购置 / 捐赠 / 上级配送), and one figure per source so that the summary can write
  "其中购置120册、捐赠123册".
- 借阅 (`loans`, 人次): loans made in the period (a renewal is not a new loan).
- 借书率 (`rate`) = loans in the period ÷ holdings on its last day (DOMAIN.md §3: 56 ÷ 243 = 23%), a Ratio that keeps
  both.
- 读者 (`readers`, 人): distinct borrowers in the period.
- 逾期未还 (`overdue`, 册): on the period's last day, loans out and past their due date.
"""
from __future__ import annotations

import datetime

from django.db.models import Count, Q

from gonghui.core.metrics import Breakdown, Metric, Ratio, by_month
from gonghui.reports.registry import ChartSpec
from gonghui.core.metrics import subtree as _subtree

from .. import clc
from ..models import BookCopy, Loan, Source


def held(org, start, end):
    return _subtree(BookCopy.objects.filter(acquired_on__lte=end).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=end)), org)


def loans_in(org, start, end):
    return _subtree(Loan.objects.filter(lent_on__range=(start, end)), org)


def out_on(org, start, end):
    return _subtree(Loan.objects.filter(lent_on__lte=end).filter(
        Q(returned_on__isnull=True) | Q(returned_on__gt=end)), org)


def _overdue(org, start, end) -> Q:
    return Q(due_on__lt=end)


BY_SOURCE = Breakdown("按来源", "source", dict(Source.choices))
BY_CLASS = Breakdown("按中图法分类", "book__category", {**dict(clc.CHOICES), "": "未分类"})

HOLDINGS = Metric("workershome.books.holdings", "书屋藏书", "册", "events", held, value=Count("pk"),
                  by={"source": BY_SOURCE, "class": BY_CLASS}, date_field="acquired_on", stock=True,
                  note="期末在藏的图书册数（入藏日期在期末以前、期末未注销）")
LOANS = Metric("workershome.books.loans", "图书借阅", "人次", "events", loans_in, value=Count("pk"),
               by={"month": by_month("lent_on")}, date_field="lent_on")

METRICS = [
    HOLDINGS,
    Metric("workershome.books.purchased", "购置图书", "册", "events", held, value=Count("pk"),
           where=Q(source=Source.PURCHASE), date_field="acquired_on", stock=True),
    Metric("workershome.books.donated", "捐赠图书", "册", "events", held, value=Count("pk"),
           where=Q(source=Source.DONATION), date_field="acquired_on", stock=True),
    Metric("workershome.books.upper", "上级配送图书", "册", "events", held, value=Count("pk"),
           where=Q(source=Source.UPPER), date_field="acquired_on", stock=True),
    Metric("workershome.books.acquired", "新增图书", "册", "events", held, value=Count("pk"),
           where=lambda org, start, end: Q(acquired_on__gte=start), date_field="acquired_on"),
    LOANS,
    Ratio("workershome.books.rate", "借书率", numerator=LOANS, denominator=HOLDINGS,
          note="期内借阅人次 ÷ 期末藏书册数（如56 ÷ 243 = 23%）"),
    Metric("workershome.books.readers", "借阅读者", "人", "people", loans_in, value=Count("person", distinct=True),
           date_field="lent_on"),
    Metric("workershome.books.overdue", "逾期未还图书", "册", "events", out_on, value=Count("pk"),
           where=_overdue, date_field="due_on", stock=True),
]
KEY = ["workershome.books.holdings", "workershome.books.loans", "workershome.books.rate",
       "workershome.books.readers"]
CHARTS = [
    ChartSpec("workershome.loans_by_month", "图书借阅（按月，人次）", "bar", ("workershome.books.loans",), by="month"),
    ChartSpec("workershome.holdings_by_source", "书屋藏书（按来源，册）", "pie", ("workershome.books.holdings",),
              by="source"),
    ChartSpec("workershome.holdings_by_class", "书屋藏书（按中图法分类，册）", "bar", ("workershome.books.holdings",),
              by="class"),
]


def holdings_summary(user, org, day: datetime.date) -> dict:
    """The catalogue page's header: copies held today, out, overdue (one query each)."""
    from gonghui.accounts.roles import Perm
    from gonghui.accounts.scope import org_q

    copies = BookCopy.objects.filter(org_q(user, Perm.HOME_VIEW), org__path__startswith=org.path).exclude(
        state=BookCopy.State.WITHDRAWN).aggregate(held=Count("pk"), out=Count("pk", filter=Q(state="out")))
    copies["overdue"] = Loan.objects.filter(org_q(user, Perm.HOME_VIEW), org__path__startswith=org.path,
                                            returned_on__isnull=True, due_on__lt=day).count()
    return copies
