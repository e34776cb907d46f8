"""Proposals API (/api/democracy/proposals/…, /api/democracy/proposal-departments/, /api/democracy/my-proposals/).

Reads through the scoped selectors (an id outside scope answers 404); writes through the services with
`actor=request.user` (their "out of scope" answers 404, any other refusal 400 with the Chinese message).
Officers and the committee: list/filter, read, review, assign, answer (also the department contact, for their
department only), rate (a paper rating), send back, close. A delegate: their own proposals, raise one, co-sign,
rate the answer.
"""
from __future__ import annotations

import django_filters
from django.http import Http404
from django.utils.timezone import localdate
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.members.models import Person

from ..models import Department, Proposal, ProposalAnswer, ProposalCategory, ProposalState, ProposalStep, Satisfaction
from ..selectors import congress as congress_selectors
from ..selectors import proposals as selectors
from ..services import proposals as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}
S = ProposalState


class _ViewSet(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def validated(self, serializer_class, data=None):
        serializer = serializer_class(data=self.request.data if data is None else data,
                                      context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class AnswerSerializer(serializers.ModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)

    class Meta:
        model = ProposalAnswer
        fields = ["round", "department", "department_name", "text", "answered_on", "rating", "rating_note",
                  "rated_on"]
        read_only_fields = fields


class StepSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ProposalStep
        fields = ["action", "state", "note", "on", "actor_name"]
        read_only_fields = fields

    def get_actor_name(self, obj) -> str:
        return str(obj.actor) if obj.actor_id else ""


class DemocracyProposalSerializer(serializers.ModelSerializer):
    code = serializers.CharField(read_only=True, help_text="编号，如 第2-015号")
    proposer_name = serializers.CharField(source="proposer.person.name", read_only=True)
    department_name = serializers.SerializerMethodField()
    cosigner_names = serializers.SerializerMethodField()
    entered_by_name = serializers.SerializerMethodField(help_text="书面提案的代为录入人（本人提交时为空）")

    class Meta:
        model = Proposal
        fields = ["id", "code", "term", "session", "number", "title", "category", "reasons", "measures",
                  "proposer_name", "cosigner_count", "cosigner_names", "submitted_on", "state", "merged_into",
                  "review_note", "reviewed_on", "department", "department_name", "assigned_on", "due_on",
                  "answered_on", "rating", "rated_on", "sent_back", "closed_on", "entered_by_name"]
        read_only_fields = fields

    def get_entered_by_name(self, obj) -> str:
        return str(obj.entered_by) if obj.entered_by_id else ""

    def get_department_name(self, obj) -> str:
        return obj.department.name if obj.department_id else ""

    def get_cosigner_names(self, obj) -> list[str]:
        return [c.delegate.person.name for c in obj.cosigners.all()]


class ProposalDetailSerializer(DemocracyProposalSerializer):
    answers = AnswerSerializer(many=True, read_only=True)
    steps = StepSerializer(many=True, read_only=True)

    class Meta(DemocracyProposalSerializer.Meta):
        fields = DemocracyProposalSerializer.Meta.fields + ["answers", "steps"]
        read_only_fields = fields


class ProposalFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=ProposalState.choices)
    category = django_filters.ChoiceFilter(label="类别", choices=ProposalCategory.choices)
    department = django_filters.NumberFilter(label="承办部门编号")
    term = django_filters.NumberFilter(label="届编号")
    session = django_filters.NumberFilter(label="提交会议编号")
    overdue = django_filters.BooleanFilter(label="答复逾期", method="filter_overdue")

    class Meta:
        model = Proposal
        fields = ["state", "category", "department", "term", "session", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(state=S.ASSIGNED, due_on__lt=localdate())
        return queryset


class ReviewInput(serializers.Serializer):
    decision = serializers.ChoiceField(label="审查结果", choices=[(s.value, s.label) for s in
                                                              (S.REGISTERED, S.MERGED, S.OPINION, S.REJECTED)])
    note = serializers.CharField(label="审查意见/理由", required=False, allow_blank=True, default="", max_length=500)
    merged_into = serializers.IntegerField(label="并入提案编号（并案时）", required=False, allow_null=True, default=None)


class AssignInput(serializers.Serializer):
    department = serializers.IntegerField(label="承办部门编号")
    due_on = serializers.DateField(label="答复期限", required=False, allow_null=True, default=None)
    note = serializers.CharField(label="交办意见", required=False, allow_blank=True, default="", max_length=300)


class ProposalAnswerInput(serializers.Serializer):
    department = serializers.IntegerField(label="答复部门编号")
    text = serializers.CharField(label="答复内容")


class RateInput(serializers.Serializer):
    rating = serializers.ChoiceField(label="满意度", choices=Satisfaction.choices)
    note = serializers.CharField(label="意见", required=False, allow_blank=True, default="", max_length=500)


class NoteInput(serializers.Serializer):
    note = serializers.CharField(label="说明", required=False, allow_blank=True, default="", max_length=300)
    due_on = serializers.DateField(label="再次答复期限（退回重办时）", required=False, allow_null=True, default=None)


def _prefetched(qs):
    return qs.select_related("entered_by").prefetch_related("cosigners__delegate__person")


@extend_schema_view(
    list=extend_schema(summary="提案列表", description="可按状态、类别、承办部门、届、逾期筛选。承办部门联系人只看到交办给本部门的提案。"),
    retrieve=extend_schema(summary="提案详情（含答复和办理记录）", responses={200: ProposalDetailSerializer, 404: DetailSerializer}),
)
class ProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ViewSet):
    serializer_class = DemocracyProposalSerializer
    filterset_class = ProposalFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Proposal.objects.none()
        return _prefetched(selectors.proposals(self.request.user)).order_by("-submitted_on", "-id")

    def get_object(self):
        return selectors.proposal_for(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        return self.respond(ProposalDetailSerializer, self.get_object())

    def _done(self, proposal):
        proposal = selectors.proposal_for(self.request.user, proposal.pk)
        return self.respond(ProposalDetailSerializer, proposal)

    def _review_only(self, proposal):
        if not services.can_review(self.request.user, proposal.org):
            forbid()

    def _proposal(self, pk):
        if pk is None:
            return None
        found = selectors.proposals(self.request.user).filter(pk=pk).first()
        if found is None:
            raise serializers.ValidationError({"merged_into": ["未找到该提案。"]})
        return found

    def _department(self, proposal, pk):
        found = Department.objects.filter(pk=pk, org=proposal.org).first()
        if found is None:
            raise serializers.ValidationError({"department": ["未找到该承办部门。"]})
        return found

    @extend_schema(summary="审查（立案、并案、作为意见建议处理、不予立案）", request=ReviewInput,
                   responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=ReviewInput)
    def review(self, request, pk=None):
        proposal = self.get_object()
        self._review_only(proposal)
        data = self.validated(ReviewInput)
        return self._done(services.proposal_review(actor=request.user, proposal=proposal, decision=data["decision"],
                                                   note=data["note"], merged_into=self._proposal(data["merged_into"])))

    @extend_schema(summary="交办", request=AssignInput, responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=AssignInput)
    def assign(self, request, pk=None):
        proposal = self.get_object()
        self._review_only(proposal)
        data = self.validated(AssignInput)
        return self._done(services.proposal_assign(actor=request.user, proposal=proposal,
                                                   department=self._department(proposal, data["department"]),
                                                   due_on=data["due_on"], note=data["note"]))

    @extend_schema(summary="答复（承办部门）", request=ProposalAnswerInput, responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=ProposalAnswerInput)
    def answer(self, request, pk=None):
        proposal = self.get_object()
        data = self.validated(ProposalAnswerInput)
        services.proposal_answer(actor=request.user, proposal=proposal,
                                 department=self._department(proposal, data["department"]), text=data["text"])
        return self._done(proposal)

    @extend_schema(summary="记录满意度评价（书面评价表）", request=RateInput,
                   responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=RateInput)
    def rate(self, request, pk=None):
        proposal = self.get_object()
        self._review_only(proposal)
        data = self.validated(RateInput)
        return self._done(services.proposal_rate(actor=request.user, proposal=proposal, **data))

    @extend_schema(summary="退回重办（不满意的答复，限一次）", request=NoteInput,
                   responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], url_path="send-back", serializer_class=NoteInput)
    def send_back(self, request, pk=None):
        proposal = self.get_object()
        self._review_only(proposal)
        data = self.validated(NoteInput)
        return self._done(services.proposal_send_back(actor=request.user, proposal=proposal, **data))

    @extend_schema(summary="办结", request=NoteInput, responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=NoteInput)
    def close(self, request, pk=None):
        proposal = self.get_object()
        self._review_only(proposal)
        data = self.validated(NoteInput)
        return self._done(services.proposal_close(actor=request.user, proposal=proposal, note=data["note"]))


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "org", "name", "order", "is_active"]
        read_only_fields = fields


