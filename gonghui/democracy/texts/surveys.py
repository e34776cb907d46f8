"""Surveys and evaluations in the 民主管理 section, as the samples write it ("发放测评表11031份，有效10259份，有效回收率
93%"): the evaluation first, then the questionnaires; 回收率 and 有效回收率 each named as what they are. A problem and a
next step when a survey of the period came back below 80% (LOW_RETURN_RATE)."""
from __future__ import annotations

from django.db.models import F
from django.urls import reverse

from gonghui.reports.registry import Suggestion

from ..models import Survey
from ..selectors.surveys import LOW_RETURN_RATE

SUMMARY = """
# 开展民主评议和问卷调查，倾听职工心声
{democracy.surveys.evaluations|if}组织开展民主评议，对{democracy.surveys.eval_subjects}进行民主测评，发放测评表{democracy.surveys.eval_issued}，有效{democracy.surveys.eval_valid}，有效回收率{democracy.surveys.eval_valid_rate}，测评满意率{democracy.surveys.eval_satisfaction}。
{democracy.surveys.questionnaires|if}开展职工问卷调查{democracy.surveys.questionnaires}，发放问卷{democracy.surveys.q_issued}，回收{democracy.surveys.q_returned}，回收率{democracy.surveys.q_return_rate}，有效问卷{democracy.surveys.q_valid}，有效回收率{democracy.surveys.q_valid_rate}。
"""
REPORT = """
{democracy.surveys.evaluations|if}开展民主测评，发放测评表{democracy.surveys.eval_issued}，有效{democracy.surveys.eval_valid}，有效回收率{democracy.surveys.eval_valid_rate}，满意率{democracy.surveys.eval_satisfaction}；{democracy.surveys.questionnaires|if}开展问卷调查{democracy.surveys.questionnaires}，回收率{democracy.surveys.q_return_rate}。
"""
PLAN = """
{democracy.surveys.held|if}坚持开展民主评议和职工问卷调查，全年开展不少于{democracy.surveys.held|target}，{democracy.surveys.held|if}提高问卷回收率和有效回收率。
"""


def low_return(org, period, figures) -> list[Suggestion]:
    """Surveys of the period (published) whose 回收率 was below LOW_RETURN_RATE."""
    low = (Survey.objects.filter(org__path__startswith=org.path, opens_on__range=(period.start, period.end))
           .exclude(status=Survey.Status.DRAFT)
           .annotate(_r100=(F("paper_returned") + F("online_returned")) * 100,
                     _low=(F("paper_issued") + F("online_issued")) * LOW_RETURN_RATE)
           .filter(_r100__lt=F("_low")).count())
    if not low:
        return []
    url = reverse("democracy:surveys_list")
    return [
        Suggestion("problems", f"职工参与民主评议和问卷调查的积极性有待提高，{{period}}有{low}次问卷（测评）回收率低于"
                               f"{LOW_RETURN_RATE}%。", metric="democracy.surveys.return_rate", url=url),
        Suggestion("next", "改进问卷调查和民主测评的组织方式，纸质与网上作答相结合，截止前提醒未填写的职工，"
                           "提高回收率和有效回收率。", metric="democracy.surveys.return_rate", url=url),
    ]


SUGGEST: list = [low_return]
WATCH: list[str] = ["democracy.surveys.held", "democracy.surveys.valid_rate"]
PHRASES: list = []
