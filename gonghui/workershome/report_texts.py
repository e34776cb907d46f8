"""How the workers' home appears in drafted documents: a 职工之家建设 section joined from the parts' wording
(texts/<part>.py: 书屋, 器材, 场地). Every clause that claims work names its figure, so a union without a reading room
gets no sentence about one; overdue loans and a falling 借书率 are offered for 存在的问题."""
from __future__ import annotations

from gonghui.reports.registry import Section

from .texts import accreditation, books, equipment, rooms

PARTS = (accreditation, books, equipment, rooms)


def _join(kind: str) -> str:
    return "\n".join(getattr(part, kind).strip() for part in PARTS if getattr(part, kind).strip())


SUMMARY = _join("SUMMARY")
REPORT = _join("REPORT")
PLAN = _join("PLAN")

SECTIONS = [s for s in (
    Section("summary", "加强职工之家建设，丰富职工精神文化生活", SUMMARY),
    Section("report", "建好管好用好职工之家", REPORT),
    Section("plan", "深化职工之家建设", PLAN),
) if s.body]
SUGGEST = [s for part in PARTS for s in part.SUGGEST]
WATCH = [code for part in PARTS for code in part.WATCH]
PHRASES = [p for part in PARTS for p in part.PHRASES]
