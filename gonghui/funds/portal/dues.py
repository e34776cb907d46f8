"""Dues on the member's phone and the officer's desk: 我的会费 in 我的 (portal.member), and the to-do 会费欠缴 —
members' months due up to last month and not paid, in the current organisation's subtree (one COUNT through the
dues selectors)."""
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member

from ..selectors import dues as selectors

member.register_entry(member.MemberEntry(
    key="funds.my_dues", label="我的会费", icon="receipt", url_name="funds:my_dues", section=member.MINE, order=40))


def _last_month_end() -> datetime.date:
    return localdate().replace(day=1) - datetime.timedelta(days=1)


desk.register(desk.TodoSource(
    key="funds.arrears", label="会费欠缴（人·月）", area="经费管理", perm=Perm.FUNDS_EDIT, urgency=35,
    count=lambda user, org: selectors.arrears(user, within=org, until=_last_month_end()),
    url=lambda org: reverse("funds:dues_arrears")))
