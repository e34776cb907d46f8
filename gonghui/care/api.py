"""JSON API of care and assistance (/api/care/...): hardship files, assistance, condolence visits, campaigns, and a
member's own applications.

The same scoping as the pages: reads through `selectors` (an id outside the user's scope answers 404), writes
through `services` with `actor=request.user`. A service's "out of scope" answers 404 as well (it must not tell that a
record exists); any other ServiceError answers 400 with its Chinese message.
"""
from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.timezone import localdate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.accounts.scope import Perm, has_perm, org_q, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.members import selectors as member_selectors
from gonghui.members.models import FamilyMember, Person
from gonghui.orgs.models import Organization

from . import rules, selectors, services
from .models import (
    ApprovalDecision,
    Assistance,
    Campaign,
    CampaignRecipient,
    Condolence,
    FundingSource,
    HardshipCauseKind,
    HardshipFile,
    HardshipLevel,
    Occasion,
    PaymentForm,
    RecipientKind,
)
from .services.assistance import recipient_kind_of

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}
MONEY = {"max_digits": 10, "decimal_places": 2}
#: Campaign criteria: any open hardship file, or one of a level (named in settings.SPECTACULAR_SETTINGS).
CRITERIA_HARDSHIP_LEVELS = [("any", "全部在档困难职工"), *HardshipLevel.choices]


class CareViewSet(ScopedViewSet):
    """A service's out-of-scope refusal is a 404, like a selector's."""

    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def validated(self, serializer_class, data=None):
        serializer = serializer_class(data=self.request.data if data is None else data,
                                      context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


# --- scoped relation fields ---------------------------------------------------------------------------------------

def _user(field):
    request = field.context.get("request")
    return getattr(request, "user", None)


@extend_schema_field(OpenApiTypes.INT)
class ScopedPersonField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "未找到该人员（编号 {pk_value}），或不在您的办理范围内。",
                              "incorrect_type": "人员编号应为数字。"}

    def get_queryset(self):
        user = _user(self)
        if user is None:
            return Person.objects.none()
        return member_selectors.person_list(user, perm=Perm.CARE_EDIT)


@extend_schema_field(OpenApiTypes.INT)
class ScopedFamilyField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "未找到该家属（编号 {pk_value}）。", "incorrect_type": "家属编号应为数字。"}
    own_only = False

    def get_queryset(self):
        user = _user(self)
        if user is None:
            return FamilyMember.objects.none()
        if self.own_only:
            return FamilyMember.objects.filter(person_id=getattr(user, "person_id", None) or 0)
        return FamilyMember.objects.filter(org_q(user, Perm.CARE_EDIT, field="person__org"))


class OwnFamilyField(ScopedFamilyField):
    own_only = True


@extend_schema_field(OpenApiTypes.INT)
class ScopedHardshipFileField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "未找到该困难职工档案（编号 {pk_value}）。",
                              "incorrect_type": "档案编号应为数字。"}

    def get_queryset(self):
        user = _user(self)
        return HardshipFile.objects.none() if user is None else HardshipFile.objects.filter(org_q(user, Perm.CARE_EDIT))


@extend_schema_field(OpenApiTypes.INT)
class ScopedOrgField(serializers.PrimaryKeyRelatedField):
    default_error_messages = {"does_not_exist": "未找到该组织（编号 {pk_value}），或您无权在其下办理。",
                              "incorrect_type": "组织编号应为数字。"}

    def get_queryset(self):
        user = _user(self)
        if user is None:
            return Organization.objects.none()
        return orgs_in_scope(user, Perm.CARE_EDIT).filter(status=Organization.Status.ACTIVE)


class GoodsItemSerializer(serializers.Serializer):
    name = serializers.CharField(label="物品名称", max_length=50)
    quantity = serializers.DecimalField(label="数量", max_digits=8, decimal_places=2, required=False, default=1)
    unit = serializers.CharField(label="单位", max_length=10, required=False, allow_blank=True, default="")
    value = serializers.DecimalField(label="价值(元)", **MONEY)


