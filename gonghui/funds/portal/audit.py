"""经审 on the officer's desk: the treasurer's to-do (findings awaiting a reply, FUNDS_EDIT) and the auditor's
(unions in the subtree whose books of this year have entries and have not been checked yet, FUNDS_AUDIT); the
messages sent when a finding is raised and when it is answered. One COUNT each."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, messaging

from ..selectors import audit as selectors
from ..services.audit import FINDING_KIND, REPLY_KIND

messaging.register_kind(messaging.MessageKind(FINDING_KIND, "经审发现问题"))
messaging.register_kind(messaging.MessageKind(REPLY_KIND, "经审问题答复"))

desk.register(desk.TodoSource(
    key="funds.findings", label="经审问题待答复", area="经费管理", perm=Perm.FUNDS_EDIT, urgency=65,
    count=lambda user, org: selectors.awaiting_reply(user, within=org),
    url=lambda org: reverse("funds:audit") + "?open=1"))

desk.register(desk.TodoSource(
    key="funds.unchecked", label="本年度经费尚未核查（个工会）", area="经费审查", perm=Perm.FUNDS_AUDIT, urgency=30,
    count=lambda user, org: selectors.unchecked(user, within=org),
    url=lambda org: reverse("funds:audit_run")))
