"""How the care records' recorded values read in history tabs and the audit log (see core/audit_display.py)."""
from __future__ import annotations

from gonghui.accounts.roles import Role
from gonghui.core.audit_display import Table, datetime_text, formatter, hide

hide("care.condolence", "dedupe_key")  # the one-per-person-and-occasion key (birthday:2026), not for people


@formatter("care.assistance", "approval_steps")
def _steps(value):
    if not isinstance(value, list):
        return None
    steps = sorted((s for s in value if isinstance(s, dict)), key=lambda s: s.get("order", 0))
    return " → ".join(str(s.get("label") or _role(s.get("role")) or "") for s in steps)


@formatter("care.assistance", "current_step")
@formatter("care.approvaldecision", "step")
def _step_number(value):
    try:
        return f"第{int(value) + 1}环节"
    except (TypeError, ValueError):
        return None


@formatter("care.assistance", "awaiting_role")
@formatter("care.approvaldecision", "role")
@formatter("care.approvalflowstep", "role")
def _role(value):
    if not value:
        return None
    return str(dict(Role.choices).get(value, value))


@formatter("care.campaign", "default_goods")
@formatter("care.campaignrecipient", "goods")
@formatter("care.assistance", "goods")
def _goods(value):
    if isinstance(value, str):  # written as text by a bulk write
        return value
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return None
    parts = []
    for item in value:
        text = f"{item.get('name', '')}{item.get('quantity', '')}{item.get('unit', '')}"
        if item.get("value") not in (None, ""):
            text += f"（{item['value']}元）"
        parts.append(text)
    return "、".join(parts)


@formatter("care.campaign", "selection_log")
def _selection_log(value):
    if not isinstance(value, list) or not all(isinstance(i, dict) for i in value):
        return None
    return Table.of(("时间", "操作人", "选取条件", "符合条件", "新增"),
                    ((datetime_text(i.get("at")), i.get("by"), i.get("criteria"), i.get("matched"), i.get("added"))
                     for i in value))
