"""Tables of the funds lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from .models import Employer

ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


class EmployerTable(tables.Table):
    name = tables.Column(verbose_name="单位名称", linkify=("funds:employer_detail", {"pk": tables.A("pk")}))
    credit_code = tables.Column(verbose_name="统一社会信用代码")
    kind = tables.Column(verbose_name="单位类型")
    employees = tables.Column(verbose_name="职工人数", attrs={"td": {"class": "text-end"}})
    district = tables.Column(verbose_name="所在街道")
    founded_on = tables.Column(verbose_name="建会情况", order_by=("founded_on", "name"), default="未建会")
    union = tables.Column(verbose_name="所建工会", accessor="union__name", order_by=("union__path", "name"))
    last_visit_on = tables.DateColumn(verbose_name="最近走访", format="Y-m-d")
    org = tables.Column(verbose_name="台账所属", accessor="org__name", order_by=("org__path", "name"))

    class Meta:
        model = Employer
        template_name = "core/table.html"
        fields = ("name", "credit_code", "kind", "employees", "district", "founded_on", "union", "last_visit_on",
                  "org")
        attrs = ATTRS
        order_by = ("name",)

    def render_founded_on(self, record, value):
        return format_html('<span class="badge text-bg-success">{}建会</span>', value.strftime("%Y-%m-%d"))

    def render_name(self, record, value):
        if record.closed_on:
            return format_html('{} <span class="badge text-bg-secondary">已注销</span>', value)
        return value
