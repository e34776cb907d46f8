"""Writes of the reading room (职工书屋): the catalogue, copies, loans (lend, renew, take back) and reservations.

Rules (as a librarian-officer expects):
- The ISBN's check digit is checked (core.isbn) and stored as ISBN-13; one title per ISBN per union — the same
  ISBN again adds copies (the import does the same).
- A copy gets its barcode number from the union's counter (B + 6 digits), printed on its label.
- A copy has one open loan at a time (the database holds it): lending a copy that is out, or taking back a copy
  twice, is refused with a message that says when and to whom.
- A member may have at most `LOAN_LIMIT` books out; a loan runs `LOAN_DAYS` days and may be renewed `MAX_RENEWALS`
  time(s) for `LOAN_DAYS` more, unless it is overdue or someone is waiting for the book.
- A reservation waits for a copy; lending the book to its reserver fulfils it; a returned copy tells the first
  waiting reserver (a message).
"""
from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.core import isbn as isbn_codes
from gonghui.core.errors import ServiceError
from gonghui.core.models import Sequence
from gonghui.portal import messaging

from .. import clc
from ..models import Book, BookCopy, Loan, Reservation, Source
from ._common import acting_person, require, require_member_or, text

LOAN_DAYS = 30
LOAN_LIMIT = 5
MAX_RENEWALS = 1

BOOK_READY = messaging.register_kind(messaging.MessageKind("workershome.book_ready", "预约图书可借"))
LOAN_DUE = messaging.register_kind(messaging.MessageKind("workershome.loan_due", "图书到期提醒"))


def _d(day: datetime.date) -> str:
    return f"{day:%Y年%-m月%-d日}"


def clean_isbn(raw) -> str:
    if not str(raw or "").strip():
        return ""
    try:
        return isbn_codes.to_13(raw)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None


def _clean_category(raw) -> str:
    try:
        return clc.parse(raw)
    except ValueError as exc:
        raise ServiceError(str(exc)) from None


@transaction.atomic
def book_create(*, actor, org, title: str, author: str = "", publisher: str = "", isbn: str = "",
                category: str = "", published_year: int | None = None, ebook_url: str = "", note: str = "") -> Book:
    require(actor, Perm.HOME_EDIT, org)
    title = text(title, 200)
    if not title:
        raise ServiceError("请填写书名。")
    code = clean_isbn(isbn)
    if code:
        same = Book.objects.filter(org=org, isbn=code).first()
        if same is not None:
            raise ServiceError(f"本书屋已有ISBN为{code}的图书《{same.title}》，请在该书下添加册数，不要重复登记。")
    if published_year is not None and not (1900 <= published_year <= localdate().year + 1):
        raise ServiceError(f"出版年{published_year}不合理，请核对。")
    return Book.objects.create(org=org, title=title, author=text(author, 100), publisher=text(publisher, 100),
                               isbn=code, category=_clean_category(category), published_year=published_year,
                               ebook_url=(ebook_url or "").strip(), note=text(note, 200))


@transaction.atomic
def book_update(*, actor, book: Book, **fields) -> Book:
    require(actor, Perm.HOME_EDIT, book.org)
    if "isbn" in fields:
        code = clean_isbn(fields["isbn"])
        if code and Book.objects.filter(org=book.org, isbn=code).exclude(pk=book.pk).exists():
            raise ServiceError(f"本书屋已有ISBN为{code}的另一种图书。")
        fields["isbn"] = code
    if "category" in fields:
        fields["category"] = _clean_category(fields["category"])
    for name, value in fields.items():
        setattr(book, name, value.strip() if isinstance(value, str) else value)
    if not book.title:
        raise ServiceError("请填写书名。")
    book.save()
    return book


def next_barcodes(org, count: int, prefix: str = "B") -> list[str]:
    first = Sequence.next(f"workershome.{prefix}:{org.pk}", count)
    return [f"{prefix}{n:06d}" for n in range(first, first + count)]


