"""The ledger's writes: entries by hand, proposals drawn from other areas through the link point, booking and
refusing them, reversing entries, closing a month. See models/ledger.py for the rules they keep."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core import audit
from gonghui.core.context import acting_user
from gonghui.core.models import AuditEntry
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from .. import links
from ..models import Category, ClosedMonth, LedgerEntry
from ..models.ledger import direction_of
from ._common import past_date, require, text

__all__ = ["MAX_ENTRY", "parse_amount", "entry_add", "ledger_propose", "entry_book", "entry_reject", "entry_reverse",
           "month_close", "month_is_closed", "ProposeResult", "entries_book", "attachment_add", "HOSPITALITY"]

HOSPITALITY = "业务招待费"  # the 明细科目 the 业务招待费 statement draws (any category; usually 业务支出)

MAX_ENTRY = Decimal("100000000.00")  # one entry of 1亿元 or more is a typing mistake for a union


def parse_amount(value, label: str = "金额") -> Decimal:
    """A positive amount to the fen from a number or a string a treasurer types ("4,500.00元", "4500", "４５００")."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    if isinstance(value, str):
        cleaned = value.strip().replace(",", "").replace("，", "").replace("元", "").replace("¥", "").replace("￥", "")
        import unicodedata

        cleaned = unicodedata.normalize("NFKC", cleaned)
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ServiceError(f"{label}“{value.strip()[:20]}”不是数字，请填写阿拉伯数字，如 4500.00。") from None
    if value is None:
        raise ServiceError(f"请填写{label}。")
    amount = Decimal(value)
    if amount != amount.quantize(Decimal("0.01")):
        raise ServiceError(f"{label}最多精确到分。")
    if amount <= 0:
        raise ServiceError(f"{label}须大于0。")
    if amount >= MAX_ENTRY:
        raise ServiceError(f"{label}{amount}元过大，请核对。")
    return amount.quantize(Decimal("0.01"))


def month_is_closed(org: Organization, day: datetime.date) -> bool:
    return ClosedMonth.objects.filter(org=org, month=day.replace(day=1)).exists()


def _open_month(org: Organization, day: datetime.date, what: str = "该分录") -> None:
    if month_is_closed(org, day):
        raise ServiceError(f"{day:%Y年%-m月}已结账，{what}不能记入该月；如需更正，请在未结账月份做冲销分录。")


def _check_date(day: datetime.date | None) -> datetime.date:
    return past_date(day, "日期", earliest_year=1990)


def _voucher(org: Organization, voucher_no: str, *, exclude: int | None = None) -> str:
    voucher_no = text(voucher_no, 40)
    if voucher_no:
        clash = LedgerEntry.objects.filter(org=org, voucher_no=voucher_no).exclude(pk=exclude).first()
        if clash is not None:
            raise ServiceError(f"凭证号{voucher_no}已使用（{clash.entry_date:%Y-%m-%d} {clash.summary}），请核对。")
    return voucher_no


def _union(org: Organization) -> None:
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("收支账按工会记账，请先切换到一个工会。")


def _save(entry: LedgerEntry) -> LedgerEntry:
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # a voucher number taken by a request that raced this one
        raise ServiceError(f"凭证号{entry.voucher_no}已使用，请核对。") from None
    return entry


