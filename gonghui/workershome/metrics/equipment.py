"""Figures of equipment loans (codes "workershome.equipment.*"): loans in the period (人次), and the items lent by
kind — one figure per kind, in its own unit ("借出羽毛球拍10副、象棋10副、围棋4副"), so the summary names each."""
from __future__ import annotations

from django.db.models import Count, Q, Sum

from gonghui.core.metrics import Breakdown, Metric
from gonghui.core.metrics import subtree as _subtree

from ..models import EquipmentKind, EquipmentLoan
from ..models.equipment import UNITS


def loans_in(org, start, end):
    return _subtree(EquipmentLoan.objects.filter(lent_on__range=(start, end)), org)


BY_KIND = Breakdown("按器材类别", "kind", dict(EquipmentKind.choices))
KINDS = [k for k in EquipmentKind if k != EquipmentKind.OTHER]


def code_for(kind) -> str:
    return f"workershome.equipment.{kind.value}"


METRICS = [
    Metric("workershome.equipment.loans", "器材借用", "人次", "events", loans_in, value=Count("pk"),
           by={"kind": BY_KIND}, date_field="lent_on"),
    *[Metric(code_for(kind), f"借出{kind.label}", UNITS[kind] if UNITS[kind] in ("副", "个") else "件", "sum",
             loans_in, value=Sum("quantity"), where=Q(kind=kind), date_field="lent_on") for kind in KINDS],
]
KEY = ["workershome.equipment.loans"]
CHARTS: list = []