@transaction.atomic
def copies_add(*, actor, book: Book, count: int = 1, source: str = Source.PURCHASE, acquired_on=None,
               donor: str = "", price=None) -> list[BookCopy]:
    require(actor, Perm.HOME_EDIT, book.org)
    if not 1 <= count <= 500:
        raise ServiceError("一次添加的册数应在1至500之间。")
    if source not in Source.values:
        raise ServiceError("请选择图书来源：购置、捐赠或上级配送。")
    acquired_on = acquired_on or localdate()
    if acquired_on > localdate():
        raise ServiceError(f"入藏日期{_d(acquired_on)}在今天之后，请核对。")
    copies = [BookCopy(book=book, org=book.org, barcode=code, source=source, donor=text(donor, 100),
                       acquired_on=acquired_on, price=price) for code in next_barcodes(book.org, count)]
    for copy in copies:
        copy.save()
    return copies


@transaction.atomic
def copy_withdraw(*, actor, copy: BookCopy, on=None) -> BookCopy:
    require(actor, Perm.HOME_EDIT, copy.org)
    if copy.state == BookCopy.State.OUT:
        raise ServiceError(f"条码{copy.barcode}尚未归还，不能注销。")
    if copy.state == BookCopy.State.WITHDRAWN:
        raise ServiceError(f"条码{copy.barcode}已注销。")
    copy.state, copy.withdrawn_on = BookCopy.State.WITHDRAWN, on or localdate()
    copy.save()
    return copy


# --- finding a copy by what the officer scans ------------------------------------------------------------------------

def find_by_code(org, code: str) -> tuple[Book | None, BookCopy | None]:
    """A barcode number (B000123) finds a copy; an ISBN (10 or 13 digits, checked) finds the title."""
    raw = (code or "").strip().upper()
    if not raw:
        raise ServiceError("请扫描或输入ISBN、册条码号。")
    copy = BookCopy.objects.filter(org__path__startswith=org.path, barcode=raw).select_related("book").first()
    if copy is not None:
        return copy.book, copy
    digits = isbn_codes.normalize(raw)
    if len(digits) in (10, 13):
        book = Book.objects.filter(org__path__startswith=org.path, isbn=clean_isbn(digits)).first()
        if book is None:
            raise ServiceError(f"本书屋没有ISBN为{isbn_codes.to_13(digits)}的图书。")
        return book, None
    raise ServiceError(f"“{raw}”既不是本书屋的册条码号，也不是有效的ISBN。")


def _open_loan_text(loan: Loan) -> str:
    return f"借阅人{loan.person.name}，{_d(loan.lent_on)}借出，应还日期{_d(loan.due_on)}"


# --- loans -----------------------------------------------------------------------------------------------------------

