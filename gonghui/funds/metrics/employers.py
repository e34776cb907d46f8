"""Figures of the employer register and 建会 (codes "funds.employers.*").

- 建会率 (`funds.employers.rate`) = employers with a union founded by the period's last day ÷ employers in the
  register on that day at or above the keeping union's threshold then in force (DOMAIN.md §3: 建会率 = unionised ÷
  eligible). A stock figure: the state on the period's last day. Numerator and denominator are figures of their own
  (`funds.employers.unionised`, `funds.employers.counted`), so the summary can write both.
- 新建会 (`funds.employers.founded`, 家) and the members they brought (`funds.employers.founding_members`, 人) count
  the foundings dated in the period, of employers in the register then (whatever their size).
- 建会走访 (`funds.employers.visits`, 次) counts the visits dated in the period.
A subtree is the keeping union (Employer.org) and everything below it.
"""
from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.core.metrics import Metric, by_month
from gonghui.core.metrics import subtree as _subtree

from ..models import Employer, FoundingVisit
from ..selectors.employers import counted_on


def counted(org, start, end):
    """Employers counted for 建会率 on the period's last day."""
    return counted_on(_subtree(Employer.objects.all(), org), end)


def founded_in(org, start, end):
    return _subtree(Employer.objects.filter(founded_on__range=(start, end)), org)


def visits_in(org, start, end):
    return _subtree(FoundingVisit.objects.filter(visited_on__range=(start, end)), org)


def _founded_by_end(org, start, end) -> Q:
    return Q(founded_on__lte=end)


METRICS = [
    Metric("funds.employers.rate", "建会率", "%", "rate", counted, numerator=_founded_by_end,
           date_field="founded_on", stock=True,
           note="已建会单位 ÷ 台账中达到统计口径（职工人数）的用人单位，截至期末"),
    Metric("funds.employers.counted", "纳入建会统计的用人单位", "家", "events", counted, value=Count("pk"),
           date_field="registered_on", stock=True),
    Metric("funds.employers.unionised", "已建会用人单位", "家", "events", counted, value=Count("pk"),
           where=_founded_by_end, date_field="founded_on", stock=True),
    Metric("funds.employers.founded", "新建工会组织", "家", "events", founded_in, value=Count("pk"),
           by={"month": by_month("founded_on")}, date_field="founded_on"),
    Metric("funds.employers.founding_members", "新建会单位发展会员", "人", "sum", founded_in,
           value=Sum("members_on_founding"), where=Q(members_on_founding__isnull=False), date_field="founded_on"),
    Metric("funds.employers.visits", "建会走访", "次", "events", visits_in, value=Count("pk"),
           by={"month": by_month("visited_on")}, date_field="visited_on"),
]
KEY = ["funds.employers.rate", "funds.employers.counted", "funds.employers.unionised", "funds.employers.founded"]
CHARTS: list = []
