"""Suggestions on the member's phone and the officer's desk.

Member entries: 提合理化建议 (服务), 我的建议 (我的); 首页 card: the member's latest suggestions with their state (one
query). Messages (sent by services/suggestions.py inside the step's transaction) at 评审, 评定, 采纳 and 效益核实.
To-dos: suggestions waiting for the panel member's score (评审小组, by person), suggestions to grade or adopt
(ACHIEVE_EDIT) — one COUNT each.
"""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..selectors import suggestions as selectors

REVIEWING = messaging.register_kind(messaging.MessageKind("achievements.suggestion_reviewing", "合理化建议评审"))
GRADED = messaging.register_kind(messaging.MessageKind("achievements.suggestion_graded", "合理化建议评定"))
ADOPTED = messaging.register_kind(messaging.MessageKind("achievements.suggestion_adopted", "合理化建议采纳"))
BENEFIT = messaging.register_kind(messaging.MessageKind("achievements.suggestion_benefit", "合理化建议效益"))

member.register_entry(member.MemberEntry(
    key="achievements.suggestion_new", label="提合理化建议", icon="lightbulb", url_name="achievements:my_suggestion_new",
    section=member.SERVICES, order=45))
member.register_entry(member.MemberEntry(
    key="achievements.suggestion_mine", label="我的建议", icon="lightbulb", url_name="achievements:my_suggestions",
    section=member.MINE, order=45))


def _card(user):
    if getattr(user, "person_id", None) is None:
        return None
    rows = list(selectors.mine(user).only("pk", "title", "state", "code", "benefit").order_by("-submitted_on", "-id")[:3])
    if not rows:
        return None
    return {"rows": rows}


member.register_card(member.HomeCard(
    key="achievements.suggestions", template="achievements/card_member.html", context=_card, order=35))

desk.register(desk.TodoSource(
    key="achievements.suggestions_score", label="待评审的合理化建议", area="建功立业", perm=None, urgency=58,
    count=lambda user, org: selectors.to_score(user, within=org),
    url=lambda org: reverse("achievements:panel_list")))
desk.register(desk.TodoSource(
    key="achievements.suggestions_decide", label="待评定或采纳的合理化建议", area="建功立业", perm=Perm.ACHIEVE_EDIT,
    urgency=56, count=lambda user, org: selectors.to_decide(user, within=org),
    url=lambda org: reverse("achievements:suggestion_list") + "?state=reviewing"))
