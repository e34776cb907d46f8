"""Petitions (信访) and risk screening (矛盾排查)."""
from __future__ import annotations

import datetime

from django.db import transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import Petition, Risk
from ._common import past_date, require, text

__all__ = ["petition_record", "petition_answer", "petition_update", "risk_record", "risk_resolve", "risk_update"]


@transaction.atomic
def petition_record(*, actor, org, channel: str, received_on: datetime.date, petitioner: str, matter: str,
                    people: int = 1, handler: str = "", answer: str = "",
                    answered_on: datetime.date | None = None) -> Petition:
    require(actor, Perm.RIGHTS_EDIT, org)
    if channel not in Petition.Channel.values:
        raise ServiceError("请选择来访、来信、来电或网上。")
    petitioner, matter = text(petitioner, 50), text(matter, 500)
    if not petitioner or not matter:
        raise ServiceError("请填写来访（来信）人和反映事项。")
    if not people or people < 1:
        raise ServiceError("人数应为正整数。")
    received_on = past_date(received_on, "受理日期")
    answer, answered_on = _answer_checked(answer, answered_on, received_on)
    return Petition.objects.create(org=org, channel=channel, received_on=received_on, petitioner=petitioner,
                                   people=people, matter=matter, handler=text(handler, 50), answer=answer,
                                   answered_on=answered_on)


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
                measures: str = "", resolved_on: datetime.date | None = None) -> Risk:
    require(actor, Perm.RIGHTS_EDIT, org)
    matter = text(matter, 300)
    if not matter:
        raise ServiceError("请填写排查出的矛盾隐患。")
    if people is not None and people < 0:
        raise ServiceError("涉及职工人数不能为负数。")
    screened_on = past_date(screened_on, "排查日期")
    resolved_on = past_date(resolved_on, "化解日期", required=False)
    if resolved_on is not None and resolved_on < screened_on:
        raise ServiceError("化解日期不能早于排查日期。")
    return Risk.objects.create(org=org, screened_on=screened_on, matter=matter, people=people,
                               measures=text(measures, 500), resolved_on=resolved_on)


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


def _answer_checked(answer: str, answered_on, received_on) -> tuple[str, datetime.date | None]:
    """An answer and its date go together; the date is not before the petition was received."""
    answer = text(answer, 500)
    answered_on = past_date(answered_on, "答复日期", required=False)
    if answer and answered_on is None:
        raise ServiceError("填写了答复意见，请同时填写答复日期。")
    if answered_on is not None and not answer:
        raise ServiceError("填写了答复日期，请同时填写答复意见。")
    if answered_on is not None and answered_on < received_on:
        raise ServiceError("答复日期不能早于受理日期。")
    return answer, answered_on


@transaction.atomic
def petition_update(*, actor, petition: Petition, channel: str, received_on: datetime.date, petitioner: str,
                    matter: str, people: int = 1, handler: str = "", answer: str = "",
                    answered_on: datetime.date | None = None) -> Petition:
    """Correct a petition (every field, the answer too); an answer cannot predate the petition."""
    require(actor, Perm.RIGHTS_EDIT, petition.org)
    p = Petition.objects.select_for_update().get(pk=petition.pk)
    if channel not in Petition.Channel.values:
        raise ServiceError("请选择来访、来信、来电或网上。")
    petitioner, matter = text(petitioner, 50), text(matter, 500)
    if not petitioner or not matter:
        raise ServiceError("请填写来访（来信）人和反映事项。")
    if not people or people < 1:
        raise ServiceError("人数应为正整数。")
    received_on = past_date(received_on, "受理日期")
    answer, answered_on = _answer_checked(answer, answered_on, received_on)
    p.channel, p.received_on, p.petitioner, p.matter = channel, received_on, petitioner, matter
    p.people, p.handler, p.answer, p.answered_on = people, text(handler, 50), answer, answered_on
    p.save()
    return p


@transaction.atomic
def risk_update(*, actor, risk: Risk, screened_on: datetime.date, matter: str, people: int | None = None,
                measures: str = "", resolved_on: datetime.date | None = None) -> Risk:
    """Correct a risk found by screening; clearing the resolution date puts it back to 正在化解."""
    require(actor, Perm.RIGHTS_EDIT, risk.org)
    r = Risk.objects.select_for_update().get(pk=risk.pk)
    matter = text(matter, 300)
    if not matter:
        raise ServiceError("请填写排查出的矛盾隐患。")
    if people is not None and people < 0:
        raise ServiceError("涉及职工人数不能为负数。")
    screened_on = past_date(screened_on, "排查日期")
    resolved_on = past_date(resolved_on, "化解日期", required=False)
    if resolved_on is not None and resolved_on < screened_on:
        raise ServiceError("化解日期不能早于排查日期。")
    r.screened_on, r.matter, r.people, r.measures, r.resolved_on = (screened_on, matter, people,
                                                                     text(measures, 500), resolved_on)
    r.save()
    return r
