"""经费审查 (the audit committee's writes): running the checks on a union's books for a year, findings (发现问题)
with the treasurer's reply and the committee's resolution, and the yearly audit report.

Checks (`audit_run`), each a kind of `EntryFlag` (models/rules.py), on the union's booked entries of the year:
- rule: the fund rules (services/rules.py rules_check);
- no_voucher: a booked entry without a voucher number (无凭证号);
- no_approval: expenditure of `large_amount` or more (default 5,000元) with neither an attachment nor an approval
  mark on its tag (大额支出无审批); transfers (上缴上级支出, 补助下级支出) are left out: the rules fix them;
- round: expenditure on goods and services (职工活动、职工服务、维权、业务、其他支出) of 1,000元 or more in whole
  thousands (整数金额: paid on an estimate rather than an invoice?), unless tagged with a head count (a standard
  times the heads is round by nature);
- repeat_payee: one counterparty paid `repeat_times` times or more (default 3) in a calendar month (拆分支付?).
A fixed number of queries whatever the number of entries.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from ..models import (
    AuditFinding,
    AuditReport,
    AuditRun,
    Category,
    CheckKind,
    EntryFlag,
    LedgerAttachment,
    LedgerEntry,
)
from . import rules
from ._common import require, text

__all__ = ["LARGE_AMOUNT", "REPEAT_TIMES", "audit_run", "finding_raise", "finding_reply", "finding_resolve",
           "report_issue"]

LARGE_AMOUNT = Decimal("5000.00")
REPEAT_TIMES = 3
ROUND_CATEGORIES = (Category.ACTIVITIES, Category.SERVICES, Category.RIGHTS, Category.BUSINESS, Category.OTHER_EXPENSE)
TRANSFERS = (Category.REMITTANCE, Category.GRANTS_DOWN)
FINDING_KIND = "funds.finding"  # declared in funds/portal/audit.py
REPLY_KIND = "funds.finding_reply"


def _union(org: Organization) -> None:
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("经费审查按工会进行，请先切换到一个工会。")


def _year(year: int) -> int:
    year = int(year)
    if not 2000 <= year <= localdate().year:
        raise ServiceError(f"年度{year}不在可审查的范围内。")
    return year


def other_flags(org: Organization, year: int, *, large_amount: Decimal, repeat_times: int) -> list[EntryFlag]:
    """The checks other than the rules, on the year's booked entries (one query)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    entries = list(LedgerEntry.objects.filter(org=org, status=LedgerEntry.Status.BOOKED, entry_date__range=(start, end))
                   .annotate(has_file=Exists(LedgerAttachment.objects.filter(entry=OuterRef("pk"))),
                             is_reversed=Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk"))))
                   .select_related("tag").order_by("entry_date", "id"))
    flags: list[EntryFlag] = []

    def flag(kind, entry, message):
        flags.append(EntryFlag(org=org, year=year, entry=entry, kind=kind, message=message[:300],
                               entry_date=entry.entry_date))

    payees: dict[tuple[str, int], list[LedgerEntry]] = defaultdict(list)
    for e in entries:
        if not e.voucher_no:
            flag(CheckKind.NO_VOUCHER, e, f"{e.entry_date:%Y-%m-%d}“{e.summary}”{e.amount}元没有凭证号")
        if e.direction != "out" or e.is_reversal or e.is_reversed:
            continue
        tag = getattr(e, "tag", None)
        transfer = e.category in TRANSFERS  # 上解 and 补助下级 follow the rules, not a spending decision
        if not transfer and e.amount >= large_amount and not e.has_file and not (tag is not None and tag.approval):
            flag(CheckKind.NO_APPROVAL, e, f"“{e.summary}”支出{e.amount}元，达到大额标准{large_amount.normalize():f}元，"
                                           f"既无附件也未注明审批依据")
        per_head = tag is not None and tag.heads  # a standard times the head count is round by nature
        if e.category in ROUND_CATEGORIES and not per_head and e.amount >= 1000 and e.amount % 1000 == 0:
            flag(CheckKind.ROUND, e, f"“{e.summary}”支出{e.amount}元为整千元，请核对是否按发票金额列支")
        if e.counterparty:
            payees[(e.counterparty, e.entry_date.month)].append(e)
    for (payee, month), paid in payees.items():
        if len(paid) >= repeat_times:
            total = sum((p.amount for p in paid), Decimal("0.00"))
            flag(CheckKind.REPEAT_PAYEE, max(paid, key=lambda p: p.amount),
                 f"{payee}在{year}年{month}月收款{len(paid)}次，共{total}元，请核对是否拆分支付")
    return flags


