"""The document model: what every generated document (工作总结, 上报材料, 工作计划) is made of, and its renderers.

A document is data: a title, a line under it, and blocks — headings, paragraphs, charts, tables — with every figure
kept as a `Figure` run (the metric, the organisation, the period, the exact value, its unit and the phrase used), so
that it can be shown, edited, exported and checked against the records again. Generators build documents from
templates plus figures (`fill`), never by concatenating strings in views; renderers turn one into

    to_dict(document) / to_json(document)   JSON: every figure with metric code, exact value, unit and phrase
    from_dict(data)                          back again (a stored or edited draft)
    to_markdown(document)                    Markdown
    gonghui.reports.docx.render(document)    Word (.docx), laid out as a Chinese official document

Paragraph templates name figures by metric code in braces; a clause whose figure is absent is dropped
(never "0人次", never an invented figure):

    fill("全年慰问看望职工{care.condolence.visits}，发放慰问金{care.condolence.amount}。", figures)
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gonghui.core.formatting import DIGITS, chinese_number  # noqa: F401 (re-exported)
from gonghui.core.metrics import Rate

from . import phrasing

# ---------------------------------------------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Figure:
    """A figure as it appears in a document: traceable to its metric, organisation and period."""

    metric: str  # metric code, e.g. "care.condolence.visits"
    value: object  # the exact value: int | Decimal | Rate
    unit: str  # the metric's unit (money in 元, even when the phrase says 万元)
    phrase: str  # the text used in the document: "34人次", "13万余元"
    label: str = ""  # the metric's Chinese label
    org: str = ""  # organisation code
    org_name: str = ""
    period: str = ""  # period key (gonghui.reports.periods.parse reads it)
    style: str = "exact"  # exact | rounded (a mixed document's figures carry the style of their unit)
    qualifier: str = ""  # "" | 余 | 多 | 近

    @property
    def text(self) -> str:
        return self.phrase


Run = str | Figure


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    kind: str = "body"  # body | plain (no indent) | signature (落款, right-aligned)

    @property
    def text(self) -> str:
        return "".join(r.phrase if isinstance(r, Figure) else r for r in self.runs)

    def figures(self) -> list[Figure]:
        return [r for r in self.runs if isinstance(r, Figure)]


@dataclass
class Heading:
    level: int  # 1: 一、  2: （一）  3: 1.  (the number is part of the text: see numbered())
    text: str


def numbered(level: int, n: int, text: str) -> Heading:
    """A heading numbered as Chinese documents number them: "一、…", "（一）…", "1. …"."""
    prefix = {1: f"{chinese_number(n)}、", 2: f"（{chinese_number(n)}）", 3: f"{n}. "}[level]
    return Heading(level, prefix + text)


@dataclass
class Series:
    name: str
    values: list  # one value per category (int | Decimal | Rate | None)
    metric: str = ""  # the metric the values come from, if any
    breakdown: str = ""  # and the breakdown (e.g. "month")


@dataclass
class Chart:
    title: str
    kind: str  # bar | line | pie
    categories: list[str]
    series: list[Series]
    unit: str = ""
    caption: str = ""  # under the picture; the title by default
    figures: list[Figure] = field(default_factory=list)  # figures the chart stands for (links to their records)


Cell = str | Figure


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Cell]]
    title: str = ""


Block = Heading | Paragraph | Chart | Table


@dataclass
class Document:
    title: str
    subtitle: str = ""  # the line under the title: organisation, period or date
    blocks: list[Block] = field(default_factory=list)
    kind: str = "summary"  # summary | report | plan | …
    org: str = ""  # organisation code
    org_name: str = ""
    period: str = ""  # period key
    signature: list[str] = field(default_factory=list)  # 落款: organisation name, date line

    @property
    def title_parts(self) -> list[str]:
        """The title cut where a line may break (title_parts()): the editor shows each part unbroken."""
        return title_parts(self.title, self.org_name)

    def add(self, *blocks: Block | None) -> Document:
        """Append blocks, skipping None (a paragraph `fill` dropped)."""
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    def figures(self) -> Iterator[Figure]:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                yield from block.figures()
            elif isinstance(block, Table):
                yield from (c for row in block.rows for c in row if isinstance(c, Figure))
            elif isinstance(block, Chart):
                yield from block.figures


# ---------------------------------------------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------------------------------------------

TITLE_EMS = 20  # characters of 二号 (22 pt, 7.76 mm) on one line of the 156 mm text block of a GB/T 9704 page
_TITLE_BREAKS = (re.compile(r"关于"), re.compile(r"\d{4}年"))


def ems(text: str) -> float:
    """The width of a text in ems: a Chinese character (or full-width mark) is one, a digit or a Latin letter about
    half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def title_parts(title: str, org_name: str = "") -> list[str]:
    """The title cut at the one place a line may break: after the union's name ("滨江华兴精密机械有限公司工会" /
    "2025年工作总结"); a title that does not begin with the name is cut before "关于", else before the year. Titles
    break between words, never inside the name ("有限公/司工会") or the kind ("总结" alone)."""
    cut = len(org_name) if org_name and title.startswith(org_name) else 0
    if not 0 < cut < len(title):
        cut = next((m.start() for pattern in _TITLE_BREAKS for m in [pattern.search(title)] if m and m.start() > 0), 0)
    return [title[:cut], title[cut:]] if 0 < cut < len(title) else [title]


