"""Reads of equipment and its loans (HOME_VIEW scope)."""
from __future__ import annotations

from django.db.models import QuerySet, Sum, Q
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Equipment, EquipmentLoan


def equipment(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[Equipment]:
    qs = Equipment.objects.filter(org_q(user, perm)).select_related("org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs.annotate(out=Sum("loans__quantity", filter=Q(loans__returned_on__isnull=True)))


def equipment_get(user, pk, perm: str = Perm.HOME_VIEW) -> Equipment:
    return get_object_or_404(Equipment.objects.filter(org_q(user, perm)), pk=pk)


def equipment_loans(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[EquipmentLoan]:
    qs = EquipmentLoan.objects.filter(org_q(user, perm)).select_related("equipment", "person", "org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def equipment_loan_get(user, pk, perm: str = Perm.HOME_VIEW) -> EquipmentLoan:
    return get_object_or_404(equipment_loans(user, perm), pk=pk)
