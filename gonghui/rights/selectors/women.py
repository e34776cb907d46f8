"""Reads of women's special protection: the 三期 register (WOMEN_REGISTER holders only; reading it is audited, PIPL);
the 女职工工作 lists (WOMEN_WORK): special-contract checks, 安康互助保障 enrolments, 维权行动月 activities."""
from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.core import audit
from gonghui.core.models import AuditEntry

from ..models import ContractCheck, Lecture, MaternityRecord, MutualAidEnrolment


def register(user, *, within=None, note: str = "查看三期女职工登记") -> QuerySet[MaternityRecord]:
    qs = MaternityRecord.objects.filter(org_q(user, Perm.WOMEN_REGISTER)).select_related("person", "org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
        audit.record(AuditEntry.Action.REVEAL, model=MaternityRecord, note=note, org_path=within.path)
    return qs


# --- 女职工工作 (WOMEN_WORK): the desk's lists ----------------------------------------------------------------------


def _within(qs, within, field: str = "org"):
    return qs.filter(**{f"{field}__path__startswith": within.path}) if within is not None else qs


def contract_checks(user, *, within=None) -> QuerySet[ContractCheck]:
    return _within(ContractCheck.objects.filter(org_q(user, Perm.WOMEN_WORK)), within).select_related("org", "contract")


def contract_check_get(user, pk) -> ContractCheck:
    return get_object_or_404(contract_checks(user), pk=pk)


def mutual_aid(user, *, within=None) -> QuerySet[MutualAidEnrolment]:
    return _within(MutualAidEnrolment.objects.filter(org_q(user, Perm.WOMEN_WORK)), within).select_related("org",
                                                                                                          "person")


def mutual_aid_get(user, pk) -> MutualAidEnrolment:
    return get_object_or_404(mutual_aid(user), pk=pk)


def campaign(user, *, within=None) -> QuerySet[Lecture]:
    """The 女职工维权行动月 activities (legal's lectures of kind "women")."""
    return _within(Lecture.objects.filter(org_q(user, Perm.WOMEN_WORK), kind=Lecture.Kind.WOMEN),
                   within).select_related("org")


def women_contracts(user, *, within=None):
    """The 女职工权益保护专项集体合同 (signed) a check may be recorded of."""
    from gonghui.democracy.models import CollectiveContract, ContractKind

    return _within(CollectiveContract.objects.filter(org_q(user, Perm.WOMEN_WORK), kind=ContractKind.WOMEN,
                                                     signed_on__isnull=False), within).select_related("org")


def women_members(user, org):
    """Women members (会员, in the union's subtree) — the desk's count."""
    from gonghui.members.models import Gender, Person

    return Person.objects.filter(org_q(user, Perm.WOMEN_WORK), org__path__startswith=org.path,
                                 gender=Gender.FEMALE, member_status__in=[Person.MemberStatus.ACTIVE,
                                                                          Person.MemberStatus.TRANSFERRING])
