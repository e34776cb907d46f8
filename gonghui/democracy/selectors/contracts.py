"""Reads of collective contracts, scoped to the user (another union's contract answers 404).

- contracts / contract_get / checks / documents: DEMOCRACY_VIEW in the user's scope.
- expiring, filing_overdue, checks_due: what the desk and `gonghui remind` ask (as desk.SYSTEM for reminders).
- coverage / unions_without_contract: 签订率 of a subtree on a day — grassroots unions (基层工会) with serving
  employees whose contract of the kind is in force that day ÷ grassroots unions with serving employees.
- member_contracts / member_document: a member reads the contracts in force of their own union (and the unions
  above it: a regional or industry contract covers them too).
"""
from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q
from gonghui.members.metrics import serving_on
from gonghui.members.models import Person
from gonghui.orgs.models import PATH_STEP, Organization

from ..models import CollectiveContract, ContractDocument, ContractKind, PerformanceCheck
from ..models.contracts import FILING_DAYS, add_years, in_force_q

Status = CollectiveContract.Status
EXPIRY_NOTICE_DAYS = 90  # 到期前90日提醒续签（集体合同规定：期满前3个月内提出续订要求）
CLOSED = [Status.RENEWED, Status.TERMINATED, Status.OBJECTED]


def _within(qs: QuerySet, within: Organization | None, field: str = "org") -> QuerySet:
    return qs.filter(**{f"{field}__path__startswith": within.path}) if within is not None else qs


def contracts(user, *, within: Organization | None = None, perm: str = Perm.DEMOCRACY_VIEW) -> QuerySet:
    qs = CollectiveContract.objects.filter(org_q(user, perm)).select_related("org", "session__term__congress")
    return _within(qs, within)


def contract_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> CollectiveContract:
    return get_object_or_404(contracts(user, perm=perm).select_related("previous"), pk=pk)


def versions(contract: CollectiveContract) -> list[CollectiveContract]:
    """The chain of versions this contract belongs to, first to last (one query per version; chains are short)."""
    chain = [contract]
    while chain[0].previous_id:
        chain.insert(0, CollectiveContract.objects.get(pk=chain[0].previous_id))
    while (nxt := CollectiveContract.objects.filter(previous=chain[-1]).first()) is not None:
        chain.append(nxt)
    return chain


def checks(user, *, within: Organization | None = None, perm: str = Perm.DEMOCRACY_VIEW) -> QuerySet:
    return _within(PerformanceCheck.objects.filter(org_q(user, perm)).select_related("contract", "org"), within)


def check_get(user, pk, perm: str = Perm.DEMOCRACY_VIEW) -> PerformanceCheck:
    return get_object_or_404(checks(user, perm=perm), pk=pk)


def documents(contract: CollectiveContract) -> QuerySet:
    return ContractDocument.objects.filter(contract=contract).select_related("uploaded_by")


def document_get(user, pk) -> ContractDocument:
    """An officer's copy of a document (DEMOCRACY_VIEW on its union), else the member's (member_document)."""
    doc = ContractDocument.objects.filter(org_q(user, Perm.DEMOCRACY_VIEW), pk=pk).select_related("contract").first()
    if doc is not None:
        return doc
    return member_document(user, pk)


# --- what waits ---------------------------------------------------------------------------------------------------

def in_force(user, *, within: Organization | None = None, on: datetime.date | None = None) -> QuerySet:
    return contracts(user, within=within).filter(in_force_q(on or localdate()))


def expiring(user, *, within: Organization | None = None, on: datetime.date | None = None,
             days: int = EXPIRY_NOTICE_DAYS) -> QuerySet:
    """Contracts in force whose term ends within `days` and that are not renewed yet (no signed new version)."""
    on = on or localdate()
    renewed = CollectiveContract.objects.filter(previous=OuterRef("pk"), signed_on__isnull=False)
    return (in_force(user, within=within, on=on).filter(ends_on__lte=on + datetime.timedelta(days=days))
            .exclude(Exists(renewed)).order_by("ends_on", "pk"))


def filing_overdue(user, *, within: Organization | None = None, on: datetime.date | None = None) -> QuerySet:
    """Signed more than 10 days ago and not submitted to the labour bureau."""
    on = on or localdate()
    return (contracts(user, within=within).filter(status=Status.SIGNED, submitted_on__isnull=True,
                                                  signed_on__lt=on - datetime.timedelta(days=FILING_DAYS))
            .order_by("signed_on", "pk"))


def checks_due(user, *, within: Organization | None = None, on: datetime.date | None = None) -> QuerySet:
    """Contracts in force for a year or more with no performance check in the last twelve months (每年至少检查一次)."""
    on = on or localdate()
    year_ago = add_years(on, -1)
    recent = PerformanceCheck.objects.filter(contract=OuterRef("pk"), checked_on__gt=year_ago)
    return (in_force(user, within=within, on=on).filter(starts_on__lte=year_ago).exclude(Exists(recent))
            .order_by("starts_on", "pk"))


