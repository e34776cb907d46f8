"""The metrics registry: one place where every work area's figures are found (DESIGN.md rule 5, issue 4).

A work area declares its figures with `gonghui.core.metrics` (Metric, Ratio) in its own module and registers them
there, once, at import:

    # gonghui/<app>/metrics.py  (or metrics_registry.py)
    from gonghui.reports import registry
    METRICS = [Metric(...), ...]
    registry.register(METRICS, area="care", area_label="帮扶关怀", order=40)

`ReportsConfig.ready()` imports, for every installed app of the gonghui package, its `metrics_registry` module
(or, if it has none, its `metrics` module), so nothing here ever lists the work areas. Only gonghui's own apps are
searched: a third-party app's `metrics` module is not ours to import.

`order` places the area's section in reports and dashboards. The usual order of a work summary (DOMAIN.md §2):
    10 组织建设 (members) · 20 民主管理 · 30 维权 · 40 帮扶关怀 (care) · 50 文体活动 · 60 建功立业 ·
    70 职工之家 · 80 培训与会议 · 90 经费 · 100 女职工、退管、宣传

An area also says how it appears on the dashboard and in documents, with `describe` (same module, after register):

    registry.describe("care",
        figures_perm=Perm.CARE_STATS,      # who may see the area's figures (default Perm.REPORT_VIEW)
        records_perm=Perm.CARE_VIEW,       # who may open the records behind them (default: figures_perm)
        key=["care.condolence.visits", ...],          # the dashboard's key figures, in order
        charts=[ChartSpec(...), ...],                 # the dashboard's charts
        sections=[Section("summary", heading, body), Section("report", ...), Section("plan", ...)],
        suggest=[function, ...],           # (org, period, figures) -> [Suggestion, ...] for 存在的问题 / 下一步
        watch=["care.condolence.visits", ...],        # figures whose fall against last year is worth a word
        phrases=[Phrase("care.health.batches", label, function), ...],  # data-drawn wording for {code}
    )

Reading:
    registry.get(code)             the figure (Metric or Ratio): compute / records / breakdown / by_child / compare
    registry.all()                 every figure, by area order, then as declared
    registry.by_area()             [Area(code, label, order, metrics), ...] by order
    registry.area_of(code)         the Area of a figure
    registry.compute(codes, org, period) -> {code: value}        (None where absent; one query per shared source)
    registry.compare(code, org, period)  -> Comparison
    registry.compare_many(codes, org, period) -> {code: Comparison}  (what a report or dashboard asks for)
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from gonghui.core import metrics as core
from gonghui.core.metrics import Comparison, Metric, Ratio

Figure = Metric | Ratio
MODULES = ("metrics_registry", "metrics")  # the first one an app has is imported


@dataclass(frozen=True)
class ChartSpec:
    """A dashboard chart of an area. Each series is a metric; the categories are one of its breakdowns (`by`, e.g.
    "month", "kind", "source"), or, with `over_time="month"`, the months of the period (a stock figure on each
    month's last day: members over time)."""

    code: str
    title: str
    kind: str  # bar | line | pie
    metrics: tuple[str, ...]
    by: str = ""
    over_time: str = ""  # "" | "month"


@dataclass(frozen=True)
class Section:
    """The default wording of an area's section in one kind of document (an administrator may override it: see
    models.SectionTemplate). `body` holds paragraphs, one per line, with {metric.code} placeholders (documents.fill
    drops a clause whose figure is absent)."""

    kind: str  # summary | report | plan
    heading: str
    body: str


@dataclass(frozen=True)
class Suggestion:
    """A point offered for 存在的问题 (part="problems") or 下一步工作打算 (part="next"), drawn from the data."""

    part: str
    text: str
    metric: str = ""  # the figure it is about, if any
    url: str = ""  # where the records are (a list of overdue reviews, of members not visited)


@dataclass(frozen=True)
class Phrase:
    """Wording drawn from the records that an area's sections use as {code}, where a fixed template cannot say it:
    the kinds of campaigns held ("元旦春节送温暖、端午、中秋"), the months and kinds of health-check batches, the
    kinds of people visited that are present. `text(org, period, figures)` (figures: {code: Comparison}, as for
    suggestions) returns template text — words, registered figures ({care.health.retired.people}) and named text;
    never a number of its own — or "" when there is nothing to say, and the clause naming it is dropped."""

    code: str
    label: str  # what the template pages call it
    text: Callable


@dataclass
class Area:
    code: str
    label: str
    order: int
    metrics: list[Figure] = field(default_factory=list)
    figures_perm: str = "report.view"
    records_perm: str = ""
    key: list[str] = field(default_factory=list)
    charts: list[ChartSpec] = field(default_factory=list)
    sections: dict[str, Section] = field(default_factory=dict)
    suggest: list = field(default_factory=list)
    watch: list[str] = field(default_factory=list)
    phrases: list[Phrase] = field(default_factory=list)

    def section(self, kind: str) -> Section | None:
        return self.sections.get(kind)


class Registry:
    def __init__(self):
        self._areas: dict[str, Area] = {}
        self._metrics: dict[str, Figure] = {}
        self._area_of: dict[str, str] = {}
        self._phrases: dict[str, Phrase] = {}

    def register(self, metrics: Iterable[Figure], *, area: str, area_label: str, order: int = 100) -> list[Figure]:
        """Add a work area's figures. Registering the same objects again (a module imported twice) changes
        nothing; another figure with a code already taken is a configuration error."""
        metrics = list(metrics)
        existing = self._areas.get(area)
        if existing is None:
            existing = self._areas[area] = Area(area, area_label, order)
        elif (existing.label, existing.order) != (area_label, order):
            raise ImproperlyConfigured(f"工作领域“{area}”重复登记且名称或顺序不同：{existing.label}/{area_label}")
        for metric in metrics:
            if not isinstance(metric, (Metric, Ratio)):
                raise ImproperlyConfigured(f"{metric!r} 不是指标（Metric 或 Ratio）")
            taken = self._metrics.get(metric.code)
            if taken is metric:
                continue
            if taken is not None:
                raise ImproperlyConfigured(f"指标代码重复：{metric.code}（{self._area_of[metric.code]} 与 {area}）")
            self._metrics[metric.code] = metric
            self._area_of[metric.code] = area
            existing.metrics.append(metric)
        return metrics

    def describe(self, area: str, *, figures_perm: str | None = None, records_perm: str | None = None,
                 key: Iterable[str] = (), charts: Iterable[ChartSpec] = (), sections: Iterable[Section] = (),
                 suggest: Iterable = (), watch: Iterable[str] = (), phrases: Iterable[Phrase] = ()) -> Area:
        """Say how a registered area shows on the dashboard and in documents (see the module docstring). Figures
        named in key and watch must be registered."""
        try:
            found = self._areas[area]
        except KeyError:
            raise ImproperlyConfigured(f"工作领域“{area}”尚未登记指标") from None
        for code in [*key, *watch, *(c for chart in charts for c in chart.metrics)]:
            self.get(code)
        if figures_perm is not None:
            found.figures_perm = figures_perm
        if records_perm is not None:
            found.records_perm = records_perm
        found.key = list(dict.fromkeys([*found.key, *key]))
        found.charts = [*found.charts, *(c for c in charts if c not in found.charts)]
        found.sections.update({s.kind: s for s in sections})
        found.suggest = [*found.suggest, *(f for f in suggest if f not in found.suggest)]
        found.watch = list(dict.fromkeys([*found.watch, *watch]))
        for phrase in phrases:
            taken = self._phrases.get(phrase.code)
            if taken is phrase:
                continue
            if taken is not None or phrase.code in self._metrics:
                raise ImproperlyConfigured(f"措辞代码重复：{phrase.code}")
            self._phrases[phrase.code] = phrase
            found.phrases.append(phrase)
        return found

    def phrase(self, code: str) -> Phrase | None:
        """The data-drawn wording registered as `code`, or None."""
        return self._phrases.get(code)

    def get(self, code: str) -> Figure:
        try:
            return self._metrics[code]
        except KeyError:
            raise KeyError(f"未知指标：{code}") from None

    def __contains__(self, code: str) -> bool:
        return code in self._metrics

    def by_area(self) -> list[Area]:
        return sorted(self._areas.values(), key=lambda a: (a.order, a.code))

    def all(self) -> list[Figure]:
        return [m for area in self.by_area() for m in area.metrics]

    def area_of(self, code: str) -> Area:
        self.get(code)
        return self._areas[self._area_of[code]]

    def compute(self, codes: Iterable[str], org, period) -> dict[str, object]:
        """{code: value} for a subtree and period (None where absent), one query per shared source."""
        return core.compute_many([self.get(code) for code in codes], org, period.start, period.end)

    def compare(self, code: str, org, period) -> Comparison:
        return self.get(code).compare(org, period)

    def compare_many(self, codes: Iterable[str], org, period) -> dict[str, Comparison]:
        return core.compare_many([self.get(code) for code in codes], org, period)


default = Registry()
register = default.register
describe = default.describe
phrase = default.phrase
get = default.get
all = default.all  # noqa: A001 - the registry's own vocabulary: registry.all()
by_area = default.by_area
area_of = default.area_of
compute = default.compute
compare = default.compare
compare_many = default.compare_many


def autodiscover() -> list[str]:
    """Import each gonghui app's metrics module (see the module docstring); returns the modules imported."""
    imported = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gonghui."):
            continue
        for name in MODULES:
            if module_has_submodule(config.module, name):
                importlib.import_module(f"{config.name}.{name}")
                imported.append(f"{config.name}.{name}")
                break
    return imported
