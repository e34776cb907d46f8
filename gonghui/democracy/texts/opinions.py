"""Opinions in the 民主管理 section: the samples write "共收集合理化建议10条，已采纳的4条"; here 收集职工意见建议…条，
已答复…条，答复率…，采纳…条. Opinions still unanswered at the period's end are a point for 存在的问题."""
from __future__ import annotations

from django.urls import reverse

from gonghui.reports.registry import Suggestion

SUMMARY = """
# 畅通职工诉求表达渠道
{democracy.opinions.received|if}通过意见箱、座谈会、领导接待日等渠道广泛听取职工意见，{period}收集职工意见建议{democracy.opinions.received}，已答复{democracy.opinions.answered}，答复率{democracy.opinions.answer_rate}，{democracy.opinions.adopted|if}其中采纳（含部分采纳）{democracy.opinions.adopted}。
"""
REPORT = """
{period}收集职工意见建议{democracy.opinions.received}，已答复{democracy.opinions.answered}，答复率{democracy.opinions.answer_rate}。
"""
PLAN = """
{democracy.opinions.received|if}用好意见箱、座谈会和领导接待日，做到职工意见建议件件有登记、事事有回音，答复率达到{democracy.opinions.answer_rate|target}。
"""
WATCH: list[str] = []  # fewer opinions is no problem in itself; unanswered ones are (SUGGEST)


def unanswered(org, period, figures) -> list[Suggestion]:
    """Opinions received in the period and not answered by its last day."""
    from ..metrics.opinions import _answered, opinions_received

    qs = opinions_received(org, period.start, period.end)
    count = qs.exclude(_answered(org, period.start, period.end)).count()
    if not count:
        return []
    url = reverse("democracy:opinions_list") + "?status=open"
    return [
        Suggestion("problems", f"职工意见建议办理还不够及时，截至{{end}}仍有{count}条意见建议未答复"
                               "（答复率{democracy.opinions.answer_rate}）。", "democracy.opinions.answer_rate", url=url),
        Suggestion("next", "建立职工意见建议办理台账，明确承办部门和答复时限，做到件件有答复、事事有回音。",
                   "democracy.opinions.answer_rate", url=url),
    ]


SUGGEST = [unanswered]
PHRASES: list = []
