"""Writes of equipment and its loans (器材借用): lent and returned like books, counted by kind. A kind cannot lend
more than the union holds of it (the items out are counted under the row lock of the equipment)."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError

from ..models import Equipment, EquipmentKind, EquipmentLoan
from ._common import require, text

EQUIPMENT_DAYS = 7


@transaction.atomic
def equipment_create(*, actor, org, kind: str, name: str, quantity: int, note: str = "") -> Equipment:
    require(actor, Perm.HOME_EDIT, org)
    if kind not in EquipmentKind.values:
        raise ServiceError("请选择器材类别。")
    name = text(name, 50) or EquipmentKind(kind).label
    if quantity is None or quantity < 1:
        raise ServiceError("数量应至少为1。")
    if Equipment.objects.filter(org=org, name=name).exists():
        raise ServiceError(f"已有名为“{name}”的器材，请修改其数量。")
    return Equipment.objects.create(org=org, kind=kind, name=name, quantity=quantity, note=text(note, 200))


@transaction.atomic
def equipment_lend(*, actor, equipment: Equipment, person, quantity: int = 1, lent_on=None,
                   days: int = EQUIPMENT_DAYS) -> EquipmentLoan:
    require(actor, Perm.HOME_EDIT, equipment.org)
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    if person is None:
        raise ServiceError("请选择借用人。")
    if not person.org.path.startswith(equipment.org.path):
        raise ServiceError(f"{person.name}不在本会范围内，不能借用。")
    if quantity is None or quantity < 1:
        raise ServiceError("借用数量应至少为1。")
    out = sum(EquipmentLoan.objects.filter(equipment=equipment, returned_on__isnull=True)
              .values_list("quantity", flat=True))
    left = equipment.quantity - out
    if quantity > left:
        raise ServiceError(f"{equipment.name}共{equipment.quantity}{equipment.unit}，已借出{out}{equipment.unit}，"
                           f"现只有{left}{equipment.unit}可借。")
    lent_on = lent_on or localdate()
    if lent_on > localdate():
        raise ServiceError("借出日期在今天之后，请核对。")
    return EquipmentLoan.objects.create(org=equipment.org, equipment=equipment, kind=equipment.kind, person=person,
                                        quantity=quantity, lent_on=lent_on,
                                        due_on=lent_on + datetime.timedelta(days=days),
                                        lent_by=actor if getattr(actor, "pk", None) else None)


@transaction.atomic
def equipment_return(*, actor, loan: EquipmentLoan, on=None) -> EquipmentLoan:
    loan = EquipmentLoan.objects.select_for_update().select_related("equipment", "org").get(pk=loan.pk)
    require(actor, Perm.HOME_EDIT, loan.org)
    if loan.returned_on is not None:
        raise ServiceError(f"{loan.equipment.name}已于{loan.returned_on:%Y年%-m月%-d日}归还，不能重复归还。")
    on = on or localdate()
    if on < loan.lent_on:
        raise ServiceError("归还日期早于借出日期，请核对。")
    loan.returned_on = on
    loan.save(update_fields=["returned_on"])
    return loan
