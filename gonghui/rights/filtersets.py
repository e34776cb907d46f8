"""Filters of the rights lists."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.timezone import localdate

from gonghui.core.filters import FilterSet

from .models import DisputeCase, DisputeKind, DisputeState, Hazard, HazardKind, HazardState


class HazardFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "地点/隐患情况/报告人"}))
    state = django_filters.ChoiceFilter(label="状态", choices=HazardState.choices)
    kind = django_filters.ChoiceFilter(label="类别", choices=HazardKind.choices)
    overdue = django_filters.ChoiceFilter(label="整改逾期", method="filter_overdue", choices=[("1", "逾期未整改")])
    year = django_filters.NumberFilter(label="年度", field_name="reported_on", lookup_expr="year")

    class Meta:
        model = Hazard
        fields = ["q", "state", "kind", "overdue", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(location__icontains=value) | Q(description__icontains=value)
                               | Q(reporter_name__icontains=value))

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(state=HazardState.PLANNED, due_on__lt=localdate()) if value else queryset


class CaseFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(label="状态", choices=DisputeState.choices)
    kind = django_filters.ChoiceFilter(label="争议类型", choices=DisputeKind.choices)
    overdue = django_filters.ChoiceFilter(label="超期", method="filter_overdue", choices=[("1", "超过调解期限未结案")])
    year = django_filters.NumberFilter(label="年度", field_name="received_on", lookup_expr="year")

    class Meta:
        model = DisputeCase
        fields = ["state", "kind", "overdue", "year"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(state=DisputeState.ACCEPTED, due_on__lt=localdate()) if value else queryset


class MaternityFilterSet(FilterSet):
    phase = django_filters.ChoiceFilter(label="阶段", choices=[("pregnancy", "孕期"), ("maternity", "产期"),
                                                              ("nursing", "哺乳期")])
    current = django_filters.ChoiceFilter(label="范围", method="filter_current", empty_label="全部（含已结束）",
                                          choices=[("1", "目前在册")])

    class Meta:
        from .models import MaternityRecord

        model = MaternityRecord
        fields = ["phase", "current"]

    def filter_current(self, queryset, name, value):
        return queryset.filter(ends_on__gte=localdate()) if value == "1" else queryset
