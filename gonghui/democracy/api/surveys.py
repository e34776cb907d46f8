"""API of surveys and evaluations: /api/democracy/surveys/ (officers: list, detail, create, questions, persons
rated, open, close, paper counts, results) and /api/democracy/my-surveys/ (a member: open surveys of their audience,
the questions, answer once). Same scoping as the pages: another union's survey answers 404; a service's refusal
answers 400 with its Chinese message."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status

from gonghui.accounts.scope import Perm, has_perm
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from rest_framework.decorators import action

from ..models import CongressSession, EvaluationSubject, Grade, Option, Question, Survey, Term
from ..selectors import surveys as selectors
from ..services import surveys as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Option
        fields = ["id", "order", "text"]


class QuestionSerializer(serializers.ModelSerializer):
    options = OptionSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "order", "kind", "text", "required", "options"]


class SubjectSerializer(serializers.ModelSerializer):
    satisfied = serializers.IntegerField(read_only=True)
    basic = serializers.IntegerField(read_only=True)
    unsatisfied = serializers.IntegerField(read_only=True)
    satisfaction_rate = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True,
                                                 help_text="（满意 + 基本满意）÷ 有效票，百分比")

    class Meta:
        model = EvaluationSubject
        fields = ["id", "order", "name", "post", "satisfied", "basic", "unsatisfied", "satisfaction_rate"]


class SurveySerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    issued = serializers.IntegerField(read_only=True, help_text="发放份数（纸质 + 网上）")
    returned = serializers.IntegerField(read_only=True, help_text="回收份数")
    valid = serializers.IntegerField(read_only=True, help_text="有效份数")
    return_rate = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True,
                                           help_text="回收率 = 回收 ÷ 发放，百分比")
    valid_rate = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True,
                                          help_text="有效回收率 = 有效 ÷ 发放，百分比")

    class Meta:
        model = Survey
        fields = ["id", "org", "org_name", "title", "kind", "intro", "audience", "term", "session", "opens_on",
                  "closes_on", "anonymous", "status", "paper_issued", "paper_returned", "paper_valid",
                  "online_issued", "online_returned", "issued", "returned", "valid", "return_rate", "valid_rate"]
        read_only_fields = fields


class SurveyDetailSerializer(SurveySerializer):
    questions = QuestionSerializer(many=True, read_only=True)
    subjects = SubjectSerializer(many=True, read_only=True)

    class Meta(SurveySerializer.Meta):
        fields = SurveySerializer.Meta.fields + ["questions", "subjects"]
        read_only_fields = fields


class SurveyCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=Survey.Kind.choices, default=Survey.Kind.QUESTIONNAIRE)
    audience = serializers.ChoiceField(choices=Survey.Audience.choices, default=Survey.Audience.MEMBERS)
    term = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    session = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=2**31 - 1)
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    anonymous = serializers.BooleanField(default=True)
    intro = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    org = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1,
                                   help_text="工会编号；不填为当前账号所在组织")


class QuestionInput(serializers.Serializer):
    text = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=Question.Kind.choices, default=Question.Kind.SINGLE)
    required = serializers.BooleanField(default=True)
    options = serializers.ListField(child=serializers.CharField(max_length=100), required=False, default=list,
                                    max_length=50)


class QuestionMoveInput(serializers.Serializer):
    up = serializers.BooleanField(help_text="true 上移一位，false 下移一位")


class SubjectInput(serializers.Serializer):
    name = serializers.CharField(max_length=40)
    post = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")


class CountsInput(serializers.Serializer):
    issued = serializers.IntegerField(min_value=0, max_value=10_000_000)
    returned = serializers.IntegerField(min_value=0, max_value=10_000_000)
    valid = serializers.IntegerField(min_value=0, max_value=10_000_000)


class AnswerInput(serializers.Serializer):
    answers = serializers.DictField(child=serializers.JSONField(), required=False, default=dict,
                                    help_text="题目编号 → 选项编号（单选）、选项编号列表（多选）、1—5（评分）或文字")
    grades = serializers.DictField(child=serializers.ChoiceField(choices=Grade.choices), required=False,
                                   default=dict, help_text="测评对象编号 → satisfied / basic / unsatisfied")


class AnswerResult(serializers.Serializer):
    created = serializers.BooleanField(help_text="false：已提交过，以第一次为准")


class ResultsSerializer(serializers.Serializer):
    issued = serializers.IntegerField()
    returned = serializers.IntegerField()
    valid = serializers.IntegerField()
    return_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    valid_rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    questions = serializers.ListField(child=serializers.DictField())
    subjects = serializers.ListField(child=serializers.DictField())


class SurveyFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(choices=Survey.Kind.choices)
    status = django_filters.ChoiceFilter(choices=Survey.Status.choices)
    year = django_filters.NumberFilter(field_name="opens_on", lookup_expr="year")

    class Meta:
        model = Survey
        fields = ["kind", "status", "year"]


class SurveysViewSetBase(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)

    def validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="问卷与测评列表"),
    retrieve=extend_schema(summary="问卷与测评详情（题目、测评对象）",
                           responses={200: SurveyDetailSerializer, 404: DetailSerializer}),
)
class SurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SurveysViewSetBase):
    """问卷调查、民主测评、满意度调查：新建、加题、加测评对象、发布、结束、登记纸质份数、查看结果。"""

    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Survey.objects.none()
        return selectors.surveys(self.request.user)

    def get_serializer_class(self):
        return SurveyDetailSerializer if self.action == "retrieve" else SurveySerializer

    def get_object(self):
        return selectors.survey_for(self.request.user, self.kwargs["pk"])

    def _edit(self):
        survey = self.get_object()
        if not has_perm(self.request.user, Perm.DEMOCRACY_EDIT):
            forbid()
        return survey

    def _detail(self, survey, code=status.HTTP_200_OK):
        return self.respond(SurveyDetailSerializer, selectors.survey_for(self.request.user, survey.pk),
                            status_code=code)

    @extend_schema(summary="新建问卷或测评", request=SurveyCreateSerializer,
                   responses={201: SurveyDetailSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.DEMOCRACY_EDIT):
            forbid()
        data = dict(self.validated(SurveyCreateSerializer))
        from gonghui.accounts.scope import orgs_in_scope

        org_id = data.pop("org", None)
        orgs = orgs_in_scope(request.user, Perm.DEMOCRACY_EDIT)
        org = orgs.filter(pk=org_id).first() if org_id else getattr(request, "current_org", None)
        if org is None:
            raise Http404("未找到该组织")
        term_id, session_id = data.pop("term", None), data.pop("session", None)
        data["term"] = Term.objects.filter(pk=term_id, org=org).first() if term_id else None
        data["session"] = CongressSession.objects.filter(pk=session_id, org=org).first() if session_id else None
        if term_id and data["term"] is None or session_id and data["session"] is None:
            raise Http404("未找到该届次或会议")
        survey = services.survey_create(actor=request.user, org=org, **data)
        return self._detail(survey, status.HTTP_201_CREATED)

    @extend_schema(summary="添加题目（草稿）", request=QuestionInput, responses={201: SurveyDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=QuestionInput)
    def questions(self, request, pk=None):
        survey = self._edit()
        services.question_add(actor=request.user, survey=survey, **self.validated(QuestionInput))
        return self._detail(survey, status.HTTP_201_CREATED)

    def _question(self, survey, question_pk):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(survey.questions.all(), pk=question_pk)

    @extend_schema(methods=["PUT"], summary="修改题目（草稿）", request=QuestionInput,
                   responses={200: SurveyDetailSerializer, **_errors})
    @extend_schema(methods=["DELETE"], summary="删除题目（草稿）", request=None,
                   responses={200: SurveyDetailSerializer, **_errors})
    @action(detail=True, methods=["put", "delete"], serializer_class=QuestionInput,
            url_path="questions/<int:question_pk>")
    def question(self, request, pk=None, question_pk=None):
        survey = self._edit()
        question = self._question(survey, question_pk)
        if request.method == "DELETE":
            services.question_remove(actor=request.user, question=question)
        else:
            services.question_update(actor=request.user, question=question, **self.validated(QuestionInput))
        return self._detail(survey)

    @extend_schema(summary="调整题目顺序（草稿）", request=QuestionMoveInput,
                   responses={200: SurveyDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=QuestionMoveInput,
            url_path="questions/<int:question_pk>/move")
    def question_move(self, request, pk=None, question_pk=None):
        survey = self._edit()
        question = self._question(survey, question_pk)
        services.question_move(actor=request.user, question=question, up=self.validated(QuestionMoveInput)["up"])
        return self._detail(survey)

    @extend_schema(summary="添加测评对象（民主测评草稿）", request=SubjectInput,
                   responses={201: SurveyDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=SubjectInput)
    def subjects(self, request, pk=None):
        survey = self._edit()
        services.subject_add(actor=request.user, survey=survey, **self.validated(SubjectInput))
        return self._detail(survey, status.HTTP_201_CREATED)

    @extend_schema(summary="发布（重复调用无影响）", request=None, responses={200: SurveyDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=None)
    def open(self, request, pk=None):
        survey = services.survey_open(actor=request.user, survey=self._edit())
        return self._detail(survey)

    @extend_schema(summary="结束（重复调用无影响）", request=None, responses={200: SurveyDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=None)
    def close(self, request, pk=None):
        survey = services.survey_close(actor=request.user, survey=self._edit())
        return self._detail(survey)

    @extend_schema(summary="登记纸质问卷份数（发放、回收、有效）", request=CountsInput,
                   responses={200: SurveyDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], url_path="paper-counts", serializer_class=CountsInput)
    def paper_counts(self, request, pk=None):
        survey = self._edit()
        survey = services.paper_counts_record(actor=request.user, survey=survey, **self.validated(CountsInput))
        return self._detail(survey)

    @extend_schema(summary="结果（份数、两种回收率、各题统计、测评满意率）", responses={200: ResultsSerializer, 404: DetailSerializer})
    @action(detail=True, methods=["get"], filter_backends=[], serializer_class=ResultsSerializer)
    def results(self, request, pk=None):
        survey = self.get_object()
        data = selectors.results(survey)
        return self.respond(ResultsSerializer, data)


@extend_schema_view(
    list=extend_schema(summary="我的问卷（进行中）"),
    retrieve=extend_schema(summary="我的问卷详情（题目）", responses={200: SurveyDetailSerializer, 404: DetailSerializer}),
)
class MySurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, SurveysViewSetBase):
    """会员：本人可参与的进行中问卷，作答一次（重复提交以第一次为准）。"""

    serializer_class = SurveySerializer
    filter_backends: list = []

    def get_queryset(self):
        if self.schema_only:
            return Survey.objects.none()
        return selectors.my_surveys(self.request.user)

    def get_serializer_class(self):
        return SurveyDetailSerializer if self.action == "retrieve" else SurveySerializer

    def get_object(self):
        return selectors.my_survey(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="提交答卷（每人一次）", request=AnswerInput, responses={200: AnswerResult, **_errors})
    @action(detail=True, methods=["post"], serializer_class=AnswerInput)
    def answer(self, request, pk=None):
        survey = self.get_object()
        data = self.validated(AnswerInput)
        created, _ = services.answer_submit(actor=request.user, survey=survey, answers=data["answers"],
                                            grades=data["grades"])
        return self.respond(AnswerResult, {"created": created})


def register(router) -> None:
    router.register("democracy/surveys", SurveyViewSet, basename="democracy-survey")
    router.register("democracy/my-surveys", MySurveyViewSet, basename="democracy-my-survey")
