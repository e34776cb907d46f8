"""The demo congress sessions (the congress room): the company's 第二届 meets in March of last year (二届二次) and of
this year (二届三次), the school's 第三届 in April of last year (三届二次教代会). Each session is played on its day as
the union's officer: opened, delegates sign in on their phones or are ticked by the officer, a few are on leave
(with reasons) or absent, the reports are heard, the resolutions are voted (for = present − against − abstain), and
the session is closed: 应到、实到 and the quorum recorded, valid. Everything goes through the congress services."""
from __future__ import annotations

import datetime

from gonghui.democracy.models import SessionAttendance, SessionReport
from gonghui.democracy.selectors import congress as reads
from gonghui.democracy.services import congress as services

from ..builder import COMPANY, SCHOOL

LEAVE_REASONS = ("出差", "病假", "事假", "外出培训", "产假")
PLACES = {COMPANY: "公司职工之家报告厅", SCHOOL: "学校学术报告厅"}
AGENDA = {
    COMPANY: ("听取和审议总经理所作的{year}年度行政工作报告\n听取和审议{year}年度财务工作报告\n听取工会工作报告\n"
              "听取上届职代会提案办理情况报告\n听取业务招待费使用情况报告\n审议通过相关决议"),
    SCHOOL: "听取和审议校长工作报告\n听取学校财务工作报告\n听取教代会提案办理情况报告\n审议绩效工资分配方案",
}
REPORTS = {
    COMPANY: [(SessionReport.Kind.ADMINISTRATION, "{year}年度行政工作报告", "总经理"),
              (SessionReport.Kind.FINANCE, "{year}年度财务工作报告", "财务总监"),
              (SessionReport.Kind.UNION, "{year}年度工会工作报告", "工会主席"),
              (SessionReport.Kind.PROPOSALS, "上届职代会提案办理情况报告", "提案工作委员会主任"),
              (SessionReport.Kind.HOSPITALITY, "{year}年度业务招待费使用情况报告", "财务总监")],
    SCHOOL: [(SessionReport.Kind.ADMINISTRATION, "{year}年度校长工作报告", "校长"),
             (SessionReport.Kind.FINANCE, "{year}年度学校财务工作报告", "总务主任"),
             (SessionReport.Kind.PROPOSALS, "教代会提案办理情况报告", "工会主席")],
}
RESOLUTIONS = {
    COMPANY: ["关于{year}年度行政工作报告的决议", "关于{year}年度财务工作报告的决议", "关于工会工作报告的决议",
              "关于《职工年休假实施办法（修订稿）》的决议"],
    SCHOOL: ["关于校长工作报告的决议", "关于《教职工绩效工资分配方案》的决议", "关于《教职工考勤管理办法》的决议"],
}


def schedule(ctx) -> None:
    y0, last, this = ctx.years
    ctx.at(datetime.date(last, 3, 26), COMPANY, _play, ctx, COMPANY, 2, datetime.date(last, 3, 26), last - 1)
    ctx.at(datetime.date(this, 3, 25), COMPANY, _play, ctx, COMPANY, 3, datetime.date(this, 3, 25), this - 1)
    ctx.at(datetime.date(last, 4, 16), SCHOOL, _play, ctx, SCHOOL, 2, datetime.date(last, 4, 16), last - 1)


def _play(ctx, union: str, number: int, day: datetime.date, year: int) -> None:
    term = ctx.terms[union][-1]
    session = services.session_create(actor=None, term=term, number=number, opened_on=day, closed_on=day,
                                      place=PLACES[union], agenda=AGENDA[union].format(year=year))
    services.session_open(actor=None, session=session)
    people = list(reads.delegates_on(term, day).select_related("person").order_by("id"))
    ctx.rng.shuffle(people)
    away = max(1, round(len(people) * ctx.rng.uniform(0.04, 0.09)))  # a handful away: valid, as real ones are
    for i, delegate in enumerate(people):
        if i < away - 1:
            services.attendance_mark(actor=None, session=session, delegate=delegate,
                                     status=SessionAttendance.Status.LEAVE, reason=ctx.rng.choice(LEAVE_REASONS))
        elif i == away - 1:
            services.attendance_mark(actor=None, session=session, delegate=delegate,
                                     status=SessionAttendance.Status.ABSENT, reason="未请假")
        elif ctx.rng.random() < 0.7:
            services.attendance_sign_in(actor=None, session=session, person=delegate.person)
        else:
            services.attendance_mark(actor=None, session=session, delegate=delegate,
                                     status=SessionAttendance.Status.PRESENT)
    present = len(people) - away
    for kind, title, presenter in REPORTS[union]:
        services.report_add(actor=None, session=session, kind=kind, title=title.format(year=year),
                            presenter=presenter)
    for title in RESOLUTIONS[union]:
        resolution = services.resolution_add(actor=None, session=session, title=title.format(year=year))
        against = ctx.rng.choice((0, 0, 1, 2))
        abstain = ctx.rng.choice((0, 1, 1, 2, 3))
        services.resolution_vote(actor=None, resolution=resolution, votes_for=present - against - abstain,
                                 votes_against=against, votes_abstain=abstain)
    services.session_close(actor=None, session=session, closed_on=day)
    counts = ctx.summary.counts.setdefault("congress", {"职代会会议": 0})
    counts["职代会会议"] += 1
