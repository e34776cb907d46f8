"""API of collective contracts (/api/democracy/contracts/…): the same scoping as the pages (another union's id answers
404), writes through services/contracts.py; a ServiceError answers 400 with its Chinese message."""
from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.timezone import localdate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.scope import Perm, has_perm, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.orgs.models import Organization

from ..models import CollectiveContract, CongressSession, ContractKind, PerformanceCheck
from ..models.contracts import in_force_q
from ..selectors import contracts as selectors
from ..services import contracts as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


def _user(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


@extend_schema_field(OpenApiTypes.INT)
class ScopedUnionField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "未找到该工会（编号 {pk_value}），或您无权在其下办理。",
                              "incorrect_type": "组织编号应为数字。"}

    def get_queryset(self):
        user = _user(self)
        if user is None:
            return Organization.objects.none()
        return orgs_in_scope(user, Perm.DEMOCRACY_EDIT)


@extend_schema_field(OpenApiTypes.INT)
class ScopedSessionField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "未找到该职代会会议（编号 {pk_value}）。",
                              "incorrect_type": "会议编号应为数字。"}

    def get_queryset(self):
        from gonghui.accounts.scope import org_q

        user = _user(self)
        if user is None:
            return CongressSession.objects.none()
        return CongressSession.objects.filter(org_q(user, Perm.DEMOCRACY_VIEW))


class ContractCheckSerializer(serializers.ModelSerializer):
    class Meta:
        model = PerformanceCheck
        fields = ["id", "contract", "year", "checked_on", "checkers", "findings", "problems", "rectified",
                  "rectified_on", "rectification"]
        read_only_fields = fields


class ContractSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state = serializers.SerializerMethodField(help_text="今天的现状（协商中、已签订、已报送备案、已生效、已到期、已续签…）")
    filing_due_on = serializers.DateField(read_only=True, help_text="应报送备案的最后一日（签订后10日）")
    objection_deadline = serializers.DateField(read_only=True, help_text="审查期限（报送后15日）")
    effective_on = serializers.DateField(read_only=True, help_text="生效日期")
    renewal = serializers.SerializerMethodField(help_text="续签后的新版本编号")

    class Meta:
        model = CollectiveContract
        fields = ["id", "org", "org_name", "kind", "kind_display", "title", "version", "previous", "renewal",
                  "employer_name", "employer_representative", "union_representative", "employer_signatories",
                  "union_signatories", "employees_covered", "signed_on", "starts_on", "ends_on", "session",
                  "submitted_on", "bureau", "accepted_on", "objected_on", "objection", "ended_on", "status", "state",
                  "filing_due_on", "objection_deadline", "effective_on", "content", "note"]
        read_only_fields = fields

    def get_state(self, obj) -> str:
        return obj.state_on(localdate())

    def get_renewal(self, obj) -> int | None:
        try:
            return obj.renewal.pk
        except CollectiveContract.DoesNotExist:
            return None


class ContractCreateSerializer(serializers.Serializer):
    org = ScopedUnionField(help_text="工会编号")
    kind = serializers.ChoiceField(choices=ContractKind.choices)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    employer_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    employer_representative = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    union_representative = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    employer_signatories = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    union_signatories = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    employees_covered = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    session = ScopedSessionField(required=False, allow_null=True, default=None)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class SubmitSerializer(serializers.Serializer):
    submitted_on = serializers.DateField()
    bureau = serializers.CharField(max_length=100)


class ReviewSerializer(serializers.Serializer):
    accepted_on = serializers.DateField(required=False, allow_null=True, default=None)
    objected_on = serializers.DateField(required=False, allow_null=True, default=None)
    objection = serializers.CharField(required=False, allow_blank=True, default="")


class RenewSerializer(serializers.Serializer):
    signed_on = serializers.DateField(required=False, allow_null=True, default=None)
    starts_on = serializers.DateField(required=False, allow_null=True, default=None)
    ends_on = serializers.DateField(required=False, allow_null=True, default=None)
    session = ScopedSessionField(required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class SignSerializer(serializers.Serializer):
    signed_on = serializers.DateField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    session = ScopedSessionField(required=False, allow_null=True, default=None)


class CheckCreateSerializer(serializers.Serializer):
    checked_on = serializers.DateField()
    findings = serializers.CharField()
    checkers = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    problems = serializers.CharField(required=False, allow_blank=True, default="")


class ContractFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=ContractKind.choices)
    status = django_filters.ChoiceFilter(choices=CollectiveContract.Status.choices)
    in_force_on = django_filters.DateFilter(method="filter_in_force", label="该日生效中")

    class Meta:
        model = CollectiveContract
        fields = ["kind", "status", "in_force_on"]

    def filter_in_force(self, queryset, name, value):
        return queryset.filter(in_force_q(value))


class ContractViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """集体合同：签订、报送备案（10日内）、审查（15日内无异议即生效）、续签（新版本）、年度履约检查。"""

    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet

    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def get_queryset(self):
        if self.schema_only:
            return CollectiveContract.objects.none()
        return selectors.contracts(self.request.user).select_related("renewal").order_by("org__path", "kind",
                                                                                             "version")

    def get_object(self):
        return selectors.contract_get(self.request.user, self.kwargs["pk"])

    def _editable(self):
        contract = self.get_object()
        from gonghui.accounts.scope import can_on_org

        if not can_on_org(self.request.user, Perm.DEMOCRACY_EDIT, contract.org):
            forbid()
        return contract

    def _data(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @extend_schema(summary="登记集体合同", request=ContractCreateSerializer,
                   responses={201: ContractSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.DEMOCRACY_EDIT):
            forbid()
        contract = services.contract_create(actor=request.user, **self._data(ContractCreateSerializer))
        return self.respond(ContractSerializer, contract, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="签订", request=SignSerializer, responses={200: ContractSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        contract = services.contract_sign(actor=request.user, contract=self._editable(), **self._data(SignSerializer))
        return self.respond(ContractSerializer, contract)

    @extend_schema(summary="报送备案", request=SubmitSerializer, responses={200: ContractSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        contract = services.contract_submit(actor=request.user, contract=self._editable(),
                                            **self._data(SubmitSerializer))
        return self.respond(ContractSerializer, contract)

    @extend_schema(summary="登记审查结果", request=ReviewSerializer, responses={200: ContractSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        contract = services.contract_review(actor=request.user, contract=self._editable(),
                                            **self._data(ReviewSerializer))
        return self.respond(ContractSerializer, contract)

    @extend_schema(summary="续签（生成新版本）", request=RenewSerializer, responses={201: ContractSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def renew(self, request, pk=None):
        new = services.contract_renew(actor=request.user, contract=self._editable(), **self._data(RenewSerializer))
        return self.respond(ContractSerializer, new, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="履约检查", request=CheckCreateSerializer, responses={201: ContractCheckSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def checks(self, request, pk=None):
        check = services.check_record(actor=request.user, contract=self._editable(),
                                      **self._data(CheckCreateSerializer))
        return self.respond(ContractCheckSerializer, check, status_code=status.HTTP_201_CREATED)


class CheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """集体合同履约检查（只读）。"""

    serializer_class = ContractCheckSerializer

    def get_queryset(self):
        if self.schema_only:
            return PerformanceCheck.objects.none()
        return selectors.checks(self.request.user).order_by("-checked_on", "pk")

    def get_object(self):
        return selectors.check_get(self.request.user, self.kwargs["pk"])


def register(router) -> None:
    router.register("democracy/contracts", ContractViewSet, basename="democracy-contract")
    router.register("democracy/contract-checks", CheckViewSet, basename="democracy-contract-check")