def title_lines(title: str, org_name: str = "") -> list[str]:
    """The lines a title is set in: one when it fits, else its parts (title_parts)."""
    return [title] if ems(title) <= TITLE_EMS else title_parts(title, org_name)


# ---------------------------------------------------------------------------------------------------------------
# Figures and templates
# ---------------------------------------------------------------------------------------------------------------


def make_figure(metric, value, org, period, *, style: str = "exact", wan: bool = False) -> Figure | None:
    """A Figure for a value already computed (e.g. in bulk); None when the value must not be written. `style` is
    the document's (exact | rounded | mixed); the figure keeps the style it is written in (phrasing.figure_style)."""
    style = phrasing.figure_style(style, metric.unit)
    phrase = phrasing.phrase(value, metric.unit, style, wan=wan)
    if phrase is None:
        return None
    return Figure(metric=metric.code, value=value, unit=metric.unit, phrase=phrase.text, label=metric.label,
                  org=getattr(org, "code", ""), org_name=getattr(org, "name", ""), period=period.key,
                  style=style, qualifier=phrase.qualifier)


def figure(code: str, org, period, *, style: str = "exact", wan: bool = False, registry=None) -> Figure | None:
    """Compute a registered metric for (org subtree, period) and phrase it; None when absent or zero."""
    if registry is None:
        from . import registry
    metric = registry.get(code)
    return make_figure(metric, metric.compute(org, period.start, period.end), org, period, style=style, wan=wan)


_PLACEHOLDER = re.compile(r"\{([a-z0-9_.]+)\}")
_CLAUSE = re.compile(r"[^，；。！？]*[，；。！？]?")
_STOPS = "。！？"


def _rank(mark: str) -> int:
    return 3 if mark and mark in _STOPS else {"；": 2, "，": 1}.get(mark, 0)


def clauses(template: str) -> list[str]:
    """A template cut into clauses at ，；。！？ (each with its closing mark): the units fill() keeps or drops."""
    return [c for c in _CLAUSE.findall(template) if c]


