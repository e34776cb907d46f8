"""How reports' recorded values read in history tabs and the audit log (see core/audit_display.py)."""
from __future__ import annotations

from gonghui.core.audit_display import Table, formatter, hide

hide("reports.draft", "stale_count")  # how many figures no longer match their records: recomputed on every check


@formatter("reports.submission", "figures")
def _figures(value):
    """The frozen figures as a table of figure names (registry labels) and values ("96.2%（279/290）")."""
    if not isinstance(value, dict):
        return None
    from . import registry
    from .documents import value_from_json
    from .submitting import display

    order = {m.code: i for i, m in enumerate(registry.all())}
    rows = []
    for code in sorted(value, key=lambda c: order.get(c, len(order))):
        if value[code] is None:
            continue  # absent (no records), as the submission page leaves it out
        try:
            number = value_from_json(value[code])
        except (KeyError, TypeError, ValueError, ArithmeticError):
            number = None
        if code in registry.default:
            metric = registry.get(code)
            rows.append((metric.label, display(number, metric.unit) if number is not None else str(value[code])))
        else:
            rows.append((f"{code}（指标已停用）", str(value[code])))
    return Table.of(("指标", "数值"), rows)
