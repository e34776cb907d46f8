"""Labels for copies and equipment: the number as a QR code drawn by segno as inline SVG (no image file, no font),
readable by any phone camera and by the browser's BarcodeDetector on the circulation desk."""
from __future__ import annotations

import io

import segno


def qr_svg(text: str, scale: int = 3) -> str:
    out = io.BytesIO()
    segno.make(text, error="m", micro=False).save(out, kind="svg", scale=scale, border=1, xmldecl=False,
                                                  svgns=True, nl=False)
    return out.getvalue().decode()
