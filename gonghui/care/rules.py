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


# ---------------------------------------------------------------------------------------------------------------
# Steps nobody holds (无人担任的审批环节)
#
# A step names a role; someone "holds" it for an application when they have that role (a step without a role: any
# role carrying CARE_APPROVE) on the application's union or above it, with an active login, and are not the
# applicant. A step nobody holds is passed on to the next step that has a holder; when none is left, to the
# chair of the application's own union, else to whoever approves care there. `route()` decides where to; the
# assistance services record the passing (a decision "无人担任" with the reason) and the settings check
# (`unheld_steps`, the flows tab, `gonghui check_approvals`) lists the steps nobody holds for which units.
# ---------------------------------------------------------------------------------------------------------------

CHAIR_STEP = {"role": "chair", "label": "工会主席审批"}
APPROVE_STEP = {"role": "", "label": "工会审批"}


def step_roles(role: str) -> list[str]:
    """The roles that may decide a step naming `role` (a step without one: every role with CARE_APPROVE)."""
    from gonghui.accounts.roles import ROLE_PERMS, Perm

    return [role] if role else sorted(r for r, perms in ROLE_PERMS.items() if Perm.CARE_APPROVE in perms)


def role_label(role: str) -> str:
    from gonghui.accounts.roles import Role

    return dict(Role.choices).get(role, role) if role else "帮扶审批权限"


def union_paths(org: Organization) -> list[str]:
    """Paths from the nearest union (Organization.UNION_KINDS, the organisation itself included) down to `org`:
    where the fallback (the union's chair) is looked for. No union above it: the organisation alone."""
    paths = ancestor_paths(org)
    unions = set(Organization.objects.filter(path__in=paths, kind__in=Organization.UNION_KINDS)
                 .values_list("path", flat=True))
    nearest = max((p for p in unions), key=len, default=org.path)
    return [p for p in paths if len(p) >= len(nearest)]


class Holders:
    """Who holds which role where: {role: {org path}}, loaded once (active logins on active organisations), with
    the applicant's own logins left out."""

    def __init__(self, paths, *, exclude_users=(), exclude_person: int | None = None):
        from gonghui.accounts.models import RoleAssignment

        qs = RoleAssignment.objects.filter(org__status=Organization.Status.ACTIVE, user__is_active=True)
        qs = qs.filter(org__path__in=list(paths)) if paths is not None else qs
        users = [u for u in exclude_users if u]
        if users:
            qs = qs.exclude(user_id__in=users)
        if exclude_person:
            qs = qs.exclude(user__person_id=exclude_person)
        self.paths: dict[str, set[str]] = {}
        for path, role in qs.values_list("org__path", "role"):
            self.paths.setdefault(role, set()).add(path)

    def held(self, role: str, paths) -> bool:
        return any(self.paths.get(r, set()) & set(paths) for r in step_roles(role))


@dataclass(frozen=True)
class Route:
    """Where an application at step `start` goes: `target` (an index of the steps, or len(steps) when `added` is
    appended), or nowhere (target None: nobody at all can act; it stays where it is)."""

    target: int | None
    added: dict | None = None

    @property
    def moves(self) -> bool:
        return self.target is not None


def route(steps: list[dict], start: int, org: Organization, holders: Holders) -> Route:
    """Where the application waiting at `steps[start]` should wait: `start` itself when that step is held."""
    paths, own_union = ancestor_paths(org), union_paths(org)
    for index in range(start, len(steps)):
        if holders.held(steps[index].get("role", ""), paths):
            return Route(index)
    for fallback in (CHAIR_STEP, APPROVE_STEP):
        if holders.held(fallback["role"], own_union):
            return Route(len(steps), {"order": len(steps) + 1, **fallback, "added": True})
    return Route(None)


def holders_for(org: Organization, *, exclude_users=(), exclude_person: int | None = None) -> Holders:
    return Holders(ancestor_paths(org), exclude_users=exclude_users, exclude_person=exclude_person)


@dataclass
class UnheldStep:
    """A step of a flow that nobody holds for some of the units the flow governs, and where it goes instead."""

    flow: ApprovalFlow
    step: object
    units: list
    target: str


def unheld_steps(flows=None, *, units_q: Q | None = None) -> list[UnheldStep]:
    """For each flow (all, or the given queryset), its steps nobody holds for which units: the active
    organisations with people in the flow's subtree that follow this flow (no nearer flow of the same kind or of
    every kind), limited to `units_q` (a reader's scope). Where the application would go instead is the first
    unit's route (`target`)."""
    from gonghui.members.models import Person

    flows = list((flows if flows is not None else ApprovalFlow.objects.all())
                 .select_related("org").prefetch_related("steps").order_by("org__path", "kind"))
    if not flows:
        return []
    all_flows = list(ApprovalFlow.objects.values_list("org__path", "kind"))
    found: list[UnheldStep] = []
    for flow in flows:
        nearer = [p for p, k in all_flows if p.startswith(flow.org.path) and p != flow.org.path
                  and k in ({flow.kind, ""} if flow.kind else {""})]
        unit_ids = set(Person.objects.filter(org__path__startswith=flow.org.path)
                       .values_list("org_id", flat=True).distinct())
        units = [u for u in Organization.objects.filter(pk__in=unit_ids, status=Organization.Status.ACTIVE)
                 .filter(units_q or Q()).order_by("path") if not any(u.path.startswith(p) for p in nearer)]
        if not units:
            continue
        holders = Holders(None)
        steps = [{"order": s.order, "role": s.role, "label": s.label} for s in flow.steps.all()]
        for index, step in enumerate(flow.steps.all()):
            unheld = [u for u in units if not holders.held(step.role, ancestor_paths(u))]
            if unheld:
                r = route(steps, index, unheld[0], holders)
                target = ("无人可审批" if r.target is None
                          else (r.added or steps[r.target])["label"])
                found.append(UnheldStep(flow, step, unheld, target))
    return found
