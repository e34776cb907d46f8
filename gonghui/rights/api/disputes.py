"""API of mediation cases (/api/rights/cases/): the same scope as the pages; the applicant masked and no details
(PIPL: the details are read on the page by RIGHTS_SENSITIVE holders, audited)."""
from __future__ import annotations

from rest_framework import mixins, serializers

from ..models import DisputeCase
from ..selectors import disputes as selectors
from ..tables import mask_name
from gonghui.core.api import ScopedViewSet


class CaseSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    applicant = serializers.SerializerMethodField()

    class Meta:
        model = DisputeCase
        fields = ["id", "org", "org_name", "number", "applicant", "is_member", "kind", "claim_amount",
                  "received_on", "state", "accepted_on", "due_on", "closed_on", "outcome", "agreement_amount"]
        read_only_fields = fields

    def get_applicant(self, obj) -> str:
        return mask_name(obj.applicant_name)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """劳动争议调解案件（申请人脱敏，不含案情）。"""

    serializer_class = CaseSerializer

    def get_queryset(self):
        if self.schema_only:
            return DisputeCase.objects.none()
        return selectors.cases(self.request.user).order_by("-received_on", "-id")

    def get_object(self):
        return selectors.case_get(self.request.user, self.kwargs["pk"])


def register(router) -> None:
    router.register("rights/cases", CaseViewSet, basename="rights-case")
