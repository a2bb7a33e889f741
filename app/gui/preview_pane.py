"""The in-app preview of a cited source: the PDF page with the supporting sentence highlighted, or a text
document's passage in its context; "Open in system viewer" beside it.

Why inside Enclave: many machines have no PDF viewer, and a viewer opened at the page
still leaves the user to find the sentence. The core (rag.preview) renders and locates
the quote on a worker thread; this pane only paints the pixels and rectangles it gets.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from PySide6.QtCore import QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QScrollArea, QStackedWidget, QTextBrowser,
                               QVBoxLayout, QWidget)

from app.gui.a11y import describe

HIGHLIGHT = QColor(255, 214, 0, 110)          # a marker pen: the text under it stays readable
HIGHLIGHT_EDGE = QColor(230, 140, 0, 220)
CROP_MARGIN = 36                              # pixels of paper kept beside the text
EMPTY_TITLE = "Click a source to see the cited passage here."


def page_image(shown: Any) -> QImage:
    """The rendered page as a QImage (a copy: the core's bytes need not outlive it), highlights painted on."""
    image = QImage(shown.pixels, shown.width, shown.height, shown.stride, QImage.Format.Format_RGB888).copy()
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(HIGHLIGHT_EDGE)
    for box in shown.highlights:
        rect = QRectF(box.left - 2, box.top - 2, box.right - box.left + 4, box.bottom - box.top + 4)
        painter.fillRect(rect, HIGHLIGHT)
        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
    painter.end()
    return image


def passage_html(shown: Any) -> str:
    """The passage as HTML, the quote marked; "…" where the context was cut."""
    text = shown.text
    head, mark, tail = text[: shown.start], text[shown.start: shown.end], text[shown.end:]
    body = (html.escape(head) + (f'<span style="background-color: rgba(255,214,0,0.55)"><a name="quote"></a>'
                                 f'{html.escape(mark)}</span>' if mark else "") + html.escape(tail))
    body = ("… " if shown.before else "") + body + (" …" if shown.after else "")
    return f'<div style="white-space: pre-wrap; line-height: 140%">{body}</div>'


class PageView(QScrollArea):
    """A page image fitted to the pane's width (re-scaled on resize, never re-rendered)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageView")
        self.setWidgetResizable(False)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.label = QLabel()
        self.label.setAccessibleName("The cited page")
        self.setWidget(self.label)
        self.image: QImage | None = None
        self.crop = QRect()
        self.first_box: tuple[float, float] | None = None      # top and bottom of the first highlight, image px

    def set_image(self, image: QImage, first_box: tuple[float, float] | None, content: Any = None) -> None:
        """Show `image` cut to the text's columns (plus a margin): a narrow pane shows words, not paper."""
        self.image, self.first_box = image, first_box
        self.crop = QRect(0, 0, image.width(), image.height())
        if content is not None:
            left = max(0, int(content.left) - CROP_MARGIN)
            right = min(image.width(), int(content.right) + CROP_MARGIN)
            if right - left > image.width() // 3:
                self.crop = QRect(left, 0, right - left, image.height())
        self._fit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def clear_image(self) -> None:
        self.image, self.first_box = None, None
        self.label.clear()

    def _fit(self) -> None:
        if self.image is None:
            return
        width = max(200, self.viewport().width() - 4)
        ratio = self.devicePixelRatioF()
        scaled = self.image.copy(self.crop).scaledToWidth(int(width * ratio), Qt.TransformationMode.SmoothTransformation)
        pixmap = QPixmap.fromImage(scaled)
        pixmap.setDevicePixelRatio(ratio)
        self.label.setPixmap(pixmap)
        self.label.resize(int(scaled.width() / ratio), int(scaled.height() / ratio))
        if self.first_box is not None:
            factor = width / self.crop.width()
            middle = (self.first_box[0] + self.first_box[1]) / 2 * factor
            self.verticalScrollBar().setValue(int(middle - self.viewport().height() / 3))


class PreviewPane(QWidget):
    """Shows one citation at a time; `open_requested(path, page)` hands it to the system viewer."""

    open_requested = Signal(str, object)
    shown = Signal(object)             # the core's PagePreview / TextPreview, once painted (tests, bench)

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.controller = controller
        self.citation: Any = None
        self.preview: Any = None
        self._job: Any = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.title = QLabel(EMPTY_TITLE)
        self.title.setObjectName("previewTitle")
        self.title.setWordWrap(True)
        self.open_button = QPushButton("Open in system viewer")
        describe(self.open_button, "Open the document in the system's viewer",
                 "Opens the cited document at its page in your usual viewer")
        self.open_button.setEnabled(False)
        self.open_button.clicked.connect(self._open)
        top.addWidget(self.title, 1)
        top.addWidget(self.open_button)
        layout.addLayout(top)
        self.status = QLabel("")
        self.status.setObjectName("previewStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.stack = QStackedWidget()
        self.page_view = PageView()
        self.text_view = QTextBrowser()
        self.text_view.setObjectName("passageView")
        describe(self.text_view, "The cited passage in its context", "The quoted text is highlighted")
        describe(self.page_view, "The cited page", "The page image; the sentence that supports the answer is marked")
        self.stack.addWidget(self.page_view)
        self.stack.addWidget(self.text_view)
        layout.addWidget(self.stack, 1)

    def clear(self) -> None:
        """Nothing shown (a new chat): the previous chat's page does not linger."""
        if self._job is not None:
            self._job.cancel()
        self._job = self.citation = self.preview = None
        self.open_button.setEnabled(False)
        self.title.setText(EMPTY_TITLE)
        self.status.setText("")
        self.text_view.clear()
        self.page_view.clear_image()
        self.stack.setCurrentWidget(self.text_view)

    def show_citation(self, citation: Any) -> None:
        """Render off the GUI thread; a newer click replaces an older one still rendering."""
        self.citation = citation
        self.open_button.setEnabled(True)
        self.title.setText(citation.label)
        self.status.setText("Loading the page…")
        if self._job is not None:
            self._job.cancel()
        path, page, quote = citation.path, citation.page, citation.snippet
        job = self.controller.job("showing the source",
                                  lambda enclave, flag: [enclave.preview(path, page, quote)], urgent=True)
        job.item.connect(lambda result, c=citation: self._show(c, result))
        self._job = job
        self.controller.when_ready(lambda: self.controller.start(job))

    def _show(self, citation: Any, result: Any) -> None:
        if citation is not self.citation:
            return                     # an older click finished after a newer one
        self._job = None
        if isinstance(result, str):
            self.status.setText(f"Cannot show this source: {result}")
            return
        self.preview = result
        name = Path(result.path).name
        if hasattr(result, "pixels"):
            first = (result.highlights[0].top, result.highlights[0].bottom) if result.highlights else None
            self.page_view.set_image(page_image(result), first, getattr(result, "content", None))
            self.stack.setCurrentWidget(self.page_view)
            self.title.setText(f"{name} — page {result.page} of {result.page_count}")
        else:
            self.text_view.setHtml(passage_html(result))
            self.stack.setCurrentWidget(self.text_view)
            if result.found:
                self.text_view.scrollToAnchor("quote")
            self.title.setText(name)
        self.status.setText("The highlighted text supports the answer." if result.found else
                            "The quoted sentence was not found on this page; showing the cited page.")
        self.shown.emit(result)

    def _open(self) -> None:
        if self.citation is not None:
            page = getattr(self.preview, "page", None) or self.citation.page
            self.open_requested.emit(self.citation.path, page)
