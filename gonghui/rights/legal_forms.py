"""Forms, tables and filters of the legal services pages (法律咨询与代理, 律师坐班, 普法讲座与宣传). The services check
everything again."""
from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q

from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin

from .models import Consultation, LawyerDuty, Lecture
from .tables import ATTRS, mask_name

DATE = forms.DateInput(attrs={"type": "date"})


class ConsultationForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Consultation.Kind.choices)
    asked_on = forms.DateField(label="咨询日期", widget=DATE)
    asker = forms.CharField(label="咨询人", max_length=50)
    question = forms.CharField(label="咨询事项", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    answer = forms.CharField(label="解答意见", max_length=1000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}), help_text="当场解答的可一并填写")
    lawyer = forms.CharField(label="解答律师（工作人员）", max_length=50, required=False)


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(label="解答意见", max_length=1000, widget=forms.Textarea(attrs={"rows": 5}))
    lawyer = forms.CharField(label="解答律师（工作人员）", max_length=50, required=False)
    answered_on = forms.DateField(label="解答日期", widget=DATE)

    def __init__(self, *args, asked_on=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked_on = asked_on

    def clean_answered_on(self):
        day = self.cleaned_data["answered_on"]
        if self.asked_on and day < self.asked_on:
            raise forms.ValidationError("解答日期不能早于咨询日期。")
        return day


class DutyForm(StyledFormMixin, forms.Form):
    lawyer = forms.CharField(label="律师", max_length=50)
    firm = forms.CharField(label="律师事务所", max_length=100, required=False)
    on_day = forms.DateField(label="坐班日期", widget=DATE)
    hours = forms.DecimalField(label="时长（小时）", max_digits=4, decimal_places=1, min_value=0.5, max_value=24,
                               error_messages={"invalid": "坐班时长应为小时数，如 4 或 3.5。",
                                               "min_value": "坐班时长应在0至24小时之间。",
                                               "max_value": "坐班时长应在0至24小时之间。",
                                               "max_decimal_places": "坐班时长最多保留一位小数，如 3.5。"})


class LectureForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="类别", choices=Lecture.Kind.choices)
    title = forms.CharField(label="主题", max_length=100)
    held_on = forms.DateField(label="日期", widget=DATE)
    speaker = forms.CharField(label="主讲人", max_length=50, required=False)
    attendance = forms.IntegerField(label="参加人次", min_value=1, max_value=1_000_000,
                                    error_messages={"min_value": "参加人次应为正整数。", "invalid": "参加人次应为正整数。"})


class ConsultationTable(tables.Table):
    asked_on = tables.DateColumn(verbose_name="日期", format="Y-m-d",
                                 linkify=("rights:consultation_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类别")
    asker = tables.Column(verbose_name="咨询人")
    question = tables.Column(verbose_name="咨询事项")
    answered_on = tables.DateColumn(verbose_name="解答日期", format="Y-m-d", default="待答复")
    lawyer = tables.Column(verbose_name="解答人")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = Consultation
        template_name = "core/table.html"
        fields = ("asked_on", "kind", "asker", "question", "answered_on", "lawyer", "org")
        attrs = ATTRS
        order_by = ("-asked_on",)

    def render_asker(self, value):
        return mask_name(value)


class _EditLink(tables.Column):
    """修改 for the holders of RIGHTS_EDIT (the edit page checks the record's union again)."""

    def __init__(self, url_name: str):
        super().__init__(verbose_name="", empty_values=(), orderable=False)
        self.url_name = url_name

    def render(self, record, table, **kwargs):
        from django.urls import reverse
        from django.utils.html import format_html

        from gonghui.accounts.roles import Perm
        from gonghui.accounts.scope import has_perm

        request = getattr(table, "request", None)
        if request is None or not has_perm(request.user, Perm.RIGHTS_EDIT):
            return ""
        return format_html('<a class="small" href="{}">修改</a>', reverse(self.url_name, args=[record.pk]))


class DutyTable(tables.Table):
    on_day = tables.DateColumn(verbose_name="坐班日期", format="Y-m-d")
    lawyer = tables.Column(verbose_name="律师")
    firm = tables.Column(verbose_name="律师事务所")
    hours = tables.Column(verbose_name="时长（小时）", attrs={"td": {"class": "text-end"}})
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))
    edit = _EditLink("rights:duty_edit")

    class Meta:
        model = LawyerDuty
        template_name = "core/table.html"
        fields = ("on_day", "lawyer", "firm", "hours", "org", "edit")
        attrs = ATTRS
        order_by = ("-on_day",)


class LectureTable(tables.Table):
    held_on = tables.DateColumn(verbose_name="日期", format="Y-m-d")
    kind = tables.Column(verbose_name="类别")
    title = tables.Column(verbose_name="主题")
    speaker = tables.Column(verbose_name="主讲人")
    attendance = tables.Column(verbose_name="参加人次", attrs={"td": {"class": "text-end"}})
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))
    edit = _EditLink("rights:lecture_edit")

    class Meta:
        model = Lecture
        template_name = "core/table.html"
        fields = ("held_on", "kind", "title", "speaker", "attendance", "org", "edit")
        attrs = ATTRS
        order_by = ("-held_on",)


class ConsultationFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "咨询事项/解答人"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=Consultation.Kind.choices)
    answered = django_filters.ChoiceFilter(label="答复", method="filter_answered",
                                           choices=[("no", "待答复"), ("yes", "已答复")])
    year = django_filters.NumberFilter(label="年度", field_name="asked_on", lookup_expr="year")

    class Meta:
        model = Consultation
        fields = ["q", "kind", "answered", "year"]

    def filter_q(self, queryset, name, value):
        """Not by the asker's name: the list masks it."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(question__icontains=value) | Q(lawyer__icontains=value))

    def filter_answered(self, queryset, name, value):
        return queryset.filter(answered_on__isnull=value == "no")


class DutyFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "律师/律师事务所"}))
    year = django_filters.NumberFilter(label="年度", field_name="on_day", lookup_expr="year")

    class Meta:
        model = LawyerDuty
        fields = ["q", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(lawyer__icontains=value) | Q(firm__icontains=value)) if value else queryset


class LectureFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "主题/主讲人"}))
    kind = django_filters.ChoiceFilter(label="类别", choices=Lecture.Kind.choices)
    year = django_filters.NumberFilter(label="年度", field_name="held_on", lookup_expr="year")

    class Meta:
        model = Lecture
        fields = ["q", "kind", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(title__icontains=value) | Q(speaker__icontains=value)) if value else queryset
