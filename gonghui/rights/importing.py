"""Spreadsheets of the rights area, read by the core import engine (`core/importing/`, see docs/ENGINEERING.md):

- `hazards` (隐患信息导入): a past hazard list (台账) — date, kind, place, what, who reported it, state, the department
  it went to, the fix or the plan. Each row is a new report; its steps are dated on the report's day when the list
  gives no date of its own (转办), so the figures of the year it was reported count it.
"""
from __future__ import annotations

from gonghui.accounts.roles import Perm
from gonghui.core import importing
from gonghui.core.importing import Column, parsers

from .models import Hazard, HazardKind, HazardState

KINDS = parsers.labels(HazardKind.choices, {"设备": HazardKind.EQUIPMENT, "消防": HazardKind.FIRE,
                                             "用电": HazardKind.ELECTRIC, "电气": HazardKind.ELECTRIC,
                                             "职业健康": HazardKind.HEALTH, "环境": HazardKind.ENVIRONMENT,
                                             "危化品": HazardKind.CHEMICAL, "交通": HazardKind.TRAFFIC})
STATES = parsers.labels(HazardState.choices, {"已上报": HazardState.REPORTED, "未处理": HazardState.REPORTED,
                                               "已整改": HazardState.FIXED, "已解决": HazardState.FIXED,
                                               "整改中": HazardState.PLANNED, "正在整改": HazardState.PLANNED,
                                               "已转交": HazardState.FORWARDED})
NEEDS_DEPARTMENT = (HazardState.FORWARDED, HazardState.FIXED, HazardState.PLANNED)


@importing.register
class HazardImporter(importing.Importer):
    key, title, noun, unit, sheet_name = "hazards", "隐患信息导入", "隐患信息", "条", "隐患信息"
    perm = Perm.RIGHTS_EDIT
    org_label = "导入到工会"
    org_help = "隐患信息记入该工会；承办部门须是该工会已登记的部门"
    result_link = ("rights:hazard_list", "隐患信息")
    columns = (
        Column("reported_on", "上报日期", parsers.date, synonyms=("日期", "报告日期"), required=True, kind="date"),
        Column("kind", "隐患类别", parsers.choice(KINDS, "隐患类别", "、".join(HazardKind.labels)),
               synonyms=("类别",), required=True, choices=tuple(HazardKind.labels), display=dict(HazardKind.choices)),
        Column("location", "地点", parsers.text(100, "地点"), synonyms=("隐患地点", "位置"), required=True, width=20),
        Column("description", "隐患情况", parsers.text(500, "隐患情况"), synonyms=("隐患描述", "内容"), required=True,
               width=40),
        Column("reporter_name", "报告人", parsers.text(50, "报告人"), synonyms=("上报人",), required=True),
        Column("state", "状态", parsers.choice(STATES, "状态", "、".join(HazardState.labels)),
               synonyms=("处理状态",), required=True, choices=tuple(HazardState.labels),
               display=dict(HazardState.choices)),
        Column("department", "承办部门", parsers.text(60, "承办部门"), synonyms=("整改部门", "责任部门")),
        Column("fixed_on", "整改日期", parsers.date, synonyms=("完成日期",), kind="date"),
        Column("due_on", "计划完成日期", parsers.date, synonyms=("整改期限",), kind="date"),
        Column("note", "处理情况", parsers.text(500, "处理情况"), synonyms=("整改情况", "整改措施"), width=40),
    )
    preview_columns = (("reported_on", "上报日期"), ("location", "地点"), ("state", "状态"))
    row_checks = ()

    def validate(self, rows, checks, *, org, user) -> None:
        from gonghui.democracy.models import Department
        from gonghui.orgs.models import PATH_STEP

        paths = [org.path[: i + PATH_STEP] for i in range(0, len(org.path), PATH_STEP)]
        departments = dict(Department.objects.filter(org__path__in=paths, is_active=True)
                           .values_list("name", "pk"))
        for row in rows:
            if row.rejected:
                continue
            v = row.values
            state, reported = v.get("state"), v.get("reported_on")
            name = v.get("department") or ""
            row.department_id = departments.get(name) if name else None
            if state in NEEDS_DEPARTMENT:
                if not name:
                    checks.add(row, "department", name, f"状态为“{HazardState(state).label}”的，请填写承办部门")
                elif row.department_id is None:
                    checks.add(row, "department", name, f"{org.name}没有登记“{name}”，请先在承办部门中登记")
            if state == HazardState.FIXED:
                fixed = v.get("fixed_on")
                if fixed is None:
                    checks.add(row, "fixed_on", "", "已整改的，请填写整改日期")
                elif reported and fixed < reported:
                    checks.add(row, "fixed_on", fixed, "整改日期早于上报日期")
            if state == HazardState.PLANNED and v.get("due_on") is None:
                checks.add(row, "due_on", "", "正在落实的，请填写计划完成日期")
            if state == HazardState.UNFOUNDED and not v.get("note"):
                checks.add(row, "note", "", "不属实的，请在处理情况中写明核实情况")

    def write(self, batch, rows, columns, user) -> dict:
        from gonghui.core import audit, bulk
        from gonghui.core.models import AuditEntry

        fields = ("org_id", "reporter_name", "kind", "location", "description", "reported_on", "state",
                  "department_id", "forwarded_on", "planned_on", "due_on", "plan_note", "fixed_on", "fix_note",
                  "unfounded_on", "unfounded_note")
        data = []
        for row in rows:
            v = row.values
            state, day, note = v["state"], v["reported_on"], v.get("note") or ""
            forwarded = day if state in NEEDS_DEPARTMENT else None
            planned = day if state == HazardState.PLANNED else None
            data.append((batch.org_id, v["reporter_name"], v["kind"], v["location"], v["description"], day, state,
                         getattr(row, "department_id", None) if state in NEEDS_DEPARTMENT else None, forwarded,
                         planned, v.get("due_on") if planned else None, note if planned else "",
                         v.get("fixed_on") if state == HazardState.FIXED else None,
                         note if state == HazardState.FIXED else "",
                         day if state == HazardState.UNFOUNDED else None,
                         note if state == HazardState.UNFOUNDED else ""))
        ids = bulk.insert_rows(Hazard, fields, data)
        audit.record_rows(AuditEntry.Action.CREATE, Hazard,
                          [(pk, f"{r[2]}：{r[3]}", batch.org.path,
                            {name: [None, str(value) if value is not None else None]
                             for name, value in zip(fields, r)}) for pk, r in zip(ids, data)],
                          note=f"导入批次{batch.pk}")
        return {"created": len(ids)}


from . import importing_women  # noqa: E402,F401 (安康互助保障名单导入: the engine discovers this module only)


from . import importing_cases  # noqa: E402,F401 - 调解案件导入 (`cases`), registered on import
