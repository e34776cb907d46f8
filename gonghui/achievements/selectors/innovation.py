"""Reads of technical innovation (projects, patents, studios), scoped to the user (404 outside the scope)."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import InnovationProject, InnovationStudio, Patent


def _scoped(qs: QuerySet, user, perm, within) -> QuerySet:
    qs = qs.filter(org_q(user, perm))
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def projects(user, perm: str = Perm.ACHIEVE_VIEW, *, within=None) -> QuerySet[InnovationProject]:
    return _scoped(InnovationProject.objects.select_related("org", "leader"), user, perm, within)


def project_get(user, pk, perm: str = Perm.ACHIEVE_VIEW) -> InnovationProject:
    return get_object_or_404(projects(user, perm), pk=pk)


def patents(user, perm: str = Perm.ACHIEVE_VIEW, *, within=None) -> QuerySet[Patent]:
    return _scoped(Patent.objects.select_related("org", "project"), user, perm, within)


def patent_get(user, pk, perm: str = Perm.ACHIEVE_VIEW) -> Patent:
    return get_object_or_404(patents(user, perm), pk=pk)


def studios(user, perm: str = Perm.ACHIEVE_VIEW, *, within=None) -> QuerySet[InnovationStudio]:
    return _scoped(InnovationStudio.objects.select_related("org", "leader"), user, perm, within)


def studio_get(user, pk, perm: str = Perm.ACHIEVE_VIEW) -> InnovationStudio:
    return get_object_or_404(studios(user, perm), pk=pk)
