"""Open affairs on the member's phone and the officer's desk (portal.member, portal.desk, portal.messaging).

- 服务: 厂务公开 (the member's published items); 首页: a card with the items published in the last 60 days the
  member has not opened (one query; two more for the practice's name when there is something new).
- 待办: required categories not yet published for a period that has ended or ends within 30 days (DEMOCRACY_EDIT).
- Reminder (`gonghui remind`): the same, to that union's officers, once a day until it is published.
"""
from __future__ import annotations

import datetime

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..selectors import openaffairs as selectors

UNPUBLISHED = messaging.register_kind(messaging.MessageKind("democracy.openaffairs_due", "公开事项到期提醒"))

desk.register(desk.TodoSource(
    key="democracy.openaffairs_due", label="应公开事项尚未公开", area="民主管理", perm=Perm.DEMOCRACY_EDIT,
    urgency=45, count=lambda user, org: len(selectors.unpublished(user, within=org)),
    url=lambda org: reverse("democracy:openaffairs_required")))


def unpublished_due(day: datetime.date):
    """Each required category still unpublished for a period ended or ending within 30 days → the union's officers."""
    found: dict = {}
    for due in selectors.unpublished(desk.SYSTEM, on=day):
        org = due.requirement.org
        if org.pk not in found:
            found[org.pk] = desk.officers(org, Perm.DEMOCRACY_EDIT)
        when = "已逾期" if due.end < day else f"应于{due.end:%Y年%-m月%-d日}前公开"
        practice = selectors.practice_name(org)
        for user in found[org.pk]:
            yield desk.Notice(user, f"openaffairs:{due.requirement.pk}:{due.end.isoformat()}",
                              f"{practice}：{due.label}“{due.category_label}”尚未公开",
                              f"{org.name}{due.label}的“{due.category_label}”按清单须公开，目前尚未公开（{when}）。",
                              reverse("democracy:openaffairs_required") + f"?year={due.requirement.year}")


desk.register_reminder(desk.Reminder("democracy.openaffairs_due", "应公开事项到期", UNPUBLISHED.key, unpublished_due))

member.register_entry(member.MemberEntry(
    key="democracy.openaffairs", label="厂务公开", icon="clipboard-data", url_name="democracy:openaffairs_mine",
    section=member.SERVICES, order=40))
member.register_card(member.HomeCard(
    key="democracy.openaffairs", template="democracy/openaffairs/card.html", context=selectors.home_card, order=30))
