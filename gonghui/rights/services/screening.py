"""Petitions (信访) and risk screening (矛盾排查)."""
from __future__ import annotations

import datetime

from django.db import transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import Petition, Risk
from ._common import past_date, require, text

__all__ = ["petition_record", "petition_answer", "risk_record", "risk_resolve"]


@transaction.atomic
def petition_record(*, actor, org, channel: str, received_on: datetime.date, petitioner: str, matter: str,
                    people: int = 1, handler: str = "") -> Petition:
    require(actor, Perm.RIGHTS_EDIT, org)
    if channel not in Petition.Channel.values:
        raise ServiceError("请选择来访、来信、来电或网上。")
    petitioner, matter = text(petitioner, 50), text(matter, 500)
    if not petitioner or not matter:
        raise ServiceError("请填写来访（来信）人和反映事项。")
    if not people or people < 1:
        raise ServiceError("人数应为正整数。")
    return Petition.objects.create(org=org, channel=channel, received_on=past_date(received_on, "受理日期"),
                                   petitioner=petitioner, people=people, matter=matter, handler=text(handler, 50))


@transaction.atomic
def petition_answer(*, actor, petition: Petition, answer: str, answered_on: datetime.date) -> Petition:
    require(actor, Perm.RIGHTS_EDIT, petition.org)
    p = Petition.objects.select_for_update().get(pk=petition.pk)
    answer = text(answer, 500)
    if not answer:
        raise ServiceError("请填写答复意见。")
    answered_on = past_date(answered_on, "答复日期")
    if answered_on < p.received_on:
        raise ServiceError("答复日期不能早于受理日期。")
    p.answer, p.answered_on = answer, answered_on
    p.save(update_fields=["answer", "answered_on"])
    return p


@transaction.atomic
def risk_record(*, actor, org, screened_on: datetime.date, matter: str, people: int | None = None,
                measures: str = "") -> Risk:
    require(actor, Perm.RIGHTS_EDIT, org)
    matter = text(matter, 300)
    if not matter:
        raise ServiceError("请填写排查出的矛盾隐患。")
    return Risk.objects.create(org=org, screened_on=past_date(screened_on, "排查日期"), matter=matter,
                               people=people, measures=text(measures, 500))


@transaction.atomic
def risk_resolve(*, actor, risk: Risk, resolved_on: datetime.date, measures: str = "") -> Risk:
    require(actor, Perm.RIGHTS_EDIT, risk.org)
    r = Risk.objects.select_for_update().get(pk=risk.pk)
    resolved_on = past_date(resolved_on, "化解日期")
    if resolved_on < r.screened_on:
        raise ServiceError("化解日期不能早于排查日期。")
    r.resolved_on = resolved_on
    if measures:
        r.measures = text(measures, 500)
    r.save(update_fields=["resolved_on", "measures"])
    return r
