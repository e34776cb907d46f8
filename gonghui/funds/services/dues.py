"""Dues (会费): settings, exemptions, wages, the monthly charges computed in bulk, and collection with receipts."""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core import audit
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.members.models import Membership, Person
from gonghui.orgs.models import PATH_STEP, Organization

from ..models import DEFAULT_RATE, DuesCharge, DuesExemption, DuesPayment, DuesPolicy, DuesReceipt, Rounding, Wage
from ._common import require, text

__all__ = ["month_start", "month_end", "dues_amount", "policy_for", "policy_set", "exemption_add", "wage_set",
           "dues_compute", "dues_collect", "dues_collect_payroll", "ComputeResult", "parse_rate", "month_label"]

CENT = Decimal("0.01")
STEPS = {Rounding.FEN: Decimal("0.01"), Rounding.JIAO: Decimal("0.1"), Rounding.YUAN: Decimal("1")}
MAX_WAGE = Decimal("10000000")
RETIRED_STATUSES = (Person.WorkStatus.RETIRED, Person.WorkStatus.LEFT_OFFICE)


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_label(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月"


def dues_amount(wage: Decimal, rate: Decimal, rounding: str = Rounding.FEN) -> Decimal:
    """wage × rate, rounded half up to the fen, jiao or yuan, as a Decimal with 2 places (4,523.40 × 0.5% =
    22.617 → 22.62 / 22.60 / 23.00)."""
    if isinstance(wage, float) or isinstance(rate, float):
        raise TypeError("money never passes through float")
    return (Decimal(wage) * Decimal(rate)).quantize(STEPS[rounding], ROUND_HALF_UP).quantize(CENT)


def parse_rate(value) -> Decimal:
    """A rate as a fraction (0.005) or a percent text ("0.5%"); between 0 and 5%."""
    if isinstance(value, float):
        raise ServiceError("缴纳比例格式不正确。")
    raw = str(value or "").strip()
    try:
        rate = Decimal(raw.removesuffix("%")) / 100 if raw.endswith("%") else Decimal(raw)
    except InvalidOperation:
        raise ServiceError("缴纳比例请填写数字，如0.005或0.5%。") from None
    if not rate.is_finite() or rate < 0 or rate > Decimal("0.05"):
        raise ServiceError("缴纳比例应在0至5%之间（章程规定为0.5%）。")
    if rate != rate.quantize(Decimal("0.0001")):
        raise ServiceError("缴纳比例最多精确到0.01%。")
    return rate.quantize(Decimal("0.0001"))


def _ancestor_paths(org: Organization) -> list[str]:
    return [org.path[:end] for end in range(PATH_STEP, len(org.path) + 1, PATH_STEP)]


def policy_for(org: Organization, month: datetime.date) -> DuesPolicy:
    """The settings in force for `org` in the month: its own newest from that month or before, else its nearest
    ancestor's; without any, the constitution's (0.5%, to the fen, retirees exempt; not saved)."""
    found = list(DuesPolicy.objects.filter(org__path__in=_ancestor_paths(org), effective_from__lte=month)
                 .select_related("org").order_by("-org__depth", "-effective_from")[:1])
    return found[0] if found else DuesPolicy(org=org, effective_from=datetime.date(1900, 1, 1), rate=DEFAULT_RATE,
                                             rounding=Rounding.FEN, retired=DuesPolicy.Retired.EXEMPT,
                                             note="中国工会章程")


def _union(org: Organization) -> None:
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("会费由基层工会（或联合工会）统一核定和收缴，请切换到工会后办理。")


@transaction.atomic
def policy_set(*, actor, org: Organization, effective_from: datetime.date, rate, rounding: str = Rounding.FEN,
               retired: str = DuesPolicy.Retired.EXEMPT, note: str = "") -> DuesPolicy:
    """The union's dues settings from a month on. Months already charged keep what they were charged."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    if effective_from is None:
        raise ServiceError("请填写生效月份。")
    rate = parse_rate(rate)
    if rounding not in Rounding.values:
        raise ServiceError("请选择尾数处理方式。")
    if retired not in DuesPolicy.Retired.values:
        raise ServiceError("请选择退休会员的缴纳办法。")
    values = {"rate": rate, "rounding": rounding, "retired": retired, "note": text(note, 200)}
    row, created = DuesPolicy.objects.select_for_update().get_or_create(
        org=org, effective_from=month_start(effective_from), defaults=values)
    changed = [k for k, v in values.items() if getattr(row, k) != v]
    if not created and changed:
        for k in changed:
            setattr(row, k, values[k])
        row.save(update_fields=changed)
    return row


@transaction.atomic
def exemption_add(*, actor, person: Person, kind: str, reason: str, starts_on: datetime.date,
                  ends_on: datetime.date | None = None, rate=None, note: str = "") -> DuesExemption:
    require(actor, Perm.FUNDS_EDIT, person.org)
    if kind not in DuesExemption.Kind.values:
        raise ServiceError("请选择免缴或减缴。")
    if reason not in DuesExemption.Reason.values:
        raise ServiceError("请选择减免原因。")
    if starts_on is None:
        raise ServiceError("请填写起始月份。")
    starts_on = month_start(starts_on)
    ends_on = month_start(ends_on) if ends_on else None
    if ends_on and ends_on < starts_on:
        raise ServiceError("截止月份不能早于起始月份。")
    if kind == DuesExemption.Kind.REDUCED:
        if rate in (None, ""):
            raise ServiceError("减缴须填写减缴后的比例。")
        rate = parse_rate(rate)
        if rate >= policy_for(person.org, starts_on).rate:
            raise ServiceError("减缴后的比例应低于本会的缴纳比例。")
    else:
        rate = None
    overlap = DuesExemption.objects.filter(person=person).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if ends_on is not None:
        overlap = overlap.filter(starts_on__lte=ends_on)
    if overlap.exists():
        raise ServiceError(f"{person.name}在该期间已有减免记录，请先修改原记录。")
    return DuesExemption.objects.create(org=person.org, person=person, kind=kind, reason=reason, rate=rate,
                                        starts_on=starts_on, ends_on=ends_on, note=text(note, 200))


def wage_value(value, label: str = "月基本工资") -> Decimal:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ServiceError(f"请填写{label}。")
    if isinstance(value, (float, bool)):
        raise ServiceError(f"{label}格式不正确。")
    try:
        amount = Decimal(str(value).strip().replace(",", "").removesuffix("元"))
    except InvalidOperation:
        raise ServiceError(f"{label}请填写阿拉伯数字，如4500或4,500.00。") from None
    if not amount.is_finite() or amount < 0 or amount >= MAX_WAGE:
        raise ServiceError(f"{label}应在0至1000万元之间。")
    if amount != amount.quantize(CENT):
        raise ServiceError(f"{label}最多保留两位小数。")
    return amount.quantize(CENT)


@transaction.atomic
def wage_set(*, actor, person: Person, month: datetime.date, amount) -> Wage:
    require(actor, Perm.FUNDS_EDIT, person.org)
    amount = wage_value(amount)
    month = month_start(month)
    if month > month_start(localdate()) + datetime.timedelta(days=366):
        raise ServiceError("工资月份过远，请核对。")
    row, created = Wage.objects.select_for_update().get_or_create(
        person=person, month=month, defaults={"org": person.org, "amount": amount, "source": Wage.Source.MANUAL})
    if not created and row.amount != amount:
        row.amount, row.source = amount, Wage.Source.MANUAL
        row.save(update_fields=["amount", "source"])
    return row


# ---------------------------------------------------------------------------------------------------------------
# Charges (应收)
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class ComputeResult:
    month: datetime.date
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    paid: int = 0  # already paid: kept as they were
    no_wage: list = field(default_factory=list)  # people without a wage for the month (no charge made)

    @property
    def text(self) -> str:
        out = (f"{month_label(self.month)}应缴会费：新核定{self.created}人，更新{self.updated}人，"
               f"未变{self.unchanged}人，已缴不变{self.paid}人")
        if self.no_wage:
            out += f"；{len(self.no_wage)}人未登记工资，未核定（" + "、".join(p.name for p in self.no_wage[:10]) + \
                   ("等" if len(self.no_wage) > 10 else "") + "）"
        return out + "。"


def _members_in_month(org: Organization, month: datetime.date) -> dict[int, int]:
    """{person id: org id of the membership} of the members of `org`'s subtree at any time in the month (the last
    membership of the month when there are two)."""
    rows = (Membership.objects.filter(org__path__startswith=org.path, started_on__lte=month_end(month))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month))
            .order_by("person_id", "started_on").values_list("person_id", "org_id"))
    return dict(rows)


def _charges_for(org: Organization, month: datetime.date, people: dict[int, int]) -> tuple[list, list]:
    """The charge each person owes for the month: [(person id, org id, wage, rate, basis, amount)], and the ids of
    those without a wage. Three queries whatever the number of people."""
    policy = policy_for(org, month)
    ids = list(people)
    wages: dict[int, Decimal] = {}
    for person_id, amount in (Wage.objects.filter(person_id__in=ids, month__lte=month)
                              .order_by("person_id", "-month").values_list("person_id", "amount")):
        wages.setdefault(person_id, amount)
    exemptions = {e.person_id: e for e in DuesExemption.objects.filter(person_id__in=ids, starts_on__lte=month)
                  .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=month))}
    retired = set(Person.objects.filter(pk__in=ids, work_status__in=RETIRED_STATUSES)
                  .filter(Q(retired_on__isnull=True) | Q(retired_on__lte=month_end(month)))
                  .values_list("pk", flat=True))
    out, missing = [], []
    for person_id, org_id in people.items():
        exemption = exemptions.get(person_id)
        wage = wages.get(person_id)
        if person_id in retired and policy.retired == DuesPolicy.Retired.EXEMPT:
            out.append((person_id, org_id, wage, Decimal("0"), DuesCharge.Basis.RETIRED, Decimal("0.00")))
        elif exemption is not None and exemption.kind == DuesExemption.Kind.EXEMPT:
            out.append((person_id, org_id, wage, Decimal("0"), DuesCharge.Basis.EXEMPT, Decimal("0.00")))
        elif wage is None:
            missing.append(person_id)
        elif exemption is not None:
            out.append((person_id, org_id, wage, exemption.rate, DuesCharge.Basis.REDUCED,
                        dues_amount(wage, exemption.rate, policy.rounding)))
        else:
            out.append((person_id, org_id, wage, policy.rate, DuesCharge.Basis.WAGE,
                        dues_amount(wage, policy.rate, policy.rounding)))
    return out, missing


@transaction.atomic
def dues_compute(*, actor, org: Organization, month: datetime.date) -> ComputeResult:
    """Compute (or recompute) the dues of every member of the union for the month, in bulk: new charges are
    created, unpaid ones brought up to date, paid ones never touched. Audited row by row."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    month = month_start(month)
    if month > month_start(localdate()):
        raise ServiceError("不能核定尚未到来月份的会费（预缴一年请在收缴时选择月份）。")
    Organization.objects.select_for_update().filter(pk=org.pk).first()  # one computation of a union at a time
    result = ComputeResult(month=month)
    people = _members_in_month(org, month)
    rows, missing = _charges_for(org, month, people)
    result.no_wage = list(Person.objects.filter(pk__in=missing).order_by("name_pinyin")) if missing else []
    existing = {c.person_id: c for c in DuesCharge.objects.filter(person_id__in=list(people), month=month)}
    paid = set(DuesPayment.objects.filter(person_id__in=list(people), month=month).values_list("person_id", flat=True))
    new, changed, audit_rows = [], [], []
    for person_id, org_id, wage, rate, basis, amount in rows:
        charge = existing.get(person_id)
        if charge is None:
            new.append(DuesCharge(org_id=org_id, person_id=person_id, month=month, wage=wage, rate=rate, basis=basis,
                                  amount=amount))
            continue
        if person_id in paid:
            result.paid += 1
            continue
        values = {"org_id": org_id, "wage": wage, "rate": rate, "basis": basis, "amount": amount}
        diff = {k: [str(getattr(charge, k)), str(v)] for k, v in values.items() if getattr(charge, k) != v}
        if not diff:
            result.unchanged += 1
            continue
        for k, v in values.items():
            setattr(charge, k, v)
        changed.append(charge)
        audit_rows.append((charge.pk, str(charge.pk), org.path, diff))
    if new:
        created = DuesCharge.objects.bulk_create(new, batch_size=1000)
        if any(c.pk is None for c in created):  # a database that does not return the ids of a bulk insert
            created = DuesCharge.objects.filter(month=month, person_id__in=[c.person_id for c in new])
        audit.record_rows(AuditEntry.Action.CREATE, DuesCharge,
                          [(c.pk, f"{c.month:%Y-%m} {c.amount}", org.path,
                            {"person_id": [None, c.person_id], "month": [None, str(c.month)],
                             "amount": [None, str(c.amount)], "basis": [None, c.basis]}) for c in created],
                          note=f"核定{month_label(month)}会费")
        result.created = len(new)
    if changed:
        DuesCharge.objects.bulk_update(changed, ["org", "wage", "rate", "basis", "amount"], batch_size=1000)
        audit.record_rows(AuditEntry.Action.UPDATE, DuesCharge, audit_rows, note=f"重新核定{month_label(month)}会费")
        result.updated = len(changed)
    return result