def _goods(items):
    if items is None:
        return None
    return [{"name": i["name"], "quantity": str(i.get("quantity", 1)), "unit": i.get("unit", ""),
             "value": str(i["value"])} for i in items]


# --- hardship files -------------------------------------------------------------------------------------------------

class HardshipFileSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    causes = serializers.SerializerMethodField()

    class Meta:
        model = HardshipFile
        fields = ["id", "org", "org_name", "person", "person_name", "file_no", "level", "level_display", "causes",
                  "household_size", "income_per_head", "situation", "opened_on", "verified_by", "verified_on",
                  "review_due_on", "status", "status_display", "closed_on", "close_reason"]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=HardshipCauseKind.choices)))
    def get_causes(self, obj) -> list[str]:
        return [c.cause for c in obj.causes.all()]


class HardshipFileFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=HardshipFile.Status.choices)
    level = django_filters.ChoiceFilter(choices=HardshipLevel.choices)

    class Meta:
        model = HardshipFile
        fields = ["status", "level"]


@extend_schema_view(
    list=extend_schema(summary="困难职工档案列表", description="须有查看困难档案详情的权限（帮扶敏感信息）。"),
    retrieve=extend_schema(summary="困难职工档案详情", description="每次查看记入审计日志。",
                           responses={200: HardshipFileSerializer, 404: DetailSerializer}),
)
class HardshipFileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CareViewSet):
    """困难职工档案（只读）：仅有帮扶敏感信息权限的人可见。"""

    serializer_class = HardshipFileSerializer
    filterset_class = HardshipFileFilterSet

    def get_queryset(self):
        if self.schema_only:
            return HardshipFile.objects.none()
        if not has_perm(self.request.user, Perm.CARE_SENSITIVE):
            forbid()
        return selectors.hardship_file_list(self.request.user)

    def get_object(self):
        return selectors.hardship_file_get(self.request.user, self.kwargs["pk"])


# --- assistance -----------------------------------------------------------------------------------------------------

class ApprovalDecisionSerializer(serializers.ModelSerializer):
    decision_display = serializers.CharField(source="get_decision_display", read_only=True)
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ApprovalDecision
        fields = ["step", "step_label", "role", "decision", "decision_display", "comment", "decided_by_name",
                  "decided_at"]
        read_only_fields = fields

    def get_decided_by_name(self, obj) -> str:
        return str(obj.decided_by) if obj.decided_by_id else ""


class ApprovalStepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    role = serializers.CharField(allow_blank=True)
    label = serializers.CharField()
    skipped = serializers.CharField(default="", help_text="无人担任该环节时：已转至何处（如“无人担任，已转至“工会主席审批””）")
    added = serializers.BooleanField(default=False, help_text="无人担任原有环节、由系统转交而加上的环节")


class AssistanceSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    family_member_name = serializers.SerializerMethodField()
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    goods = GoodsItemSerializer(many=True, read_only=True)
    approval_steps = ApprovalStepSerializer(many=True, read_only=True)
    amount_in_capitals = serializers.CharField(read_only=True)
    decisions = ApprovalDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = Assistance
        fields = ["id", "org", "org_name", "person", "person_name", "family_member", "family_member_name", "kind",
                  "kind_display", "form", "goods", "funding_source", "amount", "amount_in_capitals", "reason",
                  "hardship_file", "school", "grade", "reverify_due_on", "covers_from", "covers_to", "applied_on",
                  "status", "status_display", "approval_steps", "current_step", "awaiting_role", "decided_on",
                  "disbursed_on", "disburse_method", "receipt_no", "over_cap", "yearly_over_cap", "over_cap_reason",
                  "cancel_reason", "decisions"]
        read_only_fields = fields

    def get_family_member_name(self, obj) -> str:
        return obj.family_member.name if obj.family_member_id else ""


