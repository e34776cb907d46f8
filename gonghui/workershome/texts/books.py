"""The reading room in the drafted documents, as the samples write it: "书屋现有图书243册，其中购置120册、捐赠123册；
上半年借阅56人次，借书率23%". Every clause names its figure; the sources are a phrase (only those present)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.reports.registry import Phrase, Suggestion

SUMMARY = """
# 建好用好职工书屋
{workershome.books.holdings|if}按照建设“职工书屋”的要求，{workershome.books.holdings|if}{org}职工书屋现有图书{workershome.books.holdings}，其中{workershome.books.sources}；{period}新增图书{workershome.books.acquired}。
{workershome.books.loans|if}{period}借阅图书{workershome.books.loans}，借书率{workershome.books.rate}，借阅读者{workershome.books.readers}。
"""
REPORT = """
{workershome.books.holdings|if}职工书屋现有图书{workershome.books.holdings}，其中{workershome.books.sources}；{period}借阅{workershome.books.loans}，借书率{workershome.books.rate}。
"""
PLAN = """
{workershome.books.holdings|if}办好职工书屋，{workershome.books.holdings|if}丰富藏书、延长开放时间，年内借阅图书不少于{workershome.books.loans|target}，借书率不低于{workershome.books.rate|target}。
"""
# 借书率 is watched by falling_rate below (a specific point), not by the generic "同比下降" one.
WATCH = ["workershome.books.loans"]

SOURCE_WORDS = (("workershome.books.purchased", "购置"), ("workershome.books.donated", "捐赠"),
                ("workershome.books.upper", "上级配送"))


def _present(figures, code) -> bool:
    comparison = figures.get(code)
    return comparison is not None and bool(comparison.current)


def sources(org, period, figures) -> str:
    """"购置{…}、捐赠{…}、上级配送{…}" for the sources present."""
    return "、".join(f"{word}{{{code}}}" for code, word in SOURCE_WORDS if _present(figures, code))


PHRASES = [Phrase("workershome.books.sources", "藏书来源（如“购置120册、捐赠123册”）", sources)]


def overdue_loans(org, period, figures) -> list[Suggestion]:
    """Loans out and past their due date on the period's last day."""
    if not _present(figures, "workershome.books.overdue"):
        return []
    url = reverse("workershome:loan_list") + "?state=overdue"
    return [
        Suggestion("problems", "职工书屋管理还需加强，截至{end}仍有{workershome.books.overdue}图书逾期未还。",
                   metric="workershome.books.overdue", url=url),
        Suggestion("next", "完善职工书屋借阅管理，按期提醒读者归还，{workershome.books.overdue|if}及时清理逾期图书。",
                   metric="workershome.books.overdue", url=url),
    ]


def falling_rate(org, period, figures) -> list[Suggestion]:
    """借书率 below last year's."""
    comparison = figures.get("workershome.books.rate")
    if comparison is None or comparison.change is None or comparison.change >= 0:
        return []
    return [
        Suggestion("problems", "职工读书氛围还不够浓厚，{period}借书率为{workershome.books.rate}，"
                               "{workershome.books.rate|change}。", metric="workershome.books.rate"),
        Suggestion("next", "开展读书分享、好书推荐等活动，更新职工喜爱的图书，提高借书率。",
                   metric="workershome.books.rate"),
    ]


SUGGEST = [overdue_loans, falling_rate]
