from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.utils.timezone import localdate

from gonghui.accounts.scope import is_member_only
from gonghui.members import versioning
from gonghui.members.metrics import members_by_month, overview
from gonghui.portal import desk

HOME_CACHE_SECONDS = 6 * 3600


def home_figures(org):
    """The key figures and the 12-month trend of the organisation's subtree today, cached under the membership
    data's change counter (members.versioning): a federation's figures read 200,000 memberships (1.6 s on
    SQLite), yet after any write the counter has moved and they are computed afresh — never stale."""
    day = localdate()
    key = f"home-figures:{org.pk}:{org.path}:{day.isoformat()}:{versioning.current()}"
    found = cache.get(key)
    if found is None:
        found = (overview(org, day), members_by_month(org, day))
        cache.set(key, found, HOME_CACHE_SECONDS)
    return found


@login_required
def home(request):
    """The union's key figures for the current organisation's subtree, with the membership trend."""
    if is_member_only(request.user):
        return redirect("portal:member_home")
    org = request.current_org
    if org is None:
        return render(request, "core/home.html", {"title": "首页", "no_org": True})
    figures, trend = home_figures(org)
    return render(request, "core/home.html", {
        "title": "首页",
        "org": org,
        "figures": figures,
        "todos": desk.todos(request.user, org),
        "trend_json": json.dumps({"months": [m for m, _ in trend], "members": [n for _, n in trend]}),
        "composition_json": json.dumps([
            {"name": "在职会员", "value": figures.members - figures.retired_members},
            {"name": "退休会员", "value": figures.retired_members},
        ], ensure_ascii=False),
    })
