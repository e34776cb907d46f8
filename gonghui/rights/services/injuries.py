"""Work injuries (工伤): record and correct them; the union's visit and help go through care's services
(`care.services.condolence.condolence_record` with 事由 工伤, `care.services.assistance.assistance_create`) and are
linked to the injury, or an existing care record of the same person is linked."""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import InjuryCare, WorkInjury
from ._common import past_date, require, text

__all__ = ["injury_record", "injury_update", "injury_visit", "injury_assist", "injury_link"]

UPDATABLE = {"occurred_on", "place", "description", "severity", "recognition", "recognition_on", "days_off",
             "help_note"}


def _clean(values: dict) -> dict:
    out = dict(values)
    out["occurred_on"] = past_date(values.get("occurred_on"), "受伤日期")
    out["place"] = text(values.get("place"), 100)
    if not out["place"]:
        raise ServiceError("请填写受伤地点（如：二车间冲压线）。")
    out["description"] = (values.get("description") or "").strip()[:5000]
    if not out["description"]:
        raise ServiceError("请写明事故经过与伤情。")
    if values.get("severity") not in WorkInjury.Severity.values:
        raise ServiceError("请选择伤害程度（轻伤、重伤或死亡）。")
    recognition = values.get("recognition") or WorkInjury.Recognition.NONE
    if recognition not in WorkInjury.Recognition.values:
        raise ServiceError("请选择工伤认定情况。")
    out["recognition"] = recognition
    on = values.get("recognition_on")
    if recognition == WorkInjury.Recognition.NONE:
        on = None
    else:
        on = past_date(on, "认定（申请）日期", required=False)
        if on is None:
            raise ServiceError("已申请或已作出工伤认定的，请填写认定（申请）日期。")
        if on < out["occurred_on"]:
            raise ServiceError("认定（申请）日期不能早于受伤日期。")
    out["recognition_on"] = on
    days = values.get("days_off")
    if days in ("", None):
        days = None
    else:
        try:
            days = int(days)
        except (TypeError, ValueError):
            raise ServiceError("停工留薪天数应为整数。") from None
        if not 0 <= days <= 3650:
            raise ServiceError("停工留薪天数应在0至3650天之间。")
    out["days_off"] = days
    out["help_note"] = text(values.get("help_note"), 300)
    return out


@transaction.atomic
def injury_record(*, actor, person, occurred_on: datetime.date, place: str, description: str, severity: str,
                  recognition: str = WorkInjury.Recognition.NONE, recognition_on: datetime.date | None = None,
                  days_off=None, help_note: str = "") -> WorkInjury:
    """An officer records a member's work injury (in the member's own union)."""
    require(actor, Perm.RIGHTS_EDIT, person.org)
    values = _clean(dict(occurred_on=occurred_on, place=place, description=description, severity=severity,
                         recognition=recognition, recognition_on=recognition_on, days_off=days_off,
                         help_note=help_note))
    return WorkInjury.objects.create(org=person.org, person=person, **values)


@transaction.atomic
def injury_update(*, actor, injury: WorkInjury, **fields) -> WorkInjury:
    """Correct the record or bring it up to date (工伤认定, days off, help): audited with before/after values."""
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ServiceError("受伤职工不能修改；登记错了请删除后重新登记。")
    injury = WorkInjury.objects.select_for_update().get(pk=injury.pk)
    require(actor, Perm.RIGHTS_EDIT, injury.org)
    current = {name: getattr(injury, name) for name in UPDATABLE}
    for name, value in _clean({**current, **fields}).items():
        setattr(injury, name, value)
    injury.save()
    return injury


def _link(injury: WorkInjury, **record) -> InjuryCare:
    try:
        with transaction.atomic():
            return InjuryCare.objects.create(injury=injury, **record)
    except IntegrityError:
        raise ServiceError("该记录已关联到这次工伤。") from None


@transaction.atomic
def injury_visit(*, actor, injury: WorkInjury, visited_on: datetime.date, amount=None, form: str = "cash",
                 gift: str = "", visitors: str = "", note: str = ""):
    """The union visits the injured member: a care condolence (事由 工伤; care's fund rules and caps apply; needs
    CARE_EDIT), linked to the injury."""
    from gonghui.care.models import Occasion
    from gonghui.care.services.condolence import condolence_record

    require(actor, Perm.RIGHTS_EDIT, injury.org)
    visited_on = past_date(visited_on, "慰问日期")
    if visited_on < injury.occurred_on:
        raise ServiceError("慰问日期不能早于受伤日期。")
    c = condolence_record(actor=actor, person=injury.person, occasion=Occasion.INJURY, visited_on=visited_on,
                          amount=amount, form=form, gift=gift, visitors=visitors,
                          note=note or f"工伤慰问（{injury.occurred_on:%Y-%m-%d}受伤）", org=injury.org)
    _link(injury, condolence=c)
    return c


@transaction.atomic
def injury_assist(*, actor, injury: WorkInjury, kind: str, amount, reason: str,
                  applied_on: datetime.date | None = None, submit: bool = True):
    """Help beyond a visit: a care assistance application for the injured member (care's approval flow and fund
    rules apply; needs CARE_EDIT), linked to the injury."""
    from gonghui.care.models import Assistance
    from gonghui.care.services.assistance import assistance_create

    require(actor, Perm.RIGHTS_EDIT, injury.org)
    if kind not in Assistance.AID_KINDS:
        raise ServiceError("请选择救助类别（日常救助、大病救助等）。")
    reason = (reason or "").strip() or f"{injury.occurred_on:%Y-%m-%d}因工受伤，生活困难"
    a = assistance_create(actor=actor, person=injury.person, kind=kind, amount=amount, reason=reason,
                          applied_on=applied_on or injury.occurred_on, submit=submit)
    _link(injury, assistance=a)
    return a


@transaction.atomic
def injury_link(*, actor, injury: WorkInjury, condolence=None, assistance=None) -> InjuryCare:
    """Link a visit or an assistance already recorded in care (the same member, not before the injury)."""
    require(actor, Perm.RIGHTS_EDIT, injury.org)
    if (condolence is None) == (assistance is None):
        raise ServiceError("请选择一条慰问记录或一条救助记录。")
    record = condolence or assistance
    require(actor, Perm.CARE_VIEW, record.org)
    if record.person_id != injury.person_id:
        raise ServiceError("所选记录不是这位受伤职工的。")
    day = condolence.visited_on if condolence is not None else assistance.applied_on
    if day < injury.occurred_on:
        raise ServiceError("所选记录的日期早于受伤日期，不是这次工伤的慰问或帮扶。")
    if condolence is not None:
        return _link(injury, condolence=condolence)
    return _link(injury, assistance=assistance)
