"""Pages of rooms and bookings (场地预约): the rooms with their opening hours, a room's day with its bookings and the
booking form, the bookings list (export), cancellation."""
from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.timezone import localdate

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.errors import ServiceError
from gonghui.core.excel import Column
from gonghui.core.views import ActionFormView, ObjectListView, PermRequiredMixin, xlsx_response
from django.views.generic import TemplateView

from ..filtersets import BookingFilterSet
from ..forms import BookingForm, ConfirmForm, RoomForm
from ..models import Booking
from ..selectors import rooms as selectors
from ..services import rooms as services
from ..tables import BookingTable
from ._common import BLOCKED, call, home_org


def parse_day(raw) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw) if raw else localdate()
    except ValueError:
        return localdate()


class RoomListView(PermRequiredMixin, TemplateView):
    perm = Perm.HOME_VIEW
    template_name = "workershome/room_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title="场地预约", rooms=list(selectors.rooms(self.request.user, within=self.request.current_org)),
                   can_edit=home_org(self.request) is not None)
        return ctx


class RoomCreateView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "添加场地"
    icon = "door-open"
    form_class = RoomForm

    def blocked_reason(self):
        return "" if home_org(self.request) else BLOCKED

    def back_url(self):
        return reverse("workershome:room_list")

    def perform(self, form):
        org = home_org(self.request)
        if org is None:
            raise ServiceError(BLOCKED)
        return call(services.room_create, actor=self.request.user, org=org, **form.cleaned_data)


class RoomDetailView(ActionFormView):
    """A room's day (its bookings, no names for members) and the booking form."""

    perm = Perm.HOME_VIEW
    form_class = BookingForm
    template_name = "workershome/room_detail.html"
    action_label = "预约"
    icon = "calendar-plus"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.room = selectors.room_get(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        form = super().get_form()
        form.initial.setdefault("day", parse_day(self.request.GET.get("day")))
        return form

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = parse_day(self.request.GET.get("day"))
        ctx.update(title=self.room.name, room=self.room, day=day, prev_day=day - datetime.timedelta(days=1),
                   next_day=day + datetime.timedelta(days=1),
                   day_bookings=list(selectors.day_bookings(self.room, day).select_related("person")),
                   can_edit=can_on_org(self.request.user, Perm.HOME_EDIT, self.room.org))
        return ctx

    def back_url(self):
        return reverse("workershome:room_list")

    def success_url(self, result):
        return f"{self.room.get_absolute_url()}?day={timezone.localtime(result.starts_at):%Y-%m-%d}"

    def success_message(self, result):
        return f"已预约：{self.room.name} {timezone.localtime(result.starts_at):%Y年%-m月%-d日 %H:%M}–" \
               f"{timezone.localtime(result.ends_at):%H:%M}。"

    def perform(self, form):
        if not can_on_org(self.request.user, Perm.HOME_EDIT, self.room.org):
            raise ServiceError("您没有为本会办理场地预约的权限。")
        starts, ends = form.slot()
        return call(services.booking_create, actor=self.request.user, room=self.room, starts_at=starts, ends_at=ends,
                    purpose=form.cleaned_data["purpose"], attendees=form.cleaned_data["attendees"])


class BookingListView(ObjectListView):
    perm = Perm.HOME_VIEW
    title = "场地预约记录"
    filterset_class = BookingFilterSet
    table_class = BookingTable
    export_formats = ("xlsx",)

    def selector(self, request):
        return selectors.bookings(request.user, within=request.current_org)

    def export(self, request, queryset, fmt):
        rows = ((b.room.name, timezone.localtime(b.starts_at).replace(tzinfo=None),
                 timezone.localtime(b.ends_at).replace(tzinfo=None), b.hours, b.purpose, b.attendees,
                 b.person.name if b.person else "工会", b.get_status_display())
                for b in queryset.order_by("-starts_at").iterator(chunk_size=500))
        return xlsx_response(request, model=Booking, title="场地预约记录",
                             columns=[Column("场地", 14), Column("开始", 18), Column("结束", 18), Column("小时", 8), Column("用途", 24),
                                      Column("人数", 8), Column("预约人", 10), Column("状态", 8)],
                             rows=rows, filename="场地预约记录")


class BookingCancelView(ActionFormView):
    perm = Perm.HOME_EDIT
    title = action_label = "取消预约"
    icon = "x-circle"
    danger = True
    form_class = ConfirmForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.booking = selectors.booking_get(request.user, kwargs["pk"], Perm.HOME_EDIT)
        return super().dispatch(request, *args, **kwargs)

    def summary(self):
        b = self.booking
        return [("场地", b.room.name), ("时段", f"{timezone.localtime(b.starts_at):%Y-%m-%d %H:%M}–"
                                             f"{timezone.localtime(b.ends_at):%H:%M}"), ("用途", b.purpose)]

    def back_url(self):
        return reverse("workershome:booking_list")

    def perform(self, form):
        return call(services.booking_cancel, actor=self.request.user, booking=self.booking)
