"""API of competitions (/api/achievements/competitions/: list, detail with the ranking, POST a round's scores) and
mentoring pairs (/api/achievements/mentoring/: list, detail, POST a pair, POST its assessment), in the same scope as
the pages (ACHIEVE_VIEW to read, ACHIEVE_EDIT to write; another union's ids: 404)."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org
from gonghui.core.api import forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.members.models import Person
from gonghui.orgs.models import Organization

from ..models import Competition, CompetitionEntry, MentorPair
from ..selectors import competitions as selectors
from ..services import competitions as services
from ..services._common import union_of
from .suggestions import _Base, _errors


class EntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)
    scores = serializers.SerializerMethodField()

    class Meta:
        model = CompetitionEntry
        fields = ["id", "name", "team", "person", "members", "scores", "total", "rank", "award", "title"]
        read_only_fields = fields

    def get_scores(self, entry) -> dict:
        return {str(r): str(s) for r, s in sorted(entry.scores.values_list("round", "score"))}


class CompetitionSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = Competition
        fields = ["id", "org", "org_name", "name", "kind", "trade", "starts_on", "ends_on", "rules", "team_based",
                  "rounds", "max_score", "state", "finished_on"]
        read_only_fields = fields


class CompetitionDetailSerializer(CompetitionSerializer):
    ranking = serializers.SerializerMethodField()

    class Meta(CompetitionSerializer.Meta):
        fields = [*CompetitionSerializer.Meta.fields, "ranking"]
        read_only_fields = fields

    def get_ranking(self, c) -> list[dict]:
        entries = services.ranking(c) if c.state == Competition.State.OPEN else list(
            c.entries.select_related("person").order_by("rank", "team", "id"))
        return EntrySerializer(entries, many=True).data


class ScoresInput(serializers.Serializer):
    round = serializers.IntegerField(min_value=1)
    scores = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                   help_text="{参赛者id: 得分}，0至每轮满分，最多一位小数")


class CompetitionApiFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=Competition.Kind.choices)
    state = django_filters.ChoiceFilter(label="状态", choices=Competition.State.choices)
    year = django_filters.NumberFilter(label="年度", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = Competition
        fields = ["kind", "state", "year"]


class CompetitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """劳动竞赛与技能比武：排名、按轮次登记得分。"""

    serializer_class = CompetitionSerializer
    filterset_class = CompetitionApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Competition.objects.none()
        return selectors.competitions(self.request.user).order_by("-starts_on", "id")

    def get_object(self):
        return selectors.competition_get(self.request.user, self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return self.respond(CompetitionDetailSerializer, self.get_object())

    @extend_schema(summary="登记一轮得分", request=ScoresInput,
                   responses={200: CompetitionDetailSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=ScoresInput)
    def scores(self, request, pk=None):
        c = self.get_object()
        if not can_on_org(request.user, Perm.ACHIEVE_EDIT, c.org):
            forbid()
        data = self._validated(ScoresInput)
        scores = {}
        for key, value in data["scores"].items():
            if not str(key).isdigit():
                raise ServiceError(f"参赛者编号“{key}”有误。")
            scores[int(key)] = value
        services.scores_record(actor=request.user, competition=c, round=data["round"], scores=scores)
        return self.respond(CompetitionDetailSerializer, selectors.competition_get(request.user, c.pk))


class PairSerializer(serializers.ModelSerializer):
    master_name = serializers.CharField(source="master.name", read_only=True)
    apprentice_name = serializers.CharField(source="apprentice.name", read_only=True)

    class Meta:
        model = MentorPair
        fields = ["id", "org", "master", "master_name", "apprentice", "apprentice_name", "started_on", "agreement",
                  "goals", "due_on", "assessed_on", "outcome", "note"]
        read_only_fields = fields


class PairInput(serializers.Serializer):
    org = serializers.IntegerField(required=False, help_text="工会（默认：当前组织所属工会）")
    master = serializers.IntegerField()
    apprentice = serializers.IntegerField()
    started_on = serializers.DateField()
    agreement = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    goals = serializers.CharField(required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class AssessInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=MentorPair.Outcome.choices)
    on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class PairApiFilterSet(FilterSet):
    outcome = django_filters.ChoiceFilter(label="考核结果", choices=MentorPair.Outcome.choices)
    year = django_filters.NumberFilter(label="结对年度", field_name="started_on", lookup_expr="year")

    class Meta:
        model = MentorPair
        fields = ["outcome", "year"]


class PairViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """师带徒：结对与出师考核。"""

    serializer_class = PairSerializer
    filterset_class = PairApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return MentorPair.objects.none()
        return selectors.pairs(self.request.user).order_by("-started_on", "id")

    def get_object(self):
        return selectors.pair_get(self.request.user, self.kwargs["pk"])

    def _person(self, pk):
        """A person in the user's scope; another union's person answers 404."""
        person = Person.objects.filter(pk=pk).select_related("org").first()
        if person is None or not can_on_org(self.request.user, Perm.ACHIEVE_VIEW, person.org):
            raise Http404("未找到该职工")
        return person

    @extend_schema(summary="师徒结对", request=PairInput, responses={201: PairSerializer, **_errors})
    def create(self, request):
        data = self._validated(PairInput)
        master, apprentice = self._person(data["master"]), self._person(data["apprentice"])
        if data.get("org"):
            org = Organization.objects.filter(pk=data["org"]).first()
            if org is None or not can_on_org(request.user, Perm.ACHIEVE_VIEW, org):
                raise Http404("未找到该组织")
        else:  # the chosen organisation, else the master's
            org = getattr(request, "current_org", None) or master.org
        pair = services.pair_create(actor=request.user, org=union_of(org), master=master,
                                    apprentice=apprentice, started_on=data["started_on"],
                                    agreement=data["agreement"], goals=data["goals"], due_on=data["due_on"])
        return self.respond(PairSerializer, selectors.pair_get(request.user, pair.pk),
                            status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="出师考核", request=AssessInput, responses={200: PairSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=AssessInput)
    def assess(self, request, pk=None):
        p = self.get_object()
        if not can_on_org(request.user, Perm.ACHIEVE_EDIT, p.org):
            forbid()
        services.pair_assess(actor=request.user, pair=p, **self._validated(AssessInput))
        return self.respond(PairSerializer, selectors.pair_get(request.user, p.pk))


def register(router) -> None:
    router.register("achievements/competitions", CompetitionViewSet, basename="achievements-competition")
    router.register("achievements/mentoring", PairViewSet, basename="achievements-pair")
