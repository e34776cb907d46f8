"""API of technical innovation (read): /api/achievements/innovation-projects/, /patents/, /studios/ in the same
scope as the pages (ACHIEVE_VIEW; another union's ids answer 404)."""
from __future__ import annotations

import django_filters
from rest_framework import mixins, serializers

from gonghui.core.filters import FilterSet

from ..models import InnovationProject, InnovationStudio, Patent
from ..selectors import innovation as selectors
from .suggestions import _Base


class ProjectSerializer(serializers.ModelSerializer):
    class Meta:
        model = InnovationProject
        fields = ["id", "org", "name", "leader", "members", "started_on", "finished_on", "state", "goal", "result",
                  "benefit"]
        read_only_fields = fields


class PatentSerializer(serializers.ModelSerializer):
    display_number = serializers.CharField(read_only=True)

    class Meta:
        model = Patent
        fields = ["id", "org", "project", "number", "display_number", "kind", "title", "granted_on", "holders",
                  "patentee"]
        read_only_fields = fields


class StudioSerializer(serializers.ModelSerializer):
    class Meta:
        model = InnovationStudio
        fields = ["id", "org", "name", "kind", "leader", "members", "founded_on", "level", "named_on", "output"]
        read_only_fields = fields


class ProjectApiFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=InnovationProject.State.choices)

    class Meta:
        model = InnovationProject
        fields = ["state"]


class PatentApiFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label="类别", choices=Patent.Kind.choices)

    class Meta:
        model = Patent
        fields = ["kind"]


class ProjectViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """技术创新项目：立项、团队、成果与效益。"""

    serializer_class = ProjectSerializer
    filterset_class = ProjectApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return InnovationProject.objects.none()
        return selectors.projects(self.request.user).prefetch_related("members").order_by("-started_on", "id")

    def get_object(self):
        return selectors.project_get(self.request.user, self.kwargs["pk"])


class PatentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """专利：专利号、类别、授权日期与发明人。"""

    serializer_class = PatentSerializer
    filterset_class = PatentApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Patent.objects.none()
        return selectors.patents(self.request.user).prefetch_related("holders").order_by("-granted_on", "id")

    def get_object(self):
        return selectors.patent_get(self.request.user, self.kwargs["pk"])


class StudioViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """职工（劳模）创新工作室。"""

    serializer_class = StudioSerializer

    def get_queryset(self):
        if self.schema_only:
            return InnovationStudio.objects.none()
        return selectors.studios(self.request.user).prefetch_related("members").order_by("-founded_on", "id")

    def get_object(self):
        return selectors.studio_get(self.request.user, self.kwargs["pk"])


def register(router) -> None:
    router.register("achievements/innovation-projects", ProjectViewSet, basename="achievements-innovation-project")
    router.register("achievements/patents", PatentViewSet, basename="achievements-patent")
    router.register("achievements/studios", StudioViewSet, basename="achievements-studio")
