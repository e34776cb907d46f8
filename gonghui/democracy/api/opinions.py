"""API of opinions (/api/democracy/opinions/…): the officers' list, recording (座谈会、接待日), forwarding and
answering; the member's 意见箱 (submit, named or anonymous; their own named opinions). An anonymous opinion shows
no author to anybody; its follow-up code is in the answer to the member's POST only."""
from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import has_perm
from gonghui.core.api import forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import Opinion, OpinionCategory
from ..selectors import opinions as selectors
from ..services import opinions as services
from .openaffairs import ERRORS, DemocracyViewSet, UnionField


class OpinionSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    author = serializers.CharField(source="author_display", read_only=True)
    channel_display = serializers.CharField(source="get_channel_display", read_only=True)
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)

    class Meta:
        model = Opinion
        fields = ["id", "org", "org_name", "channel", "channel_display", "occasion", "category", "category_display",
                  "title", "content", "submitted_on", "anonymous", "author", "status", "status_display",
                  "department", "department_ref",
                  "forwarded_on", "answer", "outcome", "outcome_display", "answered_on", "answered_by"]
        read_only_fields = fields


class OpinionRecordInput(serializers.Serializer):
    org = UnionField(label="工会")
    channel = serializers.ChoiceField(label="收集渠道", choices=Opinion.Channel.choices)
    occasion = serializers.CharField(label="会议或活动", max_length=100, required=False, allow_blank=True, default="")
    submitted_on = serializers.DateField(label="提出日期")
    category = serializers.ChoiceField(label="类别", choices=OpinionCategory.choices, default=OpinionCategory.OTHER)
    title = serializers.CharField(label="标题", max_length=100, required=False, allow_blank=True, default="")
    content = serializers.CharField(label="内容")
    author_name = serializers.CharField(label="提出人", max_length=50, required=False, allow_blank=True, default="")


class OpinionForwardInput(serializers.Serializer):
    department = serializers.CharField(label="承办部门名称", max_length=60, required=False, allow_blank=True,
                                       default="", help_text="按名称对应本工会的承办部门；部门库中没有的按名称记录")
    department_ref = serializers.IntegerField(label="承办部门ID", required=False, allow_null=True, default=None,
                                              help_text="提案承办部门（/api/democracy/proposal-departments/ 中本工会的部门）")
    note = serializers.CharField(label="转交说明", max_length=200, required=False, allow_blank=True, default="")
    forwarded_on = serializers.DateField(label="转交日期", required=False, allow_null=True, default=None)


class OpinionAnswerInput(serializers.Serializer):
    answer = serializers.CharField(label="答复内容")
    outcome = serializers.ChoiceField(label="办理结果", choices=Opinion.Outcome.choices)
    answered_on = serializers.DateField(label="答复日期", required=False, allow_null=True, default=None)
    answered_by = serializers.CharField(label="答复人（部门）", max_length=60, required=False, allow_blank=True,
                                        default="")


class OpinionFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=Opinion.Status.choices)
    channel = django_filters.ChoiceFilter(choices=Opinion.Channel.choices)
    category = django_filters.ChoiceFilter(choices=OpinionCategory.choices)
    year = django_filters.NumberFilter(field_name="submitted_on", lookup_expr="year")
    department_ref = django_filters.NumberFilter(field_name="department_ref_id", label="承办部门ID")

    class Meta:
        model = Opinion
        fields = ["status", "channel", "category", "year", "department_ref"]


