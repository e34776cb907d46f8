"""The congress's wording in the 民主管理 section (see report_texts.py), as the samples write it: "召开二届三次职代会，
应到代表60名，实到56名，听取和审议了行政工作报告、财务报告…，审议通过了4项决议事项". The sessions are named and the
reports heard are listed by phrases drawn from the records (words only; every number is a registered figure)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.core.formatting import chinese_number
from gonghui.reports.registry import Phrase, Suggestion

SUMMARY = """
# 依法召开职代会
{democracy.congress.sessions|if}{period}召开{democracy.congress.session_names}，应到代表{democracy.congress.expected}，实到{democracy.congress.attended}，听取和审议了{democracy.congress.reports_heard}，审议通过了{democracy.congress.resolutions_passed}决议事项，{democracy.congress.sessions|if}保障了职工的知情权、参与权、表达权和监督权。
{democracy.congress.delegates|if}期末在任职工代表{democracy.congress.delegates}，其中一线职工和专业技术人员{democracy.congress.delegates.frontline}，中层以上管理人员{democracy.congress.delegates.managers}，女职工代表{democracy.congress.delegates.women}，青年代表{democracy.congress.delegates.young}。
"""
REPORT = """
{democracy.congress.sessions|if}{period}召开{democracy.congress.session_names}，应到代表{democracy.congress.expected}，实到{democracy.congress.attended}，审议通过了{democracy.congress.resolutions_passed}决议事项。
"""
PLAN = """
按期召开职代会，严格落实职代会各项职权，凡涉及职工切身利益的重大事项，均提交职代会审议通过。
"""


def _present(figures, code) -> bool:
    comparison = figures.get(code)
    return comparison is not None and bool(comparison.current)


def session_names(org, period, figures) -> str:
    """The sessions held, named as the samples name them: "二届二次职代会、三届三次教代会"."""
    from ..metrics.congress import sessions_held

    if not _present(figures, "democracy.congress.sessions"):
        return ""
    rows = sessions_held(org, period.start, period.end).select_related("term__congress").order_by("opened_on", "id")
    return "、".join(dict.fromkeys(str(s) for s in rows))


def reports_heard(org, period, figures) -> str:
    """The kinds of reports heard, in the order of the kinds: "行政工作报告、财务报告、工会工作报告"."""
    from ..metrics.congress import reports
    from ..models import SessionReport

    if not _present(figures, "democracy.congress.reports"):
        return ""
    kinds = set(reports(org, period.start, period.end).values_list("kind", flat=True))
    return "、".join(label for value, label in SessionReport.Kind.choices if value in kinds and value != "other")


def invalid_sessions(org, period, figures) -> list[Suggestion]:
    """Sessions of the period closed without quorum (recorded as invalid)."""
    from ..metrics.congress import sessions_held

    count = sessions_held(org, period.start, period.end).filter(is_valid=False).count()
    if not count:
        return []
    url = reverse("democracy:congress_sessions")
    return [
        Suggestion("problems", f"{{period}}有{chinese_number(count)}次职代会出席代表未达到全体代表的三分之二，"
                               "会议无效，相关事项须重新提交审议。", url=url),
        Suggestion("next", "加强职代会会前组织，严格执行代表请假制度，确保出席代表达到法定人数。", url=url),
    ]


SUGGEST: list = [invalid_sessions]
WATCH: list[str] = ["democracy.congress.attended"]
PHRASES: list = [
    Phrase("democracy.congress.session_names", "召开的职代会会议（如“二届三次职代会”）", session_names),
    Phrase("democracy.congress.reports_heard", "听取审议的报告（如“行政工作报告、财务报告”）", reports_heard),
]
