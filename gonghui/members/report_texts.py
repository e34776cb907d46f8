"""How membership (组织建设) appears in drafted documents: its default wording and the points it offers for
存在的问题 and 下一步工作打算, drawn from the figures.

Registered in metrics_registry.py (registry.describe(..., sections=SECTIONS, suggest=SUGGEST, watch=WATCH)); the
template language is gonghui.reports.drafting.wording's: every clause that claims work names its figure (shown, or
as an {code|if} condition), so that it goes whole when there is no record.
"""
from __future__ import annotations

from gonghui.core.metrics import Rate
from gonghui.reports.registry import Section, Suggestion

SUMMARY = """
{members.members|if}坚持把组织建设作为工会工作的基础，{members.new|if}深入推进“应建尽建、应入尽入”，{members.new|if}扎实做好会员发展和会员管理工作。
{members.members|if}截至{end}，{org}共有会员{members.members}，其中女会员{members.women}，退休会员{members.retired}；在职职工{members.employees}，入会率达到{members.join_rate}。
{period}新发展会员{members.new}，办理会员转入{members.transfers_in}，转出{members.transfers_out}，{members.members|if}会员信息实行动态管理，{members.members|if}做到底数清、情况明。
"""
REPORT = """
{members.members|if}截至{end}，{org}共有会员{members.members}，在职职工{members.employees}，入会率{members.join_rate}；{period}新发展会员{members.new}。
"""
PLAN = """
坚持新入职员工“即入职、即入会”，年内新发展会员不少于{members.new|target}，入会率保持在{members.join_rate|target}以上。
加强会员信息动态管理，按月做好会员增减变动统计，及时办理会员转接手续，按时向上级工会报送会员情况。
"""

SECTIONS = [
    Section("summary", "夯实组织基础，工会组织建设不断加强", SUMMARY.strip()),
    Section("report", "加强组织建设，扩大工会组织覆盖面", REPORT.strip()),
    Section("plan", "持续加强组织建设，不断扩大工会覆盖面", PLAN.strip()),
]
# Figures whose fall on last year is a problem worth a word (and whose rise is a highlight of the report).
WATCH = ["members.members", "members.new", "members.join_rate"]


def not_joined(org, period, figures) -> list[Suggestion]:
    """Serving employees who are not members: 应入尽入 is not done yet."""
    rate = figures.get("members.join_rate")
    value = rate.current if rate is not None else None
    if not isinstance(value, Rate) or value.numerator >= value.denominator:
        return []
    outside = value.denominator - value.numerator
    return [
        Suggestion("problems", f"“应入尽入”工作还需加强，入会率为{{members.join_rate}}，尚有{outside}名在职职工"
                               "未加入工会组织。", "members.join_rate"),
        Suggestion("next", "加大工会政策宣传和入会动员力度，推动未入会职工尽快加入工会组织，进一步提高入会率。",
                   "members.join_rate"),
    ]


SUGGEST = [not_joined]
