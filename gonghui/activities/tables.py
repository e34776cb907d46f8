"""Tables of the activities lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html

from .models import Event

ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}
TONE = {"draft": "secondary", "approved": "info", "open": "success", "closed": "warning", "held": "primary",
        "cancelled": "dark"}


class EventTable(tables.Table):
    title = tables.Column(verbose_name="活动名称", linkify=("activities:event_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类型")
    starts_at = tables.DateTimeColumn(verbose_name="活动时间", format="Y-m-d H:i")
    status = tables.Column(verbose_name="状态")
    confirmed = tables.Column(verbose_name="报名", empty_values=(), orderable=False, attrs={"td": {"class": "text-end"}})
    budget = tables.Column(verbose_name="预算（元）", attrs={"td": {"class": "text-end"}})
    org = tables.Column(verbose_name="组织工会", accessor="org__name", order_by=("org__path", "-starts_at"))

    class Meta:
        model = Event
        template_name = "core/table.html"
        fields = ("title", "kind", "starts_at", "status", "confirmed", "budget", "org")
        attrs = ATTRS
        order_by = ("-starts_at",)

    def render_status(self, record, value):
        return format_html('<span class="badge text-bg-{}">{}</span>', TONE.get(record.status, "secondary"), value)

    def render_confirmed(self, record):
        if record.is_upper and record.participants is not None:
            return f"{record.participants}人"
        cap = f"/{record.capacity}" if record.capacity else ""
        wait = f"（候补{record.waiting}）" if record.waiting else ""
        return f"{record.confirmed}{cap}{wait}"

    def render_title(self, record, value):
        if record.is_upper:
            return format_html('{} <span class="badge text-bg-light border">{}</span>', value, record.host_name)
        return value


class CourseTable(tables.Table):
    title = tables.Column(verbose_name="培训主题", linkify=("activities:course_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类别")
    starts_on = tables.DateColumn(verbose_name="日期", format="Y-m-d")
    hours = tables.Column(verbose_name="学时")
    trainer = tables.Column(verbose_name="授课人")
    signed = tables.Column(verbose_name="签到/学员", empty_values=(), orderable=False)
    status = tables.Column(verbose_name="状态")

    class Meta:
        template_name = "core/table.html"
        attrs = ATTRS
        order_by = ("-starts_on",)

    def render_signed(self, record):
        return f"{record.signed}/{record.listed}"


class MeetingTable(tables.Table):
    title = tables.Column(verbose_name="会议名称", linkify=("activities:meeting_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类型")
    held_on = tables.DateColumn(verbose_name="日期", format="Y-m-d")
    chaired_by = tables.Column(verbose_name="主持人")
    n_decisions = tables.Column(verbose_name="议定事项", attrs={"td": {"class": "text-end"}})

    class Meta:
        template_name = "core/table.html"
        attrs = ATTRS
        order_by = ("-held_on",)


class DecisionTable(tables.Table):
    text = tables.Column(verbose_name="议定事项")
    meeting = tables.Column(verbose_name="会议", linkify=lambda record: record.meeting.get_absolute_url())
    owner = tables.Column(verbose_name="责任人")
    due_on = tables.DateColumn(verbose_name="完成期限", format="Y-m-d")
    done_on = tables.DateColumn(verbose_name="完成日期", format="Y-m-d", default="未完成")

    class Meta:
        template_name = "core/table.html"
        attrs = ATTRS
        order_by = ("due_on",)


class NewsletterTable(tables.Table):
    number = tables.Column(verbose_name="期号", empty_values=(), order_by=("year", "number"))
    kind = tables.Column(verbose_name="类别")
    title = tables.Column(verbose_name="标题")
    published_on = tables.DateColumn(verbose_name="编发日期", format="Y-m-d")
    org = tables.Column(verbose_name="工会", accessor="org__name")

    class Meta:
        template_name = "core/table.html"
        attrs = ATTRS
        order_by = ("-published_on",)

    def render_number(self, record):
        return f"{record.year}年第{record.number}期"


class ArticleTable(tables.Table):
    title = tables.Column(verbose_name="稿件标题")
    author = tables.Column(verbose_name="作者")
    outlet = tables.Column(verbose_name="投稿媒体")
    level = tables.Column(verbose_name="级别")
    submitted_on = tables.DateColumn(verbose_name="投稿日期", format="Y-m-d")
    status = tables.Column(verbose_name="状态")
    actions = tables.TemplateColumn(verbose_name="", orderable=False, template_name="activities/_article_actions.html")

    class Meta:
        template_name = "core/table.html"
        attrs = ATTRS
        order_by = ("-submitted_on",)
