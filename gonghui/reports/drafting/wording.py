"""The template language of document wording (section headings and bodies, default or edited by an administrator).

A template is plain Chinese text with placeholders in braces:

    {care.condolence.visits}          a figure: the metric's value for the union's subtree and the document's period,
                                      phrased in the draft's style ("34人次" / "近40人次"; money in 万元 from 1万元
                                      in the exact style, as summaries write it: "2.39万元"). It stays a figure of the
                                      document: traceable to its records and checked again later.
    {care.condolence.visits|change}   同比 in words: "同比增加12人次，增长54.5%" (plain text)
    {care.condolence.visits|target}   the figure as a target for next year's plan: this period's value, exactly
                                      ("30户"); plain text, since a target is a decision, not a fact to check
    {care.education.children|if}     a condition: writes nothing, but its clause is left out when the figure is
                                      absent ("{care.education.children|if}开展金秋助学，资助会员子女
                                      {care.education.children}。" goes whole when no education aid was paid)
    {care.health.batches}             a phrase: wording an area draws from its records (registry.Phrase), e.g. the
                                      months, kinds and figures of the health-check batches ("4月份组织退休职工48人，
                                      7月份组织在职职工117人"); its figures are figures of the document like any other;
                                      when the area has nothing to say, the clause is left out as for an absent figure
    {org} {party_org} {parent} {employer} {period} {end} {next} {today}
                                      named text: the union's name, its Party organisation ("本单位党组织" when not
                                      set), the upper union ("上级工会" when none), the employer ("本单位"), the
                                      period ("2025年", "2025年上半年"), its last day ("2025年12月31日"), the
                                      period after it ("2026年"), and the date the document is drafted.

A body holds one paragraph per line. A clause (up to ，；。！？) naming a figure that is absent — no records, or zero —
is left out, and a paragraph whose every figure is absent is dropped (documents.fill): a draft never says "0人次".
A clause that claims work names the figure behind it, shown or as a condition (|if): the default wording of every
work area holds to that (`unbacked_clauses()` lists the clauses that do not; a test runs it over every registered
area's summary and report wording), so that no sentence claims work without a record behind it.
A body line starting with "#" is a sub-heading, numbered automatically ("（一）" under a section, "1." under a
sub-section) and dropped with its paragraphs when all of them were dropped.

`validate(text)` lists what is wrong with a template, in Chinese (an unknown metric is named), for the form that
saves it.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from gonghui.core.metrics import Comparison

from .. import phrasing, registry
from ..documents import Figure, Paragraph, fill, make_figure

VARIABLES = {
    "org": "本工会名称",
    "party_org": "所在党组织（未填写时为“本单位党组织”）",
    "parent": "上级工会名称（没有上级时为“上级工会”）",
    "employer": "所在单位（未填写时为“本单位”）",
    "period": "期间，如“2025年”“2025年上半年”",
    "end": "期间最后一天（期间未结束时为今天），如“2025年12月31日”",
    "next": "下一期间，如“2026年”（工作计划所计划的期间）",
    "today": "成文日期",
}
FILTERS = {
    "change": "同比变化，如“同比增加12人次，增长54.5%”；上年无数据时该分句省略",
    "target": "作为下一年目标的本期数字（准确写法），如“30户”；无数据时该分句省略",
    "if": "条件：不写出数字，该指标无数据时所在分句整句省略，如“{care.education.children|if}开展金秋助学”",
}
ABSENT = "{__absent__}"  # a placeholder no figure ever answers: documents.fill drops its clause
_TOKEN = re.compile(r"\{([^{}]*)\}")
_CODE = re.compile(r"[a-z0-9_]+(?:\.[a-z0-9_]+)+")


def day_text(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass
class Context:
    """What a template is rendered with: the union, the period, the style, every figure already computed (in bulk)
    and the named text."""

    org: object
    period: object  # reports.periods.Period (cut at today when not over)
    style: str
    comparisons: Mapping[str, Comparison]  # code -> Comparison (previous may be None when not computed)
    variables: dict[str, str]
    phrases: dict[str, str] = field(default_factory=dict)  # code -> template text the area drew from its records
    _figures: dict[str, Figure | None] = field(default_factory=dict)

    def value(self, code: str):
        comparison = self.comparisons.get(code)
        return comparison.current if comparison is not None else None

    def figure(self, code: str) -> Figure | None:
        """The figure of a metric, phrased in the document's style; None when absent (or zero, or unknown)."""
        if code not in self._figures:
            found = None
            if code in registry.default and self.value(code) is not None:
                metric = registry.get(code)
                found = make_figure(metric, self.value(code), self.org, self.period, style=self.style, wan=True)
            self._figures[code] = found
        found = self._figures[code]
        return replace(found) if found is not None else None  # each place in the text has its own figure

    def change(self, code: str) -> str | None:
        comparison = self.comparisons.get(code)
        if comparison is None or code not in registry.default:
            return None
        return phrasing.change_phrase(comparison, registry.get(code).unit, style=self.style)

    def target(self, code: str) -> str | None:
        value = self.value(code)
        if value is None or code not in registry.default:
            return None
        found = phrasing.exact(value, registry.get(code).unit, wan=True)
        return found.text if found is not None else None


def _clean(text: str) -> str:
    """Named text never opens a placeholder of its own."""
    return text.replace("{", "（").replace("}", "）")