class AssistanceCreateSerializer(serializers.Serializer):
    person = ScopedPersonField(label="救助对象")
    kind = serializers.ChoiceField(label="救助类别", choices=Assistance.Kind.choices)
    amount = serializers.DecimalField(label="金额(元)", required=False, allow_null=True, **MONEY)
    reason = serializers.CharField(label="申请事由", required=False, allow_blank=True, default="")
    applied_on = serializers.DateField(label="申请日期", required=False, allow_null=True)
    family_member = ScopedFamilyField(label="家属", required=False, allow_null=True)
    form = serializers.ChoiceField(label="发放形式", choices=PaymentForm.choices, default=PaymentForm.CASH)
    goods = GoodsItemSerializer(many=True, required=False)
    funding_source = serializers.ChoiceField(label="经费来源", choices=FundingSource.choices, default=FundingSource.OWN)
    hardship_file = ScopedHardshipFileField(label="困难职工档案", required=False, allow_null=True)
    school = serializers.CharField(label="学校", required=False, allow_blank=True, default="")
    grade = serializers.CharField(label="年级", required=False, allow_blank=True, default="")
    reverify_due_on = serializers.DateField(label="下次复核日期", required=False, allow_null=True)
    covers_from = serializers.DateField(label="所属期间起", required=False, allow_null=True)
    covers_to = serializers.DateField(label="所属期间止", required=False, allow_null=True)
    over_cap_reason = serializers.CharField(label="超标准说明", required=False, allow_blank=True, default="")
    submit = serializers.BooleanField(label="直接提交审批", required=False, default=False)


class DecideInput(serializers.Serializer):
    approve = serializers.BooleanField(label="同意")
    comment = serializers.CharField(label="审批意见", required=False, allow_blank=True, default="", max_length=300)


class DisburseInput(serializers.Serializer):
    disbursed_on = serializers.DateField(label="发放日期")
    method = serializers.ChoiceField(label="发放方式", choices=PaymentForm.choices, required=False, allow_null=True)
    receipt_no = serializers.CharField(label="凭证号", required=False, allow_blank=True, default="", max_length=40)
    funding_source = serializers.ChoiceField(label="经费来源", choices=FundingSource.choices, required=False,
                                             allow_null=True)


class AssistanceFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=Assistance.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Assistance.Kind.choices)
    person = django_filters.NumberFilter(field_name="person_id")
    awaiting_me = django_filters.BooleanFilter(label="只看待我审批的", method="filter_awaiting")

    class Meta:
        model = Assistance
        fields = ["status", "kind", "person"]

    def filter_awaiting(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(pk__in=selectors.assistance_awaiting(self.request.user).values("pk"))


def _assistance_qs(qs):
    return qs.prefetch_related("decisions__decided_by")


@extend_schema_view(
    list=extend_schema(summary="救助补助列表", description="本级及下级工会的救助补助；会员只看到本人的。"),
    retrieve=extend_schema(summary="救助补助详情", responses={200: AssistanceSerializer, 404: DetailSerializer}),
)
class AssistanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CareViewSet):
    """救助补助：登记（干部代录）、提交、逐级审批、发放。审批环节由工会设置；本人不能审批本人的申请。"""

    serializer_class = AssistanceSerializer
    filterset_class = AssistanceFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Assistance.objects.none()
        return _assistance_qs(selectors.assistance_list(self.request.user))

    def get_object(self):
        return selectors.assistance_get(self.request.user, self.kwargs["pk"])

    def _done(self, assistance, status_code=status.HTTP_200_OK):
        return self.respond(AssistanceSerializer, selectors.assistance_get(self.request.user, assistance.pk),
                            status_code=status_code)

    @extend_schema(summary="登记救助申请", request=AssistanceCreateSerializer,
                   responses={201: AssistanceSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.CARE_EDIT):
            forbid()
        data = dict(self.validated(AssistanceCreateSerializer))
        data["goods"] = _goods(data.get("goods"))
        assistance = services.assistance_create(actor=request.user, **data)
        return self._done(assistance, status.HTTP_201_CREATED)

    @extend_schema(summary="提交审批", request=None, responses={200: AssistanceSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._done(services.assistance_submit(actor=request.user, assistance=self.get_object()))

    @extend_schema(summary="审批（当前环节）", request=DecideInput, responses={200: AssistanceSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=DecideInput)
    def decide(self, request, pk=None):
        assistance = self.get_object()
        data = self.validated(DecideInput)
        return self._done(services.assistance_decide(actor=request.user, assistance=assistance, **data))

    @extend_schema(summary="发放", description="已发放的再次发放不会重复发放，原样返回。", request=DisburseInput,
                   responses={200: AssistanceSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=DisburseInput)
    def disburse(self, request, pk=None):
        assistance = self.get_object()
        data = self.validated(DisburseInput)
        return self._done(services.assistance_disburse(actor=request.user, assistance=assistance, **data))


# --- the member's own applications ----------------------------------------------------------------------------------

class MyApplicationInput(serializers.Serializer):
    kind = serializers.ChoiceField(label="救助类别", choices=[
        (k, label) for k, label in Assistance.Kind.choices
        if k not in (Assistance.Kind.FESTIVAL, Assistance.Kind.SUMMER, Assistance.Kind.SURVIVOR)])
    amount = serializers.DecimalField(label="申请金额(元)", **MONEY)
    reason = serializers.CharField(label="申请事由")
    family_member = OwnFamilyField(label="家属（助学：子女）", required=False, allow_null=True)
    form = serializers.ChoiceField(label="发放形式", choices=PaymentForm.choices, default=PaymentForm.CASH)
    goods = GoodsItemSerializer(many=True, required=False)
    school = serializers.CharField(label="学校", required=False, allow_blank=True, default="")
    grade = serializers.CharField(label="年级", required=False, allow_blank=True, default="")


@extend_schema_view(
    list=extend_schema(summary="我的救助申请", description="本人的申请和领取记录。"),
    retrieve=extend_schema(summary="我的救助申请详情", responses={200: AssistanceSerializer, 404: DetailSerializer}),
)
class MyAssistanceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CareViewSet):
    """会员本人：在线申请救助、查看进度和领取记录；看不到任何他人的记录。"""

    serializer_class = AssistanceSerializer

    def get_queryset(self):
        if self.schema_only:
            return Assistance.objects.none()
        return _assistance_qs(selectors.my_assistance_list(self.request.user))

    def get_object(self):
        return selectors.my_assistance_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="在线申请救助", request=MyApplicationInput,
                   responses={201: AssistanceSerializer, **_errors})
    def create(self, request):
        data = dict(self.validated(MyApplicationInput))
        data["goods"] = _goods(data.get("goods"))
        assistance = services.assistance_apply(actor=request.user, **data)
        return self.respond(AssistanceSerializer, selectors.my_assistance_get(request.user, assistance.pk),
                            status_code=status.HTTP_201_CREATED)


# --- condolence visits ------------------------------------------------------------------------------------------------

class CondolenceSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)
    family_member_name = serializers.SerializerMethodField()
    occasion_display = serializers.CharField(source="get_occasion_display", read_only=True)
    recipient_kind_display = serializers.CharField(source="get_recipient_kind_display", read_only=True)
    amount_in_capitals = serializers.CharField(read_only=True)

    class Meta:
        model = Condolence
        fields = ["id", "org", "org_name", "person", "person_name", "family_member", "family_member_name",
                  "recipient_kind", "recipient_kind_display", "occasion", "occasion_display", "visited_on", "visitors",
                  "form", "gift", "amount", "amount_in_capitals", "funding_source", "rule_set", "standard_amount",
                  "cap_amount", "over_cap", "yearly_over_cap", "over_cap_reason", "life_event", "note"]
        read_only_fields = fields

    def get_family_member_name(self, obj) -> str:
        return obj.family_member.name if obj.family_member_id else ""


class CondolenceCreateSerializer(serializers.Serializer):
    person = ScopedPersonField(label="职工")
    occasion = serializers.ChoiceField(label="事由", choices=Occasion.choices)
    visited_on = serializers.DateField(label="慰问日期")
    amount = serializers.DecimalField(label="金额/价值(元)", required=False, allow_null=True,
                                      help_text="空则按经费标准的标准金额", **MONEY)
    recipient_kind = serializers.ChoiceField(label="慰问对象", choices=RecipientKind.choices, required=False,
                                             allow_null=True)
    family_member = ScopedFamilyField(label="家属", required=False, allow_null=True)
    form = serializers.ChoiceField(label="形式", choices=Condolence.Form.choices, default=Condolence.Form.CASH)
    gift = serializers.CharField(label="慰问品", required=False, allow_blank=True, default="", max_length=200)
    visitors = serializers.CharField(label="慰问人", required=False, allow_blank=True, default="", max_length=200)
    funding_source = serializers.ChoiceField(label="经费来源", choices=FundingSource.choices, default=FundingSource.OWN)
    over_cap_reason = serializers.CharField(label="超标准说明", required=False, allow_blank=True, default="",
                                            max_length=300)
    note = serializers.CharField(label="备注", required=False, allow_blank=True, default="", max_length=300)


class ProposeInput(serializers.Serializer):
    person = ScopedPersonField(label="职工")
    occasion = serializers.ChoiceField(label="事由", choices=Occasion.choices)
    recipient_kind = serializers.ChoiceField(label="慰问对象", choices=RecipientKind.choices, required=False)
    on = serializers.DateField(label="慰问日期", required=False)


class ProposalSerializer(serializers.Serializer):
    rule_set = serializers.IntegerField(allow_null=True, help_text="适用的经费标准编号")
    rule_set_name = serializers.CharField(allow_blank=True)
    recipient_kind = serializers.ChoiceField(choices=RecipientKind.choices)
    standard_amount = serializers.DecimalField(allow_null=True, **MONEY)
    cap_amount = serializers.DecimalField(allow_null=True, **MONEY)
    yearly_cap = serializers.DecimalField(allow_null=True, **MONEY)
    yearly_total = serializers.DecimalField(help_text="本人当年该事由已领取合计", max_digits=12, decimal_places=2)


class CondolenceFilterSet(FilterSet):
    occasion = django_filters.ChoiceFilter(choices=Occasion.choices)
    person = django_filters.NumberFilter(field_name="person_id")
    visited_after = django_filters.DateFilter(field_name="visited_on", lookup_expr="gte")
    visited_before = django_filters.DateFilter(field_name="visited_on", lookup_expr="lte")

    class Meta:
        model = Condolence
        fields = ["occasion", "person"]


@extend_schema_view(
    list=extend_schema(summary="慰问记录列表"),
    retrieve=extend_schema(summary="慰问记录详情", responses={200: CondolenceSerializer, 404: DetailSerializer}),
)
class CondolenceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CareViewSet):
    """慰问：按经费标准建议金额；超过单次上限须写明原因并提交经审，超过年度上限也会标记。"""

    serializer_class = CondolenceSerializer
    filterset_class = CondolenceFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Condolence.objects.none()
        return selectors.condolence_list(self.request.user)

    def get_object(self):
        return selectors.condolence_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="登记慰问", request=CondolenceCreateSerializer,
                   responses={201: CondolenceSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.CARE_EDIT):
            forbid()
        data = self.validated(CondolenceCreateSerializer)
        condolence = services.condolence_record(actor=request.user, **data)
        return self.respond(CondolenceSerializer, selectors.condolence_get(request.user, condolence.pk),
                            status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="建议金额（按经费标准）", description="适用的经费标准给出的标准金额、单次上限、年度上限，及本人当年已领取合计。",
                   parameters=[OpenApiParameter("person", OpenApiTypes.INT, required=True, description="职工编号"),
                               OpenApiParameter("occasion", OpenApiTypes.STR, required=True, enum=Occasion.values,
                                                description="事由"),
                               OpenApiParameter("recipient_kind", OpenApiTypes.STR, required=False,
                                                enum=RecipientKind.values, description="慰问对象（空则按职工在职/退休）"),
                               OpenApiParameter("on", OpenApiTypes.DATE, required=False, description="慰问日期，默认今天")],
                   responses={200: ProposalSerializer, **_errors})
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def propose(self, request):
        if not has_perm(request.user, Perm.CARE_EDIT):
            forbid()
        data = self.validated(ProposeInput, data=request.query_params)
        person, on = data["person"], data.get("on") or localdate()
        kind = data.get("recipient_kind") or recipient_kind_of(person)
        applied = rules.rule_for(person.org, data["occasion"], kind, on)
        total = rules.yearly_total(person.pk, data["occasion"], on.year)
        return Response(ProposalSerializer({
            "rule_set": applied.rule_set.pk if applied.rule_set else None,
            "rule_set_name": applied.rule_set.name if applied.rule_set else "", "recipient_kind": kind,
            "standard_amount": applied.standard, "cap_amount": applied.cap, "yearly_cap": applied.yearly_cap,
            "yearly_total": total}).data)


# --- campaigns ------------------------------------------------------------------------------------------------------

class CampaignSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    default_goods = GoodsItemSerializer(many=True, read_only=True)
    selected = serializers.IntegerField(read_only=True, help_text="名单人数")
    delivered = serializers.IntegerField(read_only=True, help_text="已发放人数")
    total_amount = serializers.DecimalField(read_only=True, allow_null=True, max_digits=14, decimal_places=2,
                                            help_text="名单金额合计")

    class Meta:
        model = Campaign
        fields = ["id", "org", "org_name", "kind", "kind_display", "title", "planned_on", "festival_code", "budget",
                  "form", "funding_source", "default_amount", "default_goods", "over_cap_reason", "status",
                  "status_display", "approved_at", "closed_on", "note", "selected", "delivered", "total_amount"]
        read_only_fields = fields


class CampaignCreateSerializer(serializers.Serializer):
    org = ScopedOrgField(label="组织单位")
    kind = serializers.ChoiceField(label="活动类型", choices=Campaign.Kind.choices)
    title = serializers.CharField(label="活动名称", max_length=100)
    planned_on = serializers.DateField(label="计划日期")
    festival_code = serializers.CharField(label="节日代码", required=False, allow_blank=True, default="", max_length=16)
    budget = serializers.DecimalField(label="预算(元)", required=False, allow_null=True, max_digits=12,
                                      decimal_places=2)
    default_amount = serializers.DecimalField(label="每人标准(元)", required=False, allow_null=True, **MONEY)
    default_goods = GoodsItemSerializer(label="每人物品", many=True, required=False)
    form = serializers.ChoiceField(label="发放形式", choices=PaymentForm.choices, default=PaymentForm.CASH)
    funding_source = serializers.ChoiceField(label="经费来源", choices=FundingSource.choices, default=FundingSource.OWN)
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="")


