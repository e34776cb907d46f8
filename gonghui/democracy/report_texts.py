"""How democratic management (民主管理) appears in drafted documents: one section per kind of document, joined from
the parts' wording (texts/<part>.py) in the order the samples write it — the congress, proposals, open affairs,
evaluation and surveys, collective contracts, opinions. See care/report_texts.py for the template language; every
clause that claims work names its figure, so that a union without that part of the work gets no sentence about it.
"""
from __future__ import annotations

from gonghui.reports.registry import Section

from .texts import congress, contracts, openaffairs, opinions, proposals, surveys

PARTS = (congress, proposals, openaffairs, surveys, contracts, opinions)


def _join(kind: str) -> str:
    return "\n".join(getattr(part, kind).strip() for part in PARTS if getattr(part, kind).strip())


SUMMARY = _join("SUMMARY")
REPORT = _join("REPORT")
PLAN = _join("PLAN")

SECTIONS = [s for s in (
    Section("summary", "坚持和完善职代会制度，民主管理工作扎实推进", SUMMARY),
    Section("report", "深化民主管理，保障职工民主权利", REPORT),
    Section("plan", "深化民主管理，保障职工知情权、参与权、表达权、监督权", PLAN),
) if s.body]
SUGGEST = [s for part in PARTS for s in part.SUGGEST]
WATCH = [code for part in PARTS for code in part.WATCH]
PHRASES = [p for part in PARTS for p in part.PHRASES]
