"""API of hazards (/api/rights/hazards/): the union's list and record with the same scope as the pages (404
outside); forwarding through the service (Chinese `detail` on a refusal)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import Hazard, HazardKind, HazardState
from ..selectors import hazards as selectors
from ..services import hazards as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class HazardSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None,
                                            allow_null=True)

    class Meta:
        model = Hazard
        fields = ["id", "org", "org_name", "reporter_name", "safety_rep", "kind", "location", "description",
                  "reported_on", "state", "department", "department_name", "forwarded_on", "plan_note", "due_on",
                  "fixed_on", "fix_note", "unfounded_on", "unfounded_note"]
        read_only_fields = fields


class ForwardInput(serializers.Serializer):
    department = serializers.IntegerField(help_text="承办部门编号")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class HazardApiFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=HazardState.choices)
    kind = django_filters.ChoiceFilter(label="类别", choices=HazardKind.choices)

    class Meta:
        model = Hazard
        fields = ["state", "kind"]


class HazardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """隐患信息（劳动保护监督）：职工报告的隐患、转办、整改情况。"""

    serializer_class = HazardSerializer
    filterset_class = HazardApiFilterSet

    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def get_queryset(self):
        if self.schema_only:
            return Hazard.objects.none()
        return selectors.hazards(self.request.user).order_by("-reported_on", "-id")

    def get_object(self):
        return selectors.hazard_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="转办隐患", request=ForwardInput, responses={200: HazardSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=ForwardInput)
    def forward(self, request, pk=None):
        from gonghui.democracy.models import Department

        hazard = self.get_object()
        if not can_on_org(request.user, Perm.RIGHTS_EDIT, hazard.org):
            forbid()
        serializer = ForwardInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        department = Department.objects.filter(pk=serializer.validated_data["department"]).first()
        if department is None or not hazard.org.path.startswith(department.org.path):
            raise ServiceError("请选择本单位在用的承办部门。")
        services.hazard_forward(actor=request.user, hazard=hazard, department=department,
                                note=serializer.validated_data["note"])
        return self.respond(HazardSerializer, selectors.hazard_get(request.user, hazard.pk))


def register(router) -> None:
    router.register("rights/hazards", HazardViewSet, basename="rights-hazard")
