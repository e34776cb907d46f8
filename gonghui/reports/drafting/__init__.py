"""Drafting documents from the records: 工作总结 (summary), 上报材料 (report to the upper union), 工作计划 (plan).

    build(kind, org, period, *, style="mixed", today=None) -> documents.Document
    check(document) -> [StaleFigure, ...]      the figures that no longer match their records

`kind` is a models.DocumentKind value ("summary" | "report" | "plan"); `period` a reports.periods.Period (cut at
`today` when it is not over: "2026年（截至11月22日）"); `style` "mixed" (the default: money rounded, counts
exact — 13万余元, 2,618人, as most summaries write them), "exact" (2,618人, 2.39万元) or "rounded" (2600余人, 13万余元,
近10次): phrasing.py.

What a document is made of
--------------------------
- 工作总结: title; opening naming the Party organisation and the upper union; one numbered section (一、二、…) per
  work area that has records in the period, in the registry's area order, with the area's wording filled with its
  figures (and, when the area has a dashboard chart broken down by month, kind …, that chart); 存在的问题 and
  下一步工作打算 as numbered items — first those drawn from the data (a fall on last year of a figure the area
  watches; the area's own `suggest` functions, e.g. overdue hardship reviews, members in hospital not visited),
  then the default items; closing; 落款 (the union, the date).
- 上报材料: addressee; opening; 一、工作开展情况 with the areas as （一）（二）…; 二、亮点 (the biggest rises on last
  year); 三、不足、困难以及解决办法; 四、需要上级工会给予的支持; 五、工作建议; 特此报告.
- 工作计划 (for the period after `period`): 一、指导思想; 二、主要工作 with the areas' plan wording, its targets taken
  from this period's figures; 三、工作要求.

Wording: the fixed parts' defaults are in defaults.py; each work area declares its own with
registry.describe(area, sections=[Section("summary", heading, body), ...], suggest=[...], watch=[...]); an
administrator overrides any of it with a SectionTemplate row (templates.py). The template language ({metric.code},
{code|change}, {code|target}, {org} …) is wording.py's.

A suggestion function is `suggest(org, period, figures) -> [registry.Suggestion]` where `figures` is
{code: core.metrics.Comparison} for every registered figure (last year's value is there for the watched figures
and those written with |change; None otherwise). Suggestion.part is "problems" or "next" (and, for the report,
"support" or "advice"); its text is a template like any other, so the figures it names are figures of the document.
"""
from __future__ import annotations

import datetime

from ..documents import Document
from ..periods import Period
from .checking import REASONS, StaleFigure, check, locations, states
from .compose import compose, next_label

__all__ = ["build", "check", "compose", "locations", "next_label", "states", "StaleFigure", "REASONS"]


def build(kind: str, org, period: Period, *, style: str = "mixed", today: datetime.date | None = None) -> Document:
    """The draft of a document of `org`'s subtree for `period` (see the module docstring)."""
    return compose(kind, org, period, style=style, today=today)