def fill(template: str, figures: Mapping[str, Figure | None]) -> Paragraph | None:
    """A paragraph from a template with {metric.code} placeholders.

    The template is cut into clauses at ，；。！？; a clause naming a figure that is absent (None or missing from
    `figures`) is left out, and the sentence keeps its closing mark. None when every clause that named a figure
    was left out (the paragraph would say nothing) — the caller drops it. A template without placeholders is
    kept as it is.
    """
    kept: list[str] = []
    named = present = 0
    for clause in clauses(template):
        codes = _PLACEHOLDER.findall(clause)
        if codes:
            named += 1
            if any(figures.get(code) is None for code in codes):
                # The kept clause before takes over a stronger closing mark (，< ；< 。).
                mark, before = clause[-1:], kept[-1][-1:] if kept else ""
                if kept and _rank(mark) > _rank(before):
                    kept[-1] = (kept[-1][:-1] if _rank(before) else kept[-1]) + mark
                continue
            present += 1
        kept.append(clause)
    if named and not present:
        return None
    runs: list[Run] = []
    for clause in kept:
        position = 0
        for match in _PLACEHOLDER.finditer(clause):
            if match.start() > position:
                runs.append(clause[position:match.start()])
            runs.append(figures[match[1]])
            position = match.end()
        if position < len(clause):
            runs.append(clause[position:])
    return Paragraph(_merge_text(runs))


def _merge_text(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for run in runs:
        if isinstance(run, str) and merged and isinstance(merged[-1], str):
            merged[-1] += run
        elif run != "":
            merged.append(run)
    return merged


def stale_figures(document: Document, registry=None) -> list[tuple[Figure, object]]:
    """Figures whose value no longer matches the records: [(figure, value now), ...] (one query per figure)."""
    if registry is None:
        from . import registry
    from gonghui.orgs.models import Organization

    from .periods import parse

    orgs = {o.code: o for o in Organization.objects.filter(code__in={f.org for f in document.figures()})}
    stale = []
    for fig in document.figures():
        org = orgs.get(fig.org)
        metric = registry.get(fig.metric)
        period = parse(fig.period)
        now = metric.compute(org, period.start, period.end) if org is not None else None
        if now != fig.value:
            stale.append((fig, now))
    return stale


# ---------------------------------------------------------------------------------------------------------------
# JSON
# ---------------------------------------------------------------------------------------------------------------


def value_to_json(value):
    """A figure's value as JSON: int as it is, Decimal as a string, Rate as numerator/denominator/percent."""
    if isinstance(value, Rate):
        return {"numerator": value_to_json(value.numerator), "denominator": value_to_json(value.denominator),
                "percent": str(value.percent) if value.percent is not None else None}
    if isinstance(value, Decimal):
        return str(value)
    return value


def value_from_json(value):
    if isinstance(value, dict):
        return Rate(value_from_json(value["numerator"]), value_from_json(value["denominator"]))
    if isinstance(value, str):
        return Decimal(value)
    return value


def _figure_to_dict(fig: Figure) -> dict:
    return {"type": "figure", "metric": fig.metric, "label": fig.label, "value": value_to_json(fig.value),
            "unit": fig.unit, "phrase": fig.phrase, "style": fig.style, "qualifier": fig.qualifier,
            "org": fig.org, "org_name": fig.org_name, "period": fig.period}


def _figure_from_dict(data: dict) -> Figure:
    return Figure(metric=data["metric"], value=value_from_json(data["value"]), unit=data["unit"],
                  phrase=data["phrase"], label=data.get("label", ""), org=data.get("org", ""),
                  org_name=data.get("org_name", ""), period=data.get("period", ""),
                  style=data.get("style", "exact"), qualifier=data.get("qualifier", ""))


def _run_to_json(run: Run):
    return _figure_to_dict(run) if isinstance(run, Figure) else run


def _run_from_json(data) -> Run:
    return _figure_from_dict(data) if isinstance(data, dict) else data


def _block_to_dict(block: Block) -> dict:
    if isinstance(block, Heading):
        return {"type": "heading", "level": block.level, "text": block.text}
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "kind": block.kind, "text": block.text,
                "runs": [_run_to_json(r) for r in block.runs]}
    if isinstance(block, Chart):
        return {"type": "chart", "title": block.title, "kind": block.kind, "categories": list(block.categories),
                "series": [{"name": s.name, "values": [value_to_json(v) for v in s.values], "metric": s.metric,
                            "breakdown": s.breakdown} for s in block.series],
                "unit": block.unit, "caption": block.caption,
                "figures": [_figure_to_dict(f) for f in block.figures]}
    if isinstance(block, Table):
        return {"type": "table", "title": block.title, "columns": list(block.columns),
                "rows": [[_run_to_json(c) for c in row] for row in block.rows]}
    raise TypeError(f"not a block: {block!r}")


