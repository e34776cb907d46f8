"""Filters of the achievements lists."""
from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from gonghui.core.filters import FilterSet

from .models import Competition, Grade, Honour, HonourLevel, HonourTitle, MentorPair, Suggestion


class SuggestionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "编号/名称/建议人"}))
    state = django_filters.ChoiceFilter(label="状态", choices=Suggestion.State.choices)
    grade = django_filters.ChoiceFilter(label="等级", choices=Grade.choices)
    year = django_filters.NumberFilter(label="年度", field_name="submitted_on", lookup_expr="year")

    class Meta:
        model = Suggestion
        fields = ["q", "state", "grade", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(author__name__icontains=value))


class HonourFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "称号/获奖对象"}))
    level = django_filters.ChoiceFilter(label="级别", choices=HonourLevel.choices)
    title = django_filters.ChoiceFilter(label="类别", choices=HonourTitle.choices)
    state = django_filters.ChoiceFilter(label="状态", method="filter_state",
                                        choices=[*Honour.State.choices, ("pending", "推荐中（待公示/公示中）")])
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = Honour
        fields = ["q", "level", "title", "state", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(person__name__icontains=value)
                               | Q(unit_name__icontains=value))

    def filter_state(self, queryset, name, value):
        if value == "pending":
            return queryset.filter(state__in=(Honour.State.NOMINATED, Honour.State.PUBLICISED))
        return queryset.filter(state=value)


class CompetitionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "竞赛名称/工种"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=Competition.Kind.choices)
    state = django_filters.ChoiceFilter(label="状态", choices=Competition.State.choices)
    year = django_filters.NumberFilter(label="年度", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = Competition
        fields = ["q", "kind", "state", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(trade__icontains=value))


class PairFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "师傅/徒弟"}))
    status = django_filters.ChoiceFilter(label="考核", method="filter_status",
                                         choices=[("open", "在带（未考核）"), *MentorPair.Outcome.choices])
    year = django_filters.NumberFilter(label="结对年度", field_name="started_on", lookup_expr="year")

    class Meta:
        model = MentorPair
        fields = ["q", "status", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(master__name__icontains=value) | Q(apprentice__name__icontains=value))

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(outcome="")
        return queryset.filter(outcome=value)
