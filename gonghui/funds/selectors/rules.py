"""Reads of the fund rules and of the checks' flags, scoped to the user. A union reads the rule sets of its
subtree and of the unions above it (whose rules it follows), as care's 经费标准 are read."""
from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q, scope_paths
from gonghui.care.models import AidRuleSet
from gonghui.care.rules import ancestor_paths
from gonghui.orgs.models import Organization

from ..models import CheckKind, EntryFlag, EntryTag, SpendingRule


def _with_ancestors_q(user, perm: str, field: str = "org") -> Q:
    paths = scope_paths(user, perm)
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    ancestors = {a for p in paths for a in ancestor_paths(Organization(path=p))}
    return org_q(user, perm, field) | Q(**{f"{field}__path__in": ancestors})


def rule_sets(user, *, within: Organization | None = None) -> QuerySet[AidRuleSet]:
    qs = AidRuleSet.objects.filter(_with_ancestors_q(user, Perm.FUNDS_VIEW)).select_related("org")
    if within is not None:
        qs = qs.filter(Q(org__path__startswith=within.path) | Q(org__path__in=ancestor_paths(within)))
    return qs.prefetch_related("spending_rules", "rules").order_by("org__depth", "org__path", "-effective_from")


def rule_set_get(user, pk) -> AidRuleSet:
    return get_object_or_404(rule_sets(user), pk=pk)


def spending_rules(user) -> QuerySet[SpendingRule]:
    return SpendingRule.objects.filter(_with_ancestors_q(user, Perm.FUNDS_VIEW, "rule_set__org")).select_related(
        "rule_set__org")


def spending_rule_get(user, pk) -> SpendingRule:
    return get_object_or_404(spending_rules(user), pk=pk)


def flags(user, *, within: Organization | None = None, year: int | None = None, kind: str | None = None,
          perm: str = Perm.FUNDS_VIEW) -> QuerySet[EntryFlag]:
    qs = EntryFlag.objects.filter(org_q(user, perm))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    if year is not None:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("org", "entry", "rule", "aid_rule")


def breaches(user, *, within=None, year=None) -> QuerySet[EntryFlag]:
    return flags(user, within=within, year=year, kind=CheckKind.RULE)


def flag_get(user, pk, perm: str = Perm.FUNDS_VIEW) -> EntryFlag:
    return get_object_or_404(flags(user, perm=perm), pk=pk)


def tags(user) -> QuerySet[EntryTag]:
    return EntryTag.objects.filter(org_q(user, Perm.FUNDS_VIEW, "entry__org")).select_related("entry__org")
