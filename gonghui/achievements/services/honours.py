"""Honours (评先评优): honours awarded by others recorded as they are; the union's own awards through nomination
(推荐 → 公示 → 批准). An approved 劳动模范 gives the person the model-worker category of its level."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import Honour, HonourLevel, HonourTitle
from ..models.honours import UNIT_TITLES
from ._common import past_date, require, text

__all__ = ["honour_record", "honour_nominate", "honour_publicise", "honour_approve", "honour_withdraw",
           "MODEL_WORKER_LEVEL"]

H = Honour.State
#: 劳动模范 of a level → the person's category (members.Person.ModelWorker), highest first.
MODEL_WORKER_LEVEL = {
    HonourLevel.NATIONAL: Person.ModelWorker.NATIONAL,
    HonourLevel.PROVINCE: Person.ModelWorker.PROVINCIAL,
    HonourLevel.CITY: Person.ModelWorker.MUNICIPAL,
    HonourLevel.COUNTY: Person.ModelWorker.DISTRICT,
    HonourLevel.SYSTEM: Person.ModelWorker.ENTERPRISE,
    HonourLevel.INTERNAL: Person.ModelWorker.ENTERPRISE,
}
_RANK = [Person.ModelWorker.NATIONAL, Person.ModelWorker.PROVINCIAL, Person.ModelWorker.MUNICIPAL,
         Person.ModelWorker.DISTRICT, Person.ModelWorker.ENTERPRISE, Person.ModelWorker.NONE]


def _recipient(union: Organization, kind: str, person: Person | None, unit_name: str, unit_org) -> tuple:
    """(org, person, unit_name) of the honour, refusing a person or unit outside the union."""
    if kind == Honour.Kind.PERSON:
        if person is None:
            raise ServiceError("请选择获奖个人。")
        if not person.org.path.startswith(union.path):
            raise ServiceError(f"{person.name}不是{union.name}的职工（会员），不能为其登记荣誉。")
        return person.org, person, ""
    if kind == Honour.Kind.UNIT:
        unit_name = text(unit_name, 100)
        org = unit_org or union
        if not org.path.startswith(union.path):
            raise ServiceError(f"{org.name}不在{union.name}范围内。")
        if not unit_name:
            unit_name = org.name
        return org, None, unit_name
    raise ServiceError("请选择获奖对象（个人或集体）。")


def _check(title, name, level, year):
    if title not in HonourTitle.values:
        raise ServiceError("请选择荣誉类别。")
    if level not in HonourLevel.values:
        raise ServiceError("请选择荣誉级别（全国、省级、市级、区县级、系统、本单位）。")
    name = text(name, 100)
    if not name:
        raise ServiceError("请填写荣誉称号。")
    if year is None or not 1949 <= int(year) <= localdate().year:
        raise ServiceError(f"年度应在1949至{localdate().year}年之间。")
    return name


def _kind_fits(kind, title):
    if kind == Honour.Kind.PERSON and title in UNIT_TITLES:
        raise ServiceError(f"“{HonourTitle(title).label}”是集体荣誉，请选择获奖集体。")


def _model_worker(honour: Honour) -> None:
    """An approved 劳动模范 sets the person's category when its level is higher than the one recorded."""
    if honour.title != HonourTitle.MODEL_WORKER or honour.person_id is None or honour.state != H.APPROVED:
        return
    person = Person.objects.select_for_update().get(pk=honour.person_id)
    new = MODEL_WORKER_LEVEL[honour.level]
    if _RANK.index(new) < _RANK.index(person.model_worker or Person.ModelWorker.NONE):
        person.model_worker = new
        person.version += 1  # an open edit form of the person then asks to reload (optimistic locking)
        person.save(update_fields=["model_worker", "version"])


@transaction.atomic
def honour_record(*, actor, union: Organization, kind: str, title: str, name: str, level: str, year: int,
                  awarded_by: str, awarded_on: datetime.date, person: Person | None = None, unit_name: str = "",
                  unit_org: Organization | None = None, deeds: str = "", note: str = "") -> Honour:
    """An honour already awarded (by an upper union, a government, the employer …), recorded as approved. The same
    honour entered twice (recipient, name, year) is recorded once."""
    require(actor, Perm.ACHIEVE_EDIT, union)
    org, person, unit_name = _recipient(union, kind, person, unit_name, unit_org)
    _kind_fits(kind, title)
    name = _check(title, name, level, year)
    awarded_by = text(awarded_by, 100)
    if not awarded_by:
        raise ServiceError("请填写授予单位。")
    awarded_on = past_date(awarded_on, "授予日期")
    if awarded_on.year not in (int(year), int(year) + 1):
        raise ServiceError(f"授予日期{awarded_on:%Y年%-m月%-d日}与年度{year}年不符。")
    same = Honour.objects.filter(person=person, unit_name=unit_name, org=org, name=name, year=year).first()
    if same is not None:
        return same
    honour = Honour.objects.create(org=org, kind=kind, person=person, unit_name=unit_name, title=title, name=name,
                                   level=level, year=year, awarded_by=awarded_by, awarded_on=awarded_on,
                                   state=H.APPROVED, deeds=(deeds or "").strip()[:4000], note=text(note, 200),
                                   recorded_by=actor if getattr(actor, "pk", None) else None)
    _model_worker(honour)
    return honour


