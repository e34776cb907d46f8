"""API of open affairs (/api/democracy/openaffairs/…): items (list, read, register, publish, withdraw), the
yearly list of required categories, and the member's published items. Same scoping as the pages: reads through the
selectors (404 outside scope), writes through the services (their out-of-scope answers 404, other refusals 400 with
the Chinese message)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.orgs.models import Organization

from ..models import OpenAffairsCategory, OpenAffairsChannel, OpenAffairsItem, OpenAffairsRequirement
from ..selectors import openaffairs as selectors
from ..services import openaffairs as services

ERRORS = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class DemocracyViewSet(ScopedViewSet):
    """A service's out-of-scope refusal is a 404, like a selector's."""

    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_field(OpenApiTypes.INT)
class UnionField(serializers.PrimaryKeyRelatedField):
    """A union (基层工会、联合工会 …) the user may record democracy work in."""

    default_error_messages = {"does_not_exist": "未找到该工会（编号 {pk_value}），或您无权在其下办理。",
                              "incorrect_type": "工会编号应为数字。"}

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return orgs_in_scope(request.user, Perm.DEMOCRACY_EDIT).filter(status=Organization.Status.ACTIVE)


class OpenAffairsItemSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = OpenAffairsItem
        fields = ["id", "org", "org_name", "title", "category", "category_display", "channel", "channel_display",
                  "published_on", "content", "approved_by", "approved_on", "status", "status_display",
                  "published_at", "withdrawn_at", "withdraw_reason", "source", "source_ref", "attachments"]
        read_only_fields = fields

    def get_attachments(self, obj) -> list[str]:
        return [a.name for a in obj.attachments.all()]


class OpenAffairsItemInput(serializers.Serializer):
    org = UnionField(label="工会")
    title = serializers.CharField(label="公开事项", max_length=120)
    category = serializers.ChoiceField(label="公开类别", choices=OpenAffairsCategory.choices)
    channel = serializers.ChoiceField(label="公开形式", choices=OpenAffairsChannel.choices,
                                      default=OpenAffairsChannel.BOARD)
    published_on = serializers.DateField(label="公开日期")
    content = serializers.CharField(label="公开内容")
    approved_by = serializers.CharField(label="审核批准", max_length=100, required=False, allow_blank=True, default="")
    approved_on = serializers.DateField(label="批准日期", required=False, allow_null=True, default=None)
    publish = serializers.BooleanField(label="立即公开", required=False, default=False)


class OpenAffairsWithdrawInput(serializers.Serializer):
    reason = serializers.CharField(label="撤回原因", max_length=200)


class OpenAffairsItemFilterSet(FilterSet):
    category = django_filters.ChoiceFilter(choices=OpenAffairsCategory.choices)
    channel = django_filters.ChoiceFilter(choices=OpenAffairsChannel.choices)
    status = django_filters.ChoiceFilter(choices=OpenAffairsItem.Status.choices)
    year = django_filters.NumberFilter(field_name="published_on", lookup_expr="year")

    class Meta:
        model = OpenAffairsItem
        fields = ["category", "channel", "status", "year"]


@extend_schema_view(list=extend_schema(summary="公开事项列表（厂务公开/校务公开等）"),
                    retrieve=extend_schema(summary="公开事项详情"))
class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DemocracyViewSet):
    """公开事项：登记（草稿或立即公开）、公开、撤回。"""

    serializer_class = OpenAffairsItemSerializer
    filterset_class = OpenAffairsItemFilterSet

    def get_queryset(self):
        if self.schema_only:
            return OpenAffairsItem.objects.none()
        return selectors.items(self.request.user).prefetch_related("attachments").order_by("-published_on", "-id")

    def get_object(self):
        return selectors.item_get(self.request.user, self.kwargs["pk"])

    def _done(self, item, code=status.HTTP_200_OK):
        return self.respond(OpenAffairsItemSerializer, selectors.item_get(self.request.user, item.pk), status_code=code)

    @extend_schema(summary="登记公开事项", request=OpenAffairsItemInput, responses={201: OpenAffairsItemSerializer, **ERRORS})
    def create(self, request):
        if not has_perm(request.user, Perm.DEMOCRACY_EDIT):
            forbid()
        item = services.item_save(actor=request.user, **self.validated(OpenAffairsItemInput))
        return self._done(item, status.HTTP_201_CREATED)

    @extend_schema(summary="公开（发布）", description="已公开的再次公开原样返回。", request=None,
                   responses={200: OpenAffairsItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._done(services.item_publish(actor=request.user, item=self.get_object()))

    @extend_schema(summary="撤回", request=OpenAffairsWithdrawInput, responses={200: OpenAffairsItemSerializer, **ERRORS})
    @action(detail=True, methods=["post"], serializer_class=OpenAffairsWithdrawInput)
    def withdraw(self, request, pk=None):
        item = self.get_object()
        return self._done(services.item_withdraw(actor=request.user, item=item, **self.validated(OpenAffairsWithdrawInput)))


class OpenAffairsRequirementSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    frequency_display = serializers.CharField(source="get_frequency_display", read_only=True)

    class Meta:
        model = OpenAffairsRequirement
        fields = ["id", "org", "org_name", "year", "category", "category_display", "frequency", "frequency_display",
                  "note"]
        read_only_fields = fields


class OpenAffairsRequirementInput(serializers.Serializer):
    org = UnionField(label="工会")
    year = serializers.IntegerField(label="年度", min_value=1990, max_value=2100)
    category = serializers.ChoiceField(label="公开类别", choices=OpenAffairsCategory.choices)
    frequency = serializers.ChoiceField(label="公开频次", choices=OpenAffairsRequirement.Frequency.choices,
                                        default=OpenAffairsRequirement.Frequency.YEARLY)
    note = serializers.CharField(label="说明", max_length=200, required=False, allow_blank=True, default="")


class OpenAffairsRequirementFilterSet(FilterSet):
    year = django_filters.NumberFilter()

    class Meta:
        model = OpenAffairsRequirement
        fields = ["year"]


@extend_schema_view(list=extend_schema(summary="应公开事项清单"), retrieve=extend_schema(summary="清单事项详情"))
class RequirementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DemocracyViewSet):
    """年度应公开事项清单（工会自定，含公开频次）。"""

    serializer_class = OpenAffairsRequirementSerializer
    filterset_class = OpenAffairsRequirementFilterSet

    def get_queryset(self):
        if self.schema_only:
            return OpenAffairsRequirement.objects.none()
        return selectors.requirements(self.request.user).order_by("-year", "category", "id")

    def get_object(self):
        return selectors.requirement_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="加入清单", request=OpenAffairsRequirementInput, responses={201: OpenAffairsRequirementSerializer, **ERRORS})
    def create(self, request):
        if not has_perm(request.user, Perm.DEMOCRACY_EDIT):
            forbid()
        made = services.requirement_save(actor=request.user, **self.validated(OpenAffairsRequirementInput))
        return self.respond(OpenAffairsRequirementSerializer, made, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="从清单删除", responses={204: None, **ERRORS})
    def destroy(self, request, pk=None):
        requirement = self.get_object()
        if not has_perm(request.user, Perm.DEMOCRACY_EDIT):
            forbid()
        services.requirement_delete(actor=request.user, requirement=requirement)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="我可查看的公开事项（会员）"), retrieve=extend_schema(summary="公开事项正文（会员）"))
class MyItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DemocracyViewSet):
    """会员本人所在工会（及上级工会）已公开的事项。"""

    serializer_class = OpenAffairsItemSerializer

    def get_queryset(self):
        if self.schema_only:
            return OpenAffairsItem.objects.none()
        return selectors.published_for(self.request.user).prefetch_related("attachments").order_by("-published_on",
                                                                                                   "-id")

    def get_object(self):
        return selectors.published_get(self.request.user, self.kwargs["pk"])


def register(router) -> None:
    router.register("democracy/openaffairs/items", ItemViewSet, basename="democracy-openaffairs-item")
    router.register("democracy/openaffairs/requirements", RequirementViewSet,
                    basename="democracy-openaffairs-requirement")
    router.register("democracy/openaffairs/mine", MyItemViewSet, basename="democracy-openaffairs-mine")
