"""API of events (/api/activities/events/ for officers; /api/activities/open-events/ for members to sign up and
cancel): the same scope as the pages (404 outside), writes through the services (Chinese `detail` on a refusal)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.core.api import DetailSerializer, ScopedViewSet
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import Event, EventKind, Signup
from ..selectors import events as selectors
from ..services import events as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class EventSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    scope_name = serializers.CharField(source="scope.name", read_only=True)
    confirmed = serializers.IntegerField(read_only=True)
    waiting = serializers.IntegerField(read_only=True)

    class Meta:
        model = Event
        fields = ["id", "org", "org_name", "scope", "scope_name", "title", "kind", "host", "host_name", "starts_at",
                  "ends_at", "place", "capacity", "deadline", "family_allowed", "family_max", "budget", "cost",
                  "status", "held_on", "participants", "confirmed", "waiting"]
        read_only_fields = fields


class SignupSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Signup
        fields = ["id", "event", "person", "person_name", "status", "family", "queued_at", "promoted_at",
                  "cancelled_at", "late", "checked_in_at", "checkin_method"]
        read_only_fields = fields


class SignupInput(serializers.Serializer):
    family = serializers.IntegerField(min_value=0, max_value=10, required=False, default=0)


class EventApiFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label="活动类型", choices=EventKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Event.Status.choices)

    class Meta:
        model = Event
        fields = ["kind", "status"]


class _Base(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)


class EventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """文体活动（工会干部）：本会及下级的活动，含报名、候补人数；signups 为报名名单。"""

    serializer_class = EventSerializer
    filterset_class = EventApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Event.objects.none()
        return selectors.with_counts(selectors.events(self.request.user)).order_by("-starts_at", "-id")

    def get_object(self):
        return selectors.with_counts(selectors.events(self.request.user)).get(
            pk=selectors.event_get(self.request.user, self.kwargs["pk"]).pk)

    @extend_schema(summary="报名名单", responses={200: SignupSerializer(many=True), **_errors})
    @action(detail=True, methods=["get"], serializer_class=SignupSerializer)
    def signups(self, request, pk=None):
        event = self.get_object()
        return self.respond(SignupSerializer, selectors.signup_list(event), many=True)


class OpenEventViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """可报名的活动（会员本人）：报名、取消报名（名额满时进入候补）。"""

    serializer_class = EventSerializer

    def get_queryset(self):
        if self.schema_only:
            return Event.objects.none()
        return selectors.open_for(self.request.user)

    def get_object(self):
        return selectors.visible_to_member(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="报名（名额已满时进入候补）", request=SignupInput,
                   responses={201: SignupSerializer, 200: SignupSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=SignupInput)
    def signup(self, request, pk=None):
        event = self.get_object()
        data = SignupInput(data=request.data)
        data.is_valid(raise_exception=True)
        s, created = services.signup(actor=request.user, event=event, family=data.validated_data["family"])
        return self.respond(SignupSerializer, s, status_code=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    @extend_schema(summary="取消报名", request=None, responses={200: SignupSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        event = self.get_object()
        s = selectors.my_signup(request.user, event)
        if s is None:
            raise Http404("未找到报名记录")
        return self.respond(SignupSerializer, services.signup_cancel(actor=request.user, signup=s))


def register(router) -> None:
    router.register("activities/events", EventViewSet, basename="activities-event")
    router.register("activities/open-events", OpenEventViewSet, basename="activities-open-event")


del Perm
