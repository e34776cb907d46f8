"""Tables of the 女职工工作 lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables

from .models import ContractCheck, Lecture, MutualAidEnrolment
from .tables import ATTRS


class ContractCheckTable(tables.Table):
    checked_on = tables.DateColumn(verbose_name="检查日期", format="Y-m-d",
                                   linkify=("rights:women_check_detail", {"pk": tables.A("pk")}))
    contract = tables.Column(verbose_name="专项集体合同", accessor="contract__title")
    checkers = tables.Column(verbose_name="检查人")
    items = tables.Column(verbose_name="检查内容")
    state = tables.Column(verbose_name="落实情况")
    fixed_on = tables.DateColumn(verbose_name="整改完成", format="Y-m-d")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = ContractCheck
        template_name = "core/table.html"
        fields = ("checked_on", "contract", "checkers", "items", "state", "fixed_on", "org")
        attrs = ATTRS
        order_by = ("-checked_on",)


class MutualAidTable(tables.Table):
    year = tables.Column(verbose_name="年度")
    person = tables.Column(verbose_name="女职工", accessor="person__name", order_by=("person__name_pinyin",))
    plan = tables.Column(verbose_name="保障计划")
    premium = tables.Column(verbose_name="互助金（元）")
    claims = tables.Column(verbose_name="已获给付（元）")
    org = tables.Column(verbose_name="所在组织", accessor="org__name", order_by=("org__path",))
    claim = tables.TemplateColumn(verbose_name="", orderable=False,
                                  template_code='<a class="btn btn-outline-secondary btn-sm" href="{% url '
                                                "'rights:women_aid_claim' record.pk %}\">登记给付</a>")

    class Meta:
        model = MutualAidEnrolment
        template_name = "core/table.html"
        fields = ("year", "person", "plan", "premium", "claims", "org", "claim")
        attrs = ATTRS
        order_by = ("-year",)


class CampaignTable(tables.Table):
    held_on = tables.DateColumn(verbose_name="日期", format="Y-m-d")
    title = tables.Column(verbose_name="活动主题")
    speaker = tables.Column(verbose_name="主讲人（组织者）")
    attendance = tables.Column(verbose_name="参加人次")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = Lecture
        template_name = "core/table.html"
        fields = ("held_on", "title", "speaker", "attendance", "org")
        attrs = ATTRS
        order_by = ("-held_on",)
