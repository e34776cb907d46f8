"""Suggestions on the member's phone and the officer's desk.

Member entries: 提合理化建议 (服务), 我的建议 (我的); 首页 card: the member's latest suggestions with their state (one
query). Messages (sent by services/suggestions.py inside the step's transaction) at 评审, 评定, 采纳 and 效益核实.
To-dos: suggestions waiting for the panel member's score (评审小组, by person), suggestions to grade or adopt
(ACHIEVE_EDIT), suggestions unscored for 30 days (ACHIEVE_EDIT) — one COUNT each. Reminder (`gonghui remind`): a
suggestion unscored 30 days after submission → the union's ACHIEVE_EDIT officers, on the 30th day and then weekly
(the desk's dedupe is per day).
"""
from __future__ import annotations

from django.urls import reverse

from gonghui.orgs.models import Organization

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..selectors import suggestions as selectors

REVIEWING = messaging.register_kind(messaging.MessageKind("achievements.suggestion_reviewing", "合理化建议评审"))
GRADED = messaging.register_kind(messaging.MessageKind("achievements.suggestion_graded", "合理化建议评定"))
ADOPTED = messaging.register_kind(messaging.MessageKind("achievements.suggestion_adopted", "合理化建议采纳"))
UNSCORED = messaging.register_kind(messaging.MessageKind("achievements.suggestion_unscored", "合理化建议超期未评审"))
UNSCORED_DAYS = 30
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
desk.register(desk.TodoSource(
    key="achievements.suggestions_unscored", label=f"超过{UNSCORED_DAYS}天未评审的合理化建议", area="建功立业",
    perm=Perm.ACHIEVE_EDIT, urgency=60, count=lambda user, org: selectors.unscored(user, within=org, days=UNSCORED_DAYS),
    url=lambda org: reverse("achievements:suggestion_list") + "?state=submitted"))


def unscored(day):
    """Suggestions still unscored 30 days after submission → the officers (ACHIEVE_EDIT) of their union, on the 30th
    day and every 7 days after."""
    found: dict = {}
    for root in Organization.objects.filter(parent__isnull=True):
        rows = selectors.unscored(desk.SYSTEM, within=root, on=day, days=UNSCORED_DAYS).select_related("union")
        for s in rows.iterator(chunk_size=500):
            if (day - s.submitted_on).days % 7 != UNSCORED_DAYS % 7:
                continue
            if s.union_id not in found:
                found[s.union_id] = desk.officers(s.union, Perm.ACHIEVE_EDIT)
            for user in found[s.union_id]:
                yield desk.Notice(user, f"suggestion_unscored:{s.pk}",
                                  f"合理化建议{s.code}已提交{(day - s.submitted_on).days}天，尚未评审",
                                  f"“{s.title}”于{s.submitted_on:%Y年%-m月%-d日}提交，至今没有评审打分，请督促评审小组。",
                                  reverse("achievements:suggestion_detail", args=[s.pk]))


desk.register_reminder(desk.Reminder("achievements.suggestions_unscored", "合理化建议超期未评审", UNSCORED.key,
                                     unscored))
