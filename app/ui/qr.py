"""QR codes drawn in the application (segno → SVG → QSvgRenderer), never written to disk.

The TOTP enrolment QR encodes the shared secret; it must not end up in a temp file or an
image cache, so it is rendered straight into a QImage in memory.
"""

from __future__ import annotations

import io

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPainter

BORDER = 4  # the quiet zone QR readers expect, in modules


def qr_svg(text: str) -> tuple[bytes, int]:
    """The SVG (one unit per module) and its width in modules, quiet zone included."""
    import segno

    code = segno.make(text, error="m")
    buffer = io.BytesIO()
    code.save(buffer, kind="svg", scale=1, border=BORDER, xmldecl=False, dark="#000000",
              light="#ffffff")
    width, _height = code.symbol_size(scale=1, border=BORDER)
    return buffer.getvalue(), int(width)


def qr_image(text: str, size: int) -> QImage:
    """A square black-on-white QR code of `size` device pixels.

    Each module gets a whole number of pixels (the code is centred on white), so the
    edges stay sharp for a phone camera.
    """
    from PySide6.QtCore import QRectF
    from PySide6.QtSvg import QSvgRenderer

    svg, modules = qr_svg(text)
    renderer = QSvgRenderer(QByteArray(svg))
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    pixels = max(1, size // modules) * modules
    offset = (size - pixels) / 2 if pixels <= size else 0
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        renderer.render(painter, QRectF(int(offset), int(offset), pixels, pixels))
    finally:
        painter.end()
    return image
