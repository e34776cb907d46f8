"""Proposal figures (提案): received, registered (立案), 立案率, closed (办结), 办结率, satisfaction (满意率), by category, and
the proposer slots in 人次 (提案人 + 附议人: "提案10件，参与提案22人次").

Counting rules
--------------
- A proposal counts in the period of its submission date (`submitted_on`), in the subtree of its union; whatever
  happened to it later (answered next year) is read as it stands now.
- 立案 = registered and everything after it (交办, 答复, 评价, 办结): `REGISTERED_STATES`. 并案, 作为意见建议处理 and
  不予立案 are received, not registered.
- 立案率 = 立案 ÷ received; 办结率 = 办结 ÷ 立案; 满意率 = (满意 + 基本满意) ÷ rated proposals (the latest rating).
- 参与提案人次 = each proposal's proposer plus its co-proposers (附议), summed.
Everything is aggregated in SQL over the proposal rows.
"""
from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet, Sum

from gonghui.core.metrics import Breakdown, Metric, by_month
from gonghui.core.metrics import subtree as _subtree
from gonghui.reports.registry import ChartSpec

from ..models import REGISTERED_STATES, Proposal, ProposalCategory, ProposalState, Satisfaction


def proposals(org, start, end) -> QuerySet[Proposal]:
    return _subtree(Proposal.objects.filter(submitted_on__range=(start, end)), org)


REGISTERED = Q(state__in=REGISTERED_STATES)
CLOSED = Q(state=ProposalState.CLOSED)
RATED = ~Q(rating="")
SATISFIED = Q(rating__in=(Satisfaction.SATISFIED, Satisfaction.FAIRLY))
BY = {
    "category": Breakdown("按类别", "category", dict(ProposalCategory.choices)),
    "state": Breakdown("按办理状态", "state", dict(ProposalState.choices)),
    "month": by_month("submitted_on"),
}
COMMON = dict(source=proposals, by=BY, date_field="submitted_on")

METRICS = [
    Metric(code="democracy.proposals.received", label="收到提案", unit="件", counts="events", value=Count("pk"),
           note="按提交日期计入期间，含并案、转意见建议和不予立案的提案", **COMMON),
    Metric(code="democracy.proposals.registered", label="立案", unit="件", counts="events", value=Count("pk"),
           where=REGISTERED, note="经提案委员会审查立案（含已交办、已答复、已评价、已办结）", **COMMON),
    Metric(code="democracy.proposals.registration_rate", label="立案率", unit="%", counts="rate",
           numerator=REGISTERED, note="立案件数 ÷ 收到提案件数", **COMMON),
    Metric(code="democracy.proposals.closed", label="办结提案", unit="件", counts="events", value=Count("pk"),
           where=CLOSED, **COMMON),
    Metric(code="democracy.proposals.completion_rate", label="提案办结率", unit="%", counts="rate", where=REGISTERED,
           numerator=CLOSED, note="办结件数 ÷ 立案件数", **COMMON),
    Metric(code="democracy.proposals.satisfaction_rate", label="提案答复满意率", unit="%", counts="rate", where=RATED,
           numerator=SATISFIED, note="（满意 + 基本满意）÷ 已评价提案（以最近一次评价为准）", **COMMON),
    Metric(code="democracy.proposals.proposer_slots", label="参与提案", unit="人次", counts="events",
           value=Sum(F("cosigner_count") + 1), note="提案人与附议人合计，每件提案的每位提案人、附议人各计1人次",
           **COMMON),
]
KEY = ["democracy.proposals.received", "democracy.proposals.registered", "democracy.proposals.completion_rate",
       "democracy.proposals.satisfaction_rate"]
CHARTS = [
    ChartSpec("democracy.proposals.by_category", "提案按类别", "pie", ("democracy.proposals.received",),
              by="category"),
]
