"""The PDF renderer: the document model and the theme, laid out by reportlab platypus."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab.platypus.doctemplate import LayoutError as ReportlabLayoutError

from ... import __version__
from ...errors import LayoutError, error
from ...limits import OVER_BUDGET, over_budget
from ...model import Document
from ...theme import Theme
from ...memo import keep, recall
from .archive import finish_pdf
from .contents import Contents
from .pages import FurnitureCanvas, FurniturePainter, PdfInfo, SubmissionDocTemplate, TooManyPages
from .story import LazyStory, build_story, story_parts
from .styles import make_styles
from .tags import Structure


@dataclass(frozen=True)
class PdfOptions:
    epoch: int                              # the PDF's creation date, seconds since 1970
    project_root: Path | None = None        # where the theme's own font files are
    characters: frozenset[str] = frozenset()    # every character the document prints
    max_pages: int = 1000                   # a document that grows past this is not made
    tagged: bool = True                     # a tagged PDF/UA-1 (else untagged, and a little smaller)
    progress: Callable[[int, int], None] | None = None     # told (pages, entries laid out) at each page's end


@dataclass(frozen=True)
class RenderedPdf:
    """The PDF, held in memory until the write stage puts it on disk."""

    data: bytes
    pages: int


def render_pdf(document: Document, theme: Theme, options: PdfOptions) -> RenderedPdf:
    meta = document.meta
    buffer = io.BytesIO()
    styles = make_styles(theme, meta.language, options.characters, options.project_root)
    info = PdfInfo(title=meta.title, author=meta.organisation, subject=meta.consultation or meta.title,
                   creator=f"wsis-report {__version__}", language=meta.language, keywords=meta.keywords,
                   epoch=options.epoch)
    doc = SubmissionDocTemplate(buffer, styles, info, options.max_pages, options.progress)
    painter = FurniturePainter(styles, document)
    structure = Structure(meta.language) if options.tagged else None
    canvases: list[FurnitureCanvas] = []       # one per layout pass: the last one's marking is the document's

    def canvasmaker(*args, **kwargs):
        canvases.append(FurnitureCanvas(*args, furniture=painter, epoch=options.epoch, structure=structure, **kwargs))
        return canvases[-1]

    try:
        if document.toc:          # page numbers in the contents need a second pass
            story = build_story(document, styles, structure)
            contents = next(flowable for flowable in story if isinstance(flowable, Contents))
            # a rebuild starts from the last build's contents: when its page numbers still hold,
            # one pass is enough (reportlab passes again until the contents settle, as ever)
            contents._entries = list(recall("contents", "entries", []))
            doc.multiBuild(story, canvasmaker=canvasmaker, maxPasses=4)
            keep("contents", "entries", tuple(contents._entries))
        else:
            doc.build(LazyStory(story_parts(document, styles, structure)), canvasmaker=canvasmaker)
    except ReportlabLayoutError as exc:
        raise LayoutError([error(*_where(doc, meta), f"cannot lay out this block: {exc}", "layout")]) from None
    except TooManyPages:
        raise LayoutError([error(*_where(doc, meta), f"the document grew past {options.max_pages} pages, its limit, "
                                                     "while laying out this block; shorten it (or raise the limit "
                                                     "with --max-pages)", "budget")]) from None
    except OVER_BUDGET as exc:
        raise LayoutError([over_budget(exc, *_where(doc, meta), "laying out this block")]) from None
    if styles.unprintable:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(styles.unprintable))
        raise LayoutError([error(meta.origin.file, meta.origin.line, f"no font has a glyph for {shown}; it would "
                                 "print as a box: name a font that has it in theme.yaml", "glyph")])
    marking = canvases[-1].marking if structure is not None else None
    return RenderedPdf(finish_pdf(buffer.getvalue(), info, marking), doc.page)


def _where(doc: SubmissionDocTemplate, meta) -> tuple[str, int]:
    """The source of the block being laid out, for messages."""
    return doc.current_source or (meta.origin.file, 1)