def _block_from_dict(data: dict) -> Block:
    kind = data["type"]
    if kind == "heading":
        return Heading(data["level"], data["text"])
    if kind == "paragraph":
        return Paragraph([_run_from_json(r) for r in data["runs"]], data.get("kind", "body"))
    if kind == "chart":
        return Chart(data["title"], data["kind"], list(data["categories"]),
                     [Series(s["name"], [value_from_json(v) for v in s["values"]], s.get("metric", ""),
                             s.get("breakdown", "")) for s in data["series"]],
                     data.get("unit", ""), data.get("caption", ""),
                     [_figure_from_dict(f) for f in data.get("figures", [])])
    if kind == "table":
        return Table(list(data["columns"]), [[_run_from_json(c) for c in row] for row in data["rows"]],
                     data.get("title", ""))
    raise ValueError(f"unknown block type {kind!r}")


def to_dict(document: Document) -> dict:
    """A JSON-ready dict; `figures` lists every figure of the document once more, flat, for consumers that only
    want the numbers."""
    return {
        "kind": document.kind, "title": document.title, "subtitle": document.subtitle, "org": document.org,
        "org_name": document.org_name, "period": document.period, "signature": list(document.signature),
        "blocks": [_block_to_dict(b) for b in document.blocks],
        "figures": [_figure_to_dict(f) for f in document.figures()],
    }


def from_dict(data: dict) -> Document:
    return Document(title=data["title"], subtitle=data.get("subtitle", ""),
                    blocks=[_block_from_dict(b) for b in data.get("blocks", [])], kind=data.get("kind", "summary"),
                    org=data.get("org", ""), org_name=data.get("org_name", ""), period=data.get("period", ""),
                    signature=list(data.get("signature", [])))


def to_json(document: Document, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(document), ensure_ascii=False, indent=indent)


# ---------------------------------------------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------------------------------------------


def _md_cell(cell: Cell) -> str:
    text = cell.phrase if isinstance(cell, Figure) else str(cell)
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(columns, rows) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(document: Document) -> str:
    """Markdown: the title as `#`, headings one level below, charts as their data tables."""
    lines = [f"# {document.title}", ""]
    if document.subtitle:
        lines += [document.subtitle, ""]
    charts = tables = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            lines += [f"{'#' * (block.level + 1)} {block.text}", ""]
        elif isinstance(block, Paragraph):
            lines += [block.text, ""]
        elif isinstance(block, Chart):
            charts += 1
            lines += [f"**图{charts}　{block.caption or block.title}**", ""]
            columns = ["", *[s.name for s in block.series]]
            rows = [[category, *[_chart_value(s.values[i]) for s in block.series]]
                    for i, category in enumerate(block.categories)]
            lines += [*_md_table(columns, rows), ""]
        elif isinstance(block, Table):
            tables += 1
            if block.title:
                lines += [f"**表{tables}　{block.title}**", ""]
            lines += [*_md_table(block.columns, block.rows), ""]
    if document.signature:
        lines += [*[f"{line}  " for line in document.signature], ""]
    return "\n".join(lines).rstrip() + "\n"


def _chart_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Rate):
        return f"{value.percent}%"
    return f"{value:,}" if isinstance(value, int) else str(value)
