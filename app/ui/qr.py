"""QR codes drawn in the application (segno → SVG → QSvgRenderer), never written to disk.

The TOTP enrolment QR encodes the shared secret; it must not end up in a temp file or an
image cache, so it is rendered straight into a QImage in memory.
"""

from __future__ import annotations

import io

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPainter


def qr_svg(text: str) -> bytes:
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="svg", scale=1, border=4, xmldecl=False,
                                      dark="#000000", light="#ffffff")
    return buffer.getvalue()


def qr_image(text: str, size: int) -> QImage:
    """A square black-on-white QR code of `size` device pixels."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(qr_svg(text)))
    image = QImage(size, size, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    try:
        # Modules must stay crisp squares for phone cameras.
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        renderer.render(painter)
    finally:
        painter.end()
    return image
