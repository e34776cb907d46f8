"""Forms, tables and filters of the petition (信访) and risk screening (矛盾排查) pages. The forms check dates in
Chinese; the services check everything again."""
from __future__ import annotations

import django_filters
import django_tables2 as tables
from django import forms
from django.db.models import Q

from gonghui.core.filters import FilterSet
from gonghui.core.forms import StyledFormMixin

from .models import Petition, Risk
from .tables import ATTRS, mask_name

DATE = forms.DateInput(attrs={"type": "date"})


class PetitionForm(StyledFormMixin, forms.Form):
    channel = forms.ChoiceField(label="方式", choices=Petition.Channel.choices)
    received_on = forms.DateField(label="受理日期", widget=DATE)
    petitioner = forms.CharField(label="来访（来信）人", max_length=50)
    people = forms.IntegerField(label="人数", min_value=1, max_value=100000, initial=1,
                                error_messages={"min_value": "人数应为正整数。"})
    matter = forms.CharField(label="反映事项", max_length=500, widget=forms.Textarea(attrs={"rows": 4}))
    handler = forms.CharField(label="承办人", max_length=50, required=False)
    answer = forms.CharField(label="答复意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    answered_on = forms.DateField(label="答复日期", widget=DATE, required=False)

    def clean(self):
        data = super().clean()
        received, answered, answer = data.get("received_on"), data.get("answered_on"), data.get("answer")
        if received and answered and answered < received:
            self.add_error("answered_on", "答复日期不能早于受理日期。")
        if answer and not answered and "answered_on" not in self.errors:
            self.add_error("answered_on", "填写了答复意见，请同时填写答复日期。")
        if answered and not answer:
            self.add_error("answer", "填写了答复日期，请同时填写答复意见。")
        return data


class RiskForm(StyledFormMixin, forms.Form):
    screened_on = forms.DateField(label="排查日期", widget=DATE)
    matter = forms.CharField(label="矛盾隐患", max_length=300, widget=forms.Textarea(attrs={"rows": 3}))
    people = forms.IntegerField(label="涉及职工（人）", min_value=0, max_value=1000000, required=False,
                                error_messages={"min_value": "涉及职工人数不能为负数。"})
    measures = forms.CharField(label="化解措施", max_length=500, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
    resolved_on = forms.DateField(label="化解日期", widget=DATE, required=False, help_text="尚未化解的请留空")

    def clean(self):
        data = super().clean()
        screened, resolved = data.get("screened_on"), data.get("resolved_on")
        if screened and resolved and resolved < screened:
            self.add_error("resolved_on", "化解日期不能早于排查日期。")
        return data


class PetitionTable(tables.Table):
    received_on = tables.DateColumn(verbose_name="受理日期", format="Y-m-d",
                                    linkify=("rights:petition_detail", {"pk": tables.A("pk")}))
    channel = tables.Column(verbose_name="方式")
    petitioner = tables.Column(verbose_name="来访（来信）人")
    people = tables.Column(verbose_name="人数", attrs={"td": {"class": "text-end"}})
    matter = tables.Column(verbose_name="反映事项")
    handler = tables.Column(verbose_name="承办人")
    answered_on = tables.DateColumn(verbose_name="答复日期", format="Y-m-d", default="待答复")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = Petition
        template_name = "core/table.html"
        fields = ("received_on", "channel", "petitioner", "people", "matter", "handler", "answered_on", "org")
        attrs = ATTRS
        order_by = ("-received_on",)

    def render_petitioner(self, value):
        return mask_name(value)


class RiskTable(tables.Table):
    screened_on = tables.DateColumn(verbose_name="排查日期", format="Y-m-d",
                                    linkify=("rights:risk_detail", {"pk": tables.A("pk")}))
    matter = tables.Column(verbose_name="矛盾隐患")
    people = tables.Column(verbose_name="涉及职工（人）", default="—", attrs={"td": {"class": "text-end"}})
    measures = tables.Column(verbose_name="化解措施")
    resolved_on = tables.DateColumn(verbose_name="化解日期", format="Y-m-d", default="正在化解")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = Risk
        template_name = "core/table.html"
        fields = ("screened_on", "matter", "people", "measures", "resolved_on", "org")
        attrs = ATTRS
        order_by = ("-screened_on",)


class PetitionFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "反映事项/承办人"}))
    channel = django_filters.ChoiceFilter(label="方式", choices=Petition.Channel.choices)
    answered = django_filters.ChoiceFilter(label="答复", method="filter_answered",
                                           choices=[("no", "待答复"), ("yes", "已答复")])
    year = django_filters.NumberFilter(label="年度", field_name="received_on", lookup_expr="year")

    class Meta:
        model = Petition
        fields = ["q", "channel", "answered", "year"]

    def filter_q(self, queryset, name, value):
        """Not by the petitioner's name: the list does not show it, so it does not find by it either."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(matter__icontains=value) | Q(handler__icontains=value) | Q(answer__icontains=value))

    def filter_answered(self, queryset, name, value):
        return queryset.filter(answered_on__isnull=value == "no")


class RiskFilterSet(FilterSet):
    q = django_filters.CharFilter(label="搜索", method="filter_q",
                                  widget=forms.TextInput(attrs={"placeholder": "矛盾隐患/化解措施"}))
    resolved = django_filters.ChoiceFilter(label="状态", method="filter_resolved",
                                           choices=[("no", "正在化解"), ("yes", "已化解")])
    year = django_filters.NumberFilter(label="年度", field_name="screened_on", lookup_expr="year")

    class Meta:
        model = Risk
        fields = ["q", "resolved", "year"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(matter__icontains=value) | Q(measures__icontains=value))

    def filter_resolved(self, queryset, name, value):
        return queryset.filter(resolved_on__isnull=value == "no")
