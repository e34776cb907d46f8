"""Membership figures (组织建设) for reports, declared in the shared shape (gonghui.core.metrics) and registered.

Built on the dated history in members/metrics.py, so a figure for 2024 computed in 2026 is the 2024 answer and a
member who transferred mid-year counts in the union they belonged to on each day.

Counting rules
--------------
- Stock figures (会员, 职工, 入会率, 女会员, 退休会员) are the state on the period's last day (`stock=True`).
  会员 counts the membership periods open that day in the subtree: one per member (the database allows one open
  membership per person, and a period ending on a day is no longer open that day).
- 入会率 = 在职会员 ÷ 职工 on the last day (members/metrics.py `employees_on`; a serving member is a serving
  employee of the subtree with a membership open that day in the subtree), a Ratio of the two registered figures
  (members.serving over memberships, members.employees over people). Numerator and denominator are kept.
- 新入会会员 counts distinct people admitted (入会 and 重新入会) in the period; transfers in are not new members.
- 转出/转入 count completed transfers (人次) on the day the membership moved (the receiving union's acceptance, or
  the day of a transfer to a union outside the system), across the subtree's boundary only: a move between two
  unions of the same subtree is neither a transfer out nor in for that subtree.
- 退会 and 去世会员 count distinct people whose membership in the subtree ended for that reason in the period.
- 退休会员: members on the last day whose retirement date is on or before it (a person marked retired without a
  retirement date is not counted: the date is what makes the history).
"""
from __future__ import annotations

from django.db.models import Count, Q

from gonghui.core.metrics import Breakdown, Metric, Ratio, by_month, subtree
from gonghui.reports import registry

from .metrics import employees_on, members_on, members_on_days, new_members, serving_on
from .models import Gender, Membership, Transfer

GENDERS = dict(Gender.choices)
ROWS = Count("pk")
PEOPLE = Count("person", distinct=True)


BY_GENDER = {"gender": Breakdown("按性别", "person__gender", GENDERS)}


def members_at_end(org, start, end):
    return members_on(org, end)


def employees_at_end(org, start, end):
    return employees_on(org, end)


def admissions(org, start, end):
    return new_members(org, start, end)


def serving_in_subtree(org, start, end) -> Q:
    """A membership open on the last day whose member is then a serving employee of the subtree (入会率's
    numerator). Counted on the membership side, in the same scan as the other member figures: asking of each
    employee whether they have a membership (EXISTS or IN per row) takes minutes for 1,000,000 employees."""
    return serving_on(end, "person__") & Q(person__org__path__startswith=org.path)


def retired_by_end(org, start, end) -> Q:
    return Q(person__retired_on__isnull=False, person__retired_on__lte=end)


def transfers_out(org, start, end):
    moved = Transfer.objects.filter(status__in=[Transfer.Status.ACCEPTED, Transfer.Status.OUTSIDE],
                                    decided_on__range=(start, end))
    return subtree(moved, org, "from_org").exclude(to_org__path__startswith=org.path)


def transfers_in(org, start, end):
    moved = Transfer.objects.filter(status=Transfer.Status.ACCEPTED, decided_on__range=(start, end))
    return subtree(moved, org, "to_org").exclude(from_org__path__startswith=org.path)


def memberships_ended(org, start, end):
    return subtree(Membership.objects.filter(ended_on__range=(start, end)), org)



EMPLOYEES = Metric("members.employees", "职工", "人", "people", employees_at_end, ROWS,
                   by={"gender": Breakdown("按性别", "gender", GENDERS)}, date_field="hired_on", stock=True,
                   note="期末在职职工人数（会员与非会员）")
SERVING = Metric("members.serving", "在职会员", "人", "people", members_at_end, ROWS, where=serving_in_subtree,
                 by=BY_GENDER, date_field="started_on", stock=True, note="期末会员中的在职职工")

METRICS: list[Metric | Ratio] = [
    Metric("members.members", "会员", "人", "people", members_at_end, ROWS, by=BY_GENDER,
           date_field="started_on", stock=True, note="期末会员人数（含退休会员）", series=members_on_days),
    EMPLOYEES,
    SERVING,
    Ratio("members.join_rate", "入会率", numerator=SERVING, denominator=EMPLOYEES, stock=True, date_field="started_on",
          note="期末在职会员人数 ÷ 期末在职职工人数"),
    Metric("members.new", "新入会会员", "人", "people", admissions, PEOPLE,
           by={"month": by_month("occurred_on")}, date_field="occurred_on", note="批准入会、重新入会；不含转入"),
    Metric("members.women", "女会员", "人", "people", members_at_end, ROWS, where=Q(person__gender=Gender.FEMALE),
           date_field="started_on", stock=True),
    Metric("members.retired", "退休会员", "人", "people", members_at_end, ROWS, where=retired_by_end,
           date_field="started_on", stock=True),
    Metric("members.transfers_out", "转出会员", "人次", "events", transfers_out, ROWS, date_field="decided_on",
           org_field="from_org", note="转出本级及下级工会以外"),
    Metric("members.transfers_in", "转入会员", "人次", "events", transfers_in, ROWS, date_field="decided_on",
           org_field="to_org", note="从本级及下级工会以外转入"),
    Metric("members.withdrawals", "退会", "人", "people", memberships_ended, PEOPLE,
           where=Q(end_reason=Membership.EndReason.WITHDRAWN), date_field="ended_on"),
    Metric("members.deaths", "去世会员", "人", "people", memberships_ended, PEOPLE,
           where=Q(end_reason=Membership.EndReason.DECEASED), date_field="ended_on"),
]

registry.register(METRICS, area="members", area_label="组织建设", order=10)

# Dashboard
from gonghui.accounts.roles import Perm  # noqa: E402
from gonghui.reports.registry import ChartSpec  # noqa: E402

registry.describe(
    "members",
    figures_perm=Perm.REPORT_VIEW,
    records_perm=Perm.PERSON_VIEW,
    key=["members.members", "members.employees", "members.join_rate", "members.new", "members.women",
         "members.retired", "members.transfers_in", "members.transfers_out"],
    charts=[
        ChartSpec("members.over_time", "会员人数（月末）", "line", ("members.members",), over_time="month"),
        ChartSpec("members.new_by_month", "新入会会员（按月）", "bar", ("members.new",), by="month"),
    ],
)

# Documents
from . import report_texts  # noqa: E402

registry.describe("members", sections=report_texts.SECTIONS, suggest=report_texts.SUGGEST, watch=report_texts.WATCH)
