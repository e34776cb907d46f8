"""How 建功立业 appears in drafted documents: one section per kind of document, joined from the parts' wording
(texts/<part>.py) — 合理化建议 first, then 评先评优. See care/report_texts.py for the template language; every clause
that claims work names its figure, so a union without that part of the work gets no sentence about it."""
from __future__ import annotations

from gonghui.reports.registry import Section

from .texts import competitions, honours, innovation, suggestions

PARTS = (suggestions, competitions, innovation, honours)


def _join(kind: str) -> str:
    return "\n".join(getattr(part, kind).strip() for part in PARTS if getattr(part, kind).strip())


SUMMARY = _join("SUMMARY")
REPORT = _join("REPORT")
PLAN = _join("PLAN")

SECTIONS = [s for s in (
    Section("summary", "开展建功立业活动，激发职工创新创造活力", SUMMARY),
    Section("report", "组织职工建功立业", REPORT),
    Section("plan", "深化建功立业活动", PLAN),
) if s.body]
SUGGEST = [s for part in PARTS for s in part.SUGGEST]
WATCH = [code for part in PARTS for code in part.WATCH]
PHRASES = [p for part in PARTS for p in part.PHRASES]
