"""Helpers shared by the care services: the acting user and scope, money, dates, goods lists."""
from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation

from django.utils.timezone import localdate

from gonghui.accounts.scope import require_actor
from gonghui.core.context import acting_user  # noqa: F401 - the care services import it from here
from gonghui.core.errors import ServiceError
from gonghui.core.money import to_money

from django.db.models import Q

from ..models import MAX_AMOUNT, HardshipFile

OUT_OF_SCOPE = "未找到该人员或记录，或不在您的管辖范围内。"


def require(actor, perm: str, org) -> None:
    """accounts.scope.require_actor with the care services' message."""
    require_actor(actor, perm, org, OUT_OF_SCOPE)


def money(value, *, label: str = "金额", allow_zero: bool = False) -> Decimal:
    """A money amount: Decimal with at most 2 places, > 0 (or ≥ 0), below MAX_AMOUNT. Never a float."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ServiceError(f"请填写{label}。")
    if isinstance(value, float) or isinstance(value, bool):
        raise ServiceError(f"{label}格式不正确。")
    try:
        raw = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ServiceError(f"{label}请填写数字。") from None
    if not raw.is_finite():
        raise ServiceError(f"{label}请填写数字。")
    if raw < 0:
        raise ServiceError(f"{label}不能为负数。")
    if raw >= MAX_AMOUNT:
        raise ServiceError(f"{label}{raw:f}元超出合理范围（应小于100万元），请核对是否多输了位数。")
    if raw != raw.quantize(Decimal("0.01"), rounding=ROUND_DOWN):
        raise ServiceError(f"{label}最多保留两位小数（角、分）。")
    amount = to_money(raw)
    if amount == 0 and not allow_zero:
        raise ServiceError(f"{label}必须大于零。")
    return amount


def optional_money(value, *, label: str = "金额", allow_zero: bool = True) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return money(value, label=label, allow_zero=allow_zero)


def record_date(day: datetime.date | None, label: str, *, person, family_member=None, occasion: str = "",
                about_death: bool = False) -> None:
    """members.validators.check_date for a care record: about the member's death (本人去世, 遗属供养) it may not be
    before the death; for a family member (the recipient is the family) the member's death does not limit it."""
    from gonghui.members.validators import ABOUT_DEATH, AFTER_OK, BEFORE_DEATH, check_date

    death = ABOUT_DEATH if about_death else (AFTER_OK if family_member is not None else BEFORE_DEATH)
    check_date(day, label, person=person, family_member=family_member, death=death)


def not_future(day: datetime.date | None, label: str) -> None:
    if day is None:
        raise ServiceError(f"请填写{label}。")
    if day > localdate():
        raise ServiceError(f"{label}不能晚于今天。")


def require_child(family_member, *, label: str = "受助子女") -> None:
    """Education aid (助学, 金秋助学) goes to a child of the member: a spouse or parent is refused, naming who it is."""
    from gonghui.members.models import FamilyMember

    if family_member is None:
        raise ServiceError("助学请选择受助的子女（先在家属中登记）。")
    if family_member.relation != FamilyMember.Relation.CHILD:
        raise ServiceError(f"{label}须是该职工的子女：“{family_member.name}”登记为其"
                           f"{family_member.get_relation_display()}。")


def clean_goods(items) -> list[dict]:
    """A goods list [{"name", "quantity", "unit", "value"}] with Decimal checks; stored as strings (JSON)."""
    if not items:
        return []
    if not isinstance(items, (list, tuple)):
        raise ServiceError("物品清单格式不正确。")
    cleaned = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise ServiceError(f"物品清单第{index}项格式不正确。")
        name = str(item.get("name", "")).strip()
        if not name:
            raise ServiceError(f"物品清单第{index}项请填写物品名称。")
        quantity = item.get("quantity", 1)
        try:
            quantity = Decimal(str(quantity))
        except (InvalidOperation, ValueError):
            raise ServiceError(f"物品“{name}”的数量请填写数字。") from None
        if isinstance(item.get("quantity"), float) or not quantity.is_finite() or quantity <= 0:
            raise ServiceError(f"物品“{name}”的数量必须大于零。")
        value = money(item.get("value"), label=f"物品“{name}”的价值", allow_zero=True)
        cleaned.append({"name": name[:50], "quantity": str(quantity.normalize()),
                        "unit": str(item.get("unit", ""))[:10], "value": str(value)})
    return cleaned


def goods_total(items: list[dict]) -> Decimal:
    return sum((Decimal(i["value"]) for i in items), Decimal("0.00"))


def goods_text(items: list[dict]) -> str:
    """大米2袋、食用油1桶 (for signing sheets and vouchers)."""
    return "、".join(f"{i['name']}{i['quantity']}{i.get('unit', '')}" for i in items or [])


def files_open_on(person_ids, day: datetime.date) -> dict[int, int]:
    """{person id: hardship file id} for the files open on `day` (a record belongs to the household in care on
    its own date, not on the day it was typed in)."""
    found: dict[int, int] = {}
    ids = list(person_ids)
    for start in range(0, len(ids), 2000):
        found.update(HardshipFile.objects.filter(person_id__in=ids[start:start + 2000], opened_on__lte=day)
                     .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
                     .order_by("opened_on").values_list("person_id", "pk"))
    return found
