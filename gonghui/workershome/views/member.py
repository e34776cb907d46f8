"""The member's side, on a phone: search the catalogue and reserve (图书查询), my loans and reservations with due
dates, renew (我的借阅), the rooms and booking a slot (场地预约), my bookings and cancelling them. A member acts for
themself only; records of another person or union answer 404."""
from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.timezone import localdate
from django.views import View
from django.views.generic import TemplateView

from gonghui.accounts.scope import is_member_only
from gonghui.core.views import PermRequiredMixin

from ..forms import BookingForm
from ..selectors import books as book_selectors
from ..selectors import rooms as room_selectors
from ..services import books as book_services
from ..services import rooms as room_services
from ._common import call
from .rooms import parse_day


class _Mine(PermRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not getattr(request.user, "person_id", None):
            raise Http404("未找到该页面")
        return super().dispatch(request, *args, **kwargs)


class MyBooksView(_Mine, TemplateView):
    template_name = "workershome/my_books.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "").strip()[:50]
        books = list(book_selectors.member_books(self.request.user, q=q)[:30])
        waiting = set(book_selectors.my_reservations(self.request.user).values_list("book_id", flat=True))
        for b in books:
            b.reserved = b.pk in waiting
        ctx.update(title="图书查询", q=q, books=books, member_only=is_member_only(self.request.user))
        return ctx


class MyReserveView(_Mine, View):
    def post(self, request, pk):
        book = book_selectors.member_book_get(request.user, pk)
        try:
            _, created = call(book_services.reserve, actor=request.user, book=book)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"已预约《{book.title}》，图书可借时会通知您。" if created
                             else f"您已预约过《{book.title}》。")
        return redirect(request.POST.get("next") or "workershome:my_loans")


class MyLoansView(_Mine, TemplateView):
    template_name = "workershome/my_loans.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        loans = list(book_selectors.my_loans(self.request.user)[:40])
        ctx.update(title="我的借阅", today=localdate(), open_loans=[l for l in loans if l.returned_on is None],
                   past_loans=[l for l in loans if l.returned_on is not None][:20],
                   reservations=list(book_selectors.my_reservations(self.request.user)),
                   member_only=is_member_only(self.request.user))
        return ctx


class MyRenewView(_Mine, View):
    def post(self, request, pk):
        loan = book_selectors.my_loan_get(request.user, pk)
        try:
            loan = call(book_services.renew, actor=request.user, loan=loan)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"已续借，新的应还日期{loan.due_on:%Y年%-m月%-d日}。")
        return redirect("workershome:my_loans")


class MyReservationCancelView(_Mine, View):
    def post(self, request, pk):
        r = book_selectors.my_reservation_get(request.user, pk)
        try:
            call(book_services.reservation_cancel, actor=request.user, reservation=r)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"已取消《{r.book.title}》的预约。")
        return redirect("workershome:my_loans")


class MyRoomsView(_Mine, TemplateView):
    template_name = "workershome/my_rooms.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        now = timezone.now()
        ctx.update(title="场地预约", rooms=list(room_selectors.member_rooms(self.request.user)),
                   bookings=list(room_selectors.my_bookings(self.request.user).filter(ends_at__gte=now)[:20]),
                   member_only=is_member_only(self.request.user))
        return ctx


class MyRoomView(_Mine, TemplateView):
    template_name = "workershome/my_room.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and getattr(request.user, "person_id", None):
            self.room = room_selectors.member_room_get(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = parse_day(self.request.GET.get("day"))
        form = kwargs.get("form") or BookingForm(initial={"day": day})
        ctx.update(title=self.room.name, room=self.room, day=day, form=form,
                   prev_day=day - datetime.timedelta(days=1), next_day=day + datetime.timedelta(days=1),
                   taken=list(room_selectors.day_bookings(self.room, day)),
                   member_only=is_member_only(self.request.user))
        return ctx

    def post(self, request, pk):
        form = BookingForm(request.POST)
        if form.is_valid():
            starts, ends = form.slot()
            try:
                booking = call(room_services.booking_create, actor=request.user, room=self.room, starts_at=starts,
                               ends_at=ends, purpose=form.cleaned_data["purpose"],
                               attendees=form.cleaned_data["attendees"])
            except ValidationError as exc:
                for m in exc.messages:
                    form.add_error(None, m)
            else:
                messages.success(request, f"已预约：{self.room.name} "
                                          f"{timezone.localtime(booking.starts_at):%-m月%-d日 %H:%M}–"
                                          f"{timezone.localtime(booking.ends_at):%H:%M}。")
                return redirect("workershome:my_rooms")
        return self.render_to_response(self.get_context_data(form=form))


class MyBookingCancelView(_Mine, View):
    def post(self, request, pk):
        b = room_selectors.my_booking_get(request.user, pk)
        try:
            call(room_services.booking_cancel, actor=request.user, booking=b)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "已取消预约。")
        return redirect("workershome:my_rooms")