@transaction.atomic
def audit_run(*, actor, org: Organization, year: int, large_amount=None, repeat_times: int | None = None) -> AuditRun:
    """Runs every check on the union's books of the year; the year's flags are replaced by what is found now."""
    require(actor, Perm.FUNDS_AUDIT, org)
    _union(org)
    year = _year(year)
    from .budget import parse_budget_amount

    large = parse_budget_amount(large_amount, "大额支出标准") if large_amount not in (None, "") else LARGE_AMOUNT
    if large <= 0:
        raise ServiceError("大额支出标准须大于0。")
    times = int(repeat_times) if repeat_times else REPEAT_TIMES
    if not 2 <= times <= 100:
        raise ServiceError("同一收款方次数标准应在2到100之间。")
    found = rules.breaches(org, year) + other_flags(org, year, large_amount=large, repeat_times=times)
    EntryFlag.objects.filter(org=org, year=year).delete()
    EntryFlag.objects.bulk_create(found)
    counts: dict[str, int] = {k: 0 for k in CheckKind.values}
    for f in found:
        counts[f.kind] += 1
    return AuditRun.objects.create(org=org, year=year, ran_by=acting_user(actor), large_amount=large,
                                   repeat_times=times, counts=counts)


def _tell(users, kind: str, title: str, body: str, url: str, key: str) -> None:
    from gonghui.portal import messaging

    for user in users:
        messaging.send(user, kind, title, body, url, dedupe_key=key)


