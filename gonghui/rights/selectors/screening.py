"""Reads of petitions (信访) and risk screening (矛盾排查): one record in the user's scope (404 otherwise); a
petitioner's name only through `petition_reveal` (RIGHTS_SENSITIVE, audited)."""
from __future__ import annotations

from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.core import audit
from gonghui.core.models import AuditEntry

from ..models import Petition, Risk
from .disputes import petitions, risks


def petition_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> Petition:
    return get_object_or_404(petitions(user, perm), pk=pk)


def petition_reveal(user, pk) -> Petition:
    """A petition with its petitioner's name, for RIGHTS_SENSITIVE holders only (404 otherwise); audited."""
    petition = get_object_or_404(Petition.objects.filter(org_q(user, Perm.RIGHTS_SENSITIVE)).select_related("org"),
                                 pk=pk)
    audit.record(AuditEntry.Action.REVEAL, obj=petition, note="查看信访人信息")
    return petition


def risk_get(user, pk, perm: str = Perm.RIGHTS_VIEW) -> Risk:
    return get_object_or_404(risks(user, perm), pk=pk)


__all__ = ["petitions", "petition_get", "petition_reveal", "risks", "risk_get"]
