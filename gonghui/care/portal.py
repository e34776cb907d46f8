"""Care on the officer's desk and in people's messages (portal.desk, portal.messaging).

To-dos: approvals waiting for the user's step, overdue hardship reviews, 五必访 events not yet visited — each read
through care's own selectors (the approver's inbox, the review list, the not-visited rules).
Messages: an application approved, rejected or paid reaches the applicant's account (services/assistance.py).
Reminders: a hardship review due within 7 days (to that union's care officers), a 五必访 event still not visited
3 days after it happened (to that union's care officers).
"""
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.scope import Perm
from gonghui.orgs.models import Organization
from gonghui.portal import desk, member, messaging

from . import selectors
from .models import HardshipFile

ASSISTANCE = messaging.register_kind(messaging.MessageKind("care.assistance", "救助申请"))
REVIEW_DUE = messaging.register_kind(messaging.MessageKind("care.review_due", "困难档案复核提醒"))
NOT_VISITED = messaging.register_kind(messaging.MessageKind("care.not_visited", "五必访提醒"))

REVIEW_DAYS = 7
VISIT_AFTER_DAYS = 3


def overdue_reviews(user, org):
    return selectors.hardship_reviews_due(user, within=org, days=0).filter(review_due_on__lt=localdate())


desk.register(desk.TodoSource(
    key="care.awaiting", label="待我审批的救助申请", area="帮扶关怀", perm=None, urgency=90,
    count=lambda user, org: selectors.assistance_awaiting(user, within=org),
    url=lambda org: reverse("care:assistance_awaiting")))
desk.register(desk.TodoSource(
    key="care.reviews_overdue", label="困难档案复核逾期", area="帮扶关怀", perm=Perm.CARE_SENSITIVE, urgency=60,
    count=overdue_reviews, url=lambda org: reverse("care:hardship_overdue")))
desk.register(desk.TodoSource(
    key="care.not_visited", label="五必访未走访", area="帮扶关怀", perm=Perm.CARE_VIEW, urgency=50,
    count=lambda user, org: selectors.not_yet_visited(user, within=org),
    url=lambda org: reverse("care:not_visited")))


def _officers(cache: dict, org, perm):
    if org.pk not in cache:
        cache[org.pk] = desk.officers(org, perm)
    return cache[org.pk]


def reviews_due(day: datetime.date):
    """Open hardship files whose review is due within 7 days (or overdue) → the union's care officers."""
    found: dict = {}
    files = (selectors.hardship_reviews_due(desk.SYSTEM, on=day, days=REVIEW_DAYS)
             .select_related("org", "person").prefetch_related(None))
    for f in files.iterator(chunk_size=500):
        when = "已逾期" if f.review_due_on < day else f"{f.review_due_on:%Y年%-m月%-d日}到期"
        for user in _officers(found, f.org, Perm.CARE_SENSITIVE):
            yield desk.Notice(user, f"hardship:{f.pk}", f"困难职工档案复核{when}：{f.file_no}",
                              f"{f.org.name}的困难职工档案 {f.file_no} 需年度复核（{when}）。",
                              reverse("care:hardship_detail", args=[f.pk]))


def not_visited(day: datetime.date):
    """五必访 events not yet visited 3 days after they happened → the union's care officers."""
    found: dict = {}
    for root in Organization.objects.filter(parent__isnull=True):
        events = (selectors.not_yet_visited(desk.SYSTEM, within=root, on=day)
                  .filter(occurred_on__lte=day - datetime.timedelta(days=VISIT_AFTER_DAYS)))
        for e in events.iterator(chunk_size=500):
            for user in _officers(found, e.org, Perm.CARE_VIEW):
                yield desk.Notice(user, f"life_event:{e.pk}", f"五必访未走访：{e.person.name}（{e.get_kind_display()}）",
                                  f"{e.org.name} {e.person.name} {e.occurred_on:%Y年%-m月%-d日}{e.get_kind_display()}，"
                                  f"至今尚未走访慰问。", reverse("care:not_visited"))


desk.register_reminder(desk.Reminder("care.review_due", "困难档案复核到期", REVIEW_DUE.key, reviews_due))
desk.register_reminder(desk.Reminder("care.not_visited", "五必访未走访", NOT_VISITED.key, not_visited))

# The member's phone (portal.member): what a member does with care.
member.register_entry(member.MemberEntry(
    key="care.apply", label="申请救助", icon="hand-thumbs-up", url_name="care:my_apply", section=member.SERVICES,
    order=10))
member.register_entry(member.MemberEntry(
    key="care.event", label="报告家庭事项", icon="megaphone", url_name="care:my_event", section=member.SERVICES,
    order=20))
member.register_entry(member.MemberEntry(
    key="care.mine", label="我的救助申请", icon="card-checklist", url_name="care:my_list", section=member.MINE,
    order=20))


# ---- the member's phone: help applications in 待办 and 我的申请 ------------------------------------------------------

ASSISTANCE_TONE = {"draft": "secondary", "submitted": "warning", "in_review": "warning", "approved": "success",
                   "rejected": "danger", "disbursed": "success", "cancelled": "secondary"}


def _member_todos(user):
    """Help applications still being decided (已提交/审批中), followed on 我的救助申请. Care has no 需补充材料 state:
    what a member can act on is an application waiting (to add an attachment, or withdraw). One query, written out
    (core/rawsql.py: it runs on every 首页): `waiting_count` is `selectors.my_assistance_list` filtered to those two
    states, counted."""
    waiting = waiting_count(user)
    if not waiting:
        return []
    return [member.TodoItem("救助申请审批中", reverse("care:my_list"), urgency=40, count=waiting,
                            note="可在“我的救助申请”中查看进度、补充附件")]


def waiting_count(user) -> int:
    """How many of `selectors.my_assistance_list(user)` are 已提交 or 审批中: the member's own applications, and those
    made for them (aid kinds; a draft is never in these states). One hand-written COUNT."""
    from gonghui.core import rawsql

    from .models import Assistance

    if not getattr(user, "is_authenticated", False):
        return 0
    waiting = [Assistance.Status.SUBMITTED, Assistance.Status.IN_REVIEW]
    person_id = getattr(user, "person_id", None)
    given, params = "", []
    if person_id:
        kinds = list(Assistance.AID_KINDS)
        given = f" OR (a.person_id = %s AND a.kind IN ({', '.join(['%s'] * len(kinds))}))"
        params = [person_id, *kinds]
    sql = (f"SELECT COUNT(*) FROM {rawsql.table(Assistance)} a WHERE a.status IN (%s, %s) "
           f"AND (a.applicant_user_id = %s{given})")
    return rawsql.one(sql, [*waiting, user.pk, *params])[0]


def _member_rows(user):
    return [member.ApplicationRow(kind="救助", title=a.get_kind_display(), state=a.get_status_display(),
                                  tone=ASSISTANCE_TONE.get(a.status, "secondary"), on=a.applied_on,
                                  url=reverse("care:my_detail", args=[a.pk]))
            for a in selectors.my_assistance_list(user).select_related(None)[:20]]


member.register_todo(member.MemberTodo(key="care.assistance", items=_member_todos))
member.register_applications(member.MemberApplications(key="care.assistance", label="救助", rows=_member_rows,
                                                       order=20))