# ---------------------------------------------------------------------------------------------------------------
# Collection (收缴)
# ---------------------------------------------------------------------------------------------------------------

def _receipt_checks(org, receipt_no: str, paid_on, method: str) -> str:
    receipt_no = text(receipt_no, 40)
    if not receipt_no:
        raise ServiceError("请填写收据编号。")
    if paid_on is None:
        raise ServiceError("请填写收缴日期。")
    if paid_on > localdate():
        raise ServiceError("收缴日期不能在今天之后。")
    if method not in DuesReceipt.Method.values:
        raise ServiceError("请选择收缴方式。")
    clash = DuesReceipt.objects.filter(org=org, receipt_no=receipt_no).first()
    if clash is not None:
        raise ServiceError(f"收据编号{receipt_no}已使用（{clash.paid_on:%Y-%m-%d}，{clash.total}元），请核对。")
    return receipt_no


def _by_token(org, token: str) -> DuesReceipt | None:
    token = (token or "").strip()[:64]
    return DuesReceipt.objects.filter(org=org, token=token).first() if token else None


def _charge_one(org: Organization, person: Person, month: datetime.date) -> DuesCharge | None:
    """The person's charge for the month, computed now when there is none yet (a year paid in advance)."""
    charge = DuesCharge.objects.filter(person=person, month=month).first()
    if charge is not None:
        return charge
    membership = (Membership.objects.filter(person=person, org__path__startswith=org.path,
                                            started_on__lte=month_end(month))
                  .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month)).order_by("-started_on").first())
    if membership is None:
        raise ServiceError(f"{person.name}{month_label(month)}不是本会会员，无需缴纳会费。")
    rows, missing = _charges_for(org, month, {person.pk: membership.org_id})
    if missing:
        raise ServiceError(f"尚未登记{person.name}{month_label(month)}（或之前）的月基本工资，无法核定应缴会费。")
    person_id, org_id, wage, rate, basis, amount = rows[0]
    return DuesCharge.objects.create(org_id=org_id, person_id=person_id, month=month, wage=wage, rate=rate,
                                     basis=basis, amount=amount)


