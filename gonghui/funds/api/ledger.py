"""API of the ledger and union funds (/api/funds/ledger-entries/, /api/funds/allocation-arrivals/): the same scope as
the pages (404 outside); writes go through the services (an entry with the same token records once; booking a
proposal twice books it once)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import AllocationArrival, Category, LedgerEntry
from ..selectors import allocation as allocation_selectors
from ..selectors import ledger as selectors
from ..services import ledger as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class LedgerEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = LedgerEntry
        fields = ["id", "org", "entry_date", "category", "subcategory", "direction", "amount", "summary",
                  "counterparty", "voucher_no", "status", "source_key", "reverses", "reject_reason", "booked_at"]
        read_only_fields = fields


class EntryInput(serializers.Serializer):
    org = serializers.IntegerField(help_text="记账工会编号")
    entry_date = serializers.DateField()
    category = serializers.ChoiceField(choices=Category.choices)
    subcategory = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    amount = serializers.CharField(max_length=30, help_text="金额（元），如 1200.00")
    summary = serializers.CharField(max_length=200)
    counterparty = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    voucher_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    token = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                  help_text="同一次提交的标识：重复提交时只记一次")


class BookInput(serializers.Serializer):
    voucher_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class EntryFilterSet(FilterSet):
    start = django_filters.DateFilter(label="日期从", field_name="entry_date", lookup_expr="gte")
    end = django_filters.DateFilter(label="日期至", field_name="entry_date", lookup_expr="lte")
    category = django_filters.ChoiceFilter(label="科目", choices=Category.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=LedgerEntry.Status.choices)

    class Meta:
        model = LedgerEntry
        fields = ["start", "end", "category", "status"]


class _FundsViewSet(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)


class LedgerEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _FundsViewSet):
    """收支分录：已入账、待入账（由其他业务生成）和不入账的分录；冲销分录金额为负数。"""

    serializer_class = LedgerEntrySerializer
    filterset_class = EntryFilterSet

    def get_queryset(self):
        if self.schema_only:
            return LedgerEntry.objects.none()
        return selectors.entries(self.request.user).order_by("-entry_date", "-id")

    @extend_schema(summary="录入一笔已入账的收支分录", request=EntryInput,
                   responses={201: LedgerEntrySerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.FUNDS_EDIT):
            forbid()
        serializer = EntryInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        org = orgs_in_scope(request.user, Perm.FUNDS_EDIT).filter(pk=data.pop("org")).first()
        if org is None:
            raise Http404("未找到该记录")
        entry = services.entry_add(actor=request.user, org=org, **data)
        return self.respond(LedgerEntrySerializer, entry, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="确认入账（待入账分录）", request=BookInput, responses={200: LedgerEntrySerializer, **_errors})
    @action(detail=True, methods=["post"])
    def book(self, request, pk=None):
        entry = selectors.entry_get(request.user, pk, Perm.FUNDS_EDIT)
        serializer = BookInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        entry = services.entry_book(actor=request.user, entry=entry, **serializer.validated_data)
        return self.respond(LedgerEntrySerializer, entry)


class ArrivalSerializer(serializers.ModelSerializer):
    class Meta:
        model = AllocationArrival
        fields = ["id", "org", "month", "arrived_on", "amount", "payer", "voucher_no", "entry"]
        read_only_fields = fields


class ArrivalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _FundsViewSet):
    """工会经费拨缴到账（每笔同时记入收支账）。"""

    serializer_class = ArrivalSerializer

    def get_queryset(self):
        if self.schema_only:
            return AllocationArrival.objects.none()
        return allocation_selectors.arrivals(self.request.user).order_by("-arrived_on", "-id")


def register(router) -> None:
    router.register("funds/ledger-entries", LedgerEntryViewSet, basename="funds-ledger-entry")
    router.register("funds/allocation-arrivals", ArrivalViewSet, basename="funds-allocation-arrival")
