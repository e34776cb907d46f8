"""Rules as data: fund rule sets (经费标准) with effective periods, 五必访 rules, approval flows."""
from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from gonghui.accounts.roles import Perm, Role
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from ..models import (
    AidRule,
    AidRuleSet,
    ApprovalFlow,
    ApprovalFlowStep,
    Assistance,
    LifeEventKind,
    MustVisitRule,
    Occasion,
    RecipientKind,
)
from ._common import optional_money, require

__all__ = ["rule_set_create", "rule_set_update", "aid_rule_save", "aid_rule_delete", "must_visit_rule_save",
           "must_visit_rule_delete", "approval_flow_save"]


def _period_label(rule_set: AidRuleSet) -> str:
    return f"{rule_set.effective_from:%Y-%m-%d}至{rule_set.effective_to:%Y-%m-%d}" if rule_set.effective_to \
        else f"{rule_set.effective_from:%Y-%m-%d}起长期有效"


def _check_period(org: Organization, start: datetime.date, end: datetime.date | None, *, exclude_pk=None) -> None:
    if start is None:
        raise ServiceError("请填写生效日期。")
    if end is not None and end < start:
        raise ServiceError("失效日期不能早于生效日期。")
    # Lock the organisation row so that two officers cannot add overlapping sets at the same moment.
    Organization.objects.select_for_update().filter(pk=org.pk).first()
    clash = AidRuleSet.objects.filter(org=org).filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
    if end is not None:
        clash = clash.filter(effective_from__lte=end)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    other = clash.order_by("effective_from").first()
    if other is not None:
        raise ServiceError(f"有效期与“{other.name}”（{_period_label(other)}）重叠。同一单位的经费标准有效期不能重叠，"
                           "请先为原标准设置失效日期。")


def _clean_rule(occasion: str, recipient_kind: str, standard, cap, yearly_cap) -> dict:
    if occasion not in Occasion.values:
        raise ServiceError("请选择慰问事由。")
    if recipient_kind and recipient_kind not in RecipientKind.values:
        raise ServiceError("请选择慰问对象。")
    standard = optional_money(standard, label="标准金额")
    cap = optional_money(cap, label="单次上限", allow_zero=False)
    yearly = optional_money(yearly_cap, label="每人每年上限", allow_zero=False)
    if standard is not None and cap is not None and standard > cap:
        raise ServiceError(f"标准金额{standard}元不能高于单次上限{cap}元。")
    if cap is not None and yearly is not None and cap > yearly:
        raise ServiceError(f"单次上限{cap}元不能高于每人每年上限{yearly}元。")
    return {"occasion": occasion, "recipient_kind": recipient_kind or "", "standard_amount": standard,
            "cap_amount": cap, "yearly_cap": yearly}


@transaction.atomic
def rule_set_create(*, actor, org: Organization, name: str, effective_from: datetime.date,
                    effective_to: datetime.date | None = None, note: str = "", rules=()) -> AidRuleSet:
    """A new rule set. `rules`: [{"occasion", "recipient_kind", "standard", "cap", "yearly_cap"}]."""
    require(actor, Perm.CARE_APPROVE, org)
    if not name.strip():
        raise ServiceError("请填写经费标准的名称。")
    _check_period(org, effective_from, effective_to)
    rule_set = AidRuleSet(org=org, name=name.strip(), effective_from=effective_from, effective_to=effective_to,
                          note=note.strip())
    rule_set.full_clean()
    rule_set.save()
    seen = set()
    for item in rules:
        cleaned = _clean_rule(item.get("occasion"), item.get("recipient_kind", ""), item.get("standard"),
                              item.get("cap"), item.get("yearly_cap"))
        key = (cleaned["occasion"], cleaned["recipient_kind"])
        if key in seen:
            raise ServiceError(f"“{Occasion(key[0]).label}”对同一对象填写了两次。")
        seen.add(key)
        AidRule(rule_set=rule_set, **cleaned).save()
    return rule_set


