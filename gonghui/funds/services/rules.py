"""Fund rules (经费使用规定) on care's dated rule sets, and the check of the books against them.

- `spending_rule_save` / `spending_rule_delete`: a line of a care rule set (`care.AidRuleSet`) for a purpose of
  spending (see models/rules.py). The rule set itself (its organisation and effective period) is care's: created in
  care's 经费标准 pages or with `care.services.rulesets.rule_set_create`.
- `entry_tag`: what a booked entry is for (purpose, head count, approval mark).
- `rules_check(org, year)`: every booked expenditure of the union in the year against the rules in force on its
  date (the nearest ancestor's rule set, as care applies it), plus the share rules over the year; the year's rule
  flags are replaced (EntryFlag kind "rule"). A fixed number of queries whatever the number of entries (4).
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.timezone import localdate
from django.db.models import Exists, OuterRef

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.care.models import AidRuleSet, RecipientKind
from gonghui.care.rules import ancestor_paths
from gonghui.core import audit
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Organization

from ..models import EXPENSE, Category, CheckKind, EntryFlag, EntryTag, LedgerEntry, Purpose, SpendingRule
from ..models.rules import PURPOSE_OCCASION
from ._common import OUT_OF_SCOPE, require, text

__all__ = ["spending_rule_save", "spending_rule_delete", "entry_tag", "rules_check", "require_check",
           "rule_sets_for", "set_on", "counted_entries"]

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def _limit(value, basis: str) -> Decimal:
    from .budget import parse_budget_amount

    amount = parse_budget_amount(value, "上限")
    if amount <= 0:
        raise ServiceError("上限须大于0。")
    if basis == SpendingRule.Basis.SHARE and amount > 100:
        raise ServiceError("比例上限是百分数，不能超过100。")
    return amount


@transaction.atomic
def spending_rule_save(*, actor, rule_set: AidRuleSet, basis: str, limit, purpose: str = "", category: str = "",
                       note: str = "") -> SpendingRule:
    """Adds or changes the line for (purpose or category, basis) in the rule set."""
    require(actor, Perm.FUNDS_EDIT, rule_set.org)
    if basis not in SpendingRule.Basis.values:
        raise ServiceError("请选择口径（每人每次、每人每年或占全年支出比例）。")
    if purpose and purpose not in Purpose.values:
        raise ServiceError("请选择用途。")
    if category and category not in EXPENSE:
        raise ServiceError("比例上限只能按支出科目设置。")
    if basis == SpendingRule.Basis.SHARE:
        if bool(purpose) == bool(category):
            raise ServiceError("比例上限请选择一个用途或一个支出科目（二选一）。")
    else:
        if not purpose:
            raise ServiceError("人均上限请选择用途（如节日慰问品、活动餐费）。")
        category = ""
    limit = _limit(limit, basis)
    rule, _ = SpendingRule.objects.update_or_create(
        rule_set=rule_set, purpose=purpose, category=category, basis=basis,
        defaults={"limit": limit, "note": text(note, 200)})
    return rule


@transaction.atomic
def spending_rule_delete(*, actor, rule: SpendingRule) -> None:
    require(actor, Perm.FUNDS_EDIT, rule.rule_set.org)
    rule.delete()


@transaction.atomic
def entry_tag(*, actor, entry: LedgerEntry, purpose: str = "", heads: int | None = None,
              approval: str = "") -> EntryTag:
    """Says what an expenditure is for; the year's rules are checked again at once."""
    entry = LedgerEntry.objects.select_related("org").get(pk=entry.pk)
    require(actor, Perm.FUNDS_EDIT, entry.org)
    if entry.direction != "out":
        raise ServiceError("只有支出分录需要注明用途。")
    if entry.status != LedgerEntry.Status.BOOKED:
        raise ServiceError("请先记账，再注明用途。")
    if purpose and purpose not in Purpose.values:
        raise ServiceError("请选择用途。")
    if heads is not None:
        heads = int(heads)
        if heads <= 0:
            raise ServiceError("人数须大于0。")
        if heads > 1_000_000:
            raise ServiceError(f"人数{heads}过大，请核对。")
    tag, _ = EntryTag.objects.update_or_create(entry=entry, defaults={
        "purpose": purpose, "heads": heads, "approval": text(approval, 100)})
    rules_check(actor=None, org=entry.org, year=entry.entry_date.year)
    return tag


