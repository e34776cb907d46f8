"""Proposals on the member's phone and the officer's desk.

Messages (sent by services/proposals.py inside its transaction): the proposer hears of the review (立案 / 并案 / 作为意见
建议处理 / 不予立案) and of each answer; the department's contacts hear of an assignment and of a proposal sent back.
To-dos: proposals waiting for review and overdue answers (the committee and officers), proposals waiting for the
department contact's answer. Reminder (`gonghui remind`): answers due within 3 days or overdue, to the department's
contacts and (when overdue) to the union's committee.
Member entries: 提出提案, 附议提案 (服务), 我的提案 (我的); 首页 card: my proposals answered and waiting for my rating.
"""
from __future__ import annotations

import datetime

from django.urls import reverse

from gonghui.accounts.scope import Perm
from gonghui.portal import desk, member, messaging

from .. import proposals_import  # noqa: F401  (registers the proposals importer with the import engine)
from ..selectors import proposals as selectors

REVIEWED = messaging.register_kind(messaging.MessageKind("democracy.proposal_reviewed", "提案审查结果"))
ASSIGNED = messaging.register_kind(messaging.MessageKind("democracy.proposal_assigned", "提案交办"))
ANSWERED = messaging.register_kind(messaging.MessageKind("democracy.proposal_answered", "提案答复"))
SENT_BACK = messaging.register_kind(messaging.MessageKind("democracy.proposal_sent_back", "提案退回重办"))
DUE = messaging.register_kind(messaging.MessageKind("democracy.proposal_due", "提案答复期限提醒"))

DUE_DAYS = 3

desk.register(desk.TodoSource(
    key="democracy.proposals_review", label="待审查的提案", area="民主管理", perm=None, urgency=65,
    count=lambda user, org: selectors.to_review(user, within=org),
    url=lambda org: reverse("democracy:proposals_list") + "?state=submitted"))
desk.register(desk.TodoSource(
    key="democracy.proposals_overdue", label="提案答复逾期", area="民主管理", perm=Perm.DEMOCRACY_VIEW, urgency=62,
    count=lambda user, org: selectors.overdue(user, within=org),
    url=lambda org: reverse("democracy:proposals_list") + "?overdue=true"))
desk.register(desk.TodoSource(
    key="democracy.proposals_answer", label="待答复的提案", area="民主管理", perm=Perm.PROPOSAL_ANSWER, urgency=85,
    count=lambda user, org: selectors.to_answer(user, within=org),
    url=lambda org: reverse("democracy:proposals_department")))


def answers_due(day: datetime.date):
    """Assigned proposals due within 3 days or overdue → the department's contacts; overdue → also the committee."""
    committee: dict = {}
    qs = selectors.due_soon(desk.SYSTEM, on=day, days=DUE_DAYS).prefetch_related("department__contacts")
    for p in qs.iterator(chunk_size=500):
        late = p.due_on < day
        when = "已逾期" if late else f"将于{p.due_on:%Y年%-m月%-d日}到期"
        title = f"提案答复{when}：{p.code}"
        body = f"{p.code}《{p.title}》交{p.department.name}办理，答复期限{p.due_on:%Y年%-m月%-d日}，{when}。"
        url = reverse("democracy:proposals_detail", args=[p.pk])
        users = [u for u in p.department.contacts.all() if u.is_active]
        if late:
            if p.org_id not in committee:
                committee[p.org_id] = desk.officers(p.org, Perm.PROPOSAL_REVIEW)
            users += [u for u in committee[p.org_id] if u not in users]
        for user in users:
            yield desk.Notice(user, f"proposal:{p.pk}", title, body, url)


desk.register_reminder(desk.Reminder("democracy.proposals_due", "提案答复到期", DUE.key, answers_due))


def _card(user):
    """The member's answered proposals waiting for their rating: the first five of `selectors.to_rate(user)` (one
    query, written out since it runs on every 首页: `selectors.to_rate_head`)."""
    if getattr(user, "person_id", None) is None:
        return None
    waiting = selectors.to_rate_head(user, 5)
    if not waiting:
        return None
    return {"waiting": waiting}


member.register_entry(member.MemberEntry(
    key="democracy.proposal_new", label="提出提案", icon="lightbulb", url_name="democracy:proposals_my_new",
    section=member.SERVICES, order=40))
member.register_entry(member.MemberEntry(
    key="democracy.proposal_cosign", label="附议提案", icon="people", url_name="democracy:proposals_my_cosign",
    section=member.SERVICES, order=41))
member.register_entry(member.MemberEntry(
    key="democracy.proposal_mine", label="我的提案", icon="journal-text", url_name="democracy:proposals_my_list",
    section=member.MINE, order=40))
member.register_card(member.HomeCard(
    key="democracy.proposals", template="democracy/proposals/card_member.html", context=_card, order=30))
