"""API of suggestions (/api/achievements/suggestions/): the officers' scope (ACHIEVE_VIEW; 404 outside), grading,
adoption and benefit through the services (Chinese `detail` on a refusal); /api/achievements/my-suggestions/ is a
member's own (submit and follow)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import Grade, Suggestion, SuggestionStep
from ..selectors import suggestions as selectors
from ..services import suggestions as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class SuggestionStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = SuggestionStep
        fields = ["action", "state", "note", "on"]


class SuggestionSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.name", read_only=True)
    org_name = serializers.CharField(source="org.name", read_only=True)
    steps = SuggestionStepSerializer(many=True, read_only=True)

    class Meta:
        model = Suggestion
        fields = ["id", "code", "org", "org_name", "author", "author_name", "title", "problem", "proposal",
                  "expected_benefit", "submitted_on", "state", "total_score", "grade", "graded_on", "adopted_on",
                  "department", "implemented_on", "benefit", "benefit_verified_on", "steps"]
        read_only_fields = fields


class SuggestionInput(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    problem = serializers.CharField()
    proposal = serializers.CharField()
    expected_benefit = serializers.CharField(required=False, allow_blank=True, default="")
    token = serializers.CharField(max_length=40, required=False, allow_blank=True, default="",
                                  help_text="客户端生成的提交令牌：同一令牌重复提交只登记一次")


class GradeInput(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)


class AdoptInput(serializers.Serializer):
    department = serializers.CharField(max_length=50)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class BenefitInput(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    verified_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class SuggestionApiFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=Suggestion.State.choices)
    grade = django_filters.ChoiceFilter(label="等级", choices=Grade.choices)

    class Meta:
        model = Suggestion
        fields = ["state", "grade"]


class _Base(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def _validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class SuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """合理化建议：评审、评定等级、采纳、登记效益。"""

    serializer_class = SuggestionSerializer
    filterset_class = SuggestionApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Suggestion.objects.none()
        return selectors.suggestions(self.request.user).prefetch_related("steps").order_by("-submitted_on", "-id")

    def get_object(self):
        return selectors.suggestion_get(self.request.user, self.kwargs["pk"])

    def _act(self, service, serializer_class, **extra):
        s = self.get_object()
        if not can_on_org(self.request.user, Perm.ACHIEVE_EDIT, s.org):
            forbid()
        service(actor=self.request.user, suggestion=s, **self._validated(serializer_class), **extra)
        return self.respond(SuggestionSerializer, selectors.suggestion_get(self.request.user, s.pk))

    @extend_schema(summary="评定等级", request=GradeInput, responses={200: SuggestionSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=GradeInput)
    def grade(self, request, pk=None):
        return self._act(services.suggestion_grade, GradeInput)

    @extend_schema(summary="决定采纳", request=AdoptInput, responses={200: SuggestionSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=AdoptInput)
    def adopt(self, request, pk=None):
        return self._act(services.suggestion_adopt, AdoptInput)

    @extend_schema(summary="登记经济效益", request=BenefitInput, responses={200: SuggestionSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=BenefitInput)
    def benefit(self, request, pk=None):
        return self._act(services.suggestion_benefit, BenefitInput)


class MySuggestionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """我的合理化建议：本人提交并跟踪每一步。"""

    serializer_class = SuggestionSerializer

    def get_queryset(self):
        if self.schema_only:
            return Suggestion.objects.none()
        return selectors.mine(self.request.user).select_related("org", "author").prefetch_related("steps") \
            .order_by("-submitted_on", "-id")

    def get_object(self):
        return selectors.mine_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="提交合理化建议", request=SuggestionInput, responses={201: SuggestionSerializer, **_errors})
    def create(self, request):
        if not getattr(request.user, "person_id", None):
            forbid()
        s = services.suggestion_submit(actor=request.user, author=request.user.person,
                                       **self._validated(SuggestionInput))
        return self.respond(SuggestionSerializer, selectors.mine_get(request.user, s.pk),
                            status_code=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("achievements/suggestions", SuggestionViewSet, basename="achievements-suggestion")
    router.register("achievements/my-suggestions", MySuggestionViewSet, basename="achievements-my-suggestion")
