"""Reads of the reading room: the catalogue, copies, loans and reservations — an officer's scope (HOME_VIEW), or a
member's own union (`member_*`)."""
from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import org_q

from ..models import Book, BookCopy, Loan, Reservation
from .common import member_paths


def books(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[Book]:
    qs = Book.objects.filter(org_q(user, perm)).select_related("org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs.annotate(
        copies_count=Count("copies", filter=~Q(copies__state=BookCopy.State.WITHDRAWN), distinct=True),
        shelf_count=Count("copies", filter=Q(copies__state=BookCopy.State.SHELF), distinct=True))


def book_get(user, pk, perm: str = Perm.HOME_VIEW) -> Book:
    return get_object_or_404(Book.objects.filter(org_q(user, perm)).select_related("org"), pk=pk)


def copies(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[BookCopy]:
    qs = BookCopy.objects.filter(org_q(user, perm)).select_related("book", "org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def copy_get(user, pk, perm: str = Perm.HOME_VIEW) -> BookCopy:
    return get_object_or_404(copies(user, perm), pk=pk)


def loans(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[Loan]:
    qs = Loan.objects.filter(org_q(user, perm)).select_related("copy__book", "person", "org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def loan_get(user, pk, perm: str = Perm.HOME_VIEW) -> Loan:
    return get_object_or_404(loans(user, perm), pk=pk)


def overdue(user, *, within=None, on: datetime.date) -> QuerySet[Loan]:
    return loans(user, within=within).filter(returned_on__isnull=True, due_on__lt=on).order_by("due_on", "id")


def reservations(user, perm: str = Perm.HOME_VIEW, *, within=None) -> QuerySet[Reservation]:
    qs = Reservation.objects.filter(org_q(user, perm)).select_related("book", "person", "org")
    if within is not None:
        qs = qs.filter(org__path__startswith=within.path)
    return qs


def waiting_reservations(user, *, within=None) -> QuerySet[Reservation]:
    return reservations(user, within=within).filter(status=Reservation.Status.WAITING).order_by("created_at", "id")


# --- a member's side -------------------------------------------------------------------------------------------------

def member_books(user, *, q: str = "") -> QuerySet[Book]:
    person = getattr(user, "person", None)
    paths = member_paths(person)
    qs = Book.objects.filter(org__path__in=paths).annotate(
        copies_count=Count("copies", filter=~Q(copies__state=BookCopy.State.WITHDRAWN), distinct=True),
        shelf_count=Count("copies", filter=Q(copies__state=BookCopy.State.SHELF), distinct=True))
    q = (q or "").strip()
    if q:
        from gonghui.core import isbn

        digits = isbn.normalize(q)
        cond = Q(title__icontains=q) | Q(author__icontains=q) | Q(publisher__icontains=q)
        if len(digits) in (10, 13) and isbn.problem(digits) is None:
            cond |= Q(isbn=isbn.to_13(digits))
        qs = qs.filter(cond)
    return qs.order_by("title", "id")


def member_book_get(user, pk) -> Book:
    return get_object_or_404(Book.objects.filter(org__path__in=member_paths(getattr(user, "person", None))), pk=pk)


def my_loans(user) -> QuerySet[Loan]:
    person_id = getattr(user, "person_id", None)
    return Loan.objects.filter(person_id=person_id).select_related("copy__book").order_by(
        "returned_on", "due_on", "-id") if person_id else Loan.objects.none()


def my_loan_get(user, pk) -> Loan:
    return get_object_or_404(my_loans(user), pk=pk)


def my_reservations(user) -> QuerySet[Reservation]:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return Reservation.objects.none()
    return Reservation.objects.filter(person_id=person_id, status=Reservation.Status.WAITING).select_related("book")


def my_reservation_get(user, pk) -> Reservation:
    return get_object_or_404(my_reservations(user), pk=pk)