@transaction.atomic
def rule_set_update(*, actor, rule_set: AidRuleSet, **fields) -> AidRuleSet:
    """Change name, note or period (e.g. set `effective_to` when a new standard takes over)."""
    unknown = set(fields) - {"name", "note", "effective_from", "effective_to"}
    if unknown:
        raise ServiceError("只能修改名称、说明和有效期。")
    rule_set = AidRuleSet.objects.select_for_update().select_related("org").get(pk=rule_set.pk)
    require(actor, Perm.CARE_APPROVE, rule_set.org)
    start = fields.get("effective_from", rule_set.effective_from)
    end = fields.get("effective_to", rule_set.effective_to)
    _check_period(rule_set.org, start, end, exclude_pk=rule_set.pk)
    for name, value in fields.items():
        setattr(rule_set, name, value.strip() if isinstance(value, str) else value)
    rule_set.full_clean()
    rule_set.save()
    return rule_set


@transaction.atomic
def aid_rule_save(*, actor, rule_set: AidRuleSet, occasion: str, recipient_kind: str = "", standard=None, cap=None,
                  yearly_cap=None) -> AidRule:
    """Add or change the line for an occasion and kind of recipient."""
    require(actor, Perm.CARE_APPROVE, rule_set.org)
    cleaned = _clean_rule(occasion, recipient_kind, standard, cap, yearly_cap)
    rule = (AidRule.objects.filter(rule_set=rule_set, occasion=occasion, recipient_kind=cleaned["recipient_kind"]).first()
            or AidRule(rule_set=rule_set))
    for name, value in cleaned.items():
        setattr(rule, name, value)
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def aid_rule_delete(*, actor, rule: AidRule) -> None:
    require(actor, Perm.CARE_APPROVE, rule.rule_set.org)
    rule.delete()


@transaction.atomic
def must_visit_rule_save(*, actor, org: Organization, event_kind: str, window_days: int,
                         note: str = "") -> MustVisitRule:
    require(actor, Perm.CARE_APPROVE, org)
    if event_kind not in LifeEventKind.values:
        raise ServiceError("请选择必访事项。")
    if not 1 <= int(window_days) <= 365:
        raise ServiceError("看望期限应在1至365天之间。")
    rule = (MustVisitRule.objects.filter(org=org, event_kind=event_kind).first()
            or MustVisitRule(org=org, event_kind=event_kind))
    rule.window_days = int(window_days)
    rule.note = note.strip()
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def must_visit_rule_delete(*, actor, rule: MustVisitRule) -> None:
    require(actor, Perm.CARE_APPROVE, rule.org)
    rule.delete()


@transaction.atomic
def approval_flow_save(*, actor, org: Organization, kind: str = "", steps, name: str = "") -> ApprovalFlow:
    """Set a union's review steps for a kind of assistance ("" = every kind): steps = [(role, label), ...] in
    order, role one of accounts.roles.Role or "" (anyone with the care-approval permission). Applications
    already submitted keep the steps they were submitted with."""
    require(actor, Perm.CARE_APPROVE, org)
    if kind and kind not in Assistance.Kind.values:
        raise ServiceError("请选择救助类别。")
    steps = list(steps)
    if not steps:
        raise ServiceError("审批流程至少要有一个环节。")
    for role, label in steps:
        if role and role not in Role.values or role == Role.MEMBER:
            raise ServiceError(f"审批角色“{role}”不可用。")
        if not (label or "").strip():
            raise ServiceError("请填写每个审批环节的名称。")
    flow = ApprovalFlow.objects.select_for_update().filter(org=org, kind=kind).first()
    if flow is None:
        flow = ApprovalFlow(org=org, kind=kind)
    flow.name = name.strip() or "→".join(label.strip() for _, label in steps)
    flow.full_clean()
    flow.save()
    for step in flow.steps.all():
        step.delete()
    for order, (role, label) in enumerate(steps, start=1):
        ApprovalFlowStep(flow=flow, order=order, role=role or "", label=label.strip()).save()
    return flow
