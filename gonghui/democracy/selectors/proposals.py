"""Reads of proposals and departments, scoped to the user.

- Officers (DEMOCRACY_VIEW) and the proposals committee (PROPOSAL_REVIEW) see the proposals of their unions.
- A department contact (PROPOSAL_ANSWER) sees only the proposals assigned to their departments.
- A delegate (a member) sees their own proposals, those they co-signed, and the proposals of their terms still open
  for co-signing (`cosignable`).
"""
from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm, org_q

from ..models import Department, Proposal, ProposalCosigner, ProposalState

S = ProposalState


def _officer_q(user) -> Q:
    return org_q(user, Perm.DEMOCRACY_VIEW) | org_q(user, Perm.PROPOSAL_REVIEW)


def review_q(user) -> Q:
    """Where the user may act as the committee (review, assign, send back, close)."""
    return org_q(user, Perm.PROPOSAL_REVIEW) | org_q(user, Perm.DEMOCRACY_EDIT)


def my_departments(user) -> QuerySet[Department]:
    """The departments whose contact the user is, within their PROPOSAL_ANSWER scope."""
    if not getattr(user, "pk", None):
        return Department.objects.none()
    return Department.objects.filter(org_q(user, Perm.PROPOSAL_ANSWER), contacts=user)


def _contact_q(user) -> Q:
    if not getattr(user, "pk", None):
        return Q(pk__in=[])
    ids = Department.contacts.through.objects.filter(user_id=user.pk).values("department_id")
    return org_q(user, Perm.PROPOSAL_ANSWER) & Q(department_id__in=ids)


def _within(qs, within):
    return qs.filter(org__path__startswith=within.path) if within is not None else qs


def _visible_q(user, within=None) -> Q:
    """Proposals the user may read. A proposal's union is its congress's union, so the officer's part is a short
    list of union ids (one query on the congresses): `org_id IN (…)` lets the database walk the (org, submitted_on)
    index in order instead of joining every proposal to its organisation and sorting them all."""
    from ..models import Congress

    congresses = Congress.objects.filter(_officer_q(user))
    if within is not None:
        congresses = congresses.filter(org__path__startswith=within.path)
    q = Q(org_id__in=sorted(set(congresses.values_list("org_id", flat=True))))
    if has_perm(user, Perm.PROPOSAL_ANSWER):
        contact = _contact_q(user)
        if within is not None:
            contact &= Q(org__path__startswith=within.path)
        q |= contact
    return q


def proposals(user, *, within=None) -> QuerySet[Proposal]:
    qs = Proposal.objects.filter(_visible_q(user, within))
    return qs.select_related("term__congress", "org", "proposer__person", "department",
                             "session__term__congress", "entered_by")


def proposal_for(user, pk) -> Proposal:
    return get_object_or_404(proposals(user), pk=pk)


def departments(user, perm: str = Perm.DEMOCRACY_VIEW) -> QuerySet[Department]:
    return Department.objects.filter(org_q(user, perm)).select_related("org")


def department_for(user, pk) -> Department:
    return get_object_or_404(departments(user), pk=pk)


def to_review(user, *, within=None) -> QuerySet[Proposal]:
    """Proposals waiting for the committee's review (已提交)."""
    return _within(Proposal.objects.filter(review_q(user), state=S.SUBMITTED), within)


def overdue(user, *, within=None, on: datetime.date | None = None) -> QuerySet[Proposal]:
    """Assigned proposals whose answer is past its due date, in the user's officer scope."""
    on = on or localdate()
    return _within(Proposal.objects.filter(_officer_q(user), state=S.ASSIGNED, due_on__lt=on), within)


def to_answer(user, *, within=None) -> QuerySet[Proposal]:
    """The department contact's proposals waiting for their answer."""
    return _within(Proposal.objects.filter(_contact_q(user), state=S.ASSIGNED), within)


def due_soon(user, *, on: datetime.date, days: int) -> QuerySet[Proposal]:
    """Assigned proposals due within `days` or overdue (the reminder's list)."""
    return (Proposal.objects.filter(_officer_q(user), state=S.ASSIGNED,
                                    due_on__lte=on + datetime.timedelta(days=days))
            .select_related("org", "department", "term"))