@transaction.atomic
def finding_raise(*, actor, org: Organization, year: int, title: str, detail: str = "", amount=None,
                  kind: str = "", entry: LedgerEntry | None = None, flag: EntryFlag | None = None,
                  raised_on: datetime.date | None = None) -> AuditFinding:
    """A problem found (发现问题), numbered per union and year; the union's treasurers are told."""
    require(actor, Perm.FUNDS_AUDIT, org)
    _union(org)
    year = _year(year)
    if flag is not None:
        if flag.org_id != org.pk:
            raise ServiceError("该核查提示不属于本工会。")
        entry = entry or flag.entry
        kind = kind or flag.kind
        title = title or flag.get_kind_display()
        detail = detail or "\n".join(x for x in (flag.message, f"依据：{flag.rule_text}" if flag.rule_text else "") if x)
        if amount in (None, "") and flag.excess is not None:
            amount = flag.excess
    if entry is not None and entry.org_id != org.pk:
        raise ServiceError("该分录不属于本工会。")
    title = text(title, 100)
    if not title:
        raise ServiceError("请填写发现的问题。")
    if kind and kind not in CheckKind.values:
        raise ServiceError("请选择问题类型。")
    if amount not in (None, ""):
        from .budget import parse_budget_amount

        amount = parse_budget_amount(amount, "涉及金额")
    else:
        amount = None
    raised_on = raised_on or localdate()
    if raised_on > localdate():
        raise ServiceError("提出日期不能在今天之后。")
    if flag is not None:
        # The same flag raised twice (a double click), or raised again after a re-run replaced the flags (the same
        # entry and kind, or for a year-wide flag the same rule text), is one finding.
        same = Q(flag=flag) | (Q(entry=flag.entry, kind=flag.kind) if flag.entry_id else
                               Q(entry__isnull=True, kind=flag.kind, detail__contains=flag.message))
        existing = AuditFinding.objects.filter(org=org, year=year).filter(same).first()
        if existing is not None:
            return existing
    for _ in range(3):
        number = (AuditFinding.objects.filter(org=org, year=year).aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                finding = AuditFinding.objects.create(
                    org=org, year=year, number=number, kind=kind, entry=entry, flag=flag, title=title,
                    detail=text(detail, 2000), amount=amount, raised_on=raised_on, raised_by=acting_user(actor))
            break
        except IntegrityError:  # a number taken by a finding raised at the same moment
            continue
    else:  # pragma: no cover
        raise ServiceError("编号冲突，请重试。")
    from gonghui.portal import desk

    _tell(desk.officers(org, Perm.FUNDS_EDIT), FINDING_KIND, f"经审发现问题待答复：{title}",
          f"{year}年第{number}号，请说明情况并整改。", reverse("funds:finding_detail", args=[finding.pk]),
          f"funds.finding:{finding.pk}")
    return finding


def _locked(finding: AuditFinding) -> AuditFinding:
    return AuditFinding.objects.select_for_update().select_related("org").get(pk=finding.pk)


@transaction.atomic
def finding_reply(*, actor, finding: AuditFinding, reply: str) -> AuditFinding:
    """The treasurer's reply (情况说明、整改措施); a reply to a finding sent back replaces the earlier one."""
    finding = _locked(finding)
    require(actor, Perm.FUNDS_EDIT, finding.org)
    if finding.status == AuditFinding.Status.RESOLVED:
        raise ServiceError("该问题已整改确认，不能再答复。")
    reply = text(reply, 2000)
    if not reply:
        raise ServiceError("请填写答复（情况说明和整改措施）。")
    if finding.status == AuditFinding.Status.REPLIED and finding.reply == reply:
        return finding  # the same reply sent twice
    finding.reply = reply
    finding.replied_on = localdate()
    finding.replied_by = acting_user(actor)
    finding.status = AuditFinding.Status.REPLIED
    finding.save()
    if finding.raised_by is not None:
        _tell([finding.raised_by], REPLY_KIND, f"经审问题已答复：{finding.title}", reply[:100],
              reverse("funds:finding_detail", args=[finding.pk]),
              f"funds.finding_reply:{finding.pk}:{finding.replied_on}:{len(reply)}")
    return finding


@transaction.atomic
def finding_resolve(*, actor, finding: AuditFinding, resolution: str, accepted: bool = True) -> AuditFinding:
    """The committee confirms the correction (整改到位) or sends the finding back with its reason."""
    finding = _locked(finding)
    require(actor, Perm.FUNDS_AUDIT, finding.org)
    if finding.status == AuditFinding.Status.RESOLVED:
        return finding
    if finding.status != AuditFinding.Status.REPLIED:
        raise ServiceError("财务尚未答复，不能确认整改。")
    resolution = text(resolution, 300)
    if not resolution:
        raise ServiceError("请填写整改结论。" if accepted else "请填写退回的理由。")
    finding.resolution = resolution
    if accepted:
        finding.status = AuditFinding.Status.RESOLVED
        finding.resolved_on = localdate()
    else:
        finding.status = AuditFinding.Status.OPEN
    finding.save()
    return finding


@transaction.atomic
def report_issue(*, actor, org: Organization, year: int, opinion: str,
                 issued_on: datetime.date | None = None) -> AuditReport:
    """The year's 经费审查报告 (one a year; issuing again replaces the opinion and date, audited)."""
    require(actor, Perm.FUNDS_AUDIT, org)
    _union(org)
    year = _year(year)
    opinion = text(opinion, 5000)
    if not opinion:
        raise ServiceError("请填写审查意见。")
    issued_on = issued_on or localdate()
    if issued_on > localdate() or issued_on.year < year:
        raise ServiceError(f"报告日期应在{year}年之后、今天之前，请核对。")
    if not AuditRun.objects.filter(org=org, year=year).exists():
        raise ServiceError(f"{year}年尚未运行经费核查，请先核查再出具报告。")
    report, created = AuditReport.objects.get_or_create(
        org=org, year=year, defaults={"opinion": opinion, "issued_on": issued_on, "issued_by": acting_user(actor)})
    if not created:
        report.opinion, report.issued_on, report.issued_by = opinion, issued_on, acting_user(actor)
        report.save()
    return report
