"""JSON API of the union tree: list and read within scope; create, edit, move and close with 组织管理 rights."""
from __future__ import annotations

import django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.scope import Perm, can_on_org, has_perm, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError

from . import selectors, services
from .filtersets import OrganizationFilterSet
from .forms import ORG_FIELDS
from .models import Organization


class OrganizationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    parent_name = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = ["id", "code", "name", "short_name", "kind", "kind_display", "parent", "parent_name", "depth",
                  "employer", "employer_credit_code", "founded_on", "legal_person_registered", "legal_person_cert_no",
                  "legal_person_registered_on", "party_org", "address", "phone", "status", "status_display",
                  "closed_on", "closed_reason", "version"]
        read_only_fields = fields

    def get_parent_name(self, obj) -> str:
        return obj.parent.name if obj.parent_id else ""


def _manageable_parents(user):
    return orgs_in_scope(user, Perm.ORG_MANAGE).filter(status=Organization.Status.ACTIVE)


@extend_schema_field(OpenApiTypes.INT)
class _ScopedParentField(serializers.PrimaryKeyRelatedField):
    """An organisation the acting user may manage; any other id is "not found", whether it exists or not."""

    default_error_messages = {"does_not_exist": "未找到该组织（编号 {pk_value}），或您无权在其下办理。",
                              "incorrect_type": "组织编号应为数字。"}

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return _manageable_parents(request.user)


class OrganizationCreateSerializer(serializers.ModelSerializer):
    parent = _ScopedParentField(label="上级组织", allow_null=True, required=False)

    class Meta:
        model = Organization
        fields = ["parent", *ORG_FIELDS]
        # The service checks the code's uniqueness with its own message.
        extra_kwargs = {"code": {"validators": []}}


class OrganizationUpdateSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(label="版本号", help_text="读取时得到的 version；他人已修改时返回 409")

    class Meta:
        model = Organization
        fields = ["version", *ORG_FIELDS]
        extra_kwargs = {"code": {"validators": []}}


class OrganizationMoveSerializer(serializers.Serializer):
    new_parent = _ScopedParentField(label="新的上级组织")


class OrganizationCloseSerializer(serializers.Serializer):
    closed_on = serializers.DateField(label="撤销日期")
    reason = serializers.CharField(label="撤销原因", max_length=200)


class OrganizationApiFilterSet(OrganizationFilterSet):
    parent = django_filters.NumberFilter(label="上级组织编号", field_name="parent_id")

    class Meta(OrganizationFilterSet.Meta):
        fields = [*OrganizationFilterSet.Meta.fields, "parent"]


_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


@extend_schema_view(
    list=extend_schema(summary="工会组织列表", description="当前用户范围内的组织（含下级）。"),
    retrieve=extend_schema(summary="组织详情", responses={200: OrganizationSerializer, 404: DetailSerializer}),
)
class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """工会组织：只返回当前用户范围内的组织；新建、修改、迁移、撤销须有组织管理权限。"""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Organization.objects.none()
        return selectors.org_list(self.request.user)

    def get_object(self):
        return selectors.org_get(self.request.user, self.kwargs["pk"])

    def _managed_object(self) -> Organization:
        org = self.get_object()
        if not can_on_org(self.request.user, Perm.ORG_MANAGE, org):
            forbid()
        return org

    @extend_schema(summary="新建组织", request=OrganizationCreateSerializer,
                   responses={201: OrganizationSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.ORG_MANAGE):
            forbid()
        serializer = OrganizationCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        parent = data.pop("parent", None)
        if parent is None and not request.user.is_superuser:
            raise ServiceError("请选择上级组织。")
        org = services.org_create(parent=parent, **data)
        return self.respond(OrganizationSerializer, org, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="修改组织信息", request=OrganizationUpdateSerializer,
                   responses={200: OrganizationSerializer, 409: DetailSerializer, **_errors})
    def partial_update(self, request, pk=None):
        org = self._managed_object()
        serializer = OrganizationUpdateSerializer(org, data=request.data, partial=True,
                                                  context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            raise ServiceError("请提供读取时的版本号（version）。")
        org = services.org_update(org=org, version=version, **data)
        return self.respond(OrganizationSerializer, org)

    @extend_schema(summary="迁移组织（连同全部下级）", request=OrganizationMoveSerializer,
                   responses={200: OrganizationSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        org = self._managed_object()
        serializer = OrganizationMoveSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        org = services.org_move(org=org, new_parent=serializer.validated_data["new_parent"])
        return self.respond(OrganizationSerializer, org)

    @extend_schema(summary="撤销组织", request=OrganizationCloseSerializer,
                   responses={200: OrganizationSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        org = self._managed_object()
        serializer = OrganizationCloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        org = services.org_close(org=org, **serializer.validated_data)
        return self.respond(OrganizationSerializer, org)

