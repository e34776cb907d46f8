"""Reads of the 三期 register: WOMEN_REGISTER holders only; reading the register is audited (PIPL)."""
from __future__ import annotations

from django.db.models import QuerySet

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.core import audit
from gonghui.core.models import AuditEntry

from ..models import MaternityRecord


def register(user, *, within=None, note: str = "查看三期女职工登记") -> QuerySet[MaternityRecord]:
    qs = MaternityRecord.objects.filter(org_q(user, Perm.WOMEN_REGISTER)).select_related("person", "org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
        audit.record(AuditEntry.Action.REVEAL, model=MaternityRecord, note=note, org_path=within.path)
    return qs
