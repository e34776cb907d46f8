"""Charts for Word documents: bar, line and pie to PNG (200 dpi) with matplotlib, Chinese labels included.

Rendering uses matplotlib's object API with the Agg canvas (no display, no pyplot global state, safe in threads of
an app server). The font is a CJK font found through matplotlib.font_manager — on Debian the `fonts-noto-cjk`
package (Noto Sans CJK SC, else Noto Serif CJK SC, else another CJK family); scripts/setup installs it. Without one,
Chinese labels would render as empty boxes, so `render()` refuses with `ChartFontMissing` instead.

    png = render(chart)          # chart: gonghui.reports.documents.Chart; returns PNG bytes
    cjk_font()                   # the font chosen (name and file)

Values reach matplotlib as floats: a chart is a picture of the figures, whose exact values stay in the document.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from gonghui.core.metrics import Rate  # noqa: E402

DPI = 200
WIDTH_MM, HEIGHT_MM = 150, 90  # fits the 156 mm text width of a GB/T 9704 page
KINDS = ("bar", "line", "pie")
# Preferred first; the first one installed wins. Any family whose name says CJK (or a known Chinese family) is
# accepted as a last resort.
PREFERRED = ("Noto Sans CJK SC", "Noto Serif CJK SC", "Source Han Sans SC", "Source Han Serif SC",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "SimHei", "Microsoft YaHei", "SimSun",
             "Noto Sans CJK TC", "Noto Sans CJK JP")
CJK_HINTS = ("CJK", "Han Sans", "Han Serif", "WenQuanYi", "Hei", "Song", "Kai", "Fang")
COLOURS = ("#c23531", "#2f4554", "#61a0a8", "#d48265", "#91c7ae", "#749f83", "#ca8622", "#bda29a", "#6e7074",
           "#546570")
_lock = threading.Lock()  # FreeType font objects are shared by the font cache; draw one chart at a time


class ChartFontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class FontChoice:
    name: str
    path: str


def _find() -> FontChoice | None:
    entries = {f.name: f.fname for f in font_manager.fontManager.ttflist}
    for name in PREFERRED:
        if name in entries:
            return FontChoice(name, entries[name])
    for name, path in sorted(entries.items()):
        if any(hint in name for hint in CJK_HINTS):
            return FontChoice(name, path)
    return None


@lru_cache(maxsize=1)
def cjk_font() -> FontChoice:
    """The CJK font charts use. matplotlib's font list is cached on disk; if it predates the fonts' installation,
    it is rebuilt once before giving up."""
    choice = _find()
    if choice is None:
        try:  # private API, used only on this rare path
            font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)
        except Exception:  # noqa: BLE001 - then the fonts are simply not there
            pass
        choice = _find()
    if choice is None:
        raise ChartFontMissing(
            "未找到中文字体，图表中的中文将无法显示。请安装 Noto CJK 字体"
            "（Debian/Ubuntu：apt-get install fonts-noto-cjk，或运行 scripts/setup）后重试。")
    return choice


def _float(value) -> float:
    if value is None:
        return 0.0
    if isinstance(value, Rate):
        return float(value.percent or 0)
    if isinstance(value, Decimal):
        return float(value)
    return float(value)


def _label(value) -> str:
    if isinstance(value, Rate):
        return f"{value.percent.normalize():f}%" if value.percent is not None else ""
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def render(chart, *, dpi: int = DPI, width_mm: float = WIDTH_MM, height_mm: float = HEIGHT_MM) -> bytes:
    """The chart as PNG bytes. `chart` has title, kind, categories, series (name, values) and unit."""
    if chart.kind not in KINDS:
        raise ValueError(f"chart kind is one of {KINDS}")
    font = cjk_font()
    rc = {"font.family": [font.name], "font.sans-serif": [font.name], "axes.unicode_minus": False,
          "font.size": 9}
    with _lock, matplotlib.rc_context(rc):
        figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        categories = list(chart.categories)
        if chart.kind == "pie":
            _pie(axes, chart, categories)
        else:
            _bars_or_lines(axes, chart, categories)
        if chart.title:
            axes.set_title(chart.title, fontsize=11)
        figure.tight_layout()
        out = io.BytesIO()
        figure.savefig(out, format="png", dpi=dpi)
        return out.getvalue()


def _bars_or_lines(axes, chart, categories) -> None:
    positions = range(len(categories))
    count = max(len(chart.series), 1)
    width = 0.8 / count
    for index, series in enumerate(chart.series):
        values = [_float(v) for v in series.values]
        colour = COLOURS[index % len(COLOURS)]
        if chart.kind == "bar":
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            bars = axes.bar(offsets, values, width=width, label=series.name, color=colour)
            axes.bar_label(bars, labels=[_label(v) if v is not None else "" for v in series.values], fontsize=7)
        else:
            axes.plot(list(positions), values, marker="o", label=series.name, color=colour)
    axes.set_xticks(list(positions), categories, rotation=30 if len(categories) > 6 else 0)
    if chart.unit:
        axes.set_ylabel(chart.unit, rotation=0, loc="top", labelpad=12)
    axes.spines[["top", "right"]].set_visible(False)
    if len(chart.series) > 1:
        axes.legend(frameon=False)


def _pie(axes, chart, categories) -> None:
    series = chart.series[0]
    pairs = [(c, _float(v)) for c, v in zip(categories, series.values) if _float(v) > 0]
    axes.pie([v for _, v in pairs], labels=[c for c, _ in pairs], autopct="%1.1f%%", startangle=90,
             counterclock=False, colors=COLOURS[: len(pairs)] if len(pairs) <= len(COLOURS) else None)
    axes.axis("equal")
