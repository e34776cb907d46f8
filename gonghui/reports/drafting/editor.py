"""The browser editor's side of a draft: the document as the page shows it, and the page's edits read back.

Shown: every heading and paragraph is editable text; a figure is a `<span class="fig" data-fig="TOKEN">34人次</span>`
whose TOKEN is the figure itself (metric, value, unit, union, period, style) signed with the site's secret and the
draft's id (django.core.signing). Charts and tables are not edited: they travel as signed tokens of their block.

Read back: the page sends, for each block, its kind and its HTML (or the token of a chart or table). The HTML is
never trusted: it is parsed here, every tag is dropped except a figure span whose token verifies for this draft —
that one becomes the figure again, with the text the officer left in it as its phrase (checking will say whether
that phrase still states the records). A span whose token does not verify is text like any other. So the page can
change words and phrases, and move or delete figures, but it cannot invent a figure or change what one is.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from html.parser import HTMLParser

from django.core import signing

from gonghui.core.errors import ServiceError

from .. import phrasing
from ..documents import Chart, Document, Figure, Heading, Paragraph, from_dict, to_dict
from .checking import StaleFigure, locations

SALT = "gonghui.reports.editor"
MAX_BLOCKS = 2000
MAX_TEXT = 20000
PARAGRAPH_KINDS = ("body", "plain", "signature")
BAD_PAYLOAD = "文稿内容格式不正确，请刷新页面后重试。"
VOID = {"br", "img", "hr", "input", "wbr", "meta", "link", "source", "area", "col", "embed", "param", "track"}


def _salt(draft_pk: int) -> str:
    return f"{SALT}:{draft_pk}"


def sign(draft_pk: int, data: dict) -> str:
    return signing.dumps(data, salt=_salt(draft_pk), compress=True)


def unsign(draft_pk: int, token: str) -> dict | None:
    try:
        data = signing.loads(token, salt=_salt(draft_pk))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _block_to_dict(block) -> dict:
    return to_dict(Document("", blocks=[block]))["blocks"][0]


def _block_from_dict(data: dict):
    return from_dict({"title": "", "blocks": [data]}).blocks[0]


def _identity(fig: Figure) -> dict:
    """The figure as JSON without its phrase (the page owns the phrase)."""
    data = _block_to_dict(Paragraph([fig]))["runs"][0]
    data.pop("phrase", None)
    return data


def _figure_from_dict(data: dict) -> Figure:
    run = _block_from_dict({"type": "paragraph", "runs": [data]}).runs[0]
    if not isinstance(run, Figure):
        raise ValueError("not a figure")
    return run


# ---------------------------------------------------------------------------------------------------------------
# Shown
# ---------------------------------------------------------------------------------------------------------------


def _chart_option(data: dict) -> dict:
    """What editor.js hands to echarts (from the chart's JSON: a rate is drawn as its percent)."""
    def number(value):
        if isinstance(value, dict):
            value = value.get("percent")
        return float(value) if isinstance(value, str) else value

    return {"kind": data["kind"], "title": data["title"], "unit": data.get("unit", ""),
            "categories": list(data["categories"]),
            "series": [{"name": s["name"], "values": [number(v) for v in s["values"]]} for s in data["series"]]}


STYLE_NAMES = {"exact": "准确数字", "rounded": "约数"}


def _other_style(fig: Figure) -> Figure | None:
    """The figure written in the other style (exact <-> rounded), for the editor's per-figure switch; None when
    that reads the same ("34人次", "98%")."""
    other = "rounded" if fig.style == "exact" else "exact"
    found = phrasing.phrase(fig.value, fig.unit, other, wan=True)
    if found is None or found.text == fig.phrase:
        return None
    return replace(fig, phrase=found.text, style=other, qualifier=found.qualifier)


def view(draft, document: Document, *, stale: list[StaleFigure] | None = None, records_url=None) -> list[dict]:
    """The blocks as the editor template renders them (see the module docstring)."""
    marks = {s.location: s for s in (stale or [])}
    out = []
    numbers = {"chart": 0, "table": 0}  # 图1 图2 …, 表1 表2 …
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            out.append({"type": "heading", "level": block.level, "text": block.text})
        elif isinstance(block, Paragraph):
            runs = []
            for position, run in enumerate(block.runs):
                if isinstance(run, Figure):
                    where = f"p:{index}:{position}"
                    mark = marks.get(where)
                    drafted = phrasing.exact(run.value, run.unit, wan=True)
                    alt = _other_style(run)
                    runs.append({"fig": sign(draft.pk, _identity(run)), "text": run.phrase, "loc": where,
                                 "alt": sign(draft.pk, _identity(alt)) if alt else "",
                                 "alt_text": alt.phrase if alt else "",
                                 "alt_label": STYLE_NAMES[alt.style] if alt else "",
                                 "metric": run.metric, "label": run.label,
                                 "title": f"{run.label}：{drafted.text if drafted else ''}（{run.metric}）",
                                 "stale": mark.message if mark else "",
                                 "url": records_url(run) if records_url else ""})
                else:
                    runs.append({"text": run})
            out.append({"type": "paragraph", "kind": block.kind, "runs": runs})
        else:
            data = _block_to_dict(block)
            numbers[data["type"]] += 1
            entry = {"type": data["type"], "token": sign(draft.pk, data), "title": block.title,
                     "number": numbers[data["type"]]}
            if isinstance(block, Chart):
                entry.update(caption=block.caption or block.title,
                             option=json.dumps(_chart_option(data), ensure_ascii=False))
            else:
                entry.update(columns=list(block.columns),
                             rows=[[c.phrase if isinstance(c, Figure) else str(c) for c in row] for row in block.rows])
            out.append(entry)
    return out


def stale_view(stale: list[StaleFigure], records_url=None) -> list[dict]:
    """The 核对结果 list beside the document."""
    return [{"loc": s.location, "label": s.figure.label, "phrase": s.figure.phrase, "message": s.message,
             "now": s.now_phrase, "url": records_url(s.figure) if records_url else ""} for s in stale]


# ---------------------------------------------------------------------------------------------------------------
# Read back
# ---------------------------------------------------------------------------------------------------------------


def _clean_text(text: str) -> str:
    text = re.sub(r"[\r\n\t]+", "", text).replace("\xa0", " ").replace("\u200b", "")
    return re.sub(r" {2,}", " ", text)


class _Runs(HTMLParser):
    """Text and verified figure spans out of one block's HTML; every other tag is dropped."""

    def __init__(self, draft_pk: int, figures: bool):
        super().__init__(convert_charrefs=True)
        self.draft_pk, self.figures = draft_pk, figures
        self.runs: list = []
        self.fig: dict | None = None
        self.fig_text: list[str] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if self.fig is not None:
            self.depth += 1
            return
        token = dict(attrs).get("data-fig") if tag == "span" and self.figures else None
        data = unsign(self.draft_pk, token) if token else None
        if data is not None:
            self.fig, self.fig_text, self.depth = data, [], 0

    def handle_endtag(self, tag):
        if self.fig is None or tag in VOID:
            return
        if self.depth:
            self.depth -= 1
            return
        phrase = _clean_text("".join(self.fig_text)).strip()
        if phrase:
            try:
                self.runs.append(_figure_from_dict({**self.fig, "phrase": phrase}))
            except (KeyError, TypeError, ValueError):
                self.runs.append(phrase)
        self.fig = None

    def handle_data(self, data):
        (self.fig_text if self.fig is not None else self.runs).append(data)

    def result(self) -> list:
        self.close()
        if self.fig is not None:  # an unclosed span: what it holds is text
            self.runs.append("".join(self.fig_text))
        runs: list = []
        for run in self.runs:
            if isinstance(run, str):
                if runs and isinstance(runs[-1], str):
                    runs[-1] += run
                else:
                    runs.append(run)
            else:
                runs.append(run)
        runs = [_clean_text(r) if isinstance(r, str) else r for r in runs]
        if runs and isinstance(runs[0], str):
            runs[0] = runs[0].lstrip()
        if runs and isinstance(runs[-1], str):
            runs[-1] = runs[-1].rstrip()
        return [r for r in runs if r != ""]


def runs_from_html(draft_pk: int, html: str, *, figures: bool = True) -> list:
    if not isinstance(html, str) or len(html) > MAX_TEXT * 20:
        raise ServiceError(BAD_PAYLOAD)
    parser = _Runs(draft_pk, figures)
    parser.feed(html)
    runs = parser.result()
    if sum(len(r) if isinstance(r, str) else len(r.phrase) for r in runs) > MAX_TEXT:
        raise ServiceError("一个段落的文字过长，请分成几段。")
    return runs


def text_from_html(draft_pk: int, html: str) -> str:
    return "".join(r if isinstance(r, str) else r.phrase for r in runs_from_html(draft_pk, html, figures=False))


def _line(value, limit: int = 200) -> str:
    if not isinstance(value, str):
        raise ServiceError(BAD_PAYLOAD)
    return _clean_text(value).strip()[:limit]


def document_from_payload(draft, payload: dict) -> Document:
    """The document the page sent (see the module docstring); ServiceError (Chinese) when it is malformed."""
    if not isinstance(payload, dict) or not isinstance(payload.get("blocks"), list):
        raise ServiceError(BAD_PAYLOAD)
    if len(payload["blocks"]) > MAX_BLOCKS:
        raise ServiceError("文稿的段落过多。")
    stored = draft.content or {}
    blocks = []
    for item in payload["blocks"]:
        if not isinstance(item, dict):
            raise ServiceError(BAD_PAYLOAD)
        kind = item.get("type")
        if kind == "heading":
            level = item.get("level")
            if level not in (1, 2, 3):
                raise ServiceError(BAD_PAYLOAD)
            text = text_from_html(draft.pk, item.get("html", ""))[:500]
            if text:
                blocks.append(Heading(level, text))
        elif kind == "paragraph":
            paragraph_kind = item.get("kind", "body")
            if paragraph_kind not in PARAGRAPH_KINDS:
                raise ServiceError(BAD_PAYLOAD)
            runs = runs_from_html(draft.pk, item.get("html", ""))
            if runs:
                blocks.append(Paragraph(runs, paragraph_kind))
        elif kind == "keep":
            data = unsign(draft.pk, item.get("token") or "")
            if data is None or data.get("type") not in ("chart", "table"):
                raise ServiceError(BAD_PAYLOAD)
            blocks.append(_block_from_dict(data))
        else:
            raise ServiceError(BAD_PAYLOAD)
    signature = payload.get("signature", stored.get("signature", []))
    if not isinstance(signature, list) or len(signature) > 5:
        raise ServiceError(BAD_PAYLOAD)
    title = _line(payload.get("title", ""))
    if not title:
        raise ServiceError("标题不能为空。")
    return Document(title=title, subtitle=_line(payload.get("subtitle", "")), blocks=blocks,
                    kind=stored.get("kind", draft.kind), org=stored.get("org", ""),
                    org_name=stored.get("org_name", ""), period=stored.get("period", ""),
                    signature=[s for s in (_line(s, 100) for s in signature) if s])


def restyle(document: Document, style: str) -> Document:
    """Every figure phrased again, from its value, in `style` (an edited phrase is replaced)."""
    if style not in phrasing.STYLES:
        raise ServiceError("请选择数字写法。")
    for _, fig in locations(document):
        own = phrasing.figure_style(style, fig.unit)
        found = phrasing.phrase(fig.value, fig.unit, own, wan=True)
        if found is not None:
            fig.phrase, fig.style, fig.qualifier = found.text, own, found.qualifier
    return document
