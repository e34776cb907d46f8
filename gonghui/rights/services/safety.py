"""Mass safety campaigns (安康杯, 安全生产月, 群众安全生产监督员培训). The 安康杯's teams are entries of the 建功立业
area's competition (`achievements.services.competitions`): a campaign links the union's 安康杯 competition, or
creates it there, and its teams are added there — one record per team for both areas."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import SafetyCampaign
from ._common import require, text

__all__ = ["campaign_create", "campaign_update", "team_add"]

UPDATABLE = {"title", "starts_on", "ends_on", "activities", "participants", "trained", "result", "note"}


def _count(value, label: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ServiceError(f"{label}应为整数。") from None
    if not 0 <= number <= 1_000_000:
        raise ServiceError(f"{label}应在0至1000000之间。")
    return number


def _clean(kind: str, values: dict) -> dict:
    out = dict(values)
    out["title"] = text(values.get("title"), 100)
    if not out["title"]:
        raise ServiceError("请填写活动名称（如：2025年“安全生产月”活动）。")
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if starts is None:
        raise ServiceError("请填写开始日期。")
    if starts.year < 2000 or starts > datetime.date.today() + datetime.timedelta(days=366):
        raise ServiceError("开始日期应在2000年以后、一年以内。")
    if ends is not None and ends < starts:
        raise ServiceError("结束日期不能早于开始日期。")
    out["activities"] = _count(values.get("activities"), "开展活动项数")
    out["participants"] = _count(values.get("participants"), "参与职工人次")
    out["trained"] = _count(values.get("trained"), "培训监督员人数")
    if kind == SafetyCampaign.Kind.TRAINING and not out["trained"]:
        raise ServiceError("监督员培训请填写培训人数。")
    if kind != SafetyCampaign.Kind.TRAINING and out["trained"]:
        raise ServiceError("培训人数只用于群众安全生产监督员培训。")
    out["result"] = text(values.get("result"), 200)
    out["note"] = text(values.get("note"), 500)
    return out


def _competition(actor, org, competition, title, starts_on, ends_on):
    from gonghui.achievements.models import Competition
    from gonghui.achievements.services.competitions import competition_create

    if competition is None:
        return competition_create(actor=actor, org=org, name=title, kind=Competition.Kind.ANKANG,
                                  starts_on=starts_on, ends_on=ends_on or datetime.date(starts_on.year, 12, 31),
                                  team_based=True)
    if competition.kind != Competition.Kind.ANKANG:
        raise ServiceError("所选竞赛不是“安康杯”竞赛。")
    if not competition.org.path.startswith(org.path):
        raise ServiceError("所选竞赛不是本工会（含下级）组织的。")
    require(actor, Perm.ACHIEVE_VIEW, competition.org)
    return competition


@transaction.atomic
def campaign_create(*, actor, org, kind: str, title: str, starts_on: datetime.date,
                    ends_on: datetime.date | None = None, competition=None, activities=None, participants=None,
                    trained=None, result: str = "", note: str = "") -> SafetyCampaign:
    """Record a campaign. A 安康杯 links the union's 安康杯 competition in 建功立业 (`competition`), or creates it
    there when none is given (its teams are added to it)."""
    require(actor, Perm.RIGHTS_EDIT, org)
    if kind not in SafetyCampaign.Kind.values:
        raise ServiceError("请选择活动类别（安康杯竞赛、安全生产月或监督员培训）。")
    values = _clean(kind, dict(title=title, starts_on=starts_on, ends_on=ends_on, activities=activities,
                               participants=participants, trained=trained, result=result, note=note))
    if kind == SafetyCampaign.Kind.ANKANG:
        competition = _competition(actor, org, competition, values["title"], starts_on, ends_on)
    elif competition is not None:
        raise ServiceError("只有“安康杯”竞赛关联建功立业中的竞赛。")
    try:
        with transaction.atomic():
            return SafetyCampaign.objects.create(org=org, kind=kind, competition=competition, **values)
    except IntegrityError:
        raise ServiceError("该“安康杯”竞赛已登记过。") from None


@transaction.atomic
def campaign_update(*, actor, campaign: SafetyCampaign, **fields) -> SafetyCampaign:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ServiceError("类别和关联的竞赛不能修改。")
    campaign = SafetyCampaign.objects.select_for_update().get(pk=campaign.pk)
    require(actor, Perm.RIGHTS_EDIT, campaign.org)
    current = {name: getattr(campaign, name) for name in UPDATABLE}
    for name, value in _clean(campaign.kind, {**current, **fields}).items():
        setattr(campaign, name, value)
    campaign.save()
    return campaign


@transaction.atomic
def team_add(*, actor, campaign: SafetyCampaign, team: str, members):
    """A 班组 enters the campaign's 安康杯 (an entry of the achievements competition; the same name twice is one)."""
    from gonghui.achievements.services.competitions import entry_add

    require(actor, Perm.RIGHTS_EDIT, campaign.org)
    if campaign.competition_id is None:
        raise ServiceError("只有“安康杯”竞赛登记参赛班组。")
    members = _count(members, "班组人数")
    if not members:
        raise ServiceError("请填写班组人数。")
    return entry_add(actor=actor, competition=campaign.competition, team=team, members=members)
