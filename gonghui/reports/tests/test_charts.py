"""Charts: a CJK font is chosen, Chinese renders without missing glyphs, every kind gives a PNG."""
import io
import logging
import warnings
from decimal import Decimal

import pytest
from matplotlib import font_manager

from gonghui.core.metrics import Rate
from gonghui.reports import charts
from gonghui.reports.documents import Chart, Series

CHINESE = ["一月", "二月", "三月", "慰问金", "困难职工"]


def test_the_font_chosen_is_a_cjk_font():
    font = charts.cjk_font()
    assert any(hint in font.name for hint in ("CJK", "Han", "Hei", "Song"))
    assert font.name in {f.name for f in font_manager.fontManager.ttflist}
    # It really has the glyphs: every character of the labels maps to a glyph in the chosen face.
    from matplotlib.ft2font import FT2Font

    face = FT2Font(font_manager.findfont(font_manager.FontProperties(family=font.name), fallback_to_default=False))
    charmap = face.get_charmap()
    assert all(ord(ch) in charmap for ch in "".join(CHINESE) + "帮扶关怀按月元")


@pytest.mark.parametrize("kind", charts.KINDS)
def test_chinese_renders_without_missing_glyphs(kind, caplog):
    chart = Chart("慰问金按月（元）", kind, CHINESE[:3],
                  [Series("慰问金", [Decimal("800.00"), Decimal("1200.50"), 300]),
                   Series("补助", [100, None, Rate(1, 2)])] if kind != "pie" else
                  [Series("慰问金", [Decimal("800.00"), Decimal("1200.50"), 300])], unit="元")
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.DEBUG, logger="matplotlib"):
        warnings.simplefilter("always")
        png = charts.render(chart)
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "missing from font" in m or "Glyph" in m or "findfont: Font family" in m]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    assert image.info.get("dpi") and round(image.info["dpi"][0]) == charts.DPI


def texts_of(figure):
    from matplotlib.text import Text

    return [t for t in figure.findobj(Text) if t.get_text() and t.get_visible()]


def glyphs_missing(text) -> str:
    """The characters of a drawn text that the font file matplotlib resolves for it has no glyph for."""
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
    charmap = FT2Font(path).get_charmap()
    return "".join(ch for ch in text.get_text() if not ch.isspace() and ord(ch) not in charmap)


@pytest.mark.parametrize("kind", charts.KINDS)
def test_every_text_drawn_resolves_to_a_font_with_its_glyphs(kind):
    series = [Series("慰问金", [Decimal("800.00"), Decimal("1200.50"), 300])]
    if kind != "pie":
        series.append(Series("补助（元）", [100, None, 20]))
    figure = charts.draw(Chart("慰问金按月（元）", kind, CHINESE[:3], series, unit="元"))
    texts = texts_of(figure)
    shown = "".join(t.get_text() for t in texts)
    assert "慰问金按月（元）" in shown and all(c in shown for c in CHINESE[:3])  # title and categories drawn
    assert {t.get_text(): glyphs_missing(t) for t in texts if glyphs_missing(t)} == {}


def test_the_glyph_check_can_fail():
    from matplotlib.text import Text

    latin = Text(text="慰问金", fontproperties=font_manager.FontProperties(family="DejaVu Sans"))
    assert glyphs_missing(latin) == "慰问金"


def test_pie_names_values_and_shares_in_a_legend():
    figure = charts.draw(Chart("救助按类别", "pie", ["生活救助", "大病救助", "助学"],
                               [Series("金额", [Decimal("123400.00"), Decimal("1200.50"), Decimal("0")])], unit="元"))
    legend = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert legend == ["生活救助　123,400元（99.0%）", "大病救助　1,200.50元（1.0%）"]  # no empty slice
    on_slices = [t.get_text() for t in texts_of(figure) if t.get_text().endswith("%") and "　" not in t.get_text()]
    assert on_slices == ["99.0%"]  # a share under 5% is only in the legend


