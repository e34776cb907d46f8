"""Drafting a document (工作总结, 上报材料, 工作计划) of a union for a period, from its wording and its figures.

Every figure of every registered work area is computed at once for the union's subtree and the period
(registry.compute: one query per shared source), and last year's only for the figures that are compared (the areas'
`watch` figures and those written with |change). Nothing is computed per placeholder.

A work area appears when it has records in the period (some figure present and not zero) and its wording says
something (a paragraph survives documents.fill); otherwise it is left out, and so is its number.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils.timezone import localdate

from gonghui.core.metrics import Comparison, Rate

from .. import phrasing, registry
from ..documents import Chart, Document, Heading, Paragraph, Series, numbered
from ..models import DocumentKind
from ..periods import QUARTERS, Period
from ..registry import Area, ChartSpec, Suggestion
from . import defaults, templates, wording
from .wording import Context, day_text

HIGHLIGHTS = 3  # rises on last year offered as the report's 亮点
LEAD_MARKS = ("：", ":")  # a list part's first line ending so is its lead-in ("主要是："), not an item


def present(value) -> bool:
    """A figure that can be written: recorded and not zero (a rate with a base is present even at 0%)."""
    return value is not None and (isinstance(value, Rate) or value != 0)


def next_label(period: Period) -> str:
    """The period a plan drafted from `period` is for: the next year, half-year, quarter or month."""
    year, month = period.start.year, period.start.month
    if period.kind == "half":
        return f"{year}年下半年" if month == 1 else f"{year + 1}年上半年"
    if period.kind == "quarter":
        quarter = (month + 2) // 3
        return f"{year}年第{QUARTERS[quarter]}季度" if quarter < 4 else f"{year + 1}年第一季度"
    if period.kind == "month":
        return f"{year}年{month + 1}月" if month < 12 else f"{year + 1}年1月"
    if period.kind == "range":
        return "下一阶段"
    return f"{year + 1}年"


def variables(org, period: Period, cut: Period, today: datetime.date) -> dict[str, str]:
    parent = org.parent if org.parent_id else None
    return {
        "org": org.name,
        "party_org": (org.party_org or "").strip() or "本单位党组织",
        "parent": parent.name if parent is not None else "上级工会",
        "employer": (org.employer or "").strip() or "本单位",
        "period": period.label,
        "end": day_text(cut.end),
        "next": next_label(period),
        "today": day_text(today),
    }


@dataclass
class Draft:
    """What one document is drafted from."""

    kind: str
    org: object
    period: Period  # cut at today when not over
    ctx: Context
    words: templates.Wording
    areas: list[Area]  # the areas with records, in order
    suggestions: list[Suggestion]


def _previous_codes(words: templates.Wording, areas: list[Area]) -> set[str]:
    """The figures compared with last year: those the areas watch (falls, the report's highlights) and those the
    wording writes with |change."""
    codes = {code for area in areas for code in area.watch}
    for text in words.texts():
        codes |= wording.change_codes(text)
    return {c for c in codes if c in registry.default}


def _fixed_part_phrases(kind: str, words) -> set[str]:
    """The phrases the fixed parts (opening, 下一步, closing …) name: an area's word the whole document uses (the
    union's own name of 厂务公开 — 校务公开 at a school) is needed even when that area has no records this period."""
    codes: set[str] = set()
    for part in defaults.parts(kind):
        if part == defaults.AREAS:
            continue
        section = words.get(part.code)
        for text in (section.heading, section.body) if section is not None else ():
            for token in wording._TOKEN.findall(text or ""):
                name = token.split("|", 1)[0].strip()
                if registry.phrase(name) is not None:
                    codes.add(name)
    return codes


def prepare(kind: str, org, period: Period, *, style: str, today: datetime.date | None,
            overrides: dict | None = None) -> Draft:
    if kind not in DocumentKind.values:
        raise ValueError(f"未知的文稿类型：{kind}")
    if style not in phrasing.STYLES:
        raise ValueError(f"未知的数字写法：{style}")
    today = today or localdate()
    cut = period.elapsed(today)
    words = templates.wording(kind, org, overrides)
    codes = [m.code for m in registry.all()]
    current = registry.compute(codes, org, cut)
    areas = [a for a in registry.by_area() if any(present(current[m.code]) for m in a.metrics)]
    before_period = cut.previous_year()
    wanted = _previous_codes(words, areas)
    previous = registry.compute(sorted(wanted), org, before_period) if wanted else {}
    comparisons = {code: Comparison(current[code], previous.get(code), cut, before_period) for code in codes}
    phrases = {phrase.code: phrase.text(org, cut, comparisons) or "" for area in areas for phrase in area.phrases}
    for code in _fixed_part_phrases(kind, words):  # e.g. 推进{democracy.openaffairs.practice} in 下一步
        if code not in phrases:
            phrases[code] = registry.phrase(code).text(org, cut, comparisons) or ""
    ctx = Context(org, cut, style, comparisons, variables(org, period, cut, today), phrases)
    suggestions: list[Suggestion] = []
    for area in areas:
        suggestions += watch_suggestions(area, comparisons)
        for suggest in area.suggest:
            suggestions += list(suggest(org, cut, comparisons) or [])
    if kind == DocumentKind.REPORT:
        suggestions += highlight_suggestions(areas, comparisons)
    return Draft(kind, org, cut, ctx, words, areas, suggestions)


def _when(metric) -> str:
    return "期末" if metric.stock else "{period}"


def watch_suggestions(area: Area, comparisons: dict[str, Comparison]) -> list[Suggestion]:
    """A fall against last year of a figure the area watches: a problem, and what to do next."""
    out = []
    for code in area.watch:
        comparison = comparisons.get(code)
        if comparison is None or comparison.change is None or comparison.change >= 0:
            continue
        metric = registry.get(code)
        out.append(Suggestion("problems", f"{_when(metric)}{metric.label}{{{code}}}，{{{code}|change}}，"
                                          f"{area.label}工作力度还需进一步加大。", code))
        out.append(Suggestion("next", f"针对{metric.label}同比下降的情况，深入分析原因，进一步加大{area.label}"
                                      f"工作力度，力争{metric.label}稳中有升。", code))
    return out


def highlight_suggestions(areas: list[Area], comparisons: dict[str, Comparison]) -> list[Suggestion]:
    """The report's 亮点: the biggest rises on last year among the figures the areas watch (those whose fall would
    be a problem are those whose rise is an achievement — not, say, more transfers out or more deep hardship), by
    percent, rates by percentage points after them; one per label."""
    rises = []
    for area in areas:
        for code in area.watch:
            comparison = comparisons.get(code)
            if comparison is None or comparison.change is None or comparison.change <= 0:
                continue
            if not comparison.is_rate and comparison.change_percent is None:
                continue
            score = (0, comparison.change) if comparison.is_rate else (1, comparison.change_percent)
            rises.append((score, registry.get(code)))
    rises.sort(key=lambda item: item[0], reverse=True)
    out, labels = [], set()
    for _, metric in rises:
        if metric.label in labels:
            continue
        labels.add(metric.label)
        out.append(Suggestion("highlights", f"{_when(metric)}{metric.label}{{{metric.code}}}，"
                                            f"{{{metric.code}|change}}。", metric.code))
        if len(out) == HIGHLIGHTS:
            break
    return out


# ---------------------------------------------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------------------------------------------


class Numbers:
    """Heading numbers: 一、二、… at level 1, （一）（二）… under each, 1. 2. … under those."""

    def __init__(self):
        self.counts = [0, 0, 0, 0]

    def heading(self, level: int, text: str) -> Heading:
        self.counts[level] += 1
        for deeper in range(level + 1, len(self.counts)):
            self.counts[deeper] = 0
        return numbered(level, self.counts[level], text)


def _lines(body: str) -> list[str]:
    return [line.strip() for line in (body or "").split("\n")]


def area_blocks(draft: Draft, area: Area, level: int, numbers: Numbers) -> list:
    """An area's heading, paragraphs (with sub-headings) and, in a summary, its first chart; [] when it says
    nothing."""
    section = draft.words.get(area.code)
    groups: list[tuple[str, list]] = [("", [])]
    for line in _lines(section.body):
        if line.startswith("#"):
            groups.append((line.lstrip("#").strip(), []))
        elif line:
            paragraph = wording.render(line, draft.ctx)
            if paragraph is not None:
                groups[-1][1].append(paragraph)
    if not any(paragraphs for _, paragraphs in groups):
        return []
    blocks: list = [numbers.heading(level, wording.render_text(section.heading, draft.ctx) or area.label)]
    for sub, paragraphs in groups:
        if not paragraphs:
            continue
        if sub:
            blocks.append(numbers.heading(min(level + 1, 3), wording.render_text(sub, draft.ctx)))
        blocks += paragraphs
    if draft.kind == DocumentKind.SUMMARY:
        chart = area_chart(draft, area)
        if chart is not None:
            blocks.append(chart)
    return blocks


def area_chart(draft: Draft, area: Area) -> Chart | None:
    """The area's first dashboard chart that breaks figures down (by month, kind …), for the period."""
    spec: ChartSpec | None = next((c for c in area.charts if c.by and not c.over_time), None)
    if spec is None:
        return None
    metrics = [registry.get(code) for code in spec.metrics]
    metrics = [m for m in metrics if spec.by in m.by]
    if not metrics:
        return None
    period = draft.period
    rows = {m.code: m.breakdown(draft.org, period.start, period.end, spec.by) for m in metrics}
    labels: dict = {}
    for found in rows.values():
        for key, label, _ in found:
            labels.setdefault(key, label)
    keys = sorted(labels, key=lambda k: (k is None, str(k)))
    if not keys:
        return None
    if spec.by == "month":  # every month of the period, those without records empty
        months = [f"{m.start:%Y-%m}" for m in period.months()]
        if set(keys) <= set(months):
            keys = months
            labels.update({k: k for k in months if k not in labels})
    series = [Series(m.label, [dict((k, v) for k, _, v in rows[m.code]).get(key) for key in keys], m.code, spec.by)
              for m in metrics]
    units = {m.unit for m in metrics}
    return Chart(spec.title, spec.kind, [_short(labels[k], period) for k in keys], series, unit=units.pop() if len(units) == 1 else "",
                 caption=f"{draft.ctx.variables['period']}{spec.title}")


def _short(label: str, period: Period) -> str:
    """A month inside a one-year period is "3月", as summaries label them; other labels as they are."""
    if re.fullmatch(r"\d{4}-\d{2}", label) and period.start.year == period.end.year:
        return f"{int(label[5:])}月"
    return label


def list_blocks(draft: Draft, part: defaults.Part, numbers: Numbers) -> list:
    """A heading, a lead-in (the body's first line, when it ends with "：") and numbered items: the points drawn
    from the data, then the body's other lines (up to the part's `fill_to` items in all)."""
    section = draft.words.get(part.code)
    lines = [line for line in _lines(section.body) if line]
    lead = wording.render(lines.pop(0), draft.ctx) if lines and lines[0].endswith(LEAD_MARKS) else None
    data = [wording.render(s.text, draft.ctx) for s in draft.suggestions if s.part in part.suggestions]
    data = [p for p in data if p is not None]
    standing = [p for p in (wording.render(line, draft.ctx) for line in lines) if p is not None]
    if part.fill_to:
        standing = standing[: max(0, part.fill_to - len(data))]
    items = data + standing
    if not items:
        return []
    blocks: list = []
    heading = wording.render_text(section.heading, draft.ctx)
    if heading:
        blocks.append(numbers.heading(part.level, heading))
    if lead is not None:
        blocks.append(lead)
    for index, item in enumerate(items, start=1):
        runs = list(item.runs)
        if runs and isinstance(runs[0], str):
            runs[0] = f"{index}．{runs[0]}"
        else:
            runs.insert(0, f"{index}．")
        blocks.append(Paragraph(runs))
    return blocks


def prose_blocks(draft: Draft, part: defaults.Part, numbers: Numbers) -> list:
    section = draft.words.get(part.code)
    blocks: list = []
    heading = wording.render_text(section.heading, draft.ctx)
    if heading:
        blocks.append(numbers.heading(part.level, heading))
    blocks += [p for p in (wording.render(line, draft.ctx) for line in _lines(section.body) if line) if p is not None]
    return blocks


def document(draft: Draft) -> Document:
    ctx = draft.ctx
    title = wording.render_text(draft.words.get("title").heading, ctx)
    subtitle = f"（统计截至{day_text(draft.period.end)}）" if draft.period.partial else ""
    doc = Document(title=title, subtitle=subtitle, kind=draft.kind, org=draft.org.code, org_name=draft.org.name,
                   period=draft.period.key, signature=[draft.org.name, ctx.variables["today"]])
    numbers = Numbers()
    for part in defaults.parts(draft.kind):
        if part == defaults.AREAS:
            for area in draft.areas:
                doc.add(*area_blocks(draft, area, defaults.AREA_LEVEL[draft.kind], numbers))
        elif part.code == "title":
            continue
        elif part.form == "text":
            text = wording.render_text(draft.words.get(part.code).heading, ctx)
            if text:
                doc.add(Paragraph([text], kind="plain"))
        elif part.form == "list":
            doc.add(*list_blocks(draft, part, numbers))
        else:
            doc.add(*prose_blocks(draft, part, numbers))
    return doc


def compose(kind: str, org, period: Period, *, style: str = "mixed", today: datetime.date | None = None,
            overrides: dict[str, tuple[str, str]] | None = None) -> Document:
    """build() with unsaved wording (`overrides`: section -> (heading, body)) for the template pages' preview."""
    return document(prepare(kind, org, period, style=style, today=today, overrides=overrides))