@transaction.atomic
def entry_add(*, actor, org: Organization, entry_date: datetime.date, category: str, amount, summary: str,
              subcategory: str = "", counterparty: str = "", voucher_no: str = "", note: str = "",
              token: str = "", source_key: str = "", source_url: str = "") -> LedgerEntry:
    """A booked entry written by the treasurer (a grant that arrived, an invoice paid). `token` is the form's
    one-time value: the same token again (a double click, a resent request) returns the first entry."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    token = text(token, 64)
    if token:
        first = LedgerEntry.objects.filter(org=org, token=token).first()
        if first is not None:
            return first
    if category not in Category.values:
        raise ServiceError("请选择科目。")
    entry_date = _check_date(entry_date)
    _open_month(org, entry_date)
    summary = text(summary, 200)
    if not summary:
        raise ServiceError("请填写摘要。")
    entry = LedgerEntry(org=org, entry_date=entry_date, category=category, subcategory=text(subcategory, 40),
                        amount=parse_amount(amount), summary=summary, counterparty=text(counterparty, 100),
                        voucher_no=_voucher(org, voucher_no), note=text(note, 300),
                        status=LedgerEntry.Status.BOOKED, created_by=acting_user(actor), booked_by=acting_user(actor),
                        booked_at=timezone.now(), token=token, source_key=source_key[:64], source_url=source_url[:200])
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        if token:  # the same form sent twice at once: the first one stands
            first = LedgerEntry.objects.filter(org=org, token=token).first()
            if first is not None:
                return first
        raise ServiceError(f"凭证号{entry.voucher_no}已使用，请核对。") from None
    return entry


@dataclass
class ProposeResult:
    created: int = 0
    known: int = 0
    updated: int = 0  # proposals not booked yet whose record changed (amount or date)
    by_source: dict[str, int] = field(default_factory=dict)


@transaction.atomic
def ledger_propose(*, actor, org: Organization, start: datetime.date, end: datetime.date) -> ProposeResult:
    """Asks every declared source for the union's records in [start, end] and stores the new ones as proposed
    entries. A record already proposed, booked or refused is left as it is (its key is taken), so running this
    twice, or from two places at once, proposes nothing twice."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    result = ProposeResult()
    proposals = [p for source in links.sources() for p in source.collect(org, start, end)]
    if not proposals:
        return result
    existing = {key: (pk, status, amount, day) for pk, key, status, amount, day in LedgerEntry.objects.filter(
        org=org, source_key__in=[p.key for p in proposals]).values_list("pk", "source_key", "status", "amount",
                                                                        "entry_date")}
    taken = set(existing)
    user = acting_user(actor)
    fresh = []
    for p in proposals:
        if p.key in taken:
            result.known += 1
            pk, status, amount, day = existing.get(p.key, (None, None, None, None))
            if status == LedgerEntry.Status.PROPOSED and (parse_amount(p.amount), p.entry_date) != (amount, day):
                # not booked yet: the proposal follows its record (an event's cost entered again, a book bought
                # the same day); once booked, a change is the treasurer's to correct with a reversing entry
                entry = LedgerEntry.objects.select_for_update().get(pk=pk)
                entry.amount, entry.entry_date, entry.summary = parse_amount(p.amount), p.entry_date, p.summary[:200]
                entry.save()
                result.updated += 1
            continue
        taken.add(p.key)
        fresh.append(LedgerEntry(org=org, entry_date=p.entry_date, category=p.category, subcategory=p.subcategory[:40],
                                 amount=parse_amount(p.amount), summary=p.summary[:200],
                                 counterparty=p.counterparty[:100], status=LedgerEntry.Status.PROPOSED,
                                 source_key=p.key[:64], source_url=p.url[:200], created_by=user))
    for entry in fresh:
        entry.direction = direction_of(entry.category)
    try:
        with transaction.atomic():  # all at once (a year of care payments); audited as rows
            LedgerEntry.objects.bulk_create(fresh)
            if fresh and fresh[0].pk is None:  # a backend that does not return ids
                keys = {e.source_key: e for e in fresh}
                for pk, key in LedgerEntry.objects.filter(org=org, source_key__in=list(keys)).values_list(
                        "pk", "source_key"):
                    keys[key].pk = pk
            audit.record_bulk(AuditEntry.Action.CREATE, fresh, note="由业务生成待入账分录")
        created = fresh
    except IntegrityError:  # some were proposed by a request running at the same moment: one by one
        created = []
        for entry in fresh:
            entry.pk = None
            try:
                with transaction.atomic():
                    entry.save()
            except IntegrityError:
                result.known += 1
                continue
            created.append(entry)
    for entry in created:
        result.created += 1
        source = entry.source_key.split(":", 1)[0]
        result.by_source[source] = result.by_source.get(source, 0) + 1
    return result


def _locked(entry: LedgerEntry) -> LedgerEntry:
    return LedgerEntry.objects.select_for_update().select_related("org").get(pk=entry.pk)


