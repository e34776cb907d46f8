"""Tables of the care lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .models import Assistance, Condolence, HardshipFile, HealthCheck

ASSISTANCE_BADGE = {"draft": "secondary", "submitted": "warning", "in_review": "info", "approved": "primary",
                    "rejected": "danger", "disbursed": "success", "cancelled": "secondary"}
ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


class MoneyColumn(tables.Column):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end text-nowrap"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        return f"{value:,.2f}"


class HardshipFileTable(tables.Table):
    file_no = tables.Column(verbose_name="档案编号", linkify=("care:hardship_detail", {"pk": tables.A("pk")}))
    person = tables.Column(verbose_name="困难职工", accessor="person__name", order_by=("person__name_pinyin", "id"))
    org = tables.Column(verbose_name="所属工会", accessor="org__name", order_by=("org__path", "id"))
    level = tables.Column(verbose_name="困难程度")
    causes = tables.Column(verbose_name="致困原因", accessor="cause_labels", orderable=False)
    household_size = tables.Column(verbose_name="家庭人口")
    income_per_head = MoneyColumn(verbose_name="月人均收入")
    opened_on = tables.DateColumn(verbose_name="建档日期", format="Y-m-d")
    review_due_on = tables.DateColumn(verbose_name="下次复核", format="Y-m-d")
    status = tables.Column(verbose_name="状态")

    class Meta:
        model = HardshipFile
        template_name = "core/table.html"
        fields = ("file_no", "person", "org", "level", "causes", "household_size", "income_per_head", "opened_on",
                  "review_due_on", "status")
        attrs = ATTRS
        order_by = ("-opened_on",)

    def render_causes(self, value):
        return "、".join(value)

    def render_level(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>',
                           "danger" if record.level == "deep" else "warning", value)

    def render_review_due_on(self, record, value):
        from django.utils.timezone import localdate

        overdue = record.is_open and value < localdate()
        return format_html('<span class="{}">{}{}</span>', "text-danger fw-semibold" if overdue else "",
                           value.strftime("%Y-%m-%d"), "（已逾期）" if overdue else "")


class AssistanceTable(tables.Table):
    id = tables.Column(verbose_name="编号", linkify=("care:assistance_detail", {"pk": tables.A("pk")}))
    person = tables.Column(verbose_name="救助对象", accessor="person__name", order_by=("person__name_pinyin", "id"))
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path", "id"))
    kind = tables.Column(verbose_name="类别")
    amount = MoneyColumn(verbose_name="金额(元)")
    form = tables.Column(verbose_name="形式")
    funding_source = tables.Column(verbose_name="经费来源")
    applied_on = tables.DateColumn(verbose_name="申请日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    flags = tables.Column(verbose_name="", accessor="over_cap", orderable=False)

    class Meta:
        model = Assistance
        template_name = "core/table.html"
        fields = ("id", "person", "org", "kind", "amount", "form", "funding_source", "applied_on", "status", "flags")
        attrs = ATTRS
        order_by = ("-applied_on",)

    def render_status(self, record, value):
        step = record.current_step_info
        extra = f"：{step['label']}" if step else ""
        return format_html('<span class="badge text-bg-{}">{}{}</span>', ASSISTANCE_BADGE.get(record.status, "secondary"),
                           value, extra)

    def render_flags(self, record):
        if record.over_cap or record.yearly_over_cap:
            return format_html('<span class="badge text-bg-danger">超标准</span>')
        return ""


class CondolenceTable(tables.Table):
    visited_on = tables.DateColumn(verbose_name="慰问日期", format="Y-m-d",
                                   linkify=("care:condolence_detail", {"pk": tables.A("pk")}))
    person = tables.Column(verbose_name="职工", accessor="person__name", order_by=("person__name_pinyin", "id"))
    recipient_kind = tables.Column(verbose_name="慰问对象")
    occasion = tables.Column(verbose_name="事由")
    form = tables.Column(verbose_name="形式")
    amount = MoneyColumn(verbose_name="金额/价值(元)")
    visitors = tables.Column(verbose_name="慰问人")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path", "id"))
    flags = tables.Column(verbose_name="", accessor="over_cap", orderable=False)

    class Meta:
        model = Condolence
        template_name = "core/table.html"
        fields = ("visited_on", "person", "recipient_kind", "occasion", "form", "amount", "visitors", "org", "flags")
        attrs = ATTRS
        order_by = ("-visited_on",)

    def render_recipient_kind(self, record, value):
        return f"{value}（{record.family_member.name}）" if record.family_member_id else value

    def render_flags(self, record):
        parts = []
        if record.over_cap:
            parts.append(mark_safe('<span class="badge text-bg-danger">超单次上限</span>'))
        if record.yearly_over_cap:
            parts.append(mark_safe('<span class="badge text-bg-warning">超年度上限</span>'))
        return format_html(" ".join(["{}"] * len(parts)), *parts) if parts else ""


class HealthCheckTable(tables.Table):
    checked_on = tables.DateColumn(verbose_name="体检日期", format="Y-m-d",
                                   linkify=("care:health_detail", {"pk": tables.A("pk")}))
    title = tables.Column(verbose_name="名称", empty_values=())
    kind = tables.Column(verbose_name="类型")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path", "id"))
    provider = tables.Column(verbose_name="体检机构")
    participant_count = tables.Column(verbose_name="参检人数")
    cost = MoneyColumn(verbose_name="总费用(元)")

    class Meta:
        model = HealthCheck
        template_name = "core/table.html"
        fields = ("checked_on", "title", "kind", "org", "provider", "participant_count", "cost")
        attrs = ATTRS
        order_by = ("-checked_on",)

    def render_title(self, record):
        return str(record)
