"""Legal services (法律服务): consultations (a member asks from the phone, or the union records one), lawyers on
duty, 普法 lectures and campaigns."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import Consultation, LawyerDuty, Lecture
from ._common import past_date, person_of, require, text

__all__ = ["consult_ask", "consult_record", "consult_answer", "duty_record", "duty_update", "lecture_record",
           "lecture_update"]


@transaction.atomic
def consult_ask(*, actor, question: str, token: str = "") -> Consultation:
    """A member asks for legal advice from the phone (待答复 until the union answers)."""
    person = person_of(actor)
    token = text(token, 40)
    if token:
        same = Consultation.objects.filter(asker_user=actor, token=token).first()
        if same is not None:
            return same
    question = text(question, 500)
    if not question:
        raise ServiceError("请写明想咨询的问题。")
    try:
        with transaction.atomic():
            return Consultation.objects.create(org=person.org, asked_on=localdate(), asker=person.name,
                                               asker_user=actor, question=question, token=token)
    except IntegrityError:
        return Consultation.objects.get(asker_user=actor, token=token)


@transaction.atomic
def consult_record(*, actor, org, asked_on: datetime.date, asker: str, question: str,
                   kind: str = Consultation.Kind.CONSULT, answer: str = "", lawyer: str = "") -> Consultation:
    require(actor, Perm.RIGHTS_EDIT, org)
    if kind not in Consultation.Kind.values:
        raise ServiceError("请选择咨询或代理。")
    asked_on = past_date(asked_on, "咨询日期")
    asker, question = text(asker, 50), text(question, 500)
    if not asker or not question:
        raise ServiceError("请填写咨询人和咨询事项。")
    answer = text(answer, 1000)
    return Consultation.objects.create(org=org, kind=kind, asked_on=asked_on, asker=asker, question=question,
                                       answer=answer, answered_on=asked_on if answer else None,
                                       lawyer=text(lawyer, 50))


@transaction.atomic
def consult_answer(*, actor, consultation: Consultation, answer: str, lawyer: str = "",
                   answered_on: datetime.date | None = None) -> Consultation:
    require(actor, Perm.RIGHTS_EDIT, consultation.org)
    c = Consultation.objects.select_for_update().get(pk=consultation.pk)
    answer = text(answer, 1000)
    if not answer:
        raise ServiceError("请填写解答意见。")
    answered_on = past_date(answered_on or localdate(), "解答日期")
    if answered_on < c.asked_on:
        raise ServiceError("解答日期不能早于咨询日期。")
    c.answer, c.lawyer, c.answered_on = answer, text(lawyer, 50), answered_on
    c.save(update_fields=["answer", "lawyer", "answered_on"])
    if c.asker_user_id:
        from django.urls import reverse

        from gonghui.portal import messaging

        from ..portal.disputes import ADVICE

        messaging.send(c.asker_user, ADVICE.key, "您的法律咨询已答复", answer, reverse("rights:my_cases"),
                       dedupe_key=f"rights.advice:{c.pk}")
    return c


@transaction.atomic
def duty_record(*, actor, org, lawyer: str, on_day: datetime.date, hours, firm: str = "") -> LawyerDuty:
    require(actor, Perm.RIGHTS_EDIT, org)
    return LawyerDuty.objects.create(org=org, **_duty_fields(lawyer, on_day, hours, firm))


def _duty_fields(lawyer, on_day, hours, firm) -> dict:
    lawyer = text(lawyer, 50)
    if not lawyer:
        raise ServiceError("请填写坐班律师。")
    try:
        hours = Decimal(str(hours)).quantize(Decimal("0.1"))
    except Exception:  # noqa: BLE001 - any unreadable number
        raise ServiceError("坐班时长应为小时数，如 4 或 3.5。") from None
    if not Decimal("0") < hours <= Decimal("24"):
        raise ServiceError("坐班时长应在0至24小时之间。")
    return {"lawyer": lawyer, "firm": text(firm, 100), "on_day": past_date(on_day, "坐班日期"), "hours": hours}


@transaction.atomic
def duty_update(*, actor, duty: LawyerDuty, lawyer: str, on_day: datetime.date, hours, firm: str = "") -> LawyerDuty:
    require(actor, Perm.RIGHTS_EDIT, duty.org)
    d = LawyerDuty.objects.select_for_update().get(pk=duty.pk)
    for name, value in _duty_fields(lawyer, on_day, hours, firm).items():
        setattr(d, name, value)
    d.save()
    return d


@transaction.atomic
def lecture_record(*, actor, org, held_on: datetime.date, title: str, attendance: int, speaker: str = "",
                   kind: str = Lecture.Kind.LECTURE) -> Lecture:
    require(actor, Perm.RIGHTS_EDIT, org)
    return Lecture.objects.create(org=org, **_lecture_fields(held_on, title, attendance, speaker, kind))


def _lecture_fields(held_on, title, attendance, speaker, kind) -> dict:
    if kind not in Lecture.Kind.values:
        raise ServiceError("请选择活动类别。")
    title = text(title, 100)
    if not title:
        raise ServiceError("请填写主题。")
    if attendance is None or not 0 < attendance <= 1_000_000:
        raise ServiceError("参加人次应为正整数。")
    return {"kind": kind, "held_on": past_date(held_on, "日期"), "title": title, "speaker": text(speaker, 50),
            "attendance": attendance}


@transaction.atomic
def lecture_update(*, actor, lecture: Lecture, held_on: datetime.date, title: str, attendance: int,
                   speaker: str = "", kind: str = Lecture.Kind.LECTURE) -> Lecture:
    require(actor, Perm.RIGHTS_EDIT, lecture.org)
    x = Lecture.objects.select_for_update().get(pk=lecture.pk)
    for name, value in _lecture_fields(held_on, title, attendance, speaker, kind).items():
        setattr(x, name, value)
    x.save()
    return x
