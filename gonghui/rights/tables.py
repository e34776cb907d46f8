"""Tables of the rights lists (django-tables2; rendered with core/table.html)."""
from __future__ import annotations

import django_tables2 as tables

from .models import DisputeCase, Hazard

ATTRS = {"class": "table table-hover table-sm align-middle bg-white"}


class HazardTable(tables.Table):
    reported_on = tables.DateColumn(verbose_name="上报日期", format="Y-m-d",
                                    linkify=("rights:hazard_detail", {"pk": tables.A("pk")}))
    kind = tables.Column(verbose_name="类别")
    location = tables.Column(verbose_name="地点")
    description = tables.Column(verbose_name="隐患情况")
    reporter_name = tables.Column(verbose_name="报告人")
    state = tables.Column(verbose_name="状态")
    department = tables.Column(verbose_name="承办部门", accessor="department__name", default="—")
    due_on = tables.DateColumn(verbose_name="计划完成", format="Y-m-d")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = Hazard
        template_name = "core/table.html"
        fields = ("reported_on", "kind", "location", "description", "reporter_name", "state", "department",
                  "due_on", "org")
        attrs = ATTRS
        order_by = ("-reported_on",)


class CaseTable(tables.Table):
    number = tables.Column(verbose_name="案号", linkify=("rights:case_detail", {"pk": tables.A("pk")}))
    received_on = tables.DateColumn(verbose_name="收到申请", format="Y-m-d")
    applicant_name = tables.Column(verbose_name="申请人")
    kind = tables.Column(verbose_name="争议类型")
    claim_amount = tables.Column(verbose_name="请求金额（元）", attrs={"td": {"class": "text-end"}})
    state = tables.Column(verbose_name="状态")
    outcome = tables.Column(verbose_name="结果", default="—")
    due_on = tables.DateColumn(verbose_name="调解期限", format="Y-m-d")
    org = tables.Column(verbose_name="工会", accessor="org__name", order_by=("org__path",))

    class Meta:
        model = DisputeCase
        template_name = "core/table.html"
        fields = ("number", "received_on", "applicant_name", "kind", "claim_amount", "state", "outcome", "due_on",
                  "org")
        attrs = ATTRS
        order_by = ("-received_on",)

    def render_applicant_name(self, value):
        return mask_name(value)


def mask_name(value: str) -> str:
    """张三丰 → 张**: a dispute's party is not named in lists and exports (PIPL); the detail page reveals it."""
    value = value or ""
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""


class MaternityTable(tables.Table):
    person = tables.Column(verbose_name="女职工", accessor="person__name", order_by=("person__name_pinyin",))
    phase = tables.Column(verbose_name="阶段")
    starts_on = tables.DateColumn(verbose_name="开始", format="Y-m-d")
    ends_on = tables.DateColumn(verbose_name="预计结束", format="Y-m-d")
    protections = tables.Column(verbose_name="应享受的保护")
    org = tables.Column(verbose_name="所在组织", accessor="org__name", order_by=("org__path",))

    class Meta:
        from .models import MaternityRecord

        model = MaternityRecord
        template_name = "core/table.html"
        fields = ("person", "phase", "starts_on", "ends_on", "protections", "org")
        attrs = ATTRS
        order_by = ("-starts_on",)