# --- 签订率 -------------------------------------------------------------------------------------------------------

def grassroots_with_employees(org: Organization, day: datetime.date) -> QuerySet:
    """Grassroots unions (基层工会) below `org` that exist on `day` and have serving employees that day. The
    union itself is not counted: 签订率 is what an upper union sees of the unions under it (a grassroots union's
    own rate would be 0% or 100% of itself)."""
    # A union has employees when some serving person's organisation path begins with the union's path: for each
    # depth at which the subtree has grassroots unions, the distinct path prefixes of that length of the serving
    # people's organisations (a semi-join both databases hash), never a LIKE or range on an outer reference per
    # union (seconds for a few thousand unions; bench/democracy_contracts.py).
    unions = Organization.objects.filter(path__startswith=org.path, kind=Organization.Kind.GRASSROOTS)
    people = Person.objects.filter(org__path__startswith=org.path).filter(serving_on(day)).order_by()
    with_employees = Q(pk__in=[])
    for depth in sorted(set(unions.order_by().values_list("depth", flat=True))):
        prefixes = people.annotate(_p=Substr("org__path", 1, (depth + 1) * PATH_STEP)).values("_p")
        with_employees |= Q(depth=depth, path__in=prefixes)
    return (Organization.objects.filter(path__startswith=org.path, kind=Organization.Kind.GRASSROOTS)
            .exclude(path=org.path)
            .filter(Q(founded_on__isnull=True) | Q(founded_on__lte=day))
            .exclude(status=Organization.Status.CLOSED, closed_on__isnull=True)
            .exclude(closed_on__lte=day)
            .filter(with_employees))


def has_contract_q(day: datetime.date, kind: str = ContractKind.COMPREHENSIVE) -> Q:
    """A union (Organization row) with a contract of `kind` in force on `day`."""
    return Q(Exists(CollectiveContract.objects.filter(org=OuterRef("pk"), kind=kind).filter(in_force_q(day))))


def coverage(org: Organization, day: datetime.date, kind: str = ContractKind.COMPREHENSIVE) -> tuple[int, int]:
    """(unions with a contract of the kind in force, grassroots unions with employees) in `org`'s subtree."""
    unions = grassroots_with_employees(org, day)
    return unions.filter(has_contract_q(day, kind)).count(), unions.count()


def unions_without_contract(user, *, within: Organization, on: datetime.date | None = None,
                            kind: str = ContractKind.COMPREHENSIVE) -> QuerySet:
    """The grassroots unions of the subtree (inside the user's DEMOCRACY_STATS scope) without a contract of the kind
    in force on the day, each with its last contract's end (last_ends_on) if it had one."""
    on = on or localdate()
    from django.db.models import Subquery

    last_end = (CollectiveContract.objects.filter(org=OuterRef("pk"), kind=kind, ends_on__isnull=False)
                .order_by("-ends_on").values("ends_on")[:1])
    return (grassroots_with_employees(within, on).filter(org_q(user, Perm.DEMOCRACY_STATS, field=""))
            .exclude(has_contract_q(on, kind)).annotate(last_ends_on=Subquery(last_end))
            .select_related("parent").order_by("path"))


def unions_by_child(org: Organization, day: datetime.date, kind: str = ContractKind.COMPREHENSIVE) -> list[dict]:
    """签订率 for each child of `org` (its own row first when it is itself a grassroots union): two queries."""
    from django.db.models import Count
    from django.db.models.functions import Substr

    rows = (grassroots_with_employees(org, day).annotate(_k=Substr("path", 1, len(org.path) + PATH_STEP))
            .values("_k").annotate(total=Count("pk"), signed=Count("pk", filter=has_contract_q(day, kind)))
            .order_by("_k"))
    rows = list(rows)
    names = dict(Organization.objects.filter(path__in=[r["_k"] for r in rows]).values_list("path", "name"))
    return [{"path": r["_k"], "name": names.get(r["_k"], ""), "signed": r["signed"], "total": r["total"],
             "rate": round(r["signed"] * 100 / r["total"], 1) if r["total"] else None} for r in rows]


# --- members ------------------------------------------------------------------------------------------------------

def _member_org_paths(user) -> list[str]:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None or not person.is_member:
        return []
    path = person.org.path
    return [path[: i + PATH_STEP] for i in range(0, len(path), PATH_STEP)]


def member_contracts(user, on: datetime.date | None = None) -> QuerySet:
    """The contracts in force today of the member's union and the unions above it."""
    paths = _member_org_paths(user)
    if not paths:
        return CollectiveContract.objects.none()
    return (CollectiveContract.objects.filter(org__path__in=paths).filter(in_force_q(on or localdate()))
            .select_related("org").order_by("kind", "-version"))


def member_contract_get(user, pk) -> CollectiveContract:
    return get_object_or_404(member_contracts(user), pk=pk)


def member_document(user, pk) -> ContractDocument:
    doc = ContractDocument.objects.filter(pk=pk, contract__in=member_contracts(user)).first()
    if doc is None:
        raise Http404("未找到该记录")
    return doc
