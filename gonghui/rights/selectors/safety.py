"""Reads of the safety campaigns and the 安康杯 teams (the linked achievements competition's entries)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import SafetyCampaign

__all__ = ["campaigns", "campaign_get", "teams", "free_competitions"]


def campaigns(user, perm: str = Perm.RIGHTS_VIEW, *, within=None) -> QuerySet[SafetyCampaign]:
    qs = SafetyCampaign.objects.filter(org_q(user, perm)).select_related("org", "competition")
    return qs if within is None else qs.filter(org__path__startswith=within.path)


def campaign_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> SafetyCampaign:
    return get_object_or_404(campaigns(user, perm), pk=pk)


def teams(campaign: SafetyCampaign) -> list:
    """The 班组 of the campaign's 安康杯 (name, members, rank, award), best ranked first."""
    if campaign.competition_id is None:
        return []
    from gonghui.achievements.models import CompetitionEntry

    return list(CompetitionEntry.objects.filter(competition_id=campaign.competition_id).exclude(team="")
                .order_by("rank", "team", "id"))


def free_competitions(user, org) -> QuerySet:
    """The 安康杯 competitions of the union (and below) that no campaign links yet."""
    from gonghui.achievements.models import Competition

    linked = SafetyCampaign.objects.filter(competition__isnull=False).values("competition")
    return (Competition.objects.filter(org_q(user, Perm.ACHIEVE_VIEW), kind=Competition.Kind.ANKANG,
                                       org__path__startswith=org.path)
            .exclude(pk__in=linked).order_by("-starts_on"))
