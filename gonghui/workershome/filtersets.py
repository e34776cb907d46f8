"""Filters of the workers' home lists."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.timezone import localdate

from gonghui.core.filters import FilterSet

from . import clc
from .models import Asset, Book, Booking, BookCopy, EquipmentKind, EquipmentLoan, Loan, Room


class BookFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "书名/作者/出版社/ISBN"}))
    category = django_filters.ChoiceFilter(label="中图法分类", choices=clc.CHOICES)
    source = django_filters.ChoiceFilter(label="来源", method="filter_source",
                                         choices=BookCopy._meta.get_field("source").choices)

    class Meta:
        model = Book
        fields = ["q", "category", "source"]

    def filter_q(self, queryset, name, value):
        from gonghui.core import isbn

        value = value.strip()
        if not value:
            return queryset
        cond = Q(title__icontains=value) | Q(author__icontains=value) | Q(publisher__icontains=value)
        digits = isbn.normalize(value)
        if len(digits) in (10, 13) and isbn.problem(digits) is None:
            cond |= Q(isbn=isbn.to_13(digits))
        return queryset.filter(cond)

    def filter_source(self, queryset, name, value):
        return queryset.filter(copies__source=value).distinct() if value else queryset


class LoanFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "书名/条码号/借阅人"}))
    state = django_filters.ChoiceFilter(label="状态", method="filter_state",
                                        choices=[("open", "未还"), ("overdue", "逾期未还"), ("returned", "已归还")])
    lent_after = django_filters.DateFilter(label="借出日期从", field_name="lent_on", lookup_expr="gte",
                                           widget=forms.DateInput(attrs={"type": "date"}))
    lent_before = django_filters.DateFilter(label="至", field_name="lent_on", lookup_expr="lte",
                                            widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Loan
        fields = ["q", "state", "lent_after", "lent_before"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(copy__book__title__icontains=value) | Q(copy__barcode=value.upper())
                               | Q(person__name=value))

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(returned_on__isnull=True)
        if value == "overdue":
            return queryset.filter(returned_on__isnull=True, due_on__lt=localdate())
        if value == "returned":
            return queryset.filter(returned_on__isnull=False)
        return queryset


def _rooms(request):
    from .selectors import rooms

    if request is None:
        return Room.objects.none()
    return rooms.rooms(request.user, within=getattr(request, "current_org", None))


class BookingFilterSet(FilterSet):
    room = django_filters.ModelChoiceFilter(label="场地", queryset=lambda request: _rooms(request))
    status = django_filters.ChoiceFilter(label="状态", choices=Booking.Status.choices)
    after = django_filters.DateFilter(label="日期从", field_name="starts_at__date", lookup_expr="gte",
                                      widget=forms.DateInput(attrs={"type": "date"}))
    before = django_filters.DateFilter(label="至", field_name="starts_at__date", lookup_expr="lte",
                                       widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = Booking
        fields = ["room", "status", "after", "before"]


class EquipmentLoanFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label="器材类别", choices=EquipmentKind.choices)
    state = django_filters.ChoiceFilter(label="状态", method="filter_state",
                                        choices=[("open", "未还"), ("returned", "已归还")])

    class Meta:
        model = EquipmentLoan
        fields = ["kind", "state"]

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(returned_on__isnull=True)
        if value == "returned":
            return queryset.filter(returned_on__isnull=False)
        return queryset


class AssetFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "名称/编号/地点"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=Asset.Kind.choices)
    state = django_filters.ChoiceFilter(label="状态", choices=Asset.State.choices)

    class Meta:
        model = Asset
        fields = ["q", "kind", "state"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(code=value.upper()) | Q(place__icontains=value))