@transaction.atomic
def lend(*, actor, org, code: str = "", copy: BookCopy | None = None, person, lent_on=None,
         days: int = LOAN_DAYS) -> Loan:
    """Lend a copy (given, or found by barcode; by ISBN the first copy on the shelf) to a member of the union."""
    require(actor, Perm.HOME_EDIT, org)
    if copy is None:
        book, copy = find_by_code(org, code)
        if copy is None:
            copy = book.copies.filter(state=BookCopy.State.SHELF).order_by("barcode").first()
            if copy is None:
                total = book.copies.exclude(state=BookCopy.State.WITHDRAWN).count()
                raise ServiceError(f"《{book.title}》共{total}册，均已借出，可为读者登记预约。")
    copy = BookCopy.objects.select_for_update().select_related("book").get(pk=copy.pk)
    if not copy.org.path.startswith(org.path):
        raise ServiceError(OUT_OF_SCOPE_COPY, code="out_of_scope")
    title = f"《{copy.book.title}》（条码{copy.barcode}）"
    if copy.state == BookCopy.State.WITHDRAWN:
        raise ServiceError(f"{title}已注销，不能借出。")
    current = copy.loans.filter(returned_on__isnull=True).select_related("person").first()
    if current is not None:
        raise ServiceError(f"{title}已借出（{_open_loan_text(current)}），请先办理归还。")
    if person is None:
        raise ServiceError("请选择借阅人。")
    if not person.org.path.startswith(copy.org.path):
        raise ServiceError(f"{person.name}不在本会范围内，不能借阅本书屋的图书。")
    if not person.is_member:
        raise ServiceError(f"{person.name}不是在册会员，不能借阅。")
    out = Loan.objects.filter(person=person, returned_on__isnull=True).count()
    if out >= LOAN_LIMIT:
        raise ServiceError(f"{person.name}已借{out}册未还，达到每人最多借阅{LOAN_LIMIT}册的上限，请先归还。")
    lent_on = lent_on or localdate()
    if lent_on > localdate():
        raise ServiceError(f"借出日期{_d(lent_on)}在今天之后，请核对。")
    try:
        with transaction.atomic():
            loan = Loan.objects.create(org=copy.org, copy=copy, person=person, lent_on=lent_on,
                                       due_on=lent_on + datetime.timedelta(days=days),
                                       lent_by=actor if getattr(actor, "pk", None) else None)
    except IntegrityError:
        raise ServiceError(f"{title}刚刚已被借出，请刷新后再试。") from None
    copy.state = BookCopy.State.OUT
    copy.save(update_fields=["state"])
    Reservation.objects.filter(book=copy.book, person=person, status=Reservation.Status.WAITING).update(
        status=Reservation.Status.LENT, closed_at=timezone.now())
    return loan


OUT_OF_SCOPE_COPY = "未找到该册，或不在您的管辖范围内。"


@transaction.atomic
def take_back(*, actor, org, code: str = "", loan: Loan | None = None, on=None) -> Loan:
    """Take a copy back (the loan given, or the copy found by barcode; by ISBN when one copy of it is out)."""
    require(actor, Perm.HOME_EDIT, org)
    if loan is None:
        book, copy = find_by_code(org, code)
        if copy is None:
            open_loans = list(Loan.objects.filter(copy__book=book, returned_on__isnull=True)[:2])
            if not open_loans:
                raise ServiceError(f"《{book.title}》没有借出未还的册，无需归还。")
            if len(open_loans) > 1:
                raise ServiceError(f"《{book.title}》有多册借出，请扫描或输入要归还那一册的条码号。")
            loan = open_loans[0]
        else:
            loan = copy.loans.filter(returned_on__isnull=True).first()
            if loan is None:
                last = copy.loans.exclude(returned_on__isnull=True).order_by("-returned_on", "-id").first()
                when = f"，最近一次已于{_d(last.returned_on)}归还" if last else ""
                raise ServiceError(f"《{book.title}》（条码{copy.barcode}）当前未借出{when}，不能重复归还。")
    loan = Loan.objects.select_for_update().select_related("copy__book", "person").get(pk=loan.pk)
    if not loan.org.path.startswith(org.path):
        raise ServiceError(OUT_OF_SCOPE_COPY, code="out_of_scope")
    title = f"《{loan.copy.book.title}》（条码{loan.copy.barcode}）"
    if loan.returned_on is not None:
        raise ServiceError(f"{title}已于{_d(loan.returned_on)}归还，不能重复归还。")
    on = on or localdate()
    if on < loan.lent_on:
        raise ServiceError(f"归还日期{_d(on)}早于借出日期{_d(loan.lent_on)}，请核对。")
    loan.returned_on = on
    loan.save(update_fields=["returned_on"])
    copy = loan.copy
    copy.state = BookCopy.State.SHELF
    copy.save(update_fields=["state"])
    waiting = (Reservation.objects.filter(book=copy.book, status=Reservation.Status.WAITING)
               .select_related("person").order_by("created_at", "id").first())
    if waiting is not None:
        _tell_reserver(waiting)
    return loan


