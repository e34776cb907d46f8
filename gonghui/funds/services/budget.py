"""Budgets (预算): drafting the lines, approval by the committee (and the congress where required), revisions
(预算调整) kept with their history. See models/budget.py."""
from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core.context import acting_user
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from ..models import Budget, BudgetLine, BudgetRevision, Category
from ._common import require, text

__all__ = ["budget_create", "budget_lines_set", "budget_approve", "budget_revise", "parse_budget_amount",
           "parse_lines"]

MAX_LINE = Decimal("100000000.00")


def parse_budget_amount(value, label: str) -> Decimal:
    """A budget amount: 0 or more, to the fen (a line of 0 says "nothing planned")."""
    if isinstance(value, float):
        raise TypeError("money must not be a float")
    if isinstance(value, str):
        import unicodedata

        cleaned = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace("元", "")
        try:
            value = Decimal(cleaned)
        except InvalidOperation:
            raise ServiceError(f"{label}“{value.strip()[:20]}”不是数字，请填写阿拉伯数字，如 12000.00。") from None
    if value is None:
        raise ServiceError(f"请填写{label}的预算金额。")
    amount = Decimal(value)
    if amount != amount.quantize(Decimal("0.01")):
        raise ServiceError(f"{label}的预算金额最多精确到分。")
    if amount < 0:
        raise ServiceError(f"{label}的预算金额不能为负数。")
    if amount >= MAX_LINE:
        raise ServiceError(f"{label}的预算金额{amount}元过大，请核对。")
    return amount.quantize(Decimal("0.01"))


def parse_lines(lines) -> dict[tuple[str, str], Decimal]:
    """[(category, subcategory, amount)] → {(category, subcategory): amount}, checked; the same line twice is an
    error; a 明细 line needs its category's line and the 明细 lines of a category may not add up to more than it."""
    out: dict[tuple[str, str], Decimal] = {}
    for category, subcategory, amount in lines:
        if category not in Category.values:
            raise ServiceError(f"科目“{category}”不是工会会计制度的收支科目。")
        subcategory = text(subcategory, 40)
        label = Category(category).label + (f"·{subcategory}" if subcategory else "")
        key = (category, subcategory)
        if key in out:
            raise ServiceError(f"{label}填了两次，请合并为一行。")
        out[key] = parse_budget_amount(amount, label)
    if not out:
        raise ServiceError("预算至少要有一个科目。")
    for (category, subcategory), amount in out.items():
        if subcategory:
            total = out.get((category, ""))
            if total is None:
                raise ServiceError(f"{Category(category).label}有明细科目，请同时填写该科目的合计预算。")
    for category in {c for c, _ in out}:
        parts = sum((a for (c, s), a in out.items() if c == category and s), Decimal("0.00"))
        if (category, "") in out and parts > out[(category, "")]:
            raise ServiceError(f"{Category(category).label}各明细合计{parts}元，超过该科目预算{out[(category, '')]}元。")
    return out


def _union(org: Organization) -> None:
    if org.kind not in Organization.UNION_KINDS:
        raise ServiceError("预算按工会编制，请先切换到一个工会。")


@transaction.atomic
def budget_create(*, actor, org: Organization, year: int, lines, congress_required: bool = False,
                  note: str = "") -> Budget:
    """A draft budget for the year with its lines."""
    require(actor, Perm.FUNDS_EDIT, org)
    _union(org)
    if not 2000 <= int(year) <= localdate().year + 1:
        raise ServiceError(f"年度{year}不在可编制的范围内（2000年至明年）。")
    if Budget.objects.filter(org=org, year=year).exists():
        raise ServiceError(f"{year}年预算已编制，请在原预算上修改或调整。")
    parsed = parse_lines(lines)
    try:
        with transaction.atomic():
            budget = Budget.objects.create(org=org, year=year, congress_required=bool(congress_required),
                                           note=text(note, 500))
    except IntegrityError:
        raise ServiceError(f"{year}年预算已编制，请在原预算上修改或调整。") from None
    for (category, subcategory), amount in parsed.items():
        BudgetLine.objects.create(budget=budget, category=category, subcategory=subcategory, amount=amount)
    return budget


