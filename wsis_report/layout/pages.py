"""Pages: the document template, the running header and footer, outline and PDF metadata.

Header and footer are drawn when the canvas is saved, once the page count is known, so the
footer can say "Page X of Y" in a single layout pass.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from reportlab.lib.utils import TimeStamp, simpleSplit
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from .styles import Styles


@dataclass(frozen=True)
class Furniture:
    """What the running header and footer print."""

    header: str                  # shown from page 2, left; the page number goes right
    footer: tuple[str, ...]      # footer items, left; "Page X of Y" goes right


@dataclass(frozen=True)
class PdfInfo:
    title: str
    author: str
    subject: str
    creator: str
    language: str
    keywords: tuple[str, ...]
    epoch: int                   # creation date, seconds since 1970 (fixed for reproducible output)


class _FixedTimeStamp(TimeStamp):
    """reportlab's timestamp, pinned to a given moment in UTC."""

    def __init__(self, epoch: int):  # noqa: D107 - deliberately not calling TimeStamp.__init__
        self.t = epoch
        self.lt = time.gmtime(epoch)
        self.YMDhms = tuple(self.lt)[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


class FurnitureCanvas(Canvas):
    """Draws header and footer into every page once the total page count is known.

    Pages are emitted as usual (so links and outline entries point at the right page); at
    save() each page's furniture is drawn and put in front of its content stream.
    """

    def __init__(self, *args, draw_furniture: Callable[[Canvas, int, int], None], epoch: int, **kwargs):
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = _FixedTimeStamp(epoch)
        self._draw_furniture = draw_furniture
        self.showOutline()

    def save(self):
        pages = self._doc.Pages.pages
        for number, page in enumerate(pages, start=1):
            page_code, self._code = self._code, []
            self._draw_furniture(self, number, len(pages))
            furniture = "\n".join(self._code)
            self._code = page_code
            # in front of the content, inside q/Q: it starts from the default graphics state
            page.stream = f"q\n{furniture}\nQ\n{page.stream}"
        super().save()


def furniture_painter(styles: Styles, furniture: Furniture) -> Callable[[Canvas, int, int], None]:
    left = styles.margins["left"]
    right = styles.page_size[0] - styles.margins["right"]
    header_style, footer_style = styles.paragraph["header"], styles.paragraph["footer"]
    header_y = styles.page_size[1] - styles.margins["top"] + 12
    footer_y = styles.margins["bottom"] - 18

    def draw(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        canvas.setStrokeColor(styles.colour("rule"))
        canvas.setLineWidth(0.5)
        if page > 1:
            canvas.setFont(header_style.fontName, header_style.fontSize)
            canvas.setFillColor(header_style.textColor)
            page_label = str(page)
            room = right - left - canvas.stringWidth(page_label) - 24
            text = simpleSplit(furniture.header, header_style.fontName, header_style.fontSize, room)
            canvas.drawString(left, header_y, text[0] + ("\u2026" if len(text) > 1 else ""))
            canvas.drawRightString(right, header_y, page_label)
            canvas.line(left, header_y - 4, right, header_y - 4)
        canvas.setFont(footer_style.fontName, footer_style.fontSize)
        canvas.setFillColor(footer_style.textColor)
        canvas.line(left, footer_y + footer_style.leading, right, footer_y + footer_style.leading)
        page_label = f"Page {page} of {total}"
        canvas.drawRightString(right, footer_y, page_label)
        room = right - left - canvas.stringWidth(page_label) - 24
        items = simpleSplit("  \u00b7  ".join(furniture.footer), footer_style.fontName,
                            footer_style.fontSize, room)
        for index, line in enumerate(items[:2]):
            canvas.drawString(left, footer_y - index * footer_style.leading, line)
        canvas.restoreState()

    return draw


class SubmissionDocTemplate(BaseDocTemplate):
    """One frame per page; headings carrying ``outline`` become PDF outline entries."""

    def __init__(self, target, styles: Styles, info: PdfInfo):
        margins = styles.margins
        frame = Frame(margins["left"], margins["bottom"], styles.frame_width, styles.frame_height,
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")
        super().__init__(
            target, pagesize=styles.page_size, pageTemplates=[PageTemplate("page", [frame])],
            leftMargin=margins["left"], rightMargin=margins["right"], topMargin=margins["top"],
            bottomMargin=margins["bottom"], title=info.title, author=info.author, subject=info.subject,
            creator=info.creator, keywords=list(info.keywords), lang=info.language, invariant=1,
            displayDocTitle=1,
            # the canvas's own starting font, else reportlab adds an unembedded Helvetica
            initialFontName=styles.body_font.regular, initialFontSize=styles.paragraph["body"].fontSize,
            initialLeading=styles.paragraph["body"].leading,
        )
        self.current_source: tuple[str, int] | None = None

    def handle_flowable(self, flowables):
        if flowables:
            self.current_source = getattr(flowables[0], "wsis_source", self.current_source)
        super().handle_flowable(flowables)

    def afterFlowable(self, flowable):
        outline = getattr(flowable, "outline", None)
        if outline:
            title, key, level = outline
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