class CriteriaInput(serializers.Serializer):
    hardship_level = serializers.ChoiceField(label="困难职工", required=False, allow_blank=True, default="",
                                             choices=CRITERIA_HARDSHIP_LEVELS)
    retirees_min_age = serializers.IntegerField(label="退休职工年满(岁)", required=False, allow_null=True,
                                                min_value=40, max_value=120)
    post_contains = serializers.CharField(label="岗位包含", required=False, allow_blank=True, default="", max_length=30)
    children_entering_university = serializers.BooleanField(label="子女当年考入大学", required=False, default=False)
    work_status = serializers.ChoiceField(label="在职状态", required=False, allow_blank=True, default="",
                                          choices=[("serving", "在职"), ("retired", "退休")])
    amount = serializers.DecimalField(label="每人金额(元)", required=False, allow_null=True, **MONEY)


class SelectResultSerializer(serializers.Serializer):
    added = serializers.IntegerField(help_text="本次新增人数")
    selected = serializers.IntegerField(help_text="名单总人数")


class DeliverInput(serializers.Serializer):
    delivered_on = serializers.DateField(label="发放日期")
    recipient_ids = serializers.ListField(label="名单行编号", child=serializers.IntegerField(), required=False,
                                          allow_null=True, help_text="空则全部待发放的")
    signed = serializers.BooleanField(label="已签收", required=False, default=True)


