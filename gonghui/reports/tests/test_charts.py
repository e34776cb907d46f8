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
