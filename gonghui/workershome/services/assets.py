"""Writes of the asset register and the yearly stock-take (盘点): open (every asset as expected), record what was
found and damaged, submit, approve by another officer — the approval writes the differences off."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.errors import ServiceError
from gonghui.core.money import to_money

from ..models import Asset, Source, StockTake, StockTakeLine
from ._common import require, text
from .books import next_barcodes


@transaction.atomic
def asset_create(*, actor, org, name: str, kind: str, quantity: int, unit: str = "件", unit_value=0,
                 source: str = Source.PURCHASE, donor: str = "", acquired_on=None, place: str = "",
                 note: str = "") -> Asset:
    require(actor, Perm.HOME_EDIT, org)
    name = text(name, 100)
    if not name:
        raise ServiceError("请填写资产名称。")
    if kind not in Asset.Kind.values:
        raise ServiceError("请选择资产类别。")
    if source not in Source.values:
        raise ServiceError("请选择来源：购置、捐赠或上级配送。")
    if source == Source.DONATION and not text(donor, 100):
        raise ServiceError("捐赠的资产请填写捐赠人（单位）。")
    if quantity is None or quantity < 1:
        raise ServiceError("数量应至少为1。")
    value = to_money(unit_value or 0)
    if value < 0:
        raise ServiceError("单价不能为负数。")
    acquired_on = acquired_on or localdate()
    if acquired_on > localdate():
        raise ServiceError("取得日期在今天之后，请核对。")
    return Asset.objects.create(org=org, code=next_barcodes(org, 1, prefix="Z")[0], name=name, kind=kind,
                                quantity=quantity, unit=text(unit, 8) or "件", unit_value=value, source=source,
                                donor=text(donor, 100), acquired_on=acquired_on, place=text(place, 100),
                                note=text(note, 200))


@transaction.atomic
def stocktake_open(*, actor, org, year: int) -> StockTake:
    require(actor, Perm.HOME_EDIT, org)
    if StockTake.objects.filter(org=org, year=year).exists():
        raise ServiceError(f"{year}年度盘点已建立。")
    if year > localdate().year:
        raise ServiceError(f"{year}年度尚未开始。")
    take = StockTake.objects.create(org=org, year=year, started_on=localdate())
    assets = Asset.objects.filter(org=org, quantity__gt=0).exclude(state=Asset.State.WRITTEN_OFF)
    for asset in assets:
        StockTakeLine.objects.create(stocktake=take, asset=asset, expected=asset.quantity)
    return take


def _editable(take: StockTake) -> None:
    if take.status != StockTake.Status.OPEN:
        raise ServiceError(f"{take}{take.get_status_display()}，不能再修改。")


@transaction.atomic
def line_record(*, actor, line: StockTakeLine, found: int, damaged: int = 0, note: str = "") -> StockTakeLine:
    line = StockTakeLine.objects.select_related("stocktake", "asset").get(pk=line.pk)
    require(actor, Perm.HOME_EDIT, line.stocktake.org)
    _editable(line.stocktake)
    if found is None or found < 0:
        raise ServiceError(f"{line.asset.name}：请填写实有数量。")
    if found > line.expected:
        raise ServiceError(f"{line.asset.name}：实有{found}{line.asset.unit}多于账面{line.expected}{line.asset.unit}，"
                           "盘盈的请另行登记资产。")
    if damaged < 0 or damaged > found:
        raise ServiceError(f"{line.asset.name}：损坏数量应在0至实有数量{found}之间。")
    line.found, line.damaged, line.note = found, damaged, text(note, 200)
    line.save()
    return line


@transaction.atomic
def stocktake_submit(*, actor, stocktake: StockTake) -> StockTake:
    take = StockTake.objects.select_for_update().get(pk=stocktake.pk)
    require(actor, Perm.HOME_EDIT, take.org)
    _editable(take)
    left = take.lines.filter(found__isnull=True).count()
    if left:
        raise ServiceError(f"还有{left}项资产未填写实有数量。")
    take.status, take.submitted_by = StockTake.Status.SUBMITTED, actor if getattr(actor, "pk", None) else None
    take.save()
    return take


@transaction.atomic
def stocktake_approve(*, actor, stocktake: StockTake) -> StockTake:
    """Approve and write off: missing and damaged leave the register (by another officer than the one who
    submitted)."""
    take = StockTake.objects.select_for_update().get(pk=stocktake.pk)
    require(actor, Perm.HOME_EDIT, take.org)
    if take.status != StockTake.Status.SUBMITTED:
        raise ServiceError("盘点提交后才能审批。" if take.status == StockTake.Status.OPEN else "该盘点已审批。")
    if actor is not None and take.submitted_by_id == getattr(actor, "pk", None):
        raise ServiceError("盘点人不能审批自己的盘点，请由另一位负责人审批。")
    for line in take.lines.select_related("asset").select_for_update():
        gone = line.missing + line.damaged
        if not gone:
            continue
        asset = line.asset
        asset.quantity = max(0, asset.quantity - gone)
        if asset.quantity == 0:
            asset.state = Asset.State.WRITTEN_OFF
        asset.save()
        line.written_off, line.written_off_value = gone, asset.unit_value * gone
        line.save()
    take.status, take.approved_at = StockTake.Status.APPROVED, timezone.now()
    take.approved_by = actor if getattr(actor, "pk", None) else None
    take.save()
    return take
