"""JSON API of people, families, membership history and membership actions (入会、转会、退休、退会、去世).

Reads go through `selectors` (an id outside the user's scope answers 404 for every method); writes go through
`services`, with the permission checked on the person's (or transfer's) organisation. ID numbers and phones are
masked unless the user may reveal them on that organisation and asks with `?reveal=1`; each reveal is audited.
"""
from __future__ import annotations

import django_filters
from django.utils.timezone import localdate
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response

from gonghui.accounts.scope import Perm, can_on_org, has_perm, orgs_in_scope
from gonghui.core import audit
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet
from gonghui.core.masking import mask_id_number, mask_phone
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Organization

from . import selectors, services
from .filtersets import PersonFilterSet
from .forms import PERSON_FIELDS
from .models import FamilyMember, Membership, MembershipEvent, Person, Transfer

REVEAL_PARAM = OpenApiParameter(
    "reveal", OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False,
    description="1 = 显示完整身份证号和手机号（需有查看敏感信息权限；每次查看记入审计日志）",
)
_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


# --- masking and reveal -------------------------------------------------------------------------------------------

class RevealMixin:
    """Masks `id_number` and `phone` unless the view allowed revealing them for this record's organisation.

    The view puts `reveal` (the user asked) in the serializer context; revealed records are collected in
    `context["revealed"]` so that the view writes one audit entry per record actually shown unmasked.
    """

    def reveal_org(self, obj) -> Organization:  # pragma: no cover - each serializer says
        raise NotImplementedError

    def to_representation(self, obj):
        data = super().to_representation(obj)
        request = self.context.get("request")
        revealed = bool(self.context.get("reveal")) and request is not None and can_on_org(
            request.user, Perm.PERSON_REVEAL, self.reveal_org(obj))
        if revealed:
            self.context.setdefault("revealed", []).append(obj)
        else:
            data["id_number"] = mask_id_number(data.get("id_number"))
            data["phone"] = mask_phone(data.get("phone"))
        data["revealed"] = revealed
        return data