@transaction.atomic
def dues_collect(*, actor, org: Organization, person: Person, months: list[datetime.date], paid_on: datetime.date,
                 receipt_no: str, method: str = DuesReceipt.Method.CASH, token: str = "",
                 note: str = "") -> DuesReceipt:
    """One member pays one month or several (a year at once) under one receipt. The same form sent twice (same
    token) records once; a month already paid is refused with its receipt."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    if not person.org.path.startswith(org.path):
        raise ServiceError("未找到该记录，或不在您的管辖范围内。", code="out_of_scope")
    require(actor, Perm.FUNDS_EDIT, person.org)
    Person.objects.select_for_update().filter(pk=person.pk).first()  # one collection per member at a time
    again = _by_token(org, token)
    if again is not None:
        return again
    if method == DuesReceipt.Method.PAYROLL:
        raise ServiceError("工资代扣请按月批量登记。")
    months = sorted({month_start(m) for m in months or []})
    if not months:
        raise ServiceError("请选择缴纳的月份。")
    if len(months) > 24:
        raise ServiceError("一次最多缴纳24个月。")
    if months[-1] > month_start(localdate()) + datetime.timedelta(days=370):
        raise ServiceError("预缴最多到明年同月。")
    receipt_no = _receipt_checks(org, receipt_no, paid_on, method)
    paid = {p.month: p for p in DuesPayment.objects.filter(person=person, month__in=months).select_related("receipt")}
    if paid:
        first = min(paid)
        raise ServiceError(f"{person.name}{month_label(first)}会费已缴（收据{paid[first].receipt.receipt_no}），"
                           "请勿重复收缴。")
    existing = {c.month: c for c in DuesCharge.objects.filter(person=person, month__in=months)}
    charges = [existing.get(m) or _charge_one(org, person, m) for m in months]
    free = [c for c in charges if c.amount == 0]
    if free:
        raise ServiceError(f"{person.name}{month_label(free[0].month)}{free[0].get_basis_display()}，无需缴纳。")
    total = sum((c.amount for c in charges), Decimal("0.00"))
    try:
        with transaction.atomic():
            receipt = DuesReceipt.objects.create(org=org, receipt_no=receipt_no, paid_on=paid_on, method=method,
                                                 total=total, payer=person, token=(token or "").strip()[:64],
                                                 collected_by=acting_user(actor),
                                                 note=text(note, 200))
            made = DuesPayment.objects.bulk_create([
                DuesPayment(receipt=receipt, charge=c, org_id=c.org_id, person=person, month=c.month, amount=c.amount)
                for c in charges])
    except IntegrityError:  # a concurrent request with the same token or receipt number won the race
        again = _by_token(org, token)
        if again is not None:
            return again
        raise ServiceError("该收据编号或月份已登记，请刷新后核对。") from None
    _audit_payments(made, receipt, org)
    return receipt


def _audit_payments(payments, receipt: DuesReceipt, org: Organization) -> None:
    if any(p.pk is None for p in payments):  # a database that does not return the ids of a bulk insert
        payments = list(DuesPayment.objects.filter(receipt=receipt))
    audit.record_rows(AuditEntry.Action.CREATE, DuesPayment,
                      [(p.pk, f"{p.month:%Y-%m} {p.amount}", org.path,
                        {"person_id": [None, p.person_id], "month": [None, str(p.month)],
                         "amount": [None, str(p.amount)], "receipt_id": [None, receipt.pk]}) for p in payments],
                      note=f"{receipt.get_method_display()}收缴会费，收据{receipt.receipt_no}")


@transaction.atomic
def dues_collect_payroll(*, actor, org: Organization, month: datetime.date, paid_on: datetime.date,
                         receipt_no: str, token: str = "", note: str = "", skip=()) -> DuesReceipt:
    """The union's payroll deduction (工资代扣) for a month: every unpaid charge of the month with an amount, under
    one receipt (the deduction's voucher), except the members in `skip` (people whose deduction did not happen:
    unpaid leave, wages paid elsewhere — they stay in arrears). Sent twice with the same token, it records once."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    again = _by_token(org, token)
    if again is not None:
        return again
    month = month_start(month)
    receipt_no = _receipt_checks(org, receipt_no, paid_on, DuesReceipt.Method.PAYROLL)
    charges = list(DuesCharge.objects.filter(org__path__startswith=org.path, month=month, amount__gt=0,
                                             payment__isnull=True)
                   .exclude(person_id__in=[getattr(p, "pk", p) for p in skip]).order_by("id"))
    if not charges:
        raise ServiceError(f"{month_label(month)}没有待收缴的会费（请先核定应缴会费）。")
    total = sum((c.amount for c in charges), Decimal("0.00"))
    receipt = DuesReceipt.objects.create(org=org, receipt_no=receipt_no, paid_on=paid_on,
                                         method=DuesReceipt.Method.PAYROLL, total=total, token=(token or "").strip()[:64],
                                         collected_by=acting_user(actor), note=text(note, 200) or f"{month_label(month)}工资代扣")
    payments = [DuesPayment(receipt=receipt, charge=c, org_id=c.org_id, person_id=c.person_id, month=month,
                            amount=c.amount) for c in charges]
    _audit_payments(DuesPayment.objects.bulk_create(payments, batch_size=1000), receipt, org)
    return receipt
