"""How funds (经费管理) appear in drafted documents: one section per kind of document, joined from the parts'
wording (texts/<part>.py) — 建会 first (an upper union's organisation-building clause), then 会费. See
care/report_texts.py for the template language; every clause that claims work names its figure, so a union without
that part of the work gets no sentence about it.
"""
from __future__ import annotations

from gonghui.reports.registry import Section

from .texts import allocation, budget, dues, employers, ledger

PARTS = (employers, dues, allocation, ledger, budget)


def _join(kind: str) -> str:
    return "\n".join(getattr(part, kind).strip() for part in PARTS if getattr(part, kind).strip())


SUMMARY = _join("SUMMARY")
REPORT = _join("REPORT")
PLAN = _join("PLAN")

SECTIONS = [s for s in (
    Section("summary", "扩大组织覆盖，规范经费管理", SUMMARY),
    Section("report", "推进建会入会，加强经费管理", REPORT),
    Section("plan", "扩大工会组织覆盖面，管好用好工会经费", PLAN),
) if s.body]
SUGGEST = [s for part in PARTS for s in part.SUGGEST]
WATCH = [code for part in PARTS for code in part.WATCH]
PHRASES = [p for part in PARTS for p in part.PHRASES]