class DeliverResultSerializer(serializers.Serializer):
    delivered = serializers.IntegerField(help_text="本次发放人数（已发放的不会重复发放，再次调用为0）")
    campaign = CampaignSerializer()


class CampaignRecipientSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    org_name = serializers.CharField(source="person.org.name", read_only=True)
    department = serializers.CharField(source="person.department", read_only=True)
    family_member_name = serializers.SerializerMethodField()
    goods = GoodsItemSerializer(many=True, read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = CampaignRecipient
        fields = ["id", "person", "person_name", "org_name", "department", "family_member", "family_member_name",
                  "amount", "goods", "over_cap", "status", "status_display", "delivered_on", "signed", "source",
                  "note"]
        read_only_fields = fields

    def get_family_member_name(self, obj) -> str:
        return obj.family_member.name if obj.family_member_id else ""


class CampaignRecipientPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CampaignRecipientSerializer(many=True)


class CampaignFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Campaign.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Campaign.Status.choices)
    year = django_filters.NumberFilter(field_name="planned_on", lookup_expr="year")

    class Meta:
        model = Campaign
        fields = ["kind", "status", "year"]


@extend_schema_view(
    list=extend_schema(summary="集中慰问活动列表"),
    retrieve=extend_schema(summary="集中慰问活动详情", responses={200: CampaignSerializer, 404: DetailSerializer}),
)
class CampaignViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, CareViewSet):
    """集中慰问：计划、按条件选取名单、审批、发放。同一活动绝不会向同一人重复发放（重复调用、多人同时发放均安全）。"""

    serializer_class = CampaignSerializer
    filterset_class = CampaignFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Campaign.objects.none()
        return selectors.campaign_list(self.request.user)

    def get_object(self):
        return selectors.campaign_get(self.request.user, self.kwargs["pk"])

    def _campaign(self, campaign):
        return self.respond(CampaignSerializer, selectors.campaign_get(self.request.user, campaign.pk))

    @extend_schema(summary="新建集中慰问活动", request=CampaignCreateSerializer,
                   responses={201: CampaignSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.CARE_EDIT):
            forbid()
        data = dict(self.validated(CampaignCreateSerializer))
        data["default_goods"] = _goods(data.get("default_goods"))
        campaign = services.campaign_create(actor=request.user, **data)
        return self.respond(CampaignSerializer, selectors.campaign_get(request.user, campaign.pk),
                            status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="按条件选取慰问对象", description="同时给出的条件须全部满足；已在名单中的人不会重复加入。",
                   request=CriteriaInput, responses={200: SelectResultSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=CriteriaInput)
    def select(self, request, pk=None):
        campaign = self.get_object()
        data = dict(self.validated(CriteriaInput))
        amount = data.pop("amount", None)
        criteria = services.Criteria(**{**data, "post_contains": data.get("post_contains") or "",
                                        "hardship_level": data.get("hardship_level") or "",
                                        "work_status": data.get("work_status") or ""})
        added = services.campaign_select(actor=request.user, campaign=campaign, criteria=criteria, amount=amount)
        return Response(SelectResultSerializer({"added": added, "selected": campaign.recipients.count()}).data)

    @extend_schema(summary="审批活动", request=None, responses={200: CampaignSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        campaign = services.campaign_approve(actor=request.user, campaign=self.get_object())
        return self._campaign(campaign)

    @extend_schema(summary="登记发放", description="已发放的不会重复发放：重复调用或多人同时调用，第二次返回 delivered=0。",
                   request=DeliverInput, responses={200: DeliverResultSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=DeliverInput)
    def deliver(self, request, pk=None):
        campaign = self.get_object()
        data = self.validated(DeliverInput)
        count = services.campaign_deliver(actor=request.user, campaign=campaign, delivered_on=data["delivered_on"],
                                          recipient_ids=data.get("recipient_ids"), signed=data["signed"])
        return Response({"delivered": count, "campaign": CampaignSerializer(
            selectors.campaign_get(request.user, campaign.pk), context=self.get_serializer_context()).data})

    @extend_schema(summary="慰问对象名单（分页）", parameters=[OpenApiParameter("page", OpenApiTypes.INT, required=False)],
                   responses={200: CampaignRecipientPageSerializer, 404: DetailSerializer})
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=CampaignRecipientSerializer)
    def recipients(self, request, pk=None):
        campaign = self.get_object()
        rows = selectors.campaign_recipients(campaign)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(CampaignRecipientSerializer(page, many=True).data)