def test_a_word_picture_leaves_the_title_to_the_caption():
    chart = Chart("慰问金按月", "bar", CHINESE[:3], [Series("慰问金", [1, 2, 3])])
    assert "慰问金按月" in [t.get_text() for t in texts_of(charts.draw(chart))]
    assert "慰问金按月" not in [t.get_text() for t in texts_of(charts.draw(chart, title=False))]


def test_a_font_without_chinese_would_have_warned(caplog):
    """The check above can fail: with a Latin-only font, matplotlib reports the missing glyphs."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    import matplotlib

    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        warnings.simplefilter("always")
        figure = Figure()
        FigureCanvasAgg(figure)
        figure.add_subplot().set_title("慰问金")
        figure.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_no_cjk_font_is_a_clear_error(monkeypatch):
    charts.cjk_font.cache_clear()
    monkeypatch.setattr(charts, "_find", lambda: None)
    manager = font_manager.fontManager
    monkeypatch.setattr(font_manager, "_load_fontmanager", lambda try_read_cache=True: manager)
    try:
        with pytest.raises(charts.ChartFontMissing, match="fonts-noto-cjk"):
            charts.cjk_font()
    finally:
        monkeypatch.undo()
        charts.cjk_font.cache_clear()


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        charts.render(Chart("图", "radar", ["一"], [Series("x", [1])]))


def test_values_on_bars_only_when_there_is_room():
    few = charts.draw(Chart("", "bar", CHINESE[:3], [Series("慰问", [1200, 30, 5])]))
    assert [t.get_text() for t in few.axes[0].texts] == ["1,200", "30", "5"]
    months = [f"{m}月" for m in range(1, 13)]
    many = charts.draw(Chart("", "bar", months, [Series("慰问", list(range(12))), Series("救助", list(range(12)))]))
    assert list(many.axes[0].texts) == []
    assert all(label.get_rotation() == 0 for label in many.axes[0].get_xticklabels())  # "10月" fits level


def test_long_category_names_are_slanted():
    names = ["生活救助", "大病救助", "金秋助学", "遗属供养", "职工互助保障", "节日慰问", "夏送清凉"]
    figure = charts.draw(Chart("", "bar", names, [Series("金额", [1, 2, 3, 4, 5, 6, 7])]))
    assert {label.get_rotation() for label in figure.axes[0].get_xticklabels()} == {30}


def test_a_missing_value_is_a_gap_in_a_line_not_a_zero():
    import math

    figure = charts.draw(Chart("", "line", CHINESE[:3], [Series("慰问", [5, None, 7])]))
    ys = list(figure.axes[0].lines[0].get_ydata())
    assert ys[0] == 5 and math.isnan(ys[1]) and ys[2] == 7


@pytest.mark.parametrize("kind", ["bar", "line"])
@pytest.mark.parametrize("unit", ["人", "人次", "户", ""])
def test_a_chart_of_counts_has_whole_numbers_on_its_axis(kind, unit):
    """Issue 8: no "3.5人" on the axis of a chart of people."""
    chart = Chart("走访慰问按月", kind, ["1月", "2月", "3月", "4月"], [Series("慰问看望职工", [1, 3, 2, None])], unit=unit)
    axes = charts.draw(chart).axes[0]
    ticks = [t for t in axes.get_yticks() if axes.get_ylim()[0] <= t <= axes.get_ylim()[1]]
    assert len(ticks) >= 2
    assert all(float(t).is_integer() for t in ticks), ticks
    labels = [t.get_text() for t in axes.get_yticklabels() if t.get_text()]
    assert not [label for label in labels if "." in label]


def test_a_chart_of_money_or_rates_keeps_fractional_ticks_where_needed():
    money = Chart("慰问金", "bar", ["1月", "2月"], [Series("慰问金", [Decimal("1.50"), Decimal("2.50")])], unit="元")
    axes = charts.draw(money).axes[0]
    assert any(not float(t).is_integer() for t in axes.get_yticks())