class PersonSerializer(RevealMixin, serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    age = serializers.IntegerField(read_only=True, allow_null=True)
    categories = serializers.ListField(child=serializers.CharField(), read_only=True)
    member_status_display = serializers.CharField(source="get_member_status_display", read_only=True)
    work_status_display = serializers.CharField(source="get_work_status_display", read_only=True)
    revealed = serializers.BooleanField(read_only=True, help_text="身份证号和手机号是否为完整显示")

    class Meta:
        model = Person
        fields = ["id", "org", "org_name", "name", "gender", "ethnicity", "birth_date", "age", "id_number", "phone",
                  "education", "political_status", "employment_type", "work_status", "work_status_display",
                  "department", "post", "work_started_on", "hired_on", "retired_on", "left_on", "died_on",
                  "base_salary", "model_worker", "hardship_level", "is_military_family", "is_returned_overseas",
                  "is_only_child_parent", "member_status", "member_status_display", "member_no", "joined_on",
                  "categories", "note", "version", "created_at", "updated_at", "revealed"]
        read_only_fields = fields

    def reveal_org(self, obj):
        return obj.org


@extend_schema_field(OpenApiTypes.INT)
class _ScopedOrgField(serializers.PrimaryKeyRelatedField):
    """An organisation where the acting user may register people; any other id is "not found"."""

    default_error_messages = {"does_not_exist": "未找到该组织（编号 {pk_value}），或您无权在其下登记人员。",
                              "incorrect_type": "组织编号应为数字。"}

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:
            return Organization.objects.none()
        return orgs_in_scope(request.user, Perm.PERSON_EDIT).filter(status=Organization.Status.ACTIVE)


_PERSON_EXTRA = {
    # The services validate ID numbers (and their uniqueness, without saying where) with their own messages.
    "id_number": {"validators": [], "required": False, "allow_null": True, "allow_blank": True},
    "gender": {"required": False},
}


class PersonCreateSerializer(serializers.ModelSerializer):
    org = _ScopedOrgField(label="所在组织")

    class Meta:
        model = Person
        fields = ["org", *PERSON_FIELDS]
        extra_kwargs = _PERSON_EXTRA


class PersonUpdateSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(label="版本号", help_text="读取时得到的 version；他人已修改时返回 409")

    class Meta:
        model = Person
        fields = ["version", *PERSON_FIELDS]
        extra_kwargs = _PERSON_EXTRA


class FamilyMemberSerializer(RevealMixin, serializers.ModelSerializer):
    relation_display = serializers.CharField(source="get_relation_display", read_only=True)
    revealed = serializers.BooleanField(read_only=True)

    class Meta:
        model = FamilyMember
        fields = ["id", "person", "relation", "relation_display", "name", "gender", "birth_date", "id_number",
                  "phone", "workplace", "is_deceased", "note", "revealed"]
        read_only_fields = ["id", "person", "is_deceased"]
        extra_kwargs = {"id_number": {"validators": []}}

    def reveal_org(self, obj):
        return obj.person.org


class MembershipSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    end_reason_display = serializers.CharField(source="get_end_reason_display", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "org", "org_name", "member_no", "applied_on", "started_on", "ended_on",
                  "end_reason", "end_reason_display", "via_transfer"]
        read_only_fields = fields


class MembershipEventSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    other_org_display = serializers.SerializerMethodField()
    recorded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = MembershipEvent
        fields = ["id", "person", "org", "org_name", "kind", "kind_display", "occurred_on", "other_org",
                  "other_org_display", "member_no", "note", "recorded_at", "recorded_by_name"]
        read_only_fields = fields

    def get_other_org_display(self, obj) -> str:
        return obj.other_org.name if obj.other_org_id else obj.other_org_name

    def get_recorded_by_name(self, obj) -> str:
        return str(obj.recorded_by) if obj.recorded_by_id else ""


class TransferSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    from_org_name = serializers.CharField(source="from_org.name", read_only=True)
    to_org_display = serializers.SerializerMethodField()
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Transfer
        fields = ["id", "person", "person_name", "from_org", "from_org_name", "to_org", "to_org_name",
                  "to_org_display", "requested_on", "reason", "status", "status_display", "decided_on",
                  "decided_by_name", "decision_note"]
        read_only_fields = fields

    def get_to_org_display(self, obj) -> str:
        return obj.to_org.name if obj.to_org_id else obj.to_org_name

    def get_decided_by_name(self, obj) -> str:
        return str(obj.decided_by) if obj.decided_by_id else ""


# --- inputs of the membership actions -----------------------------------------------------------------------------

def _on(label="日期"):
    return serializers.DateField(label=label, required=False, default=localdate, help_text="缺省为今天")


def _note(label="说明", *, required=False, max_length=300):
    if required:
        return serializers.CharField(label=label, max_length=max_length)
    return serializers.CharField(label=label, required=False, allow_blank=True, default="", max_length=max_length)


class ApplyInput(serializers.Serializer):
    applied_on = _on("申请日期")
    note = _note()


class AdmitInput(serializers.Serializer):
    joined_on = _on("批准入会日期")
    applied_on = serializers.DateField(label="申请日期", required=False, allow_null=True, default=None)
    member_no = serializers.CharField(label="会员编号", required=False, allow_blank=True, default="", max_length=32,
                                      help_text="留空则自动编号")
    note = _note()


class RejectApplicationInput(serializers.Serializer):
    on = _on()
    note = _note("不予批准的原因", required=True)


@extend_schema_field(OpenApiTypes.INT)
class _TransferTargetField(serializers.PrimaryKeyRelatedField):
    """Any active union in the system: a transfer may go anywhere (only its name is learnt)."""

    default_error_messages = {"does_not_exist": "未找到该转入工会（编号 {pk_value}）或已撤销。",
                              "incorrect_type": "组织编号应为数字。"}

    def get_queryset(self):
        return Organization.objects.filter(status=Organization.Status.ACTIVE)


class TransferOutInput(serializers.Serializer):
    to_org = _TransferTargetField(label="转入工会", required=False, allow_null=True, default=None)
    to_org_name = serializers.CharField(label="转入工会（系统外）", required=False, allow_blank=True, default="",
                                        max_length=100)
    on = _on("转出日期")
    reason = _note("转会原因", max_length=200)


class DatedNoteInput(serializers.Serializer):
    on = _on()
    note = _note()


class WithdrawInput(serializers.Serializer):
    on = _on("退会日期")
    note = _note("退会原因", required=True)


class TransferAcceptInput(serializers.Serializer):
    on = _on("接收日期")
    member_no = serializers.CharField(label="会员编号", required=False, allow_blank=True, default="", max_length=32)
    note = _note("处理意见", max_length=200)


class TransferRejectInput(serializers.Serializer):
    on = _on()
    note = _note("拒收原因", required=True, max_length=200)


class TransferCancelInput(serializers.Serializer):
    on = _on()
    note = _note("撤回原因", max_length=200)


# --- people -------------------------------------------------------------------------------------------------------

class PersonApiFilterSet(PersonFilterSet):
    """The web list's filters (search box, organisation subtree, status, category, age, join year)."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, user=None):
        super().__init__(data, queryset, request=request, prefix=prefix,
                         user=user if user is not None else getattr(request, "user", None))


class RevealViewMixin:
    """`?reveal=1` unmasks where allowed; whatever was shown unmasked is written to the audit trail."""

    reveal_note = "通过接口查看完整身份证号和手机号"

    def get_serializer_context(self):
        ctx = super().get_serializer_context()
        ctx["reveal"] = self.flag("reveal")
        ctx["revealed"] = []
        return ctx

    def serialize(self, serializer_class, instance, *, many=False):
        ctx = self.get_serializer_context()
        data = serializer_class(instance, many=many, context=ctx).data
        revealed = ctx["revealed"]
        if len(revealed) == 1:
            audit.record(AuditEntry.Action.REVEAL, obj=revealed[0], note=self.reveal_note)
        elif revealed:
            audit.record_bulk(AuditEntry.Action.REVEAL, revealed, note=self.reveal_note, changes_for=lambda obj: {})
        return data


def _person_action(summary, request_serializer, response_serializer=PersonSerializer, code=200):
    return extend_schema(summary=summary, request=request_serializer, parameters=[REVEAL_PARAM],
                         responses={code: response_serializer, **_errors})


@extend_schema_view(
    list=extend_schema(summary="人员列表", description="按姓名、拼音、首字母、会员编号、手机或身份证尾号搜索（q），"
                       "及组织、会籍状态、人员类别等筛选。", parameters=[REVEAL_PARAM]),
    retrieve=extend_schema(summary="人员详情", parameters=[REVEAL_PARAM],
                           responses={200: PersonSerializer, 404: DetailSerializer}),
)
class PersonViewSet(RevealViewMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """人员与会员：只返回当前用户范围内的人员，范围外的编号一律返回 404。身份证号和手机号默认脱敏显示。"""

    serializer_class = PersonSerializer
    filterset_class = PersonApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Person.objects.none()
        return selectors.person_list(self.request.user)

    def get_object(self):
        return selectors.person_get(self.request.user, self.kwargs["pk"])

    def _object_for(self, perm: str) -> Person:
        """The person (404 outside the user's scope), or 403 if the user may see but not do `perm` here."""
        person = self.get_object()
        if not can_on_org(self.request.user, perm, person.org):
            forbid()
        return person

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.serialize(PersonSerializer, page, many=True))

    def retrieve(self, request, *args, **kwargs):
        return Response(self.serialize(PersonSerializer, self.get_object()))

    def _person_response(self, person, code=status.HTTP_200_OK):
        person = selectors.person_get(self.request.user, person.pk) if code == status.HTTP_200_OK else person
        return Response(self.serialize(PersonSerializer, person), status=code)

    @extend_schema(summary="登记人员", request=PersonCreateSerializer, responses={201: PersonSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.PERSON_EDIT):
            forbid()
        serializer = PersonCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        org = data.pop("org")
        person = services.person_create(org=org, **data)
        return self._person_response(person, status.HTTP_201_CREATED)

    @extend_schema(summary="修改人员信息", description="须提供读取时的 version；他人已修改时返回 409。",
                   request=PersonUpdateSerializer, responses={200: PersonSerializer, 409: DetailSerializer, **_errors})
    def partial_update(self, request, pk=None):
        person = self._object_for(Perm.PERSON_EDIT)
        serializer = PersonUpdateSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            raise ServiceError("请提供读取时的版本号（version）。")
        # A masked value sent back unchanged (read, edit another field, write all back) is no change.
        for name, mask in (("id_number", mask_id_number), ("phone", mask_phone)):
            if name in data and data[name] and "*" in data[name] and data[name] == mask(getattr(person, name)):
                data.pop(name)
        if "id_number" in data and not data["id_number"]:
            data["id_number"] = None
        person = services.person_update(person=person, version=version, **data)
        return self._person_response(person)

    # --- family (nested) ---

    @extend_schema(methods=["GET"], summary="家属列表", parameters=[REVEAL_PARAM],
                   responses={200: FamilyMemberSerializer(many=True), 404: DetailSerializer})
    @extend_schema(methods=["POST"], summary="登记家属", request=FamilyMemberSerializer,
                   responses={201: FamilyMemberSerializer, **_errors})
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[],
            serializer_class=FamilyMemberSerializer)
    def family(self, request, pk=None):
        if request.method == "POST":
            person = self._object_for(Perm.PERSON_EDIT)
            serializer = FamilyMemberSerializer(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            member = services.family_member_add(person=person, **serializer.validated_data)
            return Response(self.serialize(FamilyMemberSerializer, member), status=status.HTTP_201_CREATED)
        person = self.get_object()
        return Response(self.serialize(FamilyMemberSerializer, person.family.select_related("person__org"), many=True))

    # --- membership history (read-only) ---

    @extend_schema(summary="会籍期间（历史）", responses={200: MembershipSerializer(many=True), 404: DetailSerializer})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[],
            serializer_class=MembershipSerializer)
    def memberships(self, request, pk=None):
        person = self.get_object()
        return Response(MembershipSerializer(selectors.membership_history(person), many=True).data)

    @extend_schema(summary="会籍变动记录", responses={200: MembershipEventSerializer(many=True), 404: DetailSerializer})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[],
            serializer_class=MembershipEventSerializer)
    def events(self, request, pk=None):
        person = self.get_object()
        return Response(MembershipEventSerializer(selectors.membership_events(person), many=True).data)

    @extend_schema(summary="转会记录", responses={200: TransferSerializer(many=True), 404: DetailSerializer})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[],
            serializer_class=TransferSerializer)
    def transfers(self, request, pk=None):
        person = self.get_object()
        transfers = person.transfers.select_related("person", "from_org", "to_org", "decided_by")
        return Response(TransferSerializer(transfers, many=True).data)

    # --- membership actions ---

    def _validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @_person_action("申请入会", ApplyInput)
    @action(detail=True, methods=["post"], serializer_class=ApplyInput)
    def apply(self, request, pk=None):
        person = self._object_for(Perm.MEMBERSHIP_MANAGE)
        data = self._validated(ApplyInput)
        return self._person_response(services.member_apply(person=person, **data))

    @_person_action("批准入会", AdmitInput, MembershipSerializer, 201)
    @action(detail=True, methods=["post"], serializer_class=AdmitInput)
    def admit(self, request, pk=None):
        person = self._object_for(Perm.MEMBERSHIP_MANAGE)
        membership = services.member_admit(person=person, **self._validated(AdmitInput))
        return self.respond(MembershipSerializer, membership, status_code=status.HTTP_201_CREATED)

    @_person_action("入会申请不予批准", RejectApplicationInput)
    @action(detail=True, methods=["post"], url_path="reject-application", serializer_class=RejectApplicationInput)
    def reject_application(self, request, pk=None):
        person = self._object_for(Perm.MEMBERSHIP_MANAGE)
        return self._person_response(services.member_reject(person=person, **self._validated(RejectApplicationInput)))

    @_person_action("转出（转会）", TransferOutInput, TransferSerializer, 201)
    @action(detail=True, methods=["post"], url_path="transfer-out", serializer_class=TransferOutInput)
    def transfer_out(self, request, pk=None):
        person = self._object_for(Perm.MEMBERSHIP_MANAGE)
        transfer = services.member_transfer_out(person=person, **self._validated(TransferOutInput))
        return self.respond(TransferSerializer, transfer, status_code=status.HTTP_201_CREATED)

    @_person_action("退休（转退休会员管理）", DatedNoteInput)
    @action(detail=True, methods=["post"], serializer_class=DatedNoteInput)
    def retire(self, request, pk=None):
        person = self._object_for(Perm.MEMBERSHIP_MANAGE)
        return self._person_response(services.member_retire(person=person, **self._validated(DatedNoteInput)))

    @_person_action("退会", WithdrawInput)
    @action(detail=True, methods=["post"], serializer_class=WithdrawInput)
    def withdraw(self, request, pk=None):
        person = self._object_for(Perm.MEMBERSHIP_MANAGE)
        return self._person_response(services.member_withdraw(person=person, **self._validated(WithdrawInput)))

    @_person_action("登记去世", DatedNoteInput)
    @action(detail=True, methods=["post"], serializer_class=DatedNoteInput)
    def death(self, request, pk=None):
        person = self._object_for(Perm.MEMBERSHIP_MANAGE)
        return self._person_response(services.person_death(person=person, **self._validated(DatedNoteInput)))


