"""Filters of the activities lists."""
from __future__ import annotations

import django_filters
from django import forms

from gonghui.core.filters import FilterSet

from .models import Article, Course, Decision, Event, EventKind, Meeting, MeetingKind, Newsletter, TrainingKind


class EventFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="title", lookup_expr="icontains",
                                  widget=forms.TextInput(attrs={"placeholder": "活动名称"}))
    kind = django_filters.ChoiceFilter(label="活动类型", choices=EventKind.choices)
    status = django_filters.ChoiceFilter(label="状态", choices=Event.Status.choices)
    host = django_filters.ChoiceFilter(label="组织方式", choices=Event.Host.choices)
    year = django_filters.NumberFilter(label="年度", field_name="starts_at", lookup_expr="year")
    to_record = django_filters.ChoiceFilter(label="待录入结果", choices=[("1", "已过活动日期、未录入结果")],
                                            method="filter_to_record")

    class Meta:
        model = Event
        fields = ["q", "kind", "status", "host", "year", "to_record"]

    def filter_to_record(self, queryset, name, value):
        """The desk's to-do 已举办活动待录入结果: past their day, approved / open / closed (selectors.to_record)."""
        if value != "1":
            return queryset
        import datetime

        from django.utils import timezone

        day = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
        return queryset.filter(status__in=(Event.Status.APPROVED, Event.Status.OPEN, Event.Status.CLOSED),
                               starts_at__lt=day)


class CourseFilterSet(FilterSet):

    q = django_filters.CharFilter(label="搜索", field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="培训类别", choices=TrainingKind.choices)
    year = django_filters.NumberFilter(label="年度", field_name="starts_on", lookup_expr="year")

    class Meta:
        model = Course
        fields = ["q", "kind", "year"]


class MeetingFilterSet(FilterSet):

    q = django_filters.CharFilter(label="搜索", field_name="title", lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label="会议类型", choices=MeetingKind.choices)
    year = django_filters.NumberFilter(label="年度", field_name="held_on", lookup_expr="year")

    class Meta:
        model = Meeting
        fields = ["q", "kind", "year"]


class DecisionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", field_name="text", lookup_expr="icontains")
    owner = django_filters.CharFilter(label="责任人", lookup_expr="icontains")

    class Meta:
        model = Decision
        fields = ["q", "owner"]


class NewsletterFilterSet(FilterSet):

    kind = django_filters.ChoiceFilter(label="类别", choices=Newsletter.Kind.choices)
    year = django_filters.NumberFilter(label="年度")

    class Meta:
        model = Newsletter
        fields = ["kind", "year"]


class ArticleFilterSet(FilterSet):

    q = django_filters.CharFilter(label="搜索", field_name="title", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label="状态", choices=Article.Status.choices)
    level = django_filters.ChoiceFilter(label="媒体级别", choices=Article.Level.choices)

    class Meta:
        model = Article
        fields = ["q", "status", "level"]