@extend_schema_view(list=extend_schema(summary="提案承办部门"),
                    retrieve=extend_schema(summary="提案承办部门详情", responses={200: DepartmentSerializer,
                                                                         404: DetailSerializer}))
class DepartmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ViewSet):
    serializer_class = DepartmentSerializer

    def get_queryset(self):
        if self.schema_only:
            return Department.objects.none()
        return selectors.departments(self.request.user).order_by("org__path", "order", "id")

    def get_object(self):
        return selectors.department_for(self.request.user, self.kwargs["pk"])


class MyProposalInput(serializers.Serializer):
    title = serializers.CharField(label="案由", max_length=100)
    category = serializers.ChoiceField(label="类别", choices=ProposalCategory.choices)
    reasons = serializers.CharField(label="理由")
    measures = serializers.CharField(label="建议措施")
    cosigners = serializers.ListField(label="附议人（人员编号）", child=serializers.IntegerField(), required=False,
                                      default=list)
    session = serializers.IntegerField(label="提交会议编号", required=False, allow_null=True,
                                       help_text="本届未闭幕的会议；不传为本届正在召开或即将召开的会议，传 null 为闭会期间")


@extend_schema_view(
    list=extend_schema(summary="我的提案", description="本人提出或附议的提案。"),
    retrieve=extend_schema(summary="我的提案详情", responses={200: ProposalDetailSerializer, 404: DetailSerializer}),
)
class MyProposalViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _ViewSet):
    serializer_class = DemocracyProposalSerializer

    def get_queryset(self):
        if self.schema_only:
            return Proposal.objects.none()
        return _prefetched(selectors.mine(self.request.user)).order_by("-submitted_on", "-id")

    def get_object(self):
        return selectors.member_proposal_for(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, *args, **kwargs):
        return self.respond(ProposalDetailSerializer, self.get_object())

    def _person(self):
        if not getattr(self.request.user, "person_id", None):
            forbid("您的账号未关联人员信息。")
        return self.request.user.person

    @extend_schema(summary="提出提案（职工代表）", request=MyProposalInput,
                   responses={201: ProposalDetailSerializer, **_errors})
    def create(self, request):
        person = self._person()
        delegacy = congress_selectors.serving_delegacies(person).first()
        if delegacy is None:
            raise ServiceError("您不是在任职工代表，不能提出提案。")
        data = self.validated(MyProposalInput)
        people = {p.pk: p for p in Person.objects.filter(pk__in=data["cosigners"])}
        missing = [pk for pk in data["cosigners"] if pk not in people]
        if missing:
            raise serializers.ValidationError({"cosigners": [f"未找到人员（编号 {missing[0]}）。"]})
        if "session" not in data:
            session = congress_selectors.default_session(delegacy.term)
        elif data["session"] is None:
            session = None
        else:
            session = congress_selectors.session_choices(delegacy.term, include_closed=False).filter(
                pk=data["session"]).first()
            if session is None:
                raise serializers.ValidationError({"session": ["请选择本届未闭幕的会议。"]})
        proposal = services.proposal_submit(
            actor=request.user, term=delegacy.term, proposer=person, title=data["title"], category=data["category"],
            reasons=data["reasons"], measures=data["measures"], cosigners=[people[pk] for pk in data["cosigners"]],
            session=session)
        return self.respond(ProposalDetailSerializer, proposal, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="附议", request=None, responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"])
    def cosign(self, request, pk=None):
        proposal = self.get_object()
        services.proposal_cosign(actor=request.user, proposal=proposal, person=self._person())
        return self.respond(ProposalDetailSerializer, self.get_object())

    @extend_schema(summary="评价答复（提案人）", request=RateInput, responses={200: ProposalDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=RateInput)
    def rate(self, request, pk=None):
        proposal = self.get_object()
        data = self.validated(RateInput)
        services.proposal_rate(actor=request.user, proposal=proposal, **data)
        return self.respond(ProposalDetailSerializer, self.get_object())


def register(router) -> None:
    router.register("democracy/proposals", ProposalViewSet, basename="democracy-proposal")
    router.register("democracy/proposal-departments", DepartmentViewSet, basename="democracy-proposal-department")
    router.register("democracy/my-proposals", MyProposalViewSet, basename="democracy-my-proposal")


__all__ = ["register"]
