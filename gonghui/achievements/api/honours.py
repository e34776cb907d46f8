"""API of honours (/api/achievements/honours/): read in the same scope as the pages (404 outside)."""
from __future__ import annotations

import django_filters
from rest_framework import mixins, serializers

from gonghui.core.filters import FilterSet

from ..models import Honour, HonourLevel
from ..selectors import honours as selectors
from .suggestions import _Base


class HonourSerializer(serializers.ModelSerializer):
    recipient = serializers.CharField(read_only=True)

    class Meta:
        model = Honour
        fields = ["id", "org", "kind", "person", "unit_name", "recipient", "title", "name", "level", "year",
                  "awarded_by", "awarded_on", "state", "nominated_on", "publicity_from", "publicity_until"]
        read_only_fields = fields


class HonourApiFilterSet(FilterSet):
    level = django_filters.ChoiceFilter(label="级别", choices=HonourLevel.choices)
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = Honour
        fields = ["level", "year"]


class HonourViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """评先评优：个人与集体获得的荣誉及本单位评选。"""

    serializer_class = HonourSerializer
    filterset_class = HonourApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Honour.objects.none()
        return selectors.honours(self.request.user).order_by("-year", "id")

    def get_object(self):
        return selectors.honour_get(self.request.user, self.kwargs["pk"])


def register(router) -> None:
    router.register("achievements/honours", HonourViewSet, basename="achievements-honour")