def _locked(budget: Budget) -> Budget:
    return Budget.objects.select_for_update().select_related("org").get(pk=budget.pk)


def _apply(budget: Budget, parsed: dict) -> list[dict]:
    """Writes the lines (new, changed, removed) and returns the changes."""
    current = {(line.category, line.subcategory): line for line in budget.lines.all()}
    changes = []
    for key in sorted(set(current) | set(parsed)):
        line = current.get(key)
        before = line.amount if line is not None else None
        after = parsed.get(key)
        if before == after:
            continue
        changes.append({"category": key[0], "subcategory": key[1],
                        "before": str(before) if before is not None else None,
                        "after": str(after) if after is not None else None})
        if after is None:
            line.delete()
        elif line is None:
            BudgetLine.objects.create(budget=budget, category=key[0], subcategory=key[1], amount=after)
        else:
            line.amount = after
            line.save()
    return changes


@transaction.atomic
def budget_lines_set(*, actor, budget: Budget, lines) -> Budget:
    """Changes a draft's lines (an approved budget is changed by budget_revise)."""
    budget = _locked(budget)
    require(actor, Perm.FUNDS_EDIT, budget.org)
    if budget.status != Budget.Status.DRAFT:
        raise ServiceError("预算已批准，不能直接修改；请办理预算调整。")
    _apply(budget, parse_lines(lines))
    return budget


def _approval_day(day: datetime.date | None, label: str, year: int) -> datetime.date:
    if day is None:
        raise ServiceError(f"请填写{label}。")
    if day > localdate():
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}在今天之后，请核对。")
    if day.year < year - 1:
        raise ServiceError(f"{label}{day:%Y年%-m月%-d日}早于{year - 1}年，请核对。")
    return day


@transaction.atomic
def budget_approve(*, actor, budget: Budget, committee_approved_on: datetime.date,
                   congress_approved_on: datetime.date | None = None) -> Budget:
    """The committee's approval (and the congress's where required). Approving twice keeps the first dates."""
    budget = _locked(budget)
    require(actor, Perm.FUNDS_EDIT, budget.org)
    if budget.status == Budget.Status.APPROVED:
        if budget.congress_required and budget.congress_approved_on is None and congress_approved_on is not None:
            budget.congress_approved_on = _approval_day(congress_approved_on, "会员（代表）大会通过日期", budget.year)
            budget.save()
        return budget
    if not budget.lines.exists():
        raise ServiceError("预算没有科目，不能批准。")
    budget.committee_approved_on = _approval_day(committee_approved_on, "工会委员会批准日期", budget.year)
    if congress_approved_on is not None:
        budget.congress_approved_on = _approval_day(congress_approved_on, "会员（代表）大会通过日期", budget.year)
        if budget.congress_approved_on < budget.committee_approved_on:
            raise ServiceError("会员（代表）大会应在工会委员会审议之后通过预算，请核对日期。")
    budget.status = Budget.Status.APPROVED
    budget.save()
    return budget


@transaction.atomic
def budget_revise(*, actor, budget: Budget, lines, reason: str, revised_on: datetime.date,
                  approved_on: datetime.date | None = None) -> BudgetRevision:
    """预算调整: the approved budget's lines become `lines`; the changes are kept as a numbered revision."""
    budget = _locked(budget)
    require(actor, Perm.FUNDS_EDIT, budget.org)
    if budget.status != Budget.Status.APPROVED:
        raise ServiceError("预算尚未批准，直接修改草案即可，无需调整。")
    reason = text(reason, 300)
    if not reason:
        raise ServiceError("请填写调整原因。")
    revised_on = _approval_day(revised_on, "调整日期", budget.year)
    if approved_on is not None:
        approved_on = _approval_day(approved_on, "调整批准日期", budget.year)
    changes = _apply(budget, parse_lines(lines))
    if not changes:
        raise ServiceError("调整后的预算与现行预算相同，没有需要调整的科目。")
    budget.revisions += 1
    budget.save()
    return BudgetRevision.objects.create(budget=budget, number=budget.revisions, revised_on=revised_on,
                                         approved_on=approved_on, reason=reason, changes=changes,
                                         revised_by=acting_user(actor))
