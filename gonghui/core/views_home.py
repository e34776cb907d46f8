from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from gonghui.accounts.scope import is_member_only
from gonghui.members.metrics import members_by_month, overview


@login_required
def home(request):
    """The union's key figures for the current organisation's subtree, with the membership trend."""
    if is_member_only(request.user):
        return redirect("members:me")
    org = request.current_org
    if org is None:
        return render(request, "core/home.html", {"title": "首页", "no_org": True})
    figures = overview(org)
    trend = members_by_month(org)
    return render(request, "core/home.html", {
        "title": "首页",
        "org": org,
        "figures": figures,
        "trend_json": json.dumps({"months": [m for m, _ in trend], "members": [n for _, n in trend]}),
        "composition_json": json.dumps([
            {"name": "在职会员", "value": figures.members - figures.retired_members},
            {"name": "退休会员", "value": figures.retired_members},
        ], ensure_ascii=False),
    })
