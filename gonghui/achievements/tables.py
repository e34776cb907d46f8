"""Tables of the achievements lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables

from .models import Honour, Suggestion

ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


class SuggestionTable(tables.Table):
    code = tables.Column(verbose_name="编号", linkify=("achievements:suggestion_detail", {"pk": tables.A("pk")}))
    title = tables.Column(verbose_name="建议名称", linkify=("achievements:suggestion_detail", {"pk": tables.A("pk")}))
    author = tables.Column(verbose_name="建议人", accessor="author__name", order_by=("author__name_pinyin",))
    org = tables.Column(verbose_name="所属组织", accessor="org__name", order_by=("org__path",))
    submitted_on = tables.DateColumn(verbose_name="提交日期", format="Y-m-d")
    state = tables.Column(verbose_name="状态")
    total_score = tables.Column(verbose_name="得分", attrs={"td": {"class": "text-end"}})
    grade = tables.Column(verbose_name="等级")
    department = tables.Column(verbose_name="实施部门")
    benefit = tables.Column(verbose_name="效益（元）", attrs={"td": {"class": "text-end"}})

    class Meta:
        model = Suggestion
        template_name = "core/table.html"
        fields = ("code", "title", "author", "org", "submitted_on", "state", "total_score", "grade", "department",
                  "benefit")
        attrs = ATTRS
        order_by = ("-submitted_on",)

    def render_benefit(self, value):
        return f"{value:,}"


class HonourTable(tables.Table):
    name = tables.Column(verbose_name="荣誉称号", linkify=("achievements:honour_detail", {"pk": tables.A("pk")}))
    recipient = tables.Column(verbose_name="获奖对象", accessor="person__name", order_by=("person__name_pinyin",
                                                                                          "unit_name"))
    kind = tables.Column(verbose_name="对象")
    level = tables.Column(verbose_name="级别")
    year = tables.Column(verbose_name="年度")
    awarded_by = tables.Column(verbose_name="授予单位")
    state = tables.Column(verbose_name="状态")
    org = tables.Column(verbose_name="所属组织", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = Honour
        template_name = "core/table.html"
        fields = ("name", "recipient", "kind", "level", "year", "awarded_by", "state", "org")
        attrs = ATTRS
        order_by = ("-year",)

    def render_recipient(self, record, value):
        return record.recipient
