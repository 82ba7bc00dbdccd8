"""The PDF renderer: the document model and the theme, laid out by reportlab platypus."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus.doctemplate import LayoutError as ReportlabLayoutError

from ... import __version__
from ...errors import LayoutError, error
from ...model import Document
from ...theme import Theme
from .pages import FurnitureCanvas, PdfInfo, SubmissionDocTemplate, furniture_painter
from .story import build_story
from .styles import make_styles


@dataclass(frozen=True)
class PdfOptions:
    epoch: int                              # the PDF's creation date, seconds since 1970
    project_root: Path | None = None        # where the theme's own font files are
    unprintable: frozenset[str] = frozenset()   # characters no font has: drawn as boxes


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF, held in memory until the write stage puts it on disk."""

    data: bytes
    pages: int


def render_pdf(document: Document, theme: Theme, options: PdfOptions) -> RenderedPdf:
    meta = document.meta
    styles = make_styles(theme, meta.language, options.unprintable, options.project_root)
    story = build_story(document, styles)
    info = PdfInfo(title=meta.title, author=meta.organisation, subject=meta.consultation or meta.title,
                   creator=f"wsis-report {__version__}", language=meta.language, keywords=meta.keywords,
                   epoch=options.epoch)
    painter = furniture_painter(styles, document)
    buffer = io.BytesIO()
    doc = SubmissionDocTemplate(buffer, styles, info)

    def canvasmaker(*args, **kwargs):
        return FurnitureCanvas(*args, draw_furniture=painter, epoch=options.epoch, **kwargs)

    try:
        if document.toc:          # page numbers in the contents need a second pass
            doc.multiBuild(story, canvasmaker=canvasmaker, maxPasses=4)
        else:
            doc.build(story, canvasmaker=canvasmaker)
    except ReportlabLayoutError as exc:
        file, line = doc.current_source or (meta.origin.file, 1)
        raise LayoutError([error(file, line, f"cannot lay out this block: {exc}", "layout")]) from None
    return RenderedPdf(buffer.getvalue(), doc.page)
