"""Checking an edited document against the records (核对数字).

Every figure still in the document is computed again — in bulk: one registry.compute per (union, period) the
document's figures belong to, one query per shared source — and compared twice:
- with the value it was drafted from: the records changed since (reason "changed"), or have none now ("absent");
- with its phrase as it now reads in the text: an officer who edits "34人次" into "35人次" has made it say
  something the records do not (reason "edited"); a phrase that cannot be read as a number is "unreadable".
A rounded phrase is right when it is the correct rounding of the value ("13万余元" for 132,400元, "近10次" for 9次),
and an exact phrase is always right (also in 万元, as summaries write money: "2.39万元").
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .. import phrasing, registry
from ..documents import Chart, Document, Figure, Paragraph, Table
from ..periods import PeriodError, parse

REASONS = {
    "changed": "记录已变化",
    "absent": "记录中已无此数字",
    "edited": "文中数字与记录不符",
    "unreadable": "无法识别文中的数字写法",
    "unknown": "指标或统计期间已不存在",
}


@dataclass(frozen=True)
class StaleFigure:
    figure: Figure
    location: str  # where it is: "p:<block>:<run>", "t:<block>:<row>:<column>", "c:<block>:<n>"
    reason: str  # changed | absent | edited | unreadable | unknown (REASONS)
    now: object = None  # the value the records give now (None: absent)
    now_phrase: str = ""  # that value in the figure's style ("" when absent)

    @property
    def message(self) -> str:
        """The tooltip: what is wrong and what the records say now."""
        written = f"文中为“{self.figure.phrase}”"
        if self.reason == "absent":
            return f"{REASONS['absent']}（{written}）"
        if self.reason == "unknown":
            return f"{REASONS['unknown']}（{written}）"
        now = f"记录现为{self.now_phrase}" if self.now_phrase else "记录现为0"
        if self.reason == "changed":
            drafted = phrasing.exact(self.figure.value, self.figure.unit, wan=True)
            was = f"，起草时为{drafted.text}" if drafted is not None else ""
            return f"{REASONS['changed']}：{now}{was}（{written}）"
        return f"{REASONS[self.reason]}：{written}，{now}"


def locations(document: Document) -> Iterator[tuple[str, Figure]]:
    """Every figure of the document with where it is (the editor marks figures by these)."""
    for index, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            for position, run in enumerate(block.runs):
                if isinstance(run, Figure):
                    yield f"p:{index}:{position}", run
        elif isinstance(block, Table):
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    if isinstance(cell, Figure):
                        yield f"t:{index}:{r}:{c}", cell
        elif isinstance(block, Chart):
            for n, fig in enumerate(block.figures):
                yield f"c:{index}:{n}", fig


def states(text: str, value, unit: str) -> bool | None:
    """Whether a phrase states the value (exactly, or as its correct rounding); None when it is not a phrase."""
    try:
        written = phrasing.parse(text)
    except ValueError:
        return None
    if written.unit != unit or value is None:
        return False
    # In 万 the exact style states money to two decimals of 万元 (within 50元); written out in 元 it is to the 分.
    scaled = bool(re.search(r"[万亿]", written.text))
    candidates = [phrasing.exact(value, unit, wan=scaled),
                  phrasing.rounded(value, unit, more="余"), phrasing.rounded(value, unit, more="多")]
    return any(c is not None and c.number == written.number and c.qualifier == written.qualifier
               for c in candidates)


def _now(document: Document) -> dict[tuple[str, str], dict[str, object]]:
    """{(org code, period key): {code: value now}}: one registry.compute per (union, period)."""
    from gonghui.orgs.models import Organization

    wanted: dict[tuple[str, str], set[str]] = {}
    for _, fig in locations(document):
        if fig.metric in registry.default:
            wanted.setdefault((fig.org, fig.period), set()).add(fig.metric)
    orgs = {o.code: o for o in Organization.objects.filter(code__in={org for org, _ in wanted})}
    values = {}
    for (code, key), metrics in wanted.items():
        org = orgs.get(code)
        try:
            period = parse(key)
        except PeriodError:
            continue
        if org is not None:
            values[code, key] = registry.compute(sorted(metrics), org, period)
    return values


def check(document: Document) -> list[StaleFigure]:
    """The figures of the document that no longer match their records, in document order."""
    values = _now(document)
    stale = []
    for where, fig in locations(document):
        found = values.get((fig.org, fig.period))
        if found is None or fig.metric not in found:
            stale.append(StaleFigure(fig, where, "unknown"))
            continue
        now = found[fig.metric]
        phrase = phrasing.phrase(now, fig.unit, fig.style if fig.style in phrasing.STYLES else "exact", wan=True)
        now_phrase = phrase.text if phrase is not None else ""
        if now is None or not phrase:
            stale.append(StaleFigure(fig, where, "absent", now, now_phrase))
        elif now != fig.value:
            stale.append(StaleFigure(fig, where, "changed", now, now_phrase))
        else:
            said = states(fig.phrase, now, fig.unit)
            if not said:
                stale.append(StaleFigure(fig, where, "unreadable" if said is None else "edited", now, now_phrase))
    return stale