@transaction.atomic
def entry_book(*, actor, entry: LedgerEntry, voucher_no: str = "", entry_date: datetime.date | None = None,
               category: str | None = None) -> LedgerEntry:
    """Books a proposed entry (the treasurer may correct its date and category, not its amount: the amount is the
    source record's). Booking twice (a double click) leaves it booked once."""
    entry = _locked(entry)
    require(actor, Perm.FUNDS_EDIT, entry.org)
    if entry.status == LedgerEntry.Status.BOOKED:
        return entry
    if entry.status != LedgerEntry.Status.PROPOSED:
        raise ServiceError("该分录已确定不入账，不能再记账。")
    if category:
        if category not in Category.values:
            raise ServiceError("请选择科目。")
        entry.category = category
    if entry_date is not None:
        entry.entry_date = _check_date(entry_date)
    _open_month(entry.org, entry.entry_date)
    entry.voucher_no = _voucher(entry.org, voucher_no, exclude=entry.pk)
    entry.status = LedgerEntry.Status.BOOKED
    entry.booked_by = acting_user(actor)
    entry.booked_at = timezone.now()
    return _save(entry)


@transaction.atomic
def entry_reject(*, actor, entry: LedgerEntry, reason: str) -> LedgerEntry:
    entry = _locked(entry)
    require(actor, Perm.FUNDS_EDIT, entry.org)
    if entry.status == LedgerEntry.Status.REJECTED:
        return entry
    if entry.status != LedgerEntry.Status.PROPOSED:
        raise ServiceError("已入账的分录不能改为不入账；如有错误，请做冲销分录。")
    reason = text(reason, 200)
    if not reason:
        raise ServiceError("请填写不入账的原因。")
    entry.status = LedgerEntry.Status.REJECTED
    entry.reject_reason = reason
    entry.save()
    return entry


@transaction.atomic
def entry_reverse(*, actor, entry: LedgerEntry, entry_date: datetime.date, reason: str,
                  voucher_no: str = "") -> LedgerEntry:
    """红字冲销: a booked entry is never changed; a new entry of the opposite sign, in an open month, cancels it.
    An entry is reversed at most once, and a reversal is not reversed (book the right entry anew instead)."""
    entry = _locked(entry)
    require(actor, Perm.FUNDS_EDIT, entry.org)
    if entry.status != LedgerEntry.Status.BOOKED:
        raise ServiceError("只有已入账的分录可以冲销。")
    if entry.is_reversal:
        raise ServiceError("冲销分录不能再冲销；请重新录入正确的分录。")
    if LedgerEntry.objects.filter(reverses=entry).exists():
        raise ServiceError("该分录已冲销过。")
    entry_date = _check_date(entry_date)
    if entry_date < entry.entry_date:
        raise ServiceError("冲销日期不能早于原分录日期。")
    _open_month(entry.org, entry_date, "冲销分录")
    reason = text(reason, 200)
    if not reason:
        raise ServiceError("请填写冲销原因。")
    reversal = LedgerEntry(org=entry.org, entry_date=entry_date, category=entry.category,
                           subcategory=entry.subcategory, amount=-entry.amount,
                           summary=f"冲销：{entry.summary}"[:200], counterparty=entry.counterparty,
                           voucher_no=_voucher(entry.org, voucher_no), note=reason, reverses=entry,
                           status=LedgerEntry.Status.BOOKED, created_by=acting_user(actor),
                           booked_by=acting_user(actor), booked_at=timezone.now())
    try:
        with transaction.atomic():
            reversal.save()
    except IntegrityError:
        raise ServiceError("该分录已冲销过，或凭证号已使用。") from None
    return reversal


