"""The union's care rules as data, and how they apply to a union on a day.

- Fund rules (经费标准): `AidRuleSet` per organisation with an effective period; a union follows the rule set of its
  nearest ancestor (itself included) that has one effective on the day. `rule_for` gives standard, cap and yearly
  cap for an occasion and kind of recipient; `propose_amount` the standard amount the form proposes.
- Yearly caps are per member per calendar year, summed over condolences of the occasion and, for 节日, festival
  assistance (送温暖 campaigns) approved or paid.
- Approval flows: `approval_steps_for(org, kind)`; 五必访: `must_visit_rules_for(org)`.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from gonghui.orgs.models import PATH_STEP, Organization

from .aggregates import MoneySum

from .models import (
    AidRule,
    AidRuleSet,
    ApprovalFlow,
    Assistance,
    Condolence,
    MustVisitRule,
    Occasion,
)

#: Assistance kinds that count against an occasion's yearly cap.
ASSISTANCE_FOR_OCCASION = {Occasion.FESTIVAL: [Assistance.Kind.FESTIVAL]}
#: Statuses of assistance that count as money committed to a person.
COMMITTED = (Assistance.Status.APPROVED, Assistance.Status.DISBURSED)


def ancestor_paths(org: Organization) -> list[str]:
    """Paths of the organisation and all its ancestors, root first (no query)."""
    return [org.path[: i + PATH_STEP] for i in range(0, len(org.path), PATH_STEP)]


def applicable_rule_set(org: Organization, on: datetime.date) -> AidRuleSet | None:
    """The rule set that governs `org` on `on`: the nearest ancestor's (itself included)."""
    return (AidRuleSet.objects.filter(org__path__in=ancestor_paths(org), effective_from__lte=on)
            .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
            .select_related("org").order_by("-org__depth", "-effective_from").first())


@dataclass(frozen=True)
class AppliedRule:
    rule_set: AidRuleSet | None
    rule: AidRule | None
    standard: Decimal | None
    cap: Decimal | None
    yearly_cap: Decimal | None


NO_RULE = AppliedRule(None, None, None, None, None)


def rule_for(org: Organization, occasion: str, recipient_kind: str, on: datetime.date) -> AppliedRule:
    """The line of the applicable rule set for this occasion and kind of recipient (a line for "所有对象" when
    there is none for the kind)."""
    rule_set = applicable_rule_set(org, on)
    if rule_set is None:
        return NO_RULE
    rules = {r.recipient_kind: r for r in rule_set.rules.filter(occasion=occasion, recipient_kind__in=[recipient_kind, ""])}
    rule = rules.get(recipient_kind) or rules.get("")
    if rule is None:
        return AppliedRule(rule_set, None, None, None, None)
    return AppliedRule(rule_set, rule, rule.standard_amount, rule.cap_amount, rule.yearly_cap)


def propose_amount(org: Organization, occasion: str, recipient_kind: str, on: datetime.date) -> Decimal | None:
    """The standard amount the form proposes; None when the rules set none."""
    return rule_for(org, occasion, recipient_kind, on).standard


def yearly_total(person_id: int, occasion: str, year: int, *, exclude_condolence: int | None = None) -> Decimal:
    """What a member has received for an occasion in a calendar year (condolences, plus festival assistance)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    condolences = Condolence.objects.filter(person_id=person_id, occasion=occasion, visited_on__range=(start, end))
    if exclude_condolence:
        condolences = condolences.exclude(pk=exclude_condolence)
    total = condolences.aggregate(s=MoneySum("amount"))["s"] or Decimal("0.00")
    kinds = ASSISTANCE_FOR_OCCASION.get(occasion)
    if kinds:
        paid = Assistance.objects.filter(person_id=person_id, kind__in=kinds, status__in=COMMITTED).filter(
            Q(disbursed_on__range=(start, end)) | Q(disbursed_on__isnull=True, applied_on__range=(start, end))
        ).aggregate(s=MoneySum("amount"))["s"]
        total += paid or Decimal("0.00")
    return total


def yearly_totals(person_ids, occasion: str, year: int) -> dict[int, Decimal]:
    """`yearly_total` for many members in two queries (campaign delivery)."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    totals: dict[int, Decimal] = {}
    rows = (Condolence.objects.filter(person_id__in=person_ids, occasion=occasion, visited_on__range=(start, end))
            .values("person_id").annotate(s=MoneySum("amount")))
    for row in rows:
        totals[row["person_id"]] = row["s"]
    kinds = ASSISTANCE_FOR_OCCASION.get(occasion)
    if kinds:
        rows = (Assistance.objects.filter(person_id__in=person_ids, kind__in=kinds, status__in=COMMITTED)
                .filter(Q(disbursed_on__range=(start, end)) | Q(disbursed_on__isnull=True, applied_on__range=(start, end)))
                .values("person_id").annotate(s=MoneySum("amount")))
        for row in rows:
            totals[row["person_id"]] = totals.get(row["person_id"], Decimal("0.00")) + row["s"]
    return totals


DEFAULT_STEPS = [{"order": 1, "role": "", "label": "工会审批"}]


def approval_flow_for(org: Organization, kind: str) -> ApprovalFlow | None:
    """The nearest ancestor's (itself included) flow for the kind; a flow for every kind ("") when none."""
    flows = list(ApprovalFlow.objects.filter(org__path__in=ancestor_paths(org), kind__in=[kind, ""])
                 .select_related("org").prefetch_related("steps"))
    flows.sort(key=lambda f: (f.org.depth, f.kind == kind), reverse=True)
    return flows[0] if flows else None


def approval_steps_for(org: Organization, kind: str) -> list[dict]:
    """The steps an application of this kind goes through: [{"order", "role", "label"}], never empty."""
    flow = approval_flow_for(org, kind)
    steps = [{"order": s.order, "role": s.role, "label": s.label} for s in flow.steps.all()] if flow else []
    return steps or [dict(s) for s in DEFAULT_STEPS]


def must_visit_rules_for(org: Organization) -> list[MustVisitRule]:
    """The 必访 rules of the nearest ancestor (itself included) that has any."""
    rules = list(MustVisitRule.objects.filter(org__path__in=ancestor_paths(org)).select_related("org"))
    if not rules:
        return []
    nearest = max(r.org.depth for r in rules)
    return [r for r in rules if r.org.depth == nearest]