# --- transfers ----------------------------------------------------------------------------------------------------

class TransferApiFilterSet(FilterSet):
    # An id, not a choice among every person of the database: whether a person exists elsewhere is not told.
    person = django_filters.NumberFilter(label="人员编号", field_name="person_id")

    class Meta:
        model = Transfer
        fields = ["status", "person"]


@extend_schema_view(
    list=extend_schema(summary="转会列表", description="本单位转出的、以及等待本单位接收的转会。"),
    retrieve=extend_schema(summary="转会详情", responses={200: TransferSerializer, 404: DetailSerializer}),
)
class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """转会：转入工会接收或拒收，转出工会可撤回尚未接收的转会。"""

    serializer_class = TransferSerializer
    filterset_class = TransferApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Transfer.objects.none()
        return selectors.transfer_list(self.request.user).select_related("decided_by")

    def get_object(self):
        return selectors.transfer_get(self.request.user, self.kwargs["pk"])

    def _object_for(self, side: str) -> Transfer:
        transfer = self.get_object()
        org = transfer.to_org if side == "to" else transfer.from_org
        if org is None or not can_on_org(self.request.user, Perm.MEMBERSHIP_MANAGE, org):
            forbid("只有转入工会可以接收或拒收，只有转出工会可以撤回。")
        return transfer

    def _validated(self, serializer_class):
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _done(self, transfer):
        return self.respond(TransferSerializer, selectors.transfer_get(self.request.user, transfer.pk))

    @extend_schema(summary="接收转会（转入工会）", request=TransferAcceptInput,
                   responses={200: TransferSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=TransferAcceptInput)
    def accept(self, request, pk=None):
        transfer = self._object_for("to")
        services.transfer_accept(transfer=transfer, **self._validated(TransferAcceptInput))
        return self._done(transfer)

    @extend_schema(summary="拒收转会（转入工会）", request=TransferRejectInput,
                   responses={200: TransferSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=TransferRejectInput)
    def reject(self, request, pk=None):
        transfer = self._object_for("to")
        return self._done(services.transfer_reject(transfer=transfer, **self._validated(TransferRejectInput)))

    @extend_schema(summary="撤回转会（转出工会）", request=TransferCancelInput,
                   responses={200: TransferSerializer, **_errors})
    @action(detail=True, methods=["post"], serializer_class=TransferCancelInput)
    def cancel(self, request, pk=None):
        transfer = self._object_for("from")
        return self._done(services.transfer_cancel(transfer=transfer, **self._validated(TransferCancelInput)))
