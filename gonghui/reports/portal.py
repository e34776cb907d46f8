"""Reports on the officer's desk (portal.desk): the parent's calls (上报通知) the user's union has not answered —
待上报 (not yet sent, or returned for revision) and 逾期未报 (due date passed, nothing sent). Read through
submitting.requests_for (two queries whatever the number of calls)."""
from django.urls import reverse

from gonghui.accounts.scope import Perm
from gonghui.portal import desk

from . import submitting


def _states(user, org) -> list[str]:
    return [row.state for _, row in submitting.requests_for(user, org=org)]


desk.register(desk.TodoSource(
    key="reports.overdue", label="逾期未报", area="统计与报告", perm=Perm.REPORT_DRAFT, urgency=80,
    count=lambda user, org: _states(user, org).count("overdue"),
    url=lambda org: reverse("reports:submission_list")))
desk.register(desk.TodoSource(
    key="reports.to_send", label="待上报", area="统计与报告", perm=Perm.REPORT_DRAFT, urgency=40,
    count=lambda user, org: sum(s in ("not_submitted", "returned") for s in _states(user, org)),
    url=lambda org: reverse("reports:submission_list")))
