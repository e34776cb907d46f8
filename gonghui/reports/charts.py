"""Charts for Word documents: bar, line and pie to PNG (200 dpi) with matplotlib, Chinese labels included.

Rendering uses matplotlib's object API with the Agg canvas (no display, no pyplot global state, safe in threads of
an app server). The font is a CJK font found through matplotlib.font_manager — on Debian the `fonts-noto-cjk`
package (Noto Sans CJK SC, else Noto Serif CJK SC, else another CJK family); scripts/setup installs it. Without one,
Chinese labels would render as empty boxes, so `render()` refuses with `ChartFontMissing` instead.

    png = render(chart)          # chart: gonghui.reports.documents.Chart; returns PNG bytes
    figure = draw(chart)         # the matplotlib Figure itself (tests read its texts)
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
FONT_SIZE = 9  # points, for the texts of the axes
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
    if isinstance(value, Decimal):  # money: 1,200 or 1,200.50
        return f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def render(chart, *, dpi: int = DPI, width_mm: float = WIDTH_MM, height_mm: float = HEIGHT_MM,
           title: bool = True) -> bytes:
    """The chart as PNG bytes. `chart` has title, kind, categories, series (name, values) and unit. `title=False`
    leaves the title out of the picture (a Word document puts it in the caption "图N　…" under the picture)."""
    out = io.BytesIO()
    with _lock, _fonts():
        _draw(chart, dpi, width_mm, height_mm, title).savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def draw(chart, *, dpi: int = DPI, width_mm: float = WIDTH_MM, height_mm: float = HEIGHT_MM,
         title: bool = True) -> Figure:
    """The matplotlib Figure render() saves, laid out (its texts can be inspected)."""
    with _lock, _fonts():
        return _draw(chart, dpi, width_mm, height_mm, title)


def _fonts():
    font = cjk_font()
    return matplotlib.rc_context({"font.family": [font.name], "font.sans-serif": [font.name],
                                  "axes.unicode_minus": False, "font.size": FONT_SIZE})


def _draw(chart, dpi, width_mm, height_mm, title) -> Figure:
    if chart.kind not in KINDS:
        raise ValueError(f"chart kind is one of {KINDS}")
    figure = Figure(figsize=(width_mm / 25.4, height_mm / 25.4), dpi=dpi)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    categories = list(chart.categories)
    if chart.kind == "pie":
        _pie(axes, chart, categories)
    else:
        _bars_or_lines(axes, chart, categories, width_mm)
    if title and chart.title:  # above the legend when the legend is above the plot
        axes.set_title(chart.title, fontsize=11, pad=24 if chart.kind != "pie" and len(chart.series) > 1 else 10)
    figure.tight_layout()
    return figure


LABELLED_BARS = 16  # above this many bars, values on top of them would run into each other


def _ems(text: str) -> float:
    """The width of a text in ems: a Chinese character is one, a digit or a Latin letter about half."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.55 for ch in text)


def _slanted(categories, width_mm: float) -> bool:
    """Whether the category names would touch written level: the longest against one category's share of the
    plot's width (about 85% of the picture's)."""
    if not categories:
        return False
    slot = width_mm * 0.85 / len(categories)
    return max(_ems(c) for c in categories) * FONT_SIZE * 25.4 / 72 > slot * 0.9


def _counts(chart) -> bool:
    """A chart of counts: its unit is a count unit (人, 人次, 户, 次 …), or, without a unit, every value is whole
    (money is Decimal, rates are Rate)."""
    from .phrasing import COUNT_UNITS

    if chart.unit:
        return chart.unit in COUNT_UNITS
    values = [v for s in chart.series for v in s.values if v is not None]
    return bool(values) and all(isinstance(v, int) and not isinstance(v, bool) for v in values)


def _bars_or_lines(axes, chart, categories, width_mm: float) -> None:
    """Bars side by side (values on top when there is room) or lines (a missing value is a gap, not a zero); the
    legend above the plot, outside the bars; thousands separated on the axis as in the text."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    positions = range(len(categories))
    count = max(len(chart.series), 1)
    width = 0.8 / count
    labelled = chart.kind == "bar" and len(categories) * count <= LABELLED_BARS
    for index, series in enumerate(chart.series):
        colour = COLOURS[index % len(COLOURS)]
        if chart.kind == "bar":
            offsets = [p - 0.4 + width * (index + 0.5) for p in positions]
            bars = axes.bar(offsets, [_float(v) for v in series.values], width=width, label=series.name,
                            color=colour)
            if labelled:
                axes.bar_label(bars, labels=[_label(v) if v is not None else "" for v in series.values],
                               fontsize=7, padding=2)
        else:
            values = [float("nan") if v is None else _float(v) for v in series.values]
            axes.plot(list(positions), values, marker="o", markersize=4, label=series.name, color=colour)
    slanted = _slanted(categories, width_mm)
    axes.set_xticks(list(positions), categories, rotation=30 if slanted else 0, ha="right" if slanted else "center")
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}" if value == int(value)
                                                 else f"{value:,.1f}"))
    if _counts(chart):  # whole people, visits, households on the axis: never "3.5人"
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    if chart.kind == "bar":
        axes.set_ylim(bottom=0)
    if chart.unit:
        axes.set_ylabel(chart.unit, rotation=0, loc="top", labelpad=12)
    axes.spines[["top", "right"]].set_visible(False)
    if len(chart.series) > 1:
        axes.legend(frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=min(len(chart.series), 4))


def _pie(axes, chart, categories) -> None:
    """Slices clockwise from twelve o'clock; names, values and shares in a legend beside the pie (labels around it
    collide when slices are thin); a share under 5% is not printed on its slice."""
    series = chart.series[0]
    pairs = [(c, v) for c, v in zip(categories, series.values) if _float(v) > 0]
    values = [_float(v) for _, v in pairs]
    total = sum(values) or 1.0
    colours = [COLOURS[i % len(COLOURS)] for i in range(len(pairs))]
    wedges, _texts, _shares = axes.pie(
        values, autopct=lambda pct: f"{pct:.1f}%" if pct >= 5 else "", startangle=90, counterclock=False,
        colors=colours, pctdistance=0.72, wedgeprops={"linewidth": 1, "edgecolor": "white"},
        textprops={"color": "white", "fontsize": 8})
    unit = chart.unit or ""
    axes.legend(wedges, [f"{c}　{_label(v)}{unit}（{_float(v) / total:.1%}）" for c, v in pairs],
                loc="center left", bbox_to_anchor=(1.0, 0.5), frameon=False, fontsize=8)
    axes.axis("equal")
