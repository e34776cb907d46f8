"""API of the employer register (/api/funds/employers/): the same scope as the pages (404 outside), writes through
the services (Chinese `detail` on a refusal)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, has_perm, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.orgs.models import Organization

from ..models import Employer, EmployerKind, FoundingVisit
from ..selectors import employers as selectors
from ..services import employers as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class VisitSerializer(serializers.ModelSerializer):
    class Meta:
        model = FoundingVisit
        fields = ["id", "visited_on", "visitor", "outcome", "note"]


class EmployerSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    union_name = serializers.CharField(source="union.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = Employer
        fields = ["id", "org", "org_name", "name", "credit_code", "kind", "employees", "employees_on", "address",
                  "district", "registered_on", "closed_on", "closed_reason", "contact_name", "contact_phone",
                  "union", "union_name", "founded_on", "members_on_founding", "note"]
        read_only_fields = fields


class EmployerInput(serializers.Serializer):
    org = serializers.IntegerField(help_text="登记台账的工会编号（须在您的办理范围内）")
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=EmployerKind.choices)
    registered_on = serializers.DateField()
    credit_code = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    employees = serializers.IntegerField(min_value=0, max_value=2_000_000, required=False, allow_null=True,
                                         default=None)
    employees_on = serializers.DateField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    district = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class VisitInput(serializers.Serializer):
    visited_on = serializers.DateField()
    visitor = serializers.CharField(max_length=50)
    outcome = serializers.ChoiceField(choices=FoundingVisit.Outcome.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FoundInput(serializers.Serializer):
    founded_on = serializers.DateField()
    members_on_founding = serializers.IntegerField(min_value=1, max_value=2_000_000, required=False,
                                                   allow_null=True, default=None)
    union = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="平台上的基层工会或联合工会编号")


class EmployerApiFilterSet(FilterSet):
    founded = django_filters.BooleanFilter(label="已建会", field_name="founded_on", lookup_expr="isnull",
                                           exclude=True)
    kind = django_filters.ChoiceFilter(label="单位类型", choices=EmployerKind.choices)

    class Meta:
        model = Employer
        fields = ["founded", "kind"]


class EmployerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """用人单位台账与建会：上级工会登记辖区用人单位、建会走访与建会情况。"""

    serializer_class = EmployerSerializer
    filterset_class = EmployerApiFilterSet

    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def get_queryset(self):
        if self.schema_only:
            return Employer.objects.none()
        return selectors.employers(self.request.user).order_by("name", "id")

    def get_object(self):
        return selectors.employer_get(self.request.user, self.kwargs["pk"])

    def _validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def _org(self, pk, perm=Perm.FUNDS_EDIT) -> Organization:
        org = orgs_in_scope(self.request.user, perm).filter(pk=pk).first()
        if org is None:
            raise Http404("未找到该组织")
        return org

    @extend_schema(summary="登记用人单位", request=EmployerInput, responses={201: EmployerSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.FUNDS_EDIT):
            forbid()
        data = self._validated(EmployerInput)
        data["org"] = self._org(data["org"])
        employer = services.employer_create(actor=request.user, **data)
        return self.respond(EmployerSerializer, selectors.employer_get(request.user, employer.pk),
                            status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="登记建会走访", request=VisitInput, responses={201: VisitSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=VisitInput)
    def visits(self, request, pk=None):
        employer = self.get_object()
        if not can_on_org(request.user, Perm.FUNDS_EDIT, employer.org):
            forbid()
        visit = services.visit_record(actor=request.user, employer=employer, **self._validated(VisitInput))
        return self.respond(VisitSerializer, visit, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="登记建会", request=FoundInput, responses={200: EmployerSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=FoundInput)
    def found(self, request, pk=None):
        employer = self.get_object()
        if not can_on_org(request.user, Perm.FUNDS_EDIT, employer.org):
            forbid()
        data = self._validated(FoundInput)
        if data.get("union") is not None:
            data["union"] = self._org(data["union"])
        services.employer_found(actor=request.user, employer=employer, **data)
        return self.respond(EmployerSerializer, selectors.employer_get(request.user, employer.pk))


def register(router) -> None:
    router.register("funds/employers", EmployerViewSet, basename="funds-employer")
