"""Make the app icons from ``resources/icons/reviewlens.svg``: ``python packaging/make_icons.py``.

Writes beside the SVG: ``reviewlens.png`` (512 px, Linux ``.desktop`` and docs),
``reviewlens-256.png``, ``reviewlens.ico`` (Windows: 16–256 px) and ``reviewlens.icns`` (macOS:
16–1024 px). Every size is rendered from the SVG itself (PySide6's QSvgRenderer, offscreen), so
small sizes stay sharp instead of being shrunk from a big bitmap; Pillow writes the containers.
Run it again after changing the SVG and commit the results (the build only reads them).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from PIL import Image

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "reviewlens.svg"
ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)
MARGIN = 0.06  # transparent border, as a fraction of the size (platform icon grids have one)


def render(size: int) -> Image.Image:
    """The SVG drawn into a transparent ``size``×``size`` RGBA image."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    margin = round(size * MARGIN) if size >= 32 else 0
    renderer.render(painter, QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return Image.open(io.BytesIO(bytes(data))).convert("RGBA")


def main() -> int:
    """Write every icon file; prints what it wrote."""
    images = {size: render(size) for size in sorted({*ICO_SIZES, *ICNS_SIZES})}
    written = []
    images[512].save(ICONS / "reviewlens.png", optimize=True)
    images[256].save(ICONS / "reviewlens-256.png", optimize=True)
    written += ["reviewlens.png", "reviewlens-256.png"]
    images[256].save(
        ICONS / "reviewlens.ico",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES if s != 256],
    )
    written.append("reviewlens.ico")
    images[1024].save(
        ICONS / "reviewlens.icns", append_images=[images[s] for s in ICNS_SIZES if s != 1024]
    )
    written.append("reviewlens.icns")
    for name in written:
        print(f"{ICONS / name}  {(ICONS / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