def substitute(template: str, ctx: Context) -> tuple[str, dict[str, Figure | None], dict[str, str]]:
    """Named text put in; figures left as {code}, and filtered values (|change, |target) as {__text_N}, for
    documents.fill — so that a clause with an absent value is dropped and one with a present value counts."""
    figures: dict[str, Figure | None] = {}
    texts: dict[str, str] = {}
    inside: list[str] = []

    def filtered(text: str | None, *, empty: bool = False) -> str:
        if not text and not empty:
            return ABSENT
        key = f"__text_{len(texts)}"
        texts[key] = _clean(text)
        figures[key] = Figure(metric=key, value=None, unit="", phrase=texts[key])
        return "{" + key + "}"

    def put(match: re.Match) -> str:
        name, _, filter_name = match[1].strip().partition("|")
        name, filter_name = name.strip(), filter_name.strip()
        if not filter_name and name in ctx.variables:
            return _clean(ctx.variables[name])
        if filter_name == "change":
            return filtered(ctx.change(name))
        if filter_name == "target":
            return filtered(ctx.target(name))
        if filter_name == "if":  # present: an empty text that counts as a figure of its clause; absent: dropped
            return filtered("", empty=True) if ctx.figure(name) is not None else ABSENT
        if not filter_name and name in ctx.phrases and not inside:
            text = ctx.phrases[name]
            if not text:
                return ABSENT
            inside.append(name)  # a phrase's own text is not searched for phrases again
            try:
                return _TOKEN.sub(put, text)
            finally:
                inside.pop()
        if not filter_name and _CODE.fullmatch(name):
            figures[name] = ctx.figure(name)
            return "{" + name + "}"
        return ABSENT  # validate() refuses these on save; a stale template loses the clause, not the document

    return _TOKEN.sub(put, template), figures, texts


def render(line: str, ctx: Context) -> Paragraph | None:
    """One body line as a paragraph (None when it says nothing: every figure it names is absent)."""
    text, figures, texts = substitute(line, ctx)
    if not text.strip():
        return None
    paragraph = fill(text.strip(), figures)
    if paragraph is None or not texts:
        return paragraph
    runs: list = []
    for run in paragraph.runs:
        run = texts[run.metric] if isinstance(run, Figure) and run.metric in texts else run
        if run == "":
            continue
        if isinstance(run, str) and runs and isinstance(runs[-1], str):
            runs[-1] += run
        else:
            runs.append(run)
    return Paragraph(runs, paragraph.kind)


def render_text(template: str, ctx: Context) -> str:
    """A template as plain text (titles, headings): figures written as their phrase, absent ones left out."""
    paragraph = render(template, ctx)
    return paragraph.text if paragraph is not None else ""


def codes(template: str) -> set[str]:
    """The metric codes a template names (with or without a filter)."""
    found = set()
    for match in _TOKEN.finditer(template or ""):
        name = match[1].strip().partition("|")[0].strip()
        if name not in VARIABLES:
            found.add(name)
    return found


def change_codes(template: str) -> set[str]:
    """Codes used with |change (they need last year's figure)."""
    return {m[1].strip().partition("|")[0].strip() for m in _TOKEN.finditer(template or "")
            if m[1].strip().partition("|")[2].strip() == "change"}


def unbacked_clauses(template: str) -> list[str]:
    """The clauses of a body (sub-heading lines aside) that name no figure, shown or as a condition: a clause that
    claims work must (module docstring)."""
    from ..documents import clauses

    out = []
    for line in (template or "").split("\n"):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        out += [c for c in clauses(line) if not any(name not in VARIABLES for name in
                                                    (m[1].strip().partition("|")[0].strip()
                                                     for m in _TOKEN.finditer(c)))]
    return out


def validate(template: str) -> list[str]:
    """What is wrong with a template, in Chinese; [] when it can be saved."""
    errors: list[str] = []
    text = template or ""
    if text.count("{") != text.count("}") or re.search(r"\{[^{}]*\{|\}[^{}]*\}", _TOKEN.sub("", text)):
        errors.append("花括号不成对：占位符应写作 {指标代码} 或 {变量名}，如 {care.condolence.visits}、{org}。")
    for match in _TOKEN.finditer(text):
        raw = match[1].strip()
        name, bar, filter_name = raw.partition("|")
        name, filter_name = name.strip(), filter_name.strip()
        if not name:
            errors.append("存在空的占位符 {}。")
        elif bar and filter_name not in FILTERS:
            errors.append(f"占位符 {{{raw}}} 中的“{filter_name}”不是可用的写法（可用：{'、'.join(FILTERS)}）。")
        elif name in VARIABLES:
            if bar:
                errors.append(f"变量 {{{name}}} 不能加“|{filter_name}”。")
        elif not _CODE.fullmatch(name):
            errors.append(f"未知的变量“{name}”（可用变量：{'、'.join(VARIABLES)}）。")
        elif registry.phrase(name) is not None:
            if bar:
                errors.append(f"措辞 {{{name}}} 是根据记录生成的文字，不能加“|{filter_name}”。")
        elif name not in registry.default:
            errors.append(f"未知的指标“{name}”：没有登记这个指标代码，请检查拼写。")
    return list(dict.fromkeys(errors))
