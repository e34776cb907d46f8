"""Filters of the care lists."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.timezone import localdate

from gonghui.core.filters import FilterSet
from gonghui.members.filtersets import search_q

from .models import Assistance, Condolence, FundingSource, HardshipCauseKind, HardshipFile, HardshipLevel, HealthCheck, Occasion

DATE = forms.DateInput(attrs={"type": "date"})


def _person_q(value) -> Q:
    """members.filtersets.search_q (name, pinyin, initials, member number) on the record's person."""
    def prefixed(node: Q) -> Q:
        new = Q()
        new.connector, new.negated = node.connector, node.negated
        new.children = [prefixed(c) if isinstance(c, Q) else (f"person__{c[0]}", c[1]) for c in node.children]
        return new

    return prefixed(search_q(value))


class _Search(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "姓名/拼音/会员编号"}))

    def filter_q(self, queryset, name, value):
        return queryset.filter(_person_q(value)) if value.strip() else queryset


class HardshipFileFilterSet(_Search):
    level = django_filters.ChoiceFilter(label="困难程度", choices=HardshipLevel.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=HardshipFile.Status.choices)
    cause = django_filters.ChoiceFilter(label="致困原因", choices=HardshipCauseKind.choices, method="filter_cause")
    overdue = django_filters.BooleanFilter(label="复核已逾期", method="filter_overdue",
                                           widget=forms.Select(choices=[("", "全部"), ("true", "是")]))

    class Meta:
        model = HardshipFile
        fields = ["q", "level", "status", "cause", "overdue"]

    def filter_cause(self, queryset, name, value):
        return queryset.filter(causes__cause=value)

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(status=HardshipFile.Status.OPEN, review_due_on__lt=localdate())
        return queryset


class AssistanceFilterSet(_Search):
    kind = django_filters.ChoiceFilter(label="救助类别", choices=Assistance.Kind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Assistance.Status.choices)
    funding_source = django_filters.ChoiceFilter(label="经费来源", choices=FundingSource.choices)
    start = django_filters.DateFilter(label="申请日期从", field_name="applied_on", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="至", field_name="applied_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Assistance
        fields = ["q", "kind", "status", "funding_source", "start", "end"]


class CondolenceFilterSet(_Search):
    occasion = django_filters.ChoiceFilter(label="事由", choices=Occasion.choices)
    flagged = django_filters.BooleanFilter(label="超标准", method="filter_flagged",
                                           widget=forms.Select(choices=[("", "全部"), ("true", "仅超标准")]))
    start = django_filters.DateFilter(label="慰问日期从", field_name="visited_on", lookup_expr="gte", widget=DATE)
    end = django_filters.DateFilter(label="至", field_name="visited_on", lookup_expr="lte", widget=DATE)

    class Meta:
        model = Condolence
        fields = ["q", "occasion", "flagged", "start", "end"]

    def filter_flagged(self, queryset, name, value):
        return queryset.filter(Q(over_cap=True) | Q(yearly_over_cap=True)) if value else queryset


class HealthCheckFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label="类型", choices=HealthCheck.Kind.choices)
    year = django_filters.NumberFilter(label="年度", field_name="checked_on", lookup_expr="year")

    class Meta:
        model = HealthCheck
        fields = ["kind", "year"]