def require_check(actor, org: Organization) -> None:
    """The checks are run by the treasurer (FUNDS_EDIT) or the 经审 committee (FUNDS_AUDIT)."""
    if actor is None:
        return
    if not (can_on_org(actor, Perm.FUNDS_EDIT, org) or can_on_org(actor, Perm.FUNDS_AUDIT, org)):
        raise ServiceError(OUT_OF_SCOPE, code="out_of_scope")


def rule_sets_for(org: Organization) -> list[AidRuleSet]:
    """Every rule set of the union and its ancestors with their funds and care lines (three queries), nearest
    organisation first, newest first."""
    return list(AidRuleSet.objects.filter(org__path__in=ancestor_paths(org)).select_related("org")
                .prefetch_related("spending_rules", "rules").order_by("-org__depth", "-effective_from"))


def set_on(sets: list[AidRuleSet], day: datetime.date) -> AidRuleSet | None:
    """The rule set in force on the day (care.rules.applicable_rule_set, without a query)."""
    for rule_set in sets:
        if rule_set.effective_from <= day and (rule_set.effective_to is None or rule_set.effective_to >= day):
            return rule_set
    return None


def counted_entries(org: Organization, start: datetime.date, end: datetime.date):
    """The union's booked expenditure in [start, end] that still stands: a reversed entry and its reversal are
    left out (they cancel)."""
    return (LedgerEntry.objects.filter(org=org, status=LedgerEntry.Status.BOOKED, category__in=EXPENSE,
                                       entry_date__range=(start, end), reverses__isnull=True)
            .exclude(Exists(LedgerEntry.objects.filter(reverses=OuterRef("pk")))))


