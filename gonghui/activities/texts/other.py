"""教育培训, 会议 and 宣传 in the drafted documents, as the summaries write them: "举办培训班3期，培训工会干部150人次",
"编发工会简报24期". Every clause names its figure."""
from __future__ import annotations

SUMMARY = """
# 加强教育培训
{activities.training.sessions|if}{period}举办各类培训班{activities.training.sessions}，参加培训{activities.training.attendances}，其中培训工会干部{activities.training.cadres}；{activities.training.upper|if}选派工会干部参加上级工会培训{activities.training.upper}，{activities.training.sessions|if}提高了工会干部的业务素质和履职能力。
# 规范工会自身建设
{activities.meetings.committee|if}坚持民主集中制，{period}召开工会委员会会议和例会{activities.meetings.committee}，研究议定事项{activities.decisions.count}，{activities.decisions.count|if}做到议定事项有责任人、有完成时限、有落实反馈。
# 广泛开展宣传工作
{activities.newsletters.count|if}{period}编发工会简报{activities.newsletters.count}，{activities.newsletters.boards|if}出宣传栏（板报）{activities.newsletters.boards}；{activities.articles.submitted|if}积极向各级媒体投稿{activities.articles.submitted}，被录用{activities.articles.accepted}，其中在市级以上媒体刊发{activities.articles.accepted_high}。
"""
REPORT = """
{activities.training.sessions|if}举办培训班{activities.training.sessions}，培训{activities.training.attendances}；{activities.meetings.count|if}召开各类会议{activities.meetings.count}。
{activities.newsletters.count|if}编发工会简报{activities.newsletters.count}，{activities.articles.accepted|if}稿件被媒体录用{activities.articles.accepted}。
"""
PLAN = """
{activities.training.sessions|if}加强工会干部和职工代表培训，全年举办培训班不少于{activities.training.sessions|target}。
{activities.newsletters.count|if}办好工会简报，全年编发不少于{activities.newsletters.count|target}，{activities.articles.accepted|if}积极向各级媒体投稿宣传工会工作。
"""
SUGGEST: list = []
WATCH = ["activities.training.attendances", "activities.newsletters.count"]
PHRASES: list = []
