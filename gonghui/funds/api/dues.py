"""API of dues (/api/funds/dues-charges/, /api/funds/dues-receipts/): the same scope as the pages (404 outside);
collecting goes through the service (a double submission with the same token records once)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.members.selectors import person_list

from ..models import DuesCharge, DuesPayment, DuesReceipt
from ..selectors import dues as selectors
from ..services import dues as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}
MONEY = {"max_digits": 12, "decimal_places": 2}


class ChargeSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    paid = serializers.SerializerMethodField()

    class Meta:
        model = DuesCharge
        fields = ["id", "org", "person", "person_name", "month", "wage", "rate", "basis", "amount", "paid"]
        read_only_fields = fields

    def get_paid(self, obj) -> bool:
        return bool(getattr(obj, "is_paid", False))


class PaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuesPayment
        fields = ["person", "month", "amount"]


class ReceiptSerializer(serializers.ModelSerializer):
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = DuesReceipt
        fields = ["id", "org", "receipt_no", "paid_on", "method", "total", "payer", "note", "payments"]
        read_only_fields = fields


class CollectInput(serializers.Serializer):
    org = serializers.IntegerField(help_text="收缴工会编号")
    person = serializers.IntegerField(help_text="缴款会员编号")
    months = serializers.ListField(child=serializers.DateField(), min_length=1, max_length=24,
                                   help_text="所缴月份（各月任一日期均可，如2025-03-01）")
    paid_on = serializers.DateField()
    receipt_no = serializers.CharField(max_length=40)
    method = serializers.ChoiceField(choices=[c for c in DuesReceipt.Method.choices if c[0] != "payroll"])
    token = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                  help_text="同一次提交的标识：重复提交时只登记一次")
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ChargeFilterSet(FilterSet):
    month = django_filters.DateFilter(label="月份", field_name="month")
    person = django_filters.NumberFilter(label="人员编号", field_name="person_id")

    class Meta:
        model = DuesCharge
        fields = ["month", "person"]


class _DuesViewSet(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)


class ChargeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _DuesViewSet):
    """应缴会费：每位会员每月的核定金额及是否已缴。"""

    serializer_class = ChargeSerializer
    filterset_class = ChargeFilterSet

    def get_queryset(self):
        if self.schema_only:
            return DuesCharge.objects.none()
        from django.db.models import Exists, OuterRef

        return (selectors.charges(self.request.user)
                .annotate(is_paid=Exists(DuesPayment.objects.filter(charge=OuterRef("pk"))))
                .order_by("-month", "person_id"))


class ReceiptViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _DuesViewSet):
    """会费收据：现金、转账收缴与工资代扣；登记收缴时同一标识（token）重复提交只记一次。"""

    serializer_class = ReceiptSerializer

    def get_queryset(self):
        if self.schema_only:
            return DuesReceipt.objects.none()
        return selectors.receipts(self.request.user).prefetch_related("payments").order_by("-paid_on", "-id")

    @extend_schema(summary="登记会员缴纳会费（一个月或多个月）", request=CollectInput,
                   responses={201: ReceiptSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.FUNDS_EDIT):
            forbid()
        serializer = CollectInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        org = orgs_in_scope(request.user, Perm.FUNDS_EDIT).filter(pk=data.pop("org")).first()
        person = person_list(request.user, perm=Perm.FUNDS_EDIT).filter(pk=data.pop("person")).first()
        if org is None or person is None:
            raise Http404("未找到该记录")
        receipt = services.dues_collect(actor=request.user, org=org, person=person, **data)
        return self.respond(ReceiptSerializer, receipt, status_code=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("funds/dues-charges", ChargeViewSet, basename="funds-dues-charge")
    router.register("funds/dues-receipts", ReceiptViewSet, basename="funds-dues-receipt")
