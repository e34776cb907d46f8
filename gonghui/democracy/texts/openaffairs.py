"""Open affairs in the 民主管理 section (see report_texts.py): the samples write "坚持厂务公开，全年公开事项32项，涉及…";
the practice's name is the union's own ({democracy.openaffairs.practice}: 校务公开 at a school, 局务公开 at a bureau),
the categories come from the records ({democracy.openaffairs.category_list}). A required category not published in
its period is a point for 存在的问题 and 下一步工作打算."""
from __future__ import annotations

from django.urls import reverse

from gonghui.reports.registry import Phrase, Suggestion

SUMMARY = """
# 坚持{democracy.openaffairs.practice}，保障职工知情权
{democracy.openaffairs.items|if}坚持{democracy.openaffairs.practice}，{period}公开事项{democracy.openaffairs.items}，涉及{democracy.openaffairs.category_list}等方面；{democracy.openaffairs.required|if}年度公开清单应公开类别{democracy.openaffairs.required}，按期公开{democracy.openaffairs.required_met}，按期公开率{democracy.openaffairs.required_rate}。
"""
REPORT = """
{democracy.openaffairs.items|if}坚持{democracy.openaffairs.practice}，{period}公开事项{democracy.openaffairs.items}，涉及{democracy.openaffairs.category_list}等方面，按期公开率{democracy.openaffairs.required_rate}。
"""
PLAN = """
{democracy.openaffairs.items|if}深化{democracy.openaffairs.practice}，按年度公开清单及时公开{democracy.openaffairs.category_list}等职工关心的事项，公开事项不少于{democracy.openaffairs.items|target}。
"""
WATCH: list[str] = []  # fewer items is no problem in itself; missed required categories are (SUGGEST)


def _practice(org) -> str:
    from ..selectors.openaffairs import practice_name

    return practice_name(org)


def practice(org, period, figures) -> str:
    """The union's word for the practice (厂务公开 / 校务公开 / 局务公开 / 院务公开 …)."""
    return _practice(org)


def category_list(org, period, figures) -> str:
    """The categories of the items published in the period, most items first (at most five):
    "财务收支、福利发放、评先评优"."""
    from django.db.models import Count

    from ..metrics.openaffairs import CATEGORIES, items_published

    comparison = figures.get("democracy.openaffairs.items")
    if comparison is None or not comparison.current:
        return ""
    rows = (items_published(org, period.start, period.end).order_by().values("category")
            .annotate(n=Count("pk")).order_by("-n", "category")[:5])
    return "、".join(CATEGORIES.get(r["category"], r["category"]) for r in rows)


def unpublished(org, period, figures) -> list[Suggestion]:
    """Required categories whose period ended within the report's period with nothing published."""
    from ..metrics.openaffairs import requirements_due

    missed = (requirements_due(org, period.start, period.end).filter(covered=False)
              .values_list("category", flat=True).distinct())
    from ..metrics.openaffairs import CATEGORIES

    names = sorted({CATEGORIES.get(c, c) for c in missed})
    if not names:
        return []
    name = _practice(org)
    url = reverse("democracy:openaffairs_required")
    return [
        Suggestion("problems", f"{name}还不够规范，{'、'.join(names)}等事项未按年度公开清单按期公开"
                               "（{democracy.openaffairs.required_met}按期公开，应公开{democracy.openaffairs.required}）。",
                   "democracy.openaffairs.required_rate", url=url),
        Suggestion("next", f"严格执行{name}年度清单，明确公开时限和责任部门，做到应公开尽公开、按期公开。",
                   "democracy.openaffairs.required_rate", url=url),
    ]


SUGGEST = [unpublished]
PHRASES = [
    Phrase("democracy.openaffairs.practice", "公开工作的称谓（厂务公开、校务公开、局务公开、院务公开）", practice),
    Phrase("democracy.openaffairs.category_list", "公开事项涉及的类别（如“财务收支、福利发放、评先评优”）", category_list),
]
