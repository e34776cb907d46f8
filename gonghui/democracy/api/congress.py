"""API of the congress room (/api/democracy/congress/…): terms with their composition check, delegates, sessions
with the quorum and attendance, resolutions with their votes. Reads through selectors.congress (another union's id
answers 404); writes through services.congress (a ServiceError answers 400 with its Chinese message; out of scope
answers 404)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import CongressSession, Delegate, Resolution, SessionAttendance, Term
from ..selectors import congress as reads
from ..services import congress as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class CongressViewSet(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def need_edit(self):
        if not has_perm(self.request.user, Perm.DEMOCRACY_EDIT):
            forbid()

    def validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- terms and delegates -------------------------------------------------------------------------------------------

class TermSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    congress_name = serializers.CharField(source="congress.name", read_only=True)

    class Meta:
        model = Term
        fields = ["id", "name", "congress", "congress_name", "org", "number", "started_on", "ends_on", "ended_on",
                  "seats"]


class CheckSerializer(serializers.Serializer):
    label = serializers.CharField()
    holds = serializers.BooleanField()
    text = serializers.CharField()


class CompositionSerializer(serializers.Serializer):
    day = serializers.DateField()
    rules = serializers.CharField(source="rules.source")
    total = serializers.IntegerField()
    women = serializers.IntegerField()
    young = serializers.IntegerField()
    holds = serializers.BooleanField()
    checks = CheckSerializer(many=True)


class TermViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CongressViewSet):
    """职代会的届。"""

    serializer_class = TermSerializer

    def get_queryset(self):
        if self.schema_only:
            return Term.objects.none()
        return reads.terms(self.request.user).order_by("org__path", "-number")

    def get_object(self):
        return reads.term_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="代表构成检查", responses={200: CompositionSerializer, **_errors})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def composition(self, request, pk=None):
        return Response(CompositionSerializer(reads.composition(self.get_object())).data)


class DelegateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    delegation_name = serializers.CharField(source="delegation.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Delegate
        fields = ["id", "term", "person", "name", "delegation", "delegation_name", "category", "is_woman",
                  "is_young", "elected_on", "status", "left_on"]


class DelegateFilterSet(FilterSet):
    term = django_filters.NumberFilter(field_name="term_id", label="届")
    category = django_filters.ChoiceFilter(choices=Delegate._meta.get_field("category").choices, label="代表构成")

    class Meta:
        model = Delegate
        fields = ["term", "category"]


class DelegateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CongressViewSet):
    """职工代表。"""

    serializer_class = DelegateSerializer
    filterset_class = DelegateFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Delegate.objects.none()
        return reads.delegates(self.request.user).order_by("term_id", "id")

    def get_object(self):
        found = reads.delegates(self.request.user).filter(pk=self.kwargs["pk"]).first()
        if found is None:
            raise Http404("未找到该记录")
        return found


# --- sessions ------------------------------------------------------------------------------------------------------

class SessionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = CongressSession
        fields = ["id", "name", "term", "org", "number", "kind", "opened_on", "closed_on", "place", "agenda",
                  "status", "expected", "attended", "quorum", "is_valid"]
        read_only_fields = ["org", "number", "status", "expected", "attended", "quorum", "is_valid"]


class SessionCreateSerializer(serializers.Serializer):
    term = serializers.IntegerField(label="届编号")
    kind = serializers.ChoiceField(choices=CongressSession.Kind.choices, default=CongressSession.Kind.REGULAR)
    opened_on = serializers.DateField(label="开幕日期")
    closed_on = serializers.DateField(label="闭幕日期", required=False, allow_null=True)
    place = serializers.CharField(label="地点", required=False, allow_blank=True, default="", max_length=100)
    agenda = serializers.CharField(label="议程", required=False, allow_blank=True, default="")


class StateSerializer(serializers.Serializer):
    expected = serializers.IntegerField(help_text="应到（全体代表）")
    present = serializers.IntegerField(help_text="实到")
    leave = serializers.IntegerField()
    absent = serializers.IntegerField()
    quorum = serializers.IntegerField(help_text="法定人数")
    pass_mark = serializers.IntegerField(help_text="通过所需赞成票")
    quorate = serializers.BooleanField()
    verdict = serializers.CharField()


class AttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="delegate.person.name", read_only=True)

    class Meta:
        model = SessionAttendance
        fields = ["id", "session", "delegate", "name", "status", "via", "reason", "signed_at"]
        read_only_fields = ["session", "name", "via", "signed_at"]


class AttendanceInput(serializers.Serializer):
    delegate = serializers.IntegerField(label="代表编号")
    status = serializers.ChoiceField(choices=SessionAttendance.Status.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)


class SessionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CongressViewSet):
    """职代会会议：应到、实到、法定人数和会议是否有效。"""

    serializer_class = SessionSerializer

    def get_queryset(self):
        if self.schema_only:
            return CongressSession.objects.none()
        return reads.sessions(self.request.user).order_by("-opened_on", "id")

    def get_object(self):
        return reads.session_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="登记会议", request=SessionCreateSerializer, responses={201: SessionSerializer, **_errors})
    def create(self, request):
        self.need_edit()
        data = dict(self.validated(SessionCreateSerializer))
        term = reads.term_get(request.user, data.pop("term"), Perm.DEMOCRACY_EDIT)
        session = services.session_create(actor=request.user, term=term, **data)
        return self.respond(SessionSerializer, session, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="出席情况与法定人数", responses={200: StateSerializer, **_errors})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def state(self, request, pk=None):
        return Response(StateSerializer(reads.session_state(self.get_object(), with_roll=False)).data)

    @extend_schema(summary="开始会议（开放签到）", request=None, responses={200: SessionSerializer, **_errors})
    @action(detail=True, methods=["post"], url_path="open")
    def open_session(self, request, pk=None):
        self.need_edit()
        return self.respond(SessionSerializer, services.session_open(actor=request.user, session=self.get_object()))

    @extend_schema(summary="闭幕（按法定人数判定是否有效）", request=None, responses={200: SessionSerializer, **_errors})
    @action(detail=True, methods=["post"], url_path="close")
    def close_session(self, request, pk=None):
        self.need_edit()
        return self.respond(SessionSerializer, services.session_close(actor=request.user, session=self.get_object()))

    @extend_schema(summary="登记代表出席、请假或缺席", request=AttendanceInput,
                   responses={200: AttendanceSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        self.need_edit()
        session = self.get_object()
        data = self.validated(AttendanceInput)
        delegate = Delegate.objects.filter(term_id=session.term_id, pk=data["delegate"]).select_related("person").first()
        if delegate is None:
            raise ServiceError("该代表不是本届代表。")
        row = services.attendance_mark(actor=request.user, session=session, delegate=delegate,
                                       status=data["status"], reason=data["reason"])
        return self.respond(AttendanceSerializer, row)


# --- resolutions ---------------------------------------------------------------------------------------------------

class ResolutionSerializer(serializers.ModelSerializer):
    verdict = serializers.CharField(read_only=True)

    class Meta:
        model = Resolution
        fields = ["id", "session", "order", "title", "votes_for", "votes_against", "votes_abstain", "expected",
                  "passed", "verdict", "voted_at"]
        read_only_fields = fields


class ResolutionCreateSerializer(serializers.Serializer):
    session = serializers.IntegerField(label="会议编号")
    title = serializers.CharField(label="表决事项", max_length=200)


class VoteSerializer(serializers.Serializer):
    votes_for = serializers.IntegerField(min_value=0, label="赞成")
    votes_against = serializers.IntegerField(min_value=0, label="反对")
    votes_abstain = serializers.IntegerField(min_value=0, label="弃权")


class CorrectionSerializer(VoteSerializer):
    reason = serializers.CharField(label="更正原因", max_length=300)


class ResolutionFilterSet(FilterSet):
    session = django_filters.NumberFilter(field_name="session_id", label="会议")

    class Meta:
        model = Resolution
        fields = ["session"]


class ResolutionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CongressViewSet):
    """表决事项：赞成票超过全体代表半数为通过；表决结果只登记一次（重复提交同一结果不重复计票）。"""

    serializer_class = ResolutionSerializer
    filterset_class = ResolutionFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Resolution.objects.none()
        return reads.resolutions(self.request.user).order_by("session_id", "order", "id")

    def get_object(self):
        return reads.resolution_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="添加表决事项", request=ResolutionCreateSerializer,
                   responses={201: ResolutionSerializer, **_errors})
    def create(self, request):
        self.need_edit()
        data = self.validated(ResolutionCreateSerializer)
        session = reads.session_get(request.user, data["session"], Perm.DEMOCRACY_EDIT)
        resolution = services.resolution_add(actor=request.user, session=session, title=data["title"])
        return self.respond(ResolutionSerializer, resolution, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="登记表决结果", request=VoteSerializer, responses={200: ResolutionSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        self.need_edit()
        resolution = self.get_object()  # another union's id: 404 before anything is read from the body
        data = self.validated(VoteSerializer)
        resolution = services.resolution_vote(actor=request.user, resolution=resolution, **data)
        return self.respond(ResolutionSerializer, resolution)

    @extend_schema(summary="更正计票", description="已登记的表决结果发现计票错误时更正：须写明原因，原票数保留在更正记录中，"
                   "按全体代表过半数重新判定是否通过。", request=CorrectionSerializer,
                   responses={200: ResolutionSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        self.need_edit()
        resolution = self.get_object()
        data = self.validated(CorrectionSerializer)
        resolution = services.resolution_correct(actor=request.user, resolution=resolution, **data)
        return self.respond(ResolutionSerializer, resolution)


def register(router) -> None:
    router.register("democracy/congress/terms", TermViewSet, basename="democracy-congress-term")
    router.register("democracy/congress/delegates", DelegateViewSet, basename="democracy-congress-delegate")
    router.register("democracy/congress/sessions", SessionViewSet, basename="democracy-congress-session")
    router.register("democracy/congress/resolutions", ResolutionViewSet, basename="democracy-congress-resolution")
