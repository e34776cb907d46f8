"""API of rooms and bookings (/api/workershome/rooms/, /api/workershome/bookings/): the same scope as the pages;
a booking is refused with the Chinese reason (outside opening hours, overlapping: the database holds it)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.api import DetailSerializer, forbid

from ..models import Booking, Room
from ..selectors import rooms as selectors
from ..services import rooms as services
from .books import _one, _Scoped

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class RoomSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "org", "name", "kind", "capacity", "opens_at", "closes_at", "weekdays", "max_hours", "active"]
        read_only_fields = fields


class BookingSerializer(serializers.ModelSerializer):
    room_name = serializers.CharField(source="room.name", read_only=True)

    class Meta:
        model = Booking
        fields = ["id", "org", "room", "room_name", "person", "starts_at", "ends_at", "hours", "purpose", "attendees",
                  "status"]
        read_only_fields = fields


class BookingInput(serializers.Serializer):
    room = serializers.IntegerField()
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=100)
    attendees = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)


class RoomViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    """职工之家场地（开放时间）。"""

    serializer_class = RoomSerializer

    def get_queryset(self):
        if self.schema_only:
            return Room.objects.none()
        return selectors.rooms(self.request.user).order_by("name", "id")

    def get_object(self):
        return selectors.room_get(self.request.user, self.kwargs["pk"])


class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    """场地预约：预约与取消（同一场地时段不重叠，由数据库保证）。"""

    serializer_class = BookingSerializer

    def get_queryset(self):
        if self.schema_only:
            return Booking.objects.none()
        return selectors.bookings(self.request.user).order_by("-starts_at", "-id")

    def get_object(self):
        return selectors.booking_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="预约场地", request=BookingInput, responses={201: BookingSerializer, **_errors})
    def create(self, request):
        serializer = BookingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        room = _one(selectors.rooms(request.user, Perm.HOME_EDIT), data.pop("room"))
        booking = services.booking_create(actor=request.user, room=room, **data)
        return self.respond(BookingSerializer, booking, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="取消预约", request=None, responses={200: BookingSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = self.get_object()
        if not can_on_org(request.user, Perm.HOME_EDIT, booking.org):
            forbid()
        return self.respond(BookingSerializer, services.booking_cancel(actor=request.user, booking=booking))


def register(router) -> None:
    router.register("workershome/rooms", RoomViewSet, basename="workershome-room")
    router.register("workershome/bookings", BookingViewSet, basename="workershome-booking")
