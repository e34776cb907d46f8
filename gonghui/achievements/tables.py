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


class CompetitionTable(tables.Table):
    name = tables.Column(verbose_name="竞赛名称", linkify=("achievements:competition_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类别")
    starts_on = tables.DateColumn(verbose_name="开始日期", format="Y-m-d")
    ends_on = tables.DateColumn(verbose_name="结束日期", format="Y-m-d")
    rounds = tables.Column(verbose_name="轮次", attrs={"td": {"class": "text-end"}})
    entry_count = tables.Column(verbose_name="参赛", attrs={"td": {"class": "text-end"}})
    state = tables.Column(verbose_name="状态")
    org = tables.Column(verbose_name="主办", accessor="org__name", order_by=("org__path",))

    class Meta:
        template_name = "core/table.html"
        attrs = {**ATTRS, "id": "competitions"}
        order_by = ("-starts_on",)


class PairTable(tables.Table):
    master = tables.Column(verbose_name="师傅", accessor="master__name", order_by=("master__name_pinyin",))
    apprentice = tables.Column(verbose_name="徒弟", accessor="apprentice__name", order_by=("apprentice__name_pinyin",))
    started_on = tables.DateColumn(verbose_name="结对日期", format="Y-m-d")
    agreement = tables.Column(verbose_name="师徒协议")
    goals = tables.Column(verbose_name="培养目标")
    due_on = tables.DateColumn(verbose_name="计划出师", format="Y-m-d")
    outcome = tables.Column(verbose_name="考核", empty_values=())
    org = tables.Column(verbose_name="所属工会", accessor="org__name", order_by=("org__path",))
    act = tables.TemplateColumn(verbose_name="", orderable=False, template_code=(
        '{% if can_edit and not record.outcome %}<a class="btn btn-outline-primary btn-sm" '
        'href="{% url \'achievements:pair_assess\' record.pk %}">考核</a>{% endif %}'))

    class Meta:
        template_name = "core/table.html"
        attrs = {**ATTRS, "id": "pairs"}
        order_by = ("-started_on",)

    def render_goals(self, value):
        return value if len(value) <= 40 else value[:40] + "…"

    def render_outcome(self, record):
        if record.outcome:
            return f"{record.get_outcome_display()}（{record.assessed_on:%Y-%m-%d}）"
        return "在带"
