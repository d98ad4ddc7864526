"""Show a stored PDF or image from memory.

The bytes come from the vault (core `read_document_data`) and go straight into Qt: a PDF
into QPdfDocument through a QBuffer, an image through QImage.fromData. Nothing is written
to a temp file, a cache or a thumbnail store. Closing the viewer (or locking) closes the
document and empties the buffer; Python's own copy of the bytes is dropped with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Slot
from PySide6.QtGui import QGuiApplication, QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.ui.chart.common import tr

if TYPE_CHECKING:
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtPdfWidgets import QPdfView


ZOOM_STEP = 1.25
MIN_ZOOM, MAX_ZOOM = 0.25, 4.0


class DocumentViewer(QDialog):
    def __init__(self, parent: QWidget | None, title: str, content_type: str,
                 data: bytes) -> None:
        super().__init__(parent)
        self.setObjectName("documentViewer")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        screen = (parent.screen() if parent is not None else QGuiApplication.primaryScreen())
        room = screen.availableGeometry()
        self.resize(min(820, int(room.width() * 0.8)), min(900, int(room.height() * 0.85)))
        self.content_type = content_type
        self.pdf: QPdfDocument | None = None
        self.pdf_view: QPdfView | None = None
        self.image_label: QLabel | None = None
        self._buffer: QBuffer | None = None
        self._pixmap: QPixmap | None = None
        self._zoom: float = 1.0
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        if content_type == "application/pdf":
            self._show_pdf(data)
        else:
            self._show_image(data)
        if self.pdf_view is not None:
            layout.addWidget(self.pdf_view, 1)
        else:
            self.scroll_area = QScrollArea(self)
            self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
            assert self.image_label is not None
            self.scroll_area.setWidget(self.image_label)
            self.scroll_area.setWidgetResizable(False)
            layout.addWidget(self.scroll_area, 1)
        self.zoom_out_button = QPushButton(tr("Zoom &out"), self)
        self.zoom_in_button = QPushButton(tr("Zoom &in"), self)
        self.fit_button = QPushButton(tr("&Fit"), self)
        self.zoom_out_button.setToolTip(tr("Zoom out (Ctrl+-)"))
        self.zoom_in_button.setToolTip(tr("Zoom in (Ctrl++)"))
        self.fit_button.setToolTip(tr("Fit to the window (Ctrl+0)"))
        self.zoom_out_button.clicked.connect(lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button.clicked.connect(lambda: self.zoom_by(ZOOM_STEP))
        self.fit_button.clicked.connect(self.fit)
        close = QPushButton(tr("&Close"), self)
        close.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        for button in (self.zoom_out_button, self.zoom_in_button, self.fit_button, close):
            row.addWidget(button)
        layout.addLayout(row)
        QShortcut(QKeySequence.StandardKey.Close, self, self.reject)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, lambda: self.zoom_by(ZOOM_STEP))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, lambda: self.zoom_by(1 / ZOOM_STEP))
        QShortcut(QKeySequence("Ctrl+0"), self, self.fit)

    def _show_pdf(self, data: bytes) -> None:
        from PySide6.QtPdf import QPdfDocument
        from PySide6.QtPdfWidgets import QPdfView

        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf = QPdfDocument(self)
        self.pdf.statusChanged.connect(self._on_pdf_status)
        self.pdf_view = QPdfView(self)
        self.pdf_view.setAccessibleName(tr("Document pages"))
        self.pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pdf_view.setDocument(self.pdf)
        self.pdf.load(self._buffer)
        self._on_pdf_status()

    @Slot()
    def _on_pdf_status(self) -> None:
        from PySide6.QtPdf import QPdfDocument

        if self.pdf is None:
            return
        status = self.pdf.status()
        if status == QPdfDocument.Status.Ready:
            self.status.setText(tr("Pages: {n}").format(n=self.pdf.pageCount())
                                if self.pdf.pageCount() != 1 else tr("1 page"))
        elif status == QPdfDocument.Status.Error:
            self.status.setText(tr("This PDF could not be shown ({error}).").format(
                error=self.pdf.error().name))

    def _show_image(self, data: bytes) -> None:
        image = QImage.fromData(data)
        self.image_label = QLabel(self)
        self.image_label.setAccessibleName(tr("Document image"))
        if image.isNull():
            self.image_label.setText(tr("This image could not be shown."))
            return
        self._pixmap = QPixmap.fromImage(image)
        self.image_label.setPixmap(self._pixmap)
        self.image_label.resize(self._pixmap.size())
        self.status.setText(tr("{w} × {h} pixels").format(w=image.width(), h=image.height()))

    # -- zoom ------------------------------------------------------------------------
    def zoom_factor(self) -> float:
        return self._zoom

    @Slot()
    def zoom_by(self, step: float) -> None:
        """Scale the page or image by `step`, within 25 %–400 %. A PDF leaves fit-to-width
        for a fixed zoom; an image is drawn again from the stored pixmap (never the scaled
        copy), so zooming in and out loses nothing."""
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is not None:
            if self.pdf_view.zoomMode() != QPdfView.ZoomMode.Custom:
                self._zoom = self.pdf_view.zoomFactor()
                self.pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, self._zoom * step))
            self.pdf_view.setZoomFactor(self._zoom)
        elif self._pixmap is not None and self.image_label is not None:
            self._zoom = min(MAX_ZOOM, max(MIN_ZOOM, self._zoom * step))
            self._draw_image()

    @Slot()
    def fit(self) -> None:
        from PySide6.QtPdfWidgets import QPdfView

        if self.pdf_view is not None:
            self.pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            self._zoom = 1.0
        elif self._pixmap is not None:
            room = self.scroll_area.viewport().size()
            self._zoom = min(1.0, room.width() / self._pixmap.width(),
                             room.height() / self._pixmap.height())
            self._draw_image()

    def _draw_image(self) -> None:
        assert self._pixmap is not None and self.image_label is not None
        size = self._pixmap.size() * self._zoom
        shown = self._pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                    Qt.TransformationMode.SmoothTransformation)
        self.image_label.setPixmap(shown)
        self.image_label.resize(shown.size())

    def page_count(self) -> int:
        return self.pdf.pageCount() if self.pdf is not None else 0

    def image_size(self) -> tuple[int, int]:
        if self._pixmap is None:
            return (0, 0)
        return (self._pixmap.width(), self._pixmap.height())

    def done(self, result: int) -> None:
        self.release()
        super().done(result)

    def release(self) -> None:
        """Close the document and drop every copy of its bytes we hold."""
        if self.pdf is not None:
            self.pdf.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
        if self.image_label is not None:
            self.image_label.clear()
        self._pixmap = None