@transaction.atomic
def month_close(*, actor, org: Organization, month: datetime.date) -> ClosedMonth:
    """结账: the month is closed for good; entries still proposed in it must be booked or refused first."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    month = month.replace(day=1)
    if month > localdate().replace(day=1):
        raise ServiceError("不能对未来的月份结账。")
    existing = ClosedMonth.objects.filter(org=org, month=month).first()
    if existing is not None:
        return existing
    nxt = (month + datetime.timedelta(days=32)).replace(day=1)
    pending = LedgerEntry.objects.filter(org=org, status=LedgerEntry.Status.PROPOSED, entry_date__gte=month,
                                         entry_date__lt=nxt).count()
    if pending:
        raise ServiceError(f"{month:%Y年%-m月}还有{pending}条待入账分录，请先记账或确定不入账后再结账。")
    try:
        with transaction.atomic():
            return ClosedMonth.objects.create(org=org, month=month, closed_by=acting_user(actor))
    except IntegrityError:
        return ClosedMonth.objects.get(org=org, month=month)


@transaction.atomic
def entries_book(*, actor, entries, voucher_prefix: str = "") -> int:
    """Books many proposals at once (the inbox's 批量入账), with a fixed number of queries. With a prefix, each gets
    the voucher number ``<prefix>-<n>`` (n numbered on from the union's highest with that prefix, by date);
    without, none. Entries already booked are left as they are; a refused one, or one dated in a closed month,
    stops the whole batch with its reason (nothing is booked)."""
    ids = [e.pk for e in entries]
    rows = list(LedgerEntry.objects.select_for_update().filter(pk__in=ids).select_related("org")
                .order_by("entry_date", "pk"))
    for org in {e.org_id: e.org for e in rows}.values():
        require(actor, Perm.FUNDS_EDIT, org)
    todo = [e for e in rows if e.status == LedgerEntry.Status.PROPOSED]
    refused = next((e for e in rows if e.status == LedgerEntry.Status.REJECTED), None)
    if refused is not None:
        raise ServiceError(f"“{refused.summary}”已确定不入账，不能再记账；请取消勾选后重试。")
    if not todo:
        return 0
    closed = set(ClosedMonth.objects.filter(org_id__in={e.org_id for e in todo},
                                            month__in={e.entry_date.replace(day=1) for e in todo})
                 .values_list("org_id", "month"))
    for e in todo:
        if (e.org_id, e.entry_date.replace(day=1)) in closed:
            raise ServiceError(f"{e.entry_date:%Y年%-m月}已结账，“{e.summary}”不能记入该月；请逐条入账并改记到未结账月份。")
    prefix = text(voucher_prefix, 30)
    if prefix:
        counters: dict[int, int] = {}
        for e in todo:
            if e.org_id not in counters:
                counters[e.org_id] = _highest(e.org_id, prefix)
            counters[e.org_id] += 1
            e.voucher_no = f"{prefix}-{counters[e.org_id]:03d}"
    user, now = acting_user(actor), timezone.now()
    for e in todo:
        e.status, e.booked_by, e.booked_at = LedgerEntry.Status.BOOKED, user, now
    try:
        with transaction.atomic():
            LedgerEntry.objects.bulk_update(todo, ["status", "voucher_no", "booked_by", "booked_at"], batch_size=500)
    except IntegrityError:
        raise ServiceError("生成的凭证号与已有凭证号重复，请换一个凭证字前缀。") from None
    audit.record_rows(AuditEntry.Action.UPDATE, LedgerEntry,
                      [(e.pk, str(e), e.org.path, {"status": ["proposed", "booked"], "voucher_no": ["", e.voucher_no]})
                       for e in todo], note="批量入账")
    return len(todo)


def _highest(org_id: int, prefix: str) -> int:
    highest = 0
    for number in LedgerEntry.objects.filter(org_id=org_id, voucher_no__startswith=f"{prefix}-").values_list(
            "voucher_no", flat=True):
        tail = number[len(prefix) + 1:]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return highest


@transaction.atomic
def attachment_add(*, actor, entry: LedgerEntry, file, name: str = ""):
    """A voucher's scan or an invoice (原始凭证), checked by core.uploads.check_attachment, stored under a random name,
    served only within the union's FUNDS_VIEW scope. Allowed on a booked entry of a closed month too: it adds
    evidence, it changes no amount."""
    from gonghui.core.uploads import check_attachment

    from ..models import LedgerAttachment

    entry = LedgerEntry.objects.select_related("org").get(pk=entry.pk)
    require(actor, Perm.FUNDS_EDIT, entry.org)
    original = check_attachment(file, name)
    att = LedgerAttachment(entry=entry, name=original[:200], uploaded_by=acting_user(actor))
    att.file.save(original, file, save=False)
    att.save()
    return att
