"""Proposals' wording in the 民主管理 section (see report_texts.py), as the samples write it: "收到提案86件，立案52件，
办结率100%", "提案10件，参与提案22人次". Every clause names its figure, so that a union without proposals gets no word
of them. SUGGEST offers 存在的问题 / 下一步 points from the records (overdue answers, unsatisfied answers)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.reports.registry import Suggestion

SUMMARY = """
# 认真做好职工代表提案工作
{democracy.proposals.received|if}坚持“件件有答复、事事有回音”，{period}收到职工代表提案{democracy.proposals.received}，参与提案{democracy.proposals.proposer_slots}，经提案委员会审查立案{democracy.proposals.registered}，立案率{democracy.proposals.registration_rate}；已办结{democracy.proposals.closed}，办结率{democracy.proposals.completion_rate}，提案人对答复的满意率{democracy.proposals.satisfaction_rate}。
"""
REPORT = """
{period}收到职工代表提案{democracy.proposals.received}，立案{democracy.proposals.registered}，办结率{democracy.proposals.completion_rate}，答复满意率{democracy.proposals.satisfaction_rate}。
"""
PLAN = """
{democracy.proposals.received|if}进一步规范提案征集、审查、交办、督办和答复评价工作，做到件件有答复、事事有回音，年内提案办结率达到{democracy.proposals.completion_rate|target}。
"""


def overdue_answers(org, period, figures) -> list[Suggestion]:
    """Assigned proposals whose answer was due before the period's last day and has not come."""
    from ..models import Proposal, ProposalState

    count = Proposal.objects.filter(org__path__startswith=org.path, state=ProposalState.ASSIGNED,
                                    due_on__lt=period.end).count()
    if not count:
        return []
    url = reverse("democracy:proposals_list") + "?overdue=true"
    return [
        Suggestion("problems", f"提案督办还不够有力，截至{{end}}仍有{count}件提案超过答复期限未答复。",
                   metric="democracy.proposals.registered", url=url),
        Suggestion("next", "加强提案办理督办，对逾期未答复的提案逐件催办，确保件件有答复、事事有回音。",
                   metric="democracy.proposals.registered", url=url),
    ]


def unsatisfied_answers(org, period, figures) -> list[Suggestion]:
    """Proposals of the period whose proposer was not satisfied with the (latest) answer."""
    from ..models import Proposal, Satisfaction

    count = Proposal.objects.filter(org__path__startswith=org.path, submitted_on__range=(period.start, period.end),
                                    rating=Satisfaction.UNSATISFIED).count()
    if not count:
        return []
    return [Suggestion("problems", f"部分提案答复质量有待提高，有{count}件提案的提案人对答复不满意。",
                       metric="democracy.proposals.satisfaction_rate",
                       url=reverse("democracy:proposals_list") + "?state=rated")]


SUGGEST = [overdue_answers, unsatisfied_answers]
WATCH: list[str] = ["democracy.proposals.received"]
PHRASES: list = []
