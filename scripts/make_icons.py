"""Draw the member site's home-screen icons (web-app manifest): a white 工 on the union red, drawn from rectangles
(no font, no third-party asset). Run once after changing the design:

    python scripts/make_icons.py    # writes gonghui/portal/static/portal/icons/icon-{192,512}.png
"""
from pathlib import Path

from PIL import Image, ImageDraw

RED = (183, 28, 28)
WHITE = (255, 255, 255)
OUT = Path(__file__).resolve().parent.parent / "gonghui" / "portal" / "static" / "portal" / "icons"


def icon(size: int) -> Image.Image:
    img = Image.new("RGB", (size, size), RED)
    d = ImageDraw.Draw(img)
    u = size / 16  # the glyph sits inside the maskable safe zone (the middle 80 %)
    d.rectangle([4.5 * u, 4.5 * u, 11.5 * u, 5.8 * u], fill=WHITE)   # top stroke
    d.rectangle([7.35 * u, 5 * u, 8.65 * u, 11 * u], fill=WHITE)     # the vertical
    d.rectangle([3.5 * u, 10.4 * u, 12.5 * u, 11.7 * u], fill=WHITE)  # bottom stroke
    return img


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for n in (192, 512):
        icon(n).save(OUT / f"icon-{n}.png", optimize=True)
        print(OUT / f"icon-{n}.png")
