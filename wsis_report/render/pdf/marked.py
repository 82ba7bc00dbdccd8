"""Marked content: the stretches of a page written in another language than the document.

A reader (a screen reader, a search, a translation tool) finds the language of text in the
``/Lang`` of the marked-content sequence around it (ISO 32000-1, 14.9.2). A sequence must open
and close in one content stream, so one that runs over a page break is closed at the page's end
and opened again on the next page (``MarkedCanvas``)."""
from __future__ import annotations

import re

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

_TAG = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")     # BCP 47: nothing to escape in a PDF string


def begin_language(canvas: Canvas, language: str) -> bool:
    """Open a sequence in ``language``; False (and nothing written) for a tag that is not BCP 47."""
    if not _TAG.fullmatch(language):
        return False
    canvas._code.append(f"/Span <</Lang ({language})>> BDC")
    return True


def end_marked(canvas: Canvas) -> None:
    canvas._code.append("EMC")


class MarkedCanvas(Canvas):
    """A canvas that keeps the sequences open across pages balanced in each page's stream."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_languages: list[str] = []

    def showPage(self):
        for _ in self.open_languages:
            end_marked(self)
        super().showPage()
        for language in self.open_languages:
            begin_language(self, language)


class LanguageStart(Flowable):
    """Where a part in another language begins: opens its sequence (takes no room)."""

    def __init__(self, language: str):
        super().__init__()
        self.language, self.opened = language, False
        self.width = self.height = 0

    def wrap(self, width, height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        if isinstance(canvas, MarkedCanvas) and begin_language(canvas, self.language):
            canvas.open_languages.append(self.language)
            self.opened = True

    def draw(self):                     # drawOn does the work, outside any saved graphics state
        pass


class LanguageEnd(Flowable):
    """Where that part ends: closes the sequence its LanguageStart opened."""

    def __init__(self, start: LanguageStart):
        super().__init__()
        self.start = start
        self.width = self.height = 0

    def wrap(self, width, height):
        return 0, 0

    def drawOn(self, canvas, x, y, _sW=0):
        if self.start.opened:
            canvas.open_languages.pop()
            end_marked(canvas)
            self.start.opened = False

    def draw(self):
        pass
