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
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule

from gonghui.core import metrics as core
from gonghui.core.metrics import Comparison, Metric, Ratio

Figure = Metric | Ratio
MODULES = ("metrics_registry", "metrics")  # the first one an app has is imported


@dataclass
class Area:
    code: str
    label: str
    order: int
    metrics: list[Figure] = field(default_factory=list)


class Registry:
    def __init__(self):
        self._areas: dict[str, Area] = {}
        self._metrics: dict[str, Figure] = {}
        self._area_of: dict[str, str] = {}

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
