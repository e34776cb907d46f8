"""建家 in the drafted documents: the titles named in the period, as the summaries say it ("被评为…模范职工之家").
The titles are a phrase drawn from the records; the clause names the figure {workershome.titles}."""
from __future__ import annotations

from gonghui.reports.registry import Phrase

SUMMARY = """
{workershome.titles|if}扎实开展建家活动，{workershome.titles.list}。
"""
REPORT = """
{workershome.titles|if}{workershome.titles.list}。
"""
PLAN = """
{workershome.titles|if}巩固建家成果，{workershome.titles|if}按照职工之家建设标准持续提升阵地建设和服务水平。
"""
WATCH: list = []
SUGGEST: list = []
SHOWN = 3


def _titles(org, period, figures) -> str:
    """"甲公司工会职工之家被测试区总工会评为“2025年度模范职工之家”" for the titles awarded in the period (the first
    three; more are counted by the figure)."""
    from .. import metrics

    rows = list(metrics.accreditation.titles_in(org, period.start, period.end)
                .order_by("inspected_on", "id").values_list("org__name", "awarded_by", "title")[:SHOWN + 1])
    parts = [f"{name}职工之家{f'被{by}' if by else ''}评为“{title}”" for name, by, title in rows[:SHOWN]]
    if not parts:
        return ""
    more = "等共{workershome.titles}称号" if len(rows) > SHOWN else ""
    return "，".join(parts) + more


PHRASES = [Phrase("workershome.titles.list", "命名的职工之家称号（如“被区总工会评为‘2025年度模范职工之家’”）", _titles)]
