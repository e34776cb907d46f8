"""Union funds (工会经费): the allocation rule, the payroll base per month, arrivals from the employer (拨缴), the
share remitted upward (上解), upper grants and administration subsidies. Arrivals, remittances and grants write
their booked ledger entry in the same transaction (see models/allocation.py)."""
from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from ..models import (ALLOCATION_RATE, UPWARD_SHARE, AllocationArrival, AllocationBase, AllocationPolicy, Category,
                      Remittance)
from . import ledger
from ._common import require, text
from .dues import _ancestor_paths, month_start

__all__ = ["policy_for", "policy_set", "base_set", "arrival_add", "remittance_add", "grant_add", "upper_union",
           "parse_share"]

CENT = Decimal("0.01")
GRANT_CATEGORIES = (Category.UPPER_GRANT, Category.ADMIN_GRANT, Category.GOVERNMENT_GRANT)


def parse_share(value, label: str, high: Decimal) -> Decimal:
    """A fraction (0.4) or a percent text ("40%") between 0 and `high`."""
    if isinstance(value, float):
        raise ServiceError(f"{label}格式不正确。")
    raw = str(value if value is not None else "").strip()
    try:
        share = Decimal(raw.removesuffix("%")) / 100 if raw.endswith("%") else Decimal(raw)
    except InvalidOperation:
        raise ServiceError(f"{label}请填写数字，如40%或0.4。") from None
    if not share.is_finite() or share < 0 or share > high:
        raise ServiceError(f"{label}应在0至{high * 100:.0f}%之间。")
    if share != share.quantize(Decimal("0.0001")):
        raise ServiceError(f"{label}最多精确到0.01%。")
    return share.quantize(Decimal("0.0001"))


def _union(org: Organization) -> None:
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("工会经费按工会登记，请先切换到一个工会。")


def policy_for(org: Organization, month: datetime.date) -> AllocationPolicy:
    """The rule in force for `org` in the month: its own newest, else its nearest ancestor's; else 2% and 40%."""
    found = list(AllocationPolicy.objects.filter(org__path__in=_ancestor_paths(org), effective_from__lte=month)
                 .select_related("org").order_by("-org__depth", "-effective_from")[:1])
    return found[0] if found else AllocationPolicy(org=org, effective_from=datetime.date(1900, 1, 1),
                                                   rate=ALLOCATION_RATE, upward_share=UPWARD_SHARE,
                                                   note="《工会法》；上解比例按上级工会规定")


@transaction.atomic
def policy_set(*, actor, org: Organization, effective_from: datetime.date, upward_share, rate="2%",
               note: str = "") -> AllocationPolicy:
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    if effective_from is None:
        raise ServiceError("请填写生效月份。")
    rate = parse_share(rate, "拨缴比例", Decimal("0.05"))
    share = parse_share(upward_share, "上解比例", Decimal("1"))
    policy, _ = AllocationPolicy.objects.update_or_create(
        org=org, effective_from=month_start(effective_from),
        defaults={"rate": rate, "upward_share": share, "note": text(note, 200)})
    return policy


