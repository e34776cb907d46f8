"""Read API of petitions, risk screening, legal consultations and 普法 lectures (/api/rights/petitions/, /risks/,
/consultations/, /lectures/): the same scope as the pages (404 for another union's ids); the petitioner and the
asker masked (PIPL: named only on the page, to RIGHTS_SENSITIVE holders, audited)."""
from __future__ import annotations

from rest_framework import mixins, serializers

from gonghui.core.api import ScopedViewSet

from ..models import Consultation, Lecture, Petition, Risk
from ..selectors import legal as legal_selectors
from ..selectors import screening as screening_selectors
from ..tables import mask_name


class PetitionSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    petitioner = serializers.SerializerMethodField()

    class Meta:
        model = Petition
        fields = ["id", "org", "org_name", "channel", "received_on", "petitioner", "people", "matter", "handler",
                  "answer", "answered_on"]
        read_only_fields = fields

    def get_petitioner(self, obj) -> str:
        return mask_name(obj.petitioner)


class RiskSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    state = serializers.CharField(source="state_label", read_only=True)

    class Meta:
        model = Risk
        fields = ["id", "org", "org_name", "screened_on", "matter", "people", "measures", "resolved_on", "state"]
        read_only_fields = fields


class ConsultationSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    asker = serializers.SerializerMethodField()
    online = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = ["id", "org", "org_name", "kind", "asked_on", "asker", "online", "question", "answer",
                  "answered_on", "lawyer"]
        read_only_fields = fields

    def get_asker(self, obj) -> str:
        return mask_name(obj.asker)

    def get_online(self, obj) -> bool:
        return obj.asker_user_id is not None


class LectureSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)

    class Meta:
        model = Lecture
        fields = ["id", "org", "org_name", "kind", "held_on", "title", "speaker", "attendance"]
        read_only_fields = fields


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    model = None
    ordering: tuple[str, ...] = ()

    def records(self):  # pragma: no cover - every viewset declares it
        raise NotImplementedError

    def get_queryset(self):
        if self.schema_only:
            return self.model.objects.none()
        return self.records().order_by(*self.ordering)

    def get_object(self):
        from django.shortcuts import get_object_or_404

        return get_object_or_404(self.records(), pk=self.kwargs["pk"])


class PetitionViewSet(_ReadOnly):
    """信访登记（信访人脱敏）。"""

    serializer_class, model, ordering = PetitionSerializer, Petition, ("-received_on", "-id")

    def records(self):
        return screening_selectors.petitions(self.request.user)


class RiskViewSet(_ReadOnly):
    """矛盾排查（已化解 / 正在化解）。"""

    serializer_class, model, ordering = RiskSerializer, Risk, ("-screened_on", "-id")

    def records(self):
        return screening_selectors.risks(self.request.user)


class ConsultationViewSet(_ReadOnly):
    """法律咨询与代理（咨询人脱敏）。"""

    serializer_class, model, ordering = ConsultationSerializer, Consultation, ("-asked_on", "-id")

    def records(self):
        return legal_selectors.consultations(self.request.user)


class LectureViewSet(_ReadOnly):
    """普法讲座与宣传（参加人次）。"""

    serializer_class, model, ordering = LectureSerializer, Lecture, ("-held_on", "-id")

    def records(self):
        return legal_selectors.lectures(self.request.user)


def register(router) -> None:
    router.register("rights/petitions", PetitionViewSet, basename="rights-petition")
    router.register("rights/risks", RiskViewSet, basename="rights-risk")
    router.register("rights/consultations", ConsultationViewSet, basename="rights-consultation")
    router.register("rights/lectures", LectureViewSet, basename="rights-lecture")
