"""Figures of the mass safety campaigns (codes "rights.safety.*"):
- `campaigns` (项): 安康杯, 安全生产月 and 监督员培训 campaigns starting in the period;
- `teams` (个): 班组 entered in the union's 安康杯 competitions starting in the period — the entries of the
  建功立业 area's competitions of kind 安康杯, the same rows achievements counts among all competitions' teams
  (`achievements.competitions.teams`), read here, never added to it;
- `supervisors_trained` (人): 群众安全生产监督员 trained by the training campaigns starting in the period.
"""
from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import SafetyCampaign


def started(org, start, end):
    return _subtree(SafetyCampaign.objects.filter(starts_on__range=(start, end)), org)


def ankang_teams(org, start, end):
    from gonghui.achievements.models import Competition, CompetitionEntry

    return _subtree(CompetitionEntry.objects.filter(competition__kind=Competition.Kind.ANKANG,
                                                    competition__starts_on__range=(start, end)).exclude(team=""),
                    org, "competition__org")


BY_KIND = Breakdown("按类别", "kind", dict(SafetyCampaign.Kind.choices))

METRICS = [
    Metric("rights.safety.campaigns", "开展群众性安全生产活动", "项", "events", started, value=Count("pk"),
           by={"kind": BY_KIND}, date_field="starts_on"),
    Metric("rights.safety.teams", "参加安康杯竞赛的班组", "个", "events", ankang_teams, value=Count("pk"),
           date_field="competition__starts_on", org_field="competition__org",
           note="建功立业中“安康杯”竞赛的参赛班组（与劳动竞赛参赛班组是同一批记录）"),
    Metric("rights.safety.supervisors_trained", "培训群众安全生产监督员", "人", "sum", started, value=Sum("trained"),
           where=Q(kind=SafetyCampaign.Kind.TRAINING), date_field="starts_on"),
]
KEY: list = []
CHARTS: list = []
