"""Equipment loans in the drafted documents: "借出羽毛球拍10副、象棋10副、围棋4副" (the kinds present, a phrase)."""
from __future__ import annotations

from gonghui.reports.registry import Phrase

from ..metrics.equipment import KINDS, code_for

SUMMARY = """
{workershome.equipment.loans|if}文体器材向职工开放借用，{period}借出{workershome.equipment.kinds}。
"""
REPORT = """
{workershome.equipment.loans|if}{period}借出文体器材{workershome.equipment.kinds}。
"""
PLAN = ""
WATCH: list = []
SUGGEST: list = []


def kinds(org, period, figures) -> str:
    parts = []
    for kind in KINDS:
        comparison = figures.get(code_for(kind))
        if comparison is not None and comparison.current:
            parts.append(f"{kind.label}{{{code_for(kind)}}}")
    return "、".join(parts)


PHRASES = [Phrase("workershome.equipment.kinds", "借出器材（按类别，如“羽毛球拍10副、象棋10副”）", kinds)]
