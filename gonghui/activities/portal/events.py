"""Events on the member's phone (活动 tab: open events, 我的活动 in 我的, the 首页 card), the officer's to-do
(plans awaiting approval) and the messages a member gets (promoted from the waiting list, event cancelled)."""
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..models import Event, Signup
from ..selectors import events as selectors
from ..selectors import other as _other

PROMOTED = messaging.register_kind(messaging.MessageKind("activities.promoted", "活动候补转正"))
CANCELLED = messaging.register_kind(messaging.MessageKind("activities.cancelled", "活动取消"))
REMIND = messaging.register_kind(messaging.MessageKind("activities.remind", "活动提醒"))

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

desk.register(desk.TodoSource(
    key="activities.to_record", label="已举办活动待录入结果", area="文体活动", perm=Perm.ACTIVITIES_EDIT, urgency=50,
    count=lambda user, org: selectors.to_record(user, within=org),
    url=lambda org: reverse("activities:event_list") + "?to_record=1"))


REMIND_KEY = "activities.event_remind"


def event_reminders(day: datetime.date):
    """Each confirmed sign-up's accounts, `remind_days` before the event (or later, up to its day, when the daily
    run missed that day) — once per sign-up: the sign-ups already reminded on an earlier day are skipped (four
    queries: the events, the accounts, the reminders already sent, the sign-ups)."""
    from gonghui.accounts.models import User
    from gonghui.portal.models import Message

    due = {e.pk: e for e in selectors.reminders_due(day)}
    if not due:
        return
    users = list(User.objects.filter(is_active=True, person__isnull=False).filter(
        person_id__in=Signup.objects.filter(event_id__in=due, status=Signup.Status.CONFIRMED).values("person_id")))
    accounts: dict[int, list] = {}
    for user in users:
        accounts.setdefault(user.person_id, []).append(user)
    sent = set(Message.objects.filter(kind=REMIND.key, dedupe_key__startswith=f"remind:{REMIND_KEY}:signup:",
                                      recipient__in=users).values_list("dedupe_key", flat=True))
    sent = {key.rsplit(":", 1)[0] for key in sent}  # without the day: once per sign-up, whatever the day
    for s in (Signup.objects.filter(event_id__in=due, status=Signup.Status.CONFIRMED)
              .values("pk", "event_id", "person_id")):
        e = due[s["event_id"]]
        object_key = f"signup:{s['pk']}"
        if f"remind:{REMIND_KEY}:{object_key}" in sent:
            continue
        when = timezone.localtime(e.starts_at)
        days = (when.date() - day).days
        lead = "今天" if days == 0 else "明天" if days == 1 else f"{days}天后"
        for user in accounts.get(s["person_id"], []):
            yield desk.Notice(user, object_key, f"活动提醒：{e.title}",
                              f"您报名的“{e.title}”将于{lead}（{when:%Y年%-m月%-d日 %H:%M}）举行"
                              + (f"，地点：{e.place}" if e.place else "") + "。请准时参加，签到时出示报名二维码。",
                              reverse("activities:my_event", args=[e.pk]))


desk.register_reminder(desk.Reminder(REMIND_KEY, "活动前提醒已报名的会员", REMIND.key, event_reminders))
