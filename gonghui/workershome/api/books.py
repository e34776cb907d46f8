"""API of the reading room (/api/workershome/books/, /api/workershome/loans/): the same scope as the pages (404
outside), writes through the services (Chinese `detail` on a refusal): lend by ISBN or barcode, take back."""
from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action

from gonghui.accounts.roles import Perm
from gonghui.accounts.scope import can_on_org, has_perm, orgs_in_scope
from gonghui.core.api import DetailSerializer, ScopedViewSet, forbid
from gonghui.core.errors import ServiceError
from gonghui.core.filters import FilterSet

from ..models import Book, Loan
from ..selectors import books as selectors
from ..selectors.common import find_person
from ..services import books as services

_errors = {400: DetailSerializer, 403: DetailSerializer, 404: DetailSerializer}


class BookSerializer(serializers.ModelSerializer):
    org_name = serializers.CharField(source="org.name", read_only=True)
    copies_count = serializers.IntegerField(read_only=True)
    shelf_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Book
        fields = ["id", "org", "org_name", "title", "author", "publisher", "isbn", "category", "published_year",
                  "ebook_url", "copies_count", "shelf_count"]
        read_only_fields = fields


class LoanSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="copy.book.title", read_only=True)
    barcode = serializers.CharField(source="copy.barcode", read_only=True)
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Loan
        fields = ["id", "org", "title", "barcode", "person", "person_name", "lent_on", "due_on", "returned_on",
                  "renewals"]
        read_only_fields = fields


class LendInput(serializers.Serializer):
    org = serializers.IntegerField(help_text="职工书屋所属工会编号（须在您的办理范围内）")
    code = serializers.CharField(max_length=30, help_text="ISBN（10或13位）或册条码号")
    person = serializers.CharField(max_length=50, help_text="借阅人的会员编号或姓名")


class BookApiFilterSet(FilterSet):
    q = django_filters.CharFilter(label="书名/作者", method="filter_q")

    class Meta:
        model = Book
        fields = ["q", "category"]

    def filter_q(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(title__icontains=value) | Q(author__icontains=value)) if value else queryset


class LoanApiFilterSet(FilterSet):
    open = django_filters.BooleanFilter(label="未还", field_name="returned_on", lookup_expr="isnull")

    class Meta:
        model = Loan
        fields = ["open"]


class _Scoped(ScopedViewSet):
    def handle_exception(self, exc):
        if isinstance(exc, ServiceError) and getattr(exc, "code", None) == "out_of_scope":
            exc = Http404("未找到该记录")
        return super().handle_exception(exc)


class BookViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    """职工书屋图书目录（含册数、在架册数）。"""

    serializer_class = BookSerializer
    filterset_class = BookApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Book.objects.none()
        return selectors.books(self.request.user).order_by("title", "id")

    def get_object(self):
        return _one(selectors.books(self.request.user), self.kwargs["pk"])


def _one(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404("未找到该记录")
    return obj


class LoanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Scoped):
    """图书借阅：借出（按ISBN或册条码号）与归还。"""

    serializer_class = LoanSerializer
    filterset_class = LoanApiFilterSet

    def get_queryset(self):
        if self.schema_only:
            return Loan.objects.none()
        return selectors.loans(self.request.user).order_by("-lent_on", "-id")

    def get_object(self):
        return selectors.loan_get(self.request.user, self.kwargs["pk"])

    @extend_schema(summary="借出图书", request=LendInput, responses={201: LoanSerializer, **_errors})
    def create(self, request):
        if not has_perm(request.user, Perm.HOME_EDIT):
            forbid()
        serializer = LendInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        org = orgs_in_scope(request.user, Perm.HOME_EDIT).filter(pk=data["org"]).first()
        if org is None:
            raise Http404("未找到该组织")
        person = find_person(org, data["person"])
        loan = services.lend(actor=request.user, org=org, code=data["code"], person=person)
        return self.respond(LoanSerializer, loan, status_code=status.HTTP_201_CREATED)

    @extend_schema(summary="归还图书", request=None, responses={200: LoanSerializer, **_errors})
    @action(detail=True, methods=["post"], url_path="return")
    def take_back(self, request, pk=None):
        loan = self.get_object()
        if not can_on_org(request.user, Perm.HOME_EDIT, loan.org):
            forbid()
        loan = services.take_back(actor=request.user, org=loan.org, loan=loan)
        return self.respond(LoanSerializer, loan)


def register(router) -> None:
    router.register("workershome/books", BookViewSet, basename="workershome-book")
    router.register("workershome/loans", LoanViewSet, basename="workershome-loan")