@transaction.atomic
def base_set(*, actor, org: Organization, month: datetime.date, payroll, employees: int | None = None,
             note: str = "") -> AllocationBase:
    """The payroll base (工资总额) of a month: 应拨缴 = base × rate, 应上解 = 应拨缴 × share, each half-up to the fen.
    Recording the month again replaces the base (the rule in force that month is applied again)."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    if month is None:
        raise ServiceError("请填写月份。")
    month = month_start(month)
    if month > month_start(localdate()):
        raise ServiceError(f"{month:%Y年%-m月}尚未到来，不能登记工资总额。")
    payroll = ledger.parse_amount(payroll, "工资总额")
    policy = policy_for(org, month)
    due = (payroll * policy.rate).quantize(CENT, ROUND_HALF_UP)
    upward = (due * policy.upward_share).quantize(CENT, ROUND_HALF_UP)
    base, _ = AllocationBase.objects.update_or_create(
        org=org, month=month, defaults={"payroll": payroll, "employees": employees, "rate": policy.rate, "due": due,
                                        "upward_share": policy.upward_share, "upward_due": upward,
                                        "note": text(note, 200)})
    return base


def upper_union(org: Organization) -> Organization | None:
    """The nearest union above `org` (the one its upward share goes to)."""
    paths = _ancestor_paths(org)[:-1]
    return (Organization.objects.filter(path__in=paths, kind__in=Organization.UNION_KINDS)
            .order_by("-depth").first())


def _existing(model, org, token):
    return model.objects.filter(org=org, token=token).first() if token else None


@transaction.atomic
def arrival_add(*, actor, org: Organization, month: datetime.date, arrived_on: datetime.date, amount,
                payer: str = "", voucher_no: str = "", note: str = "", token: str = "") -> AllocationArrival:
    """拨缴到账: the arrival and its booked 拨缴经费收入 entry, together. The same token again returns the first."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    token = text(token, 64)
    first = _existing(AllocationArrival, org, token)
    if first is not None:
        return first
    if month is None:
        raise ServiceError("请填写所属月份。")
    month = month_start(month)
    amount = ledger.parse_amount(amount, "到账金额")
    arrived_on = ledger._check_date(arrived_on)
    ledger._open_month(org, arrived_on, "该笔到账")
    arrival = AllocationArrival(org=org, month=month, arrived_on=arrived_on, amount=amount, payer=text(payer, 100),
                                voucher_no=text(voucher_no, 40), note=text(note, 200), token=token,
                                created_by=acting_user(actor))
    try:
        with transaction.atomic():
            arrival.save()
    except IntegrityError:  # the same form sent twice at once: the first one stands
        if not token:
            raise
        return AllocationArrival.objects.get(org=org, token=token)
    arrival.entry = ledger.entry_add(
        actor=actor, org=org, entry_date=arrived_on, category=Category.ALLOCATION, amount=amount,
        subcategory="行政拨缴经费", summary=f"收{month:%Y年%-m月}工会经费（工资总额2%拨缴）",
        counterparty=arrival.payer, voucher_no=arrival.voucher_no, note=arrival.note,
        source_key=f"funds.allocation:{arrival.pk}")
    arrival.save(update_fields=["entry"])
    return arrival


@transaction.atomic
def remittance_add(*, actor, org: Organization, month: datetime.date, remitted_on: datetime.date, amount,
                   voucher_no: str = "", note: str = "", token: str = "") -> Remittance:
    """上解: the share sent to the nearest union above, with its booked 上缴上级支出 entry. The upper union sees it
    as a proposed 拨缴经费收入 entry (ledger source funds.remitted_in)."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    token = text(token, 64)
    first = _existing(Remittance, org, token)
    if first is not None:
        return first
    to_org = upper_union(org)
    if to_org is None:
        raise ServiceError("本会没有上级工会，无需上解。")
    if month is None:
        raise ServiceError("请填写所属月份。")
    month = month_start(month)
    amount = ledger.parse_amount(amount, "上解金额")
    remitted_on = ledger._check_date(remitted_on)
    ledger._open_month(org, remitted_on, "该笔上解")
    remittance = Remittance(org=org, to_org=to_org, month=month, remitted_on=remitted_on, amount=amount,
                            voucher_no=text(voucher_no, 40), note=text(note, 200), token=token,
                            created_by=acting_user(actor))
    try:
        with transaction.atomic():
            remittance.save()
    except IntegrityError:
        if not token:
            raise
        return Remittance.objects.get(org=org, token=token)
    remittance.entry = ledger.entry_add(
        actor=actor, org=org, entry_date=remitted_on, category=Category.REMITTANCE, amount=amount,
        subcategory="上解上级经费", summary=f"上解{to_org.name}{month:%Y年%-m月}工会经费",
        counterparty=to_org.name, voucher_no=remittance.voucher_no, note=remittance.note,
        source_key=f"funds.remittance:{remittance.pk}")
    remittance.save(update_fields=["entry"])
    return remittance


@transaction.atomic
def grant_add(*, actor, org: Organization, category: str, entry_date: datetime.date, amount, counterparty: str,
              summary: str = "", voucher_no: str = "", note: str = "", token: str = ""):
    """上级补助 / 行政补助 (/ 政府补助) received: a booked entry of its category."""
    if category not in GRANT_CATEGORIES:
        raise ServiceError("请选择补助类别（上级补助、行政补助或政府补助）。")
    label = Category(category).label.removesuffix("收入")
    return ledger.entry_add(actor=actor, org=org, entry_date=entry_date, category=category, amount=amount,
                            summary=text(summary, 200) or f"收{text(counterparty, 60)}{label}",
                            counterparty=counterparty, voucher_no=voucher_no, note=note, token=token)