@transaction.atomic
def honour_nominate(*, actor, union: Organization, kind: str, title: str, name: str, year: int,
                    nominated_on: datetime.date | None = None, person: Person | None = None, unit_name: str = "",
                    unit_org: Organization | None = None, nominated_by: str = "", deeds: str = "") -> Honour:
    """A nomination for one of the union's own awards (本单位 level, awarded by the union)."""
    require(actor, Perm.ACHIEVE_EDIT, union)
    if union.kind not in Organization.UNION_KINDS:
        raise ServiceError("评先评优由工会组织。")
    org, person, unit_name = _recipient(union, kind, person, unit_name, unit_org)
    _kind_fits(kind, title)
    name = _check(title, name, HonourLevel.INTERNAL, year)
    if Honour.objects.filter(person=person, unit_name=unit_name, org=org, name=name, year=year).exclude(
            state=H.WITHDRAWN).exists():
        raise ServiceError(f"{person.name if person else unit_name}已被推荐（或已获得）{year}年度“{name}”。")
    on = past_date(nominated_on or localdate(), "推荐日期")
    return Honour.objects.create(org=org, kind=kind, person=person, unit_name=unit_name, title=title, name=name,
                                 level=HonourLevel.INTERNAL, year=year, awarded_by=union.name, state=H.NOMINATED,
                                 nominated_on=on, nominated_by=text(nominated_by, 100) or union.name,
                                 deeds=(deeds or "").strip()[:4000],
                                 recorded_by=actor if getattr(actor, "pk", None) else None)


@transaction.atomic
def honour_publicise(*, actor, honour: Honour, starts_on: datetime.date, ends_on: datetime.date) -> Honour:
    """公示: the nomination is published from starts_on to ends_on (at least 5 days, as is usual)."""
    h = Honour.objects.select_for_update().get(pk=honour.pk)
    require(actor, Perm.ACHIEVE_EDIT, h.org)
    if h.state == H.PUBLICISED and (h.publicity_from, h.publicity_until) == (starts_on, ends_on):
        return h
    if h.state != H.NOMINATED:
        raise ServiceError(f"只有已推荐的对象可以公示（当前：{h.get_state_display()}）。")
    if starts_on is None or ends_on is None:
        raise ServiceError("请填写公示起止日期。")
    if ends_on < starts_on + datetime.timedelta(days=4):
        raise ServiceError("公示期不少于5天。")
    if h.nominated_on and starts_on < h.nominated_on:
        raise ServiceError("公示开始日期不能早于推荐日期。")
    h.state, h.publicity_from, h.publicity_until = H.PUBLICISED, starts_on, ends_on
    h.save(update_fields=["state", "publicity_from", "publicity_until"])
    return h


@transaction.atomic
def honour_approve(*, actor, honour: Honour, approved_on: datetime.date | None = None) -> Honour:
    """批准 after the publicity period has ended."""
    h = Honour.objects.select_for_update().get(pk=honour.pk)
    require(actor, Perm.ACHIEVE_EDIT, h.org)
    if h.state == H.APPROVED:
        return h
    if h.state != H.PUBLICISED:
        raise ServiceError("须经公示后才能批准。")
    on = past_date(approved_on or localdate(), "批准日期")
    if on <= h.publicity_until:
        raise ServiceError(f"公示期至{h.publicity_until:%Y年%-m月%-d日}，期满后才能批准。")
    h.state, h.awarded_on = H.APPROVED, on
    h.save(update_fields=["state", "awarded_on"])
    _model_worker(h)
    return h


@transaction.atomic
def honour_withdraw(*, actor, honour: Honour, reason: str) -> Honour:
    h = Honour.objects.select_for_update().get(pk=honour.pk)
    require(actor, Perm.ACHIEVE_EDIT, h.org)
    if h.state == H.WITHDRAWN:
        return h
    if h.state == H.APPROVED:
        raise ServiceError("已批准的荣誉不能撤回。")
    reason = text(reason, 200)
    if not reason:
        raise ServiceError("请填写未通过（撤回）的原因。")
    h.state, h.note = H.WITHDRAWN, reason
    h.save(update_fields=["state", "note"])
    return h
