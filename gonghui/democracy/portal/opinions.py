"""Opinions (意见箱) on the member's phone and the officer's desk.

- 服务: 意见箱 (leave an opinion, named or anonymous; follow one's own; look an anonymous one up by its code).
- 待办: opinions not answered yet (DEMOCRACY_EDIT), one COUNT.
- Message: the named author's accounts when the answer is recorded (services/opinions.py; anonymous authors read it
  with their follow-up code, nobody can tell them).
"""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member, messaging

from ..selectors import opinions as selectors
from ..services.opinions import ANSWERED_KIND

ANSWERED = messaging.register_kind(messaging.MessageKind(ANSWERED_KIND, "意见建议答复"))

desk.register(desk.TodoSource(
    key="democracy.opinions_waiting", label="职工意见建议待答复", area="民主管理", perm=Perm.DEMOCRACY_EDIT,
    urgency=55, count=lambda user, org: selectors.waiting(user, within=org),
    url=lambda org: reverse("democracy:opinions_list") + "?status=open"))

member.register_entry(member.MemberEntry(
    key="democracy.opinions", label="意见箱", icon="mailbox", url_name="democracy:opinions_box",
    section=member.SERVICES, order=45))
