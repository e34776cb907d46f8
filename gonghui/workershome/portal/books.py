"""The reading room on the member's phone and the officer's desk.

- Member entries: 图书查询 (search and reserve) in 服务, 我的借阅 (loans, due dates, reservations) in 我的.
- To-dos (HOME_EDIT, in the current organisation's subtree; one COUNT each): 逾期未还图书, 待借预约 (reservations
  waiting while a copy is on the shelf).
- Reminders (`gonghui remind`): to the borrower's account three days before the due date and on every day a loan is
  overdue (the desk's dedupe key makes it once a day).
"""
from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.portal import desk, member

from ..models import BookCopy, Loan
from ..selectors import books as selectors
from ..services.books import LOAN_DUE

member.register_entry(member.MemberEntry(
    key="workershome.books", label="图书查询", icon="book", url_name="workershome:my_books",
    section=member.SERVICES, order=50))
member.register_entry(member.MemberEntry(
    key="workershome.ereading", label="电子书屋", icon="tablet", url_name="workershome:my_ereading",
    section=member.SERVICES, order=51))
member.register_entry(member.MemberEntry(
    key="workershome.my_loans", label="我的借阅", icon="journal-bookmark", url_name="workershome:my_loans",
    section=member.MINE, order=50))

desk.register(desk.TodoSource(
    key="workershome.overdue", label="逾期未还图书", area="职工之家", perm=Perm.HOME_EDIT, urgency=45,
    count=lambda user, org: selectors.overdue(user, within=org, on=localdate()),
    url=lambda org: reverse("workershome:loan_list") + "?state=overdue"))


def _reservations_ready(user, org):
    shelf = BookCopy.objects.filter(book=OuterRef("book"), state=BookCopy.State.SHELF)
    return selectors.waiting_reservations(user, within=org).filter(Exists(shelf))


desk.register(desk.TodoSource(
    key="workershome.reservations", label="图书预约待借出", area="职工之家", perm=Perm.HOME_EDIT, urgency=44,
    count=_reservations_ready, url=lambda org: reverse("workershome:book_list")))


def loans_due(day: datetime.date):
    """Loans due in three days, and loans overdue: a notice to the borrower's account."""
    from gonghui.accounts.models import User

    soon = day + datetime.timedelta(days=3)
    loans = (Loan.objects.filter(returned_on__isnull=True, due_on__lte=soon)
             .select_related("copy__book").order_by("due_on", "id"))
    users = {u.person_id: u for u in User.objects.filter(
        is_active=True, person_id__in=loans.values("person_id"))}
    url = reverse("workershome:my_loans")
    for loan in loans.iterator(chunk_size=500):
        user = users.get(loan.person_id)
        if user is None:
            continue
        title = f"《{loan.copy.book.title}》"
        if loan.due_on < day:
            yield desk.Notice(user, f"loan:{loan.pk}", f"{title}已逾期{(day - loan.due_on).days}天，请尽快归还",
                              f"应还日期{loan.due_on:%Y年%-m月%-d日}。", url)
        else:
            yield desk.Notice(user, f"loan:{loan.pk}", f"{title}将于{loan.due_on:%-m月%-d日}到期",
                              "请按期归还；未逾期且无人预约的可在“我的借阅”中续借一次。", url)


desk.register_reminder(desk.Reminder("workershome.loans_due", "图书到期提醒", LOAN_DUE.key, loans_due))
