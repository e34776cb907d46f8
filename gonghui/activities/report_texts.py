"""How activities appear in drafted documents: one section per kind of document, joined from the parts' wording
(texts/<part>.py) — 文体活动, then 教育培训 and 宣传 as they come. See care/report_texts.py for the template language;
every clause that claims work names its figure, so a union without that part of the work gets no sentence about it.
"""
from __future__ import annotations

from gonghui.reports.registry import Section

from .texts import events, other

PARTS = (events, other)


def _join(kind: str) -> str:
    return "\n".join(getattr(part, kind).strip() for part in PARTS if getattr(part, kind).strip())


SUMMARY = _join("SUMMARY")
REPORT = _join("REPORT")
PLAN = _join("PLAN")

SECTIONS = [s for s in (
    Section("summary", "丰富职工精神文化生活，加强教育培训和宣传工作", SUMMARY),
    Section("report", "开展职工文体活动和教育培训", REPORT),
    Section("plan", "丰富职工文化生活，抓好教育培训和宣传", PLAN),
) if s.body]
SUGGEST = [s for part in PARTS for s in part.SUGGEST]
WATCH = [code for part in PARTS for code in part.WATCH]
PHRASES = [p for part in PARTS for p in part.PHRASES]
