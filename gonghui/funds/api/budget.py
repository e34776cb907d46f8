"""API of budgets, fund-rule flags and 经审 findings (/api/funds/budgets/, /api/funds/check-flags/,
/api/funds/audit-findings/): the same scope as the pages (404 outside); the treasurer's reply to a finding goes
through the service."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.core.api import DetailSerializer, ScopedViewSet
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import AuditFinding, Budget, BudgetLine, CheckKind, EntryFlag
from ..selectors import audit as audit_selectors
from ..selectors import budget as selectors
from ..selectors import rules as rule_selectors
from ..services import audit as audit_services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}
MONEY = {"max_digits": 14, "decimal_places": 2}


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["category", "subcategory", "amount", "note"]


class BudgetSerializer(serializers.ModelSerializer):
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "org", "year", "status", "committee_approved_on", "congress_required",
                  "congress_approved_on", "revisions", "note", "lines"]
        read_only_fields = fields


class ExecutionLineSerializer(serializers.Serializer):
    category = serializers.CharField()
    subcategory = serializers.CharField()
    budget = serializers.DecimalField(allow_null=True, **MONEY)
    actual = serializers.DecimalField(**MONEY)
    rate = serializers.CharField(help_text="执行率，如 63.6%；无预算为 —")
    over = serializers.BooleanField(help_text="支出超预算（或预算外支出）")
    months = serializers.ListField(child=serializers.DecimalField(allow_null=True, **MONEY), source="month_list",
                                   help_text="1–12月实际数")


class ExecutionSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    expense_budget = serializers.DecimalField(**MONEY)
    expense_actual = serializers.DecimalField(**MONEY)
    expense_rate = serializers.CharField()
    income_budget = serializers.DecimalField(**MONEY)
    income_actual = serializers.DecimalField(**MONEY)
    lines = ExecutionLineSerializer(many=True)


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = EntryFlag
        fields = ["id", "org", "year", "entry", "kind", "rule", "rule_text", "message", "excess", "entry_date"]
        read_only_fields = fields


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditFinding
        fields = ["id", "org", "year", "number", "kind", "entry", "title", "detail", "amount", "status",
                  "raised_on", "reply", "replied_on", "resolution", "resolved_on"]
        read_only_fields = fields


class ReplyInput(serializers.Serializer):
    reply = serializers.CharField(max_length=2000, help_text="情况说明和整改措施")


class YearFilterSet(FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year")

    class Meta:
        model = Budget
        fields = ["year"]


class FlagFilterSet(FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year")
    kind = django_filters.ChoiceFilter(label="问题类型", field_name="kind", choices=CheckKind.choices)

    class Meta:
        model = EntryFlag
        fields = ["year", "kind"]


class FindingFilterSet(FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year")
    status = django_filters.ChoiceFilter(label="状态", field_name="status", choices=AuditFinding.Status.choices)

    class Meta:
        model = AuditFinding
        fields = ["year", "status"]


class _FundsViewSet(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)


class BudgetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _FundsViewSet):
    """经费预算：各工会年度预算及科目；execution 为预算执行（按科目、按月的实际数，执行率，超预算）。"""

    serializer_class = BudgetSerializer
    filterset_class = YearFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Budget.objects.none()
        return selectors.budgets(self.request.user).prefetch_related("lines").order_by("-year", "org_id")

    @extend_schema(summary="预算执行情况", responses={200: ExecutionSerializer, **_errors})
    @action(detail=True, methods=["get"])
    def execution(self, request, pk=None):
        budget = selectors.budget_get(request.user, pk)
        return self.respond(ExecutionSerializer, selectors.execution(budget))


class FlagViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _FundsViewSet):
    """核查提示：违反经费使用规定的支出（kind=rule，附所违反的规定）及经审核查发现的其他问题。"""

    serializer_class = FlagSerializer
    filterset_class = FlagFilterSet

    def get_queryset(self):
        if self.schema_only:
            return EntryFlag.objects.none()
        return rule_selectors.flags(self.request.user).order_by("-year", "org_id", "entry_date", "id")


class FindingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _FundsViewSet):
    """经审发现问题：问题、财务答复与整改结论。"""

    serializer_class = FindingSerializer
    filterset_class = FindingFilterSet

    def get_queryset(self):
        if self.schema_only:
            return AuditFinding.objects.none()
        return audit_selectors.findings(self.request.user).order_by("-year", "org_id", "number")

    @extend_schema(summary="财务答复经审发现的问题", request=ReplyInput, responses={200: FindingSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        finding = audit_selectors.finding_get(request.user, pk, Perm.FUNDS_EDIT)
        serializer = ReplyInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        finding = audit_services.finding_reply(actor=request.user, finding=finding, **serializer.validated_data)
        return self.respond(FindingSerializer, finding)


def register(router) -> None:
    router.register("funds/budgets", BudgetViewSet, basename="funds-budget")
    router.register("funds/check-flags", FlagViewSet, basename="funds-check-flag")
    router.register("funds/audit-findings", FindingViewSet, basename="funds-audit-finding")