@extend_schema_view(list=extend_schema(summary="职工意见建议列表"), retrieve=extend_schema(summary="意见建议详情"))
class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DemocracyViewSet):
    """职工意见建议：登记（座谈会、接待日、来信）、转交承办部门、答复。匿名意见不显示提出人。"""

    serializer_class = OpinionSerializer
    filterset_class = OpinionFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Opinion.objects.none()
        return selectors.opinions(self.request.user).order_by("-submitted_on", "-id")

    def get_object(self):
        return selectors.opinion_get(self.request.user, self.kwargs["pk"])

    def _done(self, opinion, code=status.HTTP_200_OK):
        return self.respond(OpinionSerializer, selectors.opinion_get(self.request.user, opinion.pk), status_code=code)

    @extend_schema(summary="登记意见建议", request=OpinionRecordInput, responses={201: OpinionSerializer, **ERRORS})
    def create(self, request):
        if not has_perm(request.user, Perm.DEMOCRACY_EDIT):
            forbid()
        return self._done(services.opinion_record(actor=request.user, **self.validated(OpinionRecordInput)),
                          status.HTTP_201_CREATED)

    @extend_schema(summary="转交承办部门", request=OpinionForwardInput, responses={200: OpinionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], serializer_class=OpinionForwardInput)
    def forward(self, request, pk=None):
        opinion = self.get_object()
        data = self.validated(OpinionForwardInput)
        ref = data.pop("department_ref")
        if ref is not None:
            from ..models import Department

            found = Department.objects.filter(pk=ref, org_id=opinion.org_id).first()
            if found is None:
                raise ServiceError("承办部门不存在或不属于本工会。")
            data["department"] = found
        return self._done(services.opinion_forward(actor=request.user, opinion=opinion, **data))

    @extend_schema(summary="答复", description="署名的提出人会收到消息；匿名的凭查询码查看。", request=OpinionAnswerInput,
                   responses={200: OpinionSerializer, **ERRORS})
    @action(detail=True, methods=["post"], serializer_class=OpinionAnswerInput)
    def answer(self, request, pk=None):
        opinion = self.get_object()
        return self._done(services.opinion_answer(actor=request.user, opinion=opinion,
                                                  **self.validated(OpinionAnswerInput)))


class OpinionSubmitInput(serializers.Serializer):
    content = serializers.CharField(label="意见建议内容")
    title = serializers.CharField(label="标题", max_length=100, required=False, allow_blank=True, default="")
    category = serializers.ChoiceField(label="类别", choices=OpinionCategory.choices, default=OpinionCategory.OTHER)
    anonymous = serializers.BooleanField(label="匿名", required=False, default=False)
    submit_key = serializers.CharField(label="提交标识", max_length=40, required=False, allow_blank=True, default="",
                                       help_text="客户端生成的随机串：同一标识重复提交只登记一次")


class OpinionSubmittedSerializer(OpinionSerializer):
    follow_code = serializers.SerializerMethodField(help_text="匿名提交的查询码（只在这一次返回，系统不保存）")

    class Meta(OpinionSerializer.Meta):
        fields = [*OpinionSerializer.Meta.fields, "follow_code"]
        read_only_fields = fields

    def get_follow_code(self, obj) -> str:
        return self.context.get("follow_code") or ""


@extend_schema_view(list=extend_schema(summary="我提的意见建议（署名）"), retrieve=extend_schema(summary="我的意见建议详情"))
class MyOpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, DemocracyViewSet):
    """会员的意见箱：提交（可匿名）；本人署名的意见建议及答复。"""

    serializer_class = OpinionSerializer

    def get_queryset(self):
        if self.schema_only:
            return Opinion.objects.none()
        return selectors.mine(self.request.user).order_by("-submitted_on", "-id")

    def get_object(self):
        return selectors.mine_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="提交意见建议", request=OpinionSubmitInput, responses={201: OpinionSubmittedSerializer, **ERRORS})
    def create(self, request):
        opinion, code = services.opinion_submit(actor=request.user, **self.validated(OpinionSubmitInput))
        data = OpinionSubmittedSerializer(opinion, context={**self.get_serializer_context(), "follow_code": code}).data
        from rest_framework.response import Response

        return Response(data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    router.register("democracy/opinions/mine", MyOpinionViewSet, basename="democracy-opinions-mine")
    router.register("democracy/opinions", OpinionViewSet, basename="democracy-opinion")
