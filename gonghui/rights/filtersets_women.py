"""Filters of the 女职工工作 lists."""
from __future__ import annotations

import django_filters

from gonghui.core.filters import FilterSet

from .models import ContractCheck, Lecture, MutualAidEnrolment


class ContractCheckFilterSet(FilterSet):
    state = django_filters.ChoiceFilter(label="落实情况", choices=ContractCheck.State.choices)
    year = django_filters.NumberFilter(label="年度", field_name="checked_on", lookup_expr="year")

    class Meta:
        model = ContractCheck
        fields = ["state", "year"]


class MutualAidFilterSet(FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="year")
    q = django_filters.CharFilter(label="姓名", field_name="person__name", lookup_expr="contains")

    class Meta:
        model = MutualAidEnrolment
        fields = ["year", "q"]


class CampaignFilterSet(FilterSet):
    year = django_filters.NumberFilter(label="年度", field_name="held_on", lookup_expr="year")

    class Meta:
        model = Lecture
        fields = ["year"]
