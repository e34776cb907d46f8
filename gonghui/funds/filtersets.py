"""Filters of the funds lists."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from gonghui.core.filters import FilterSet

from .models import Employer, EmployerKind


class EmployerFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "单位名称/信用代码/联系人"}))
    kind = django_filters.ChoiceFilter(label="单位类型", choices=EmployerKind.choices)
    founded = django_filters.ChoiceFilter(label="建会情况", method="filter_founded",
                                          choices=[("yes", "已建会"), ("no", "未建会")])
    district = django_filters.CharFilter(label="所在街道（乡镇）", lookup_expr="icontains")
    min_employees = django_filters.NumberFilter(label="职工人数不少于", field_name="employees", lookup_expr="gte")
    closed = django_filters.ChoiceFilter(label="状态", method="filter_closed",
                                         choices=[("open", "在册"), ("closed", "已注销（迁出）")])

    class Meta:
        model = Employer
        fields = ["q", "kind", "founded", "district", "min_employees", "closed"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(credit_code__istartswith=value.upper())
                               | Q(contact_name__icontains=value))

    def filter_founded(self, queryset, name, value):
        return queryset.filter(founded_on__isnull=value != "yes")

    def filter_closed(self, queryset, name, value):
        return queryset.filter(closed_on__isnull=value == "open")