class _Caps:
    """The per-head-year cap of a purpose in a rule set: funds' own line, else care's yearly cap per member."""

    @staticmethod
    def yearly(rule_set: AidRuleSet, purpose: str):
        for rule in rule_set.spending_rules.all():
            if rule.purpose == purpose and rule.basis == SpendingRule.Basis.PER_HEAD_YEAR:
                return rule, None, rule.limit, f"{rule.subject}{rule.limit_text}（{rule_set.name}）"
        occasion = PURPOSE_OCCASION.get(purpose)
        if occasion:
            lines = {r.recipient_kind: r for r in rule_set.rules.all() if r.occasion == occasion and r.yearly_cap}
            aid = lines.get(RecipientKind.SERVING) or lines.get("")
            if aid is not None:
                return None, aid, aid.yearly_cap, (f"{aid.get_occasion_display()}慰问每人每年不超过"
                                                   f"{aid.yearly_cap.normalize():f}元（{rule_set.name}）")
        return None

    @staticmethod
    def per_head(rule_set: AidRuleSet, purpose: str):
        for rule in rule_set.spending_rules.all():
            if rule.purpose == purpose and rule.basis == SpendingRule.Basis.PER_HEAD:
                return rule
        return None


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def breaches(org: Organization, year: int) -> list[EntryFlag]:
    """The rule breaches of the union's books in the year (unsaved EntryFlag rows)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    sets = rule_sets_for(org)
    if not sets:
        return []
    entries = list(counted_entries(org, start, end).select_related("tag").order_by("entry_date", "id"))
    flags: list[EntryFlag] = []
    per_head_year: dict[str, Decimal] = defaultdict(lambda: ZERO)

    def flag(entry, message, *, rule=None, aid_rule=None, rule_text="", excess=None):
        flags.append(EntryFlag(org=org, year=year, entry=entry, kind=CheckKind.RULE, rule=rule, aid_rule=aid_rule,
                               rule_text=rule_text[:200], message=message[:300], excess=excess,
                               entry_date=entry.entry_date if entry is not None else None))

    for entry in entries:
        tag = getattr(entry, "tag", None)
        if tag is None or not tag.purpose:
            continue
        rule_set = set_on(sets, entry.entry_date)
        if rule_set is None:
            continue
        purpose_label = Purpose(tag.purpose).label
        per_rule = _Caps.per_head(rule_set, tag.purpose)
        yearly = _Caps.yearly(rule_set, tag.purpose)
        if (per_rule or yearly) and not tag.heads:
            rule_text = (f"{per_rule}（{rule_set.name}）" if per_rule else yearly[3])
            flag(entry, f"{purpose_label}支出{entry.amount}元未注明人数，无法按人均标准核对", rule=per_rule,
                 aid_rule=yearly[1] if yearly and not per_rule else None, rule_text=rule_text)
            continue
        if not tag.heads:
            continue
        per = _money(entry.amount / tag.heads)
        if per_rule is not None and per > per_rule.limit:
            flag(entry, f"{purpose_label}人均{per}元（{entry.amount}元÷{tag.heads}人），超过每人每次{per_rule.limit.normalize():f}元",
                 rule=per_rule, rule_text=f"{per_rule}（{rule_set.name}）",
                 excess=_money(entry.amount - per_rule.limit * tag.heads))
        if yearly is not None:
            rule, aid, cap, rule_text = yearly
            before = per_head_year[tag.purpose]
            after = before + per
            per_head_year[tag.purpose] = after
            if after > cap:
                over = min(per, after - cap)
                flag(entry, f"{year}年{purpose_label}累计人均{after}元，超过每人每年{cap.normalize():f}元",
                     rule=rule, aid_rule=aid, rule_text=rule_text, excess=_money(over * tag.heads))

    # Share rules over the year: the rule set in force at the year's end (or today, for the current year).
    last = min(end, localdate())
    rule_set = set_on(sets, last)
    shares = [r for r in rule_set.spending_rules.all() if r.basis == SpendingRule.Basis.SHARE] if rule_set else []
    if shares and entries:
        total = sum((e.amount for e in entries), ZERO)
        for rule in shares:
            if rule.purpose:
                part = sum((e.amount for e in entries if getattr(getattr(e, "tag", None), "purpose", "") == rule.purpose), ZERO)
            else:
                part = sum((e.amount for e in entries if e.category == rule.category), ZERO)
            if total > 0 and part * 100 > rule.limit * total:
                share = _money(part * 100 / total)
                flags.append(EntryFlag(
                    org=org, year=year, entry=None, kind=CheckKind.RULE, rule=rule,
                    rule_text=f"{rule}（{rule_set.name}）"[:200], entry_date=last,
                    message=f"{year}年{rule.subject}{part}元，占全年支出{total}元的{share}%，超过{rule.limit.normalize():f}%"[:300],
                    excess=_money(part - rule.limit * total / 100)))
    return flags


@transaction.atomic
def rules_check(*, actor, org: Organization, year: int) -> list[EntryFlag]:
    """Checks the union's books of the year against the fund rules; the year's rule flags are replaced."""
    require_check(actor, org)
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("经费按工会核查，请先切换到一个工会。")
    found = breaches(org, year)
    EntryFlag.objects.filter(org=org, year=year, kind=CheckKind.RULE).delete()
    EntryFlag.objects.bulk_create(found)
    if actor is not None:
        audit.record(AuditEntry.Action.UPDATE, model=EntryFlag, org_path=org.path,
                     note=f"{year}年经费使用规定核对：发现{len(found)}处不符")
    return found


