"""Filters of the activities lists."""
from __future__ import annotations

import django_filters
from django import forms

from gonghui.core.filters import FilterSet

from .models import Event, EventKind


class EventFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="title", lookup_expr="icontains",
                                  widget=forms.TextInput(attrs={"placeholder": "活动名称"}))
    kind = django_filters.ChoiceFilter(label="活动类型", choices=EventKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Event.Status.choices)
    host = django_filters.ChoiceFilter(label="组织方式", choices=Event.Host.choices)
    year = django_filters.NumberFilter(label="年度", field_name="starts_at", lookup_expr="year")

    class Meta:
        model = Event
        fields = ["q", "kind", "status", "host", "year"]