def _tell_reserver(reservation: Reservation) -> None:
    from gonghui.accounts.models import User

    user = User.objects.filter(person=reservation.person, is_active=True).first()
    messaging.send(user, BOOK_READY.key, f"您预约的《{reservation.book.title}》已可借阅",
                   "请于7日内到职工书屋办理借阅。", reverse("workershome:my_loans"),
                   dedupe_key=f"workershome.ready:{reservation.pk}:{localdate():%Y%m%d}")


@transaction.atomic
def renew(*, actor, loan: Loan, on=None) -> Loan:
    """Renew a loan: by the officer, or by the borrower from their phone."""
    loan = Loan.objects.select_for_update().select_related("copy__book", "person", "org").get(pk=loan.pk)
    officer = require_member_or(actor, loan.org)
    if not officer and acting_person(actor).pk != loan.person_id:
        raise ServiceError(OUT_OF_SCOPE_COPY, code="out_of_scope")
    title = f"《{loan.copy.book.title}》"
    on = on or localdate()
    if loan.returned_on is not None:
        raise ServiceError(f"{title}已于{_d(loan.returned_on)}归还，不能续借。")
    if loan.due_on < on:
        raise ServiceError(f"{title}已于{_d(loan.due_on)}到期，逾期图书不能续借，请先归还。")
    if loan.renewals >= MAX_RENEWALS:
        raise ServiceError(f"{title}已续借{loan.renewals}次，每次借阅最多续借{MAX_RENEWALS}次。")
    if Reservation.objects.filter(book=loan.copy.book, status=Reservation.Status.WAITING).exclude(
            person=loan.person).exists():
        raise ServiceError(f"{title}有其他读者在预约，不能续借，请按期归还。")
    loan.due_on += datetime.timedelta(days=LOAN_DAYS)
    loan.renewals += 1
    loan.save(update_fields=["due_on", "renewals"])
    return loan


# --- reservations ----------------------------------------------------------------------------------------------------

@transaction.atomic
def reserve(*, actor, book: Book, person=None) -> tuple[Reservation, bool]:
    """A member reserves a title (for themself); an officer for a member. The same reservation twice (a double tap)
    returns the first one: (reservation, created)."""
    officer = require_member_or(actor, book.org)
    if not officer or person is None:
        person = acting_person(actor)
    if Loan.objects.filter(copy__book=book, person=person, returned_on__isnull=True).exists():
        raise ServiceError(f"您已借阅《{book.title}》，尚未归还，无需预约。")
    found = Reservation.objects.filter(book=book, person=person, status=Reservation.Status.WAITING).first()
    if found is not None:
        return found, False
    waiting = Reservation.objects.filter(person=person, status=Reservation.Status.WAITING).count()
    if waiting >= LOAN_LIMIT:
        raise ServiceError(f"您已有{waiting}条预约，最多同时预约{LOAN_LIMIT}种图书。")
    try:
        with transaction.atomic():
            return Reservation.objects.create(org=book.org, book=book, person=person), True
    except IntegrityError:
        return Reservation.objects.get(book=book, person=person, status=Reservation.Status.WAITING), False


@transaction.atomic
def reservation_cancel(*, actor, reservation: Reservation) -> Reservation:
    reservation = Reservation.objects.select_for_update().select_related("book", "org").get(pk=reservation.pk)
    officer = require_member_or(actor, reservation.org)
    if not officer and acting_person(actor).pk != reservation.person_id:
        raise ServiceError(OUT_OF_SCOPE_COPY, code="out_of_scope")
    if reservation.status != Reservation.Status.WAITING:
        raise ServiceError(f"该预约{reservation.get_status_display()}，不能取消。")
    reservation.status, reservation.closed_at = Reservation.Status.CANCELLED, timezone.now()
    reservation.save(update_fields=["status", "closed_at"])
    return reservation
