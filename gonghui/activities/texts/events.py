"""文体活动 in the drafted documents, as the summaries write it: "组织开展文体活动12次，参与职工1800余人次" and the
awards won at upper unions' events ("在区总工会篮球赛中获团体第一名"). Every clause names its figure."""
from __future__ import annotations

from gonghui.reports.registry import Phrase

from .. import metrics
from ..models import Award, Event

SUMMARY = """
# 丰富职工文化生活
{activities.events.count|if}坚持以职工需求为导向，{period}组织开展{activities.events.titles}等文体活动{activities.events.count}，参与职工{activities.events.participants}，另有职工家属{activities.events.family}一同参加，{activities.events.count|if}丰富了职工的精神文化生活。
{activities.events.upper|if}积极组队参加上级工会组织的文体活动{activities.events.upper}，{activities.awards.upper_list}。
{activities.awards.count|if}{period}职工在各类文体活动中共获奖{activities.awards.count}，其中一等奖（第一名）{activities.awards.first}。
{activities.events.cost|if}文体活动实际支出{activities.events.cost}，预算执行率{activities.events.cost_rate}。
"""
REPORT = """
{activities.events.count|if}{period}组织开展文体活动{activities.events.count}，参与职工{activities.events.participants}；{activities.events.upper|if}参加上级工会活动{activities.events.upper}，获奖{activities.awards.upper}。
"""
PLAN = """
{activities.events.count|if}继续开展形式多样的职工文体活动，全年组织文体活动不少于{activities.events.count|target}，参与职工不少于{activities.events.participants|target}。
"""


def _titles(org, period, figures) -> str:
    """The kinds of events held, as the summaries list them: up to five titles of the period's own events."""
    titles = list(metrics.events.held(org, period.start, period.end).filter(host=Event.Host.OWN)
                  .order_by("held_on", "id").values_list("title", flat=True)[:5])
    return "、".join(dict.fromkeys(_unquoted(t) for t in titles))


def _unquoted(title: str) -> str:
    """A title wholly in quotes loses them (the sentence quotes the list); “三八”女职工插花活动 keeps its own."""
    title = title.strip()
    for left, right in (("“", "”"), ('"', '"')):
        inner = title[1:-1]
        if len(title) > 2 and title[0] == left and title[-1] == right and left not in inner and right not in inner:
            return inner
    return title


def _upper_awards(org, period, figures) -> str:
    """Awards won at upper unions' events: "在区总工会职工篮球赛中获团体第一名、在…中获…" (the first three), the
    count named by the figure {activities.awards.upper}."""
    rows = (metrics.events.awards(org, period.start, period.end).filter(event__host=Event.Host.UPPER)
            .order_by("level", "event__held_on", "id")
            .values_list("event__host_name", "event__title", "title", "level")[:3])
    parts = [f"在{host}{title}中获{award}" for host, title, award, _ in rows]
    if not parts:
        return ""
    return "，".join(parts) + "等{activities.awards.upper}奖项"


SUGGEST: list = []
WATCH = ["activities.events.count", "activities.events.participants"]
PHRASES = [
    Phrase("activities.events.titles", "举办的文体活动（如“春季登山、职工篮球赛、迎新春联欢会”）", _titles),
    Phrase("activities.awards.upper_list", "在上级工会活动中获得的奖项（如“在区总工会篮球赛中获团体第一名”）",
           _upper_awards),
]
del Award
