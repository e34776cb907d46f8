"""The ledger on the officer's desk and the member's phone: the to-do 待入账分录 (proposals waiting in the current
organisation's subtree, FUNDS_EDIT, one COUNT) and the member's entry 收支公开 (服务): the union's published
statements drawn from the ledger."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member

from ..selectors import ledger as selectors

desk.register(desk.TodoSource(
    key="funds.ledger_proposed", label="待入账分录", area="经费管理", perm=Perm.FUNDS_EDIT, urgency=42,
    count=lambda user, org: selectors.proposed(user, within=org),
    url=lambda org: reverse("funds:ledger_inbox")))

member.register_entry(member.MemberEntry(
    key="funds.statements", label="经费收支公开", icon="cash-coin", url_name="funds:my_statements",
    section=member.SERVICES, order=45))
