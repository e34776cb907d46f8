"""Pages of labour competitions (the list, one competition with its ranking and awards) and mentoring pairs."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org

from ..models import CompetitionScore
from ..selectors import competitions as selectors
from ..services.competitions import ranking


def _org(request):
    org = request.current_org
    if org is None or not can_on_org(request.user, Perm.ACHIEVE_VIEW, org):
        raise Http404("未找到该页面")
    return org


@login_required
def competition_list(request):
    org = _org(request)
    rows = selectors.competitions(request.user, within=org).order_by("-starts_on", "id")[:200]
    return render(request, "achievements/competition_list.html", {"title": "劳动竞赛与技能比武", "rows": rows})


@login_required
def competition_detail(request, pk):
    c = selectors.competition_get(request.user, pk)
    entries = ranking(c) if c.state == c.State.OPEN else list(c.entries.select_related("person").order_by(
        "rank", "team", "id"))
    scores = {}
    for s in CompetitionScore.objects.filter(entry__competition=c).values_list("entry_id", "round", "score"):
        scores[(s[0], s[1])] = s[2]
    rows = [(e, [scores.get((e.pk, n), "") for n in range(1, c.rounds + 1)]) for e in entries]
    return render(request, "achievements/competition_detail.html", {
        "title": c.name, "c": c, "rows": rows, "round_numbers": range(1, c.rounds + 1)})


@login_required
def pair_list(request):
    org = _org(request)
    rows = selectors.pairs(request.user, within=org).order_by("-started_on", "id")[:300]
    return render(request, "achievements/pair_list.html", {"title": "师带徒", "rows": rows})