# ---------------------------------------------------------------------------------------------------------------
# The delegate (a member, on the phone)
# ---------------------------------------------------------------------------------------------------------------

def _person_id(user):
    return getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None


def to_rate_head(user, limit: int) -> list[Proposal]:
    """The first `limit` of `to_rate(user)` in its order (the term's number, then the proposal's, both descending),
    as unsaved Proposal objects with id, number and title: one hand-written query (core/rawsql.py)."""
    from gonghui.core import rawsql

    from ..models import Delegate, Term

    pid = _person_id(user)
    if pid is None:
        return []
    found = rawsql.rows(
        f"SELECT p.id, p.number, p.title FROM {rawsql.table(Proposal)} p "
        f"INNER JOIN {rawsql.table(Delegate)} d ON d.id = p.proposer_id INNER JOIN {rawsql.table(Term)} t "
        f"ON t.id = p.term_id WHERE d.person_id = %s AND p.state = %s ORDER BY t.number DESC, p.number DESC "
        f"LIMIT %s", [pid, S.ANSWERED, limit])
    return [Proposal(id=pk, number=number, title=title, state=S.ANSWERED) for pk, number, title in found]


def mine(user) -> QuerySet[Proposal]:
    """The user's own proposals and those they co-signed."""
    pid = _person_id(user)
    if pid is None:
        return Proposal.objects.none()
    signed = ProposalCosigner.objects.filter(proposal=OuterRef("pk"), delegate__person_id=pid)
    return (Proposal.objects.filter(Q(proposer__person_id=pid) | Q(Exists(signed)))
            .select_related("term__congress", "proposer__person", "department"))


def cosignable(user) -> QuerySet[Proposal]:
    """Proposals of the terms the user serves in, not yet reviewed, not their own (for 附议)."""
    from .congress import serving_delegacies

    pid = _person_id(user)
    if pid is None:
        return Proposal.objects.none()
    terms = serving_delegacies(user.person).values("term_id")
    return (Proposal.objects.filter(term_id__in=terms, state=S.SUBMITTED).exclude(proposer__person_id=pid)
            .select_related("term__congress", "proposer__person"))


def member_proposal_for(user, pk) -> Proposal:
    """A proposal a delegate may open: their own, co-signed or open for co-signing."""
    pid = _person_id(user)
    if pid is None:
        from django.http import Http404

        raise Http404("未找到该提案")
    found = mine(user).filter(pk=pk).first() or cosignable(user).filter(pk=pk).first()
    if found is None:
        from django.http import Http404

        raise Http404("未找到该提案")
    return found


def to_rate(user) -> QuerySet[Proposal]:
    """The user's own proposals answered and waiting for their rating."""
    pid = _person_id(user)
    if pid is None:
        return Proposal.objects.none()
    return Proposal.objects.filter(proposer__person_id=pid, state=S.ANSWERED)


def session_summary(session, *, limit: int = 30):
    """The proposals raised for a congress session and their counts (two queries): 收到 N 件, 参与提案 M 人次
    (each proposal's proposer plus its co-proposers), 立案 K 件 and 立案率, answered, closed, overdue. The caller has
    read the session through a scoped selector; its proposals belong to the same union."""
    from django.db.models import Count, Sum

    from ..models import REGISTERED_STATES

    qs = Proposal.objects.filter(session=session)
    today = localdate()
    counts = qs.aggregate(
        total=Count("id"), cosigners=Sum("cosigner_count"),
        registered=Count("id", filter=Q(state__in=REGISTERED_STATES)),
        answered=Count("id", filter=Q(state__in=(S.ANSWERED, S.RATED, S.CLOSED))),
        closed=Count("id", filter=Q(state=S.CLOSED)),
        waiting=Count("id", filter=Q(state=S.SUBMITTED)),
        overdue=Count("id", filter=Q(state=S.ASSIGNED, due_on__lt=today)))
    total = counts["total"] or 0
    counts["slots"] = total + (counts.pop("cosigners") or 0)
    counts["registration_rate"] = (f"{counts['registered'] * 100 / total:.1f}".rstrip("0").rstrip(".") + "%"
                                   if total else "")
    rows = list(qs.select_related("term", "proposer__person", "department")
                .defer("reasons", "measures", "review_note").order_by("number")[:limit])
    return counts, rows
