"""Events on the member's phone (活动 tab: open events, 我的活动 in 我的, the 首页 card), the officer's to-do
(plans awaiting approval) and the messages a member gets (promoted from the waiting list, event cancelled)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..models import Event
from ..selectors import events as selectors
from ..selectors import other as _other

PROMOTED = messaging.register_kind(messaging.MessageKind("activities.promoted", "活动候补转正"))
CANCELLED = messaging.register_kind(messaging.MessageKind("activities.cancelled", "活动取消"))

member.register_entry(member.MemberEntry(
    key="activities.open", label="活动报名", icon="flag", url_name="activities:open_events", section=member.SERVICES,
    order=20))
member.register_entry(member.MemberEntry(
    key="activities.mine", label="我的活动", icon="calendar-check", url_name="activities:my_events",
    section=member.MINE, order=30))
member.register_card(member.HomeCard(
    key="activities.events", template="activities/member/card_events.html",
    context=lambda user: selectors.home_card(user), order=20))

desk.register(desk.TodoSource(
    key="activities.approve", label="文体活动方案待审批", area="文体活动", perm=Perm.ACTIVITIES_APPROVE, urgency=85,
    count=lambda user, org: selectors.events(user, Perm.ACTIVITIES_APPROVE, within=org).filter(
        status=Event.Status.DRAFT, budget__gt=0),
    url=lambda org: reverse("activities:event_list") + "?status=draft"))

desk.register(desk.TodoSource(
    key="activities.decisions_overdue", label="会议议定事项逾期未落实", area="会议", perm=Perm.ACTIVITIES_EDIT, urgency=55,
    count=lambda user, org: _other.overdue_decisions(user, within=org),
    url=lambda org: reverse("activities:decision_list") + "?overdue=1"))
