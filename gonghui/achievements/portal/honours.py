"""Honours on the desk: nominations in 公示 or waiting to be publicised (ACHIEVE_EDIT; one COUNT)."""
from __future__ import annotations

from django.urls import reverse

from gonghui.accounts.roles import Perm
from gonghui.portal import desk

from ..selectors import honours as selectors

desk.register(desk.TodoSource(
    key="achievements.honours_pending", label="评先评优推荐待公示或批准", area="建功立业", perm=Perm.ACHIEVE_EDIT,
    urgency=45, count=lambda user, org: selectors.in_publicity(user, within=org),
    url=lambda org: reverse("achievements:honour_list") + "?state=pending"))
