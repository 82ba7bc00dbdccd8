"""Pages: the document template, running header and footer, watermark, outline, contents, metadata.

Header and footer are drawn when the canvas is saved, once the page count is known, so the
footer can say "Page X of Y" in a single layout pass.
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable


from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, Paragraph
from reportlab.platypus.tableofcontents import TableOfContents

from ..template import PageTemplates

from .styles import Styles, escape


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


def _draw_slots(canvas: Canvas, slots: dict[str, str], y: float, left: float, right: float) -> None:
    """left, center and right texts on one line; the left one is shortened if it would collide."""
    right_text, center_text = slots.get("right", ""), slots.get("center", "")
    text = slots.get("left", "")
    room = (right - left) - canvas.stringWidth(right_text) - 2 * canvas.stringWidth(center_text) - 24
    while text and canvas.stringWidth(text) > room:
        text = text[:-2].rstrip() + "\u2026" if len(text) > 2 else ""
    if text:
        canvas.drawString(left, y, text)
    if center_text:
        canvas.drawCentredString((left + right) / 2, y, center_text)
    if right_text:
        canvas.drawRightString(right, y, right_text)


def _draw_watermark(canvas: Canvas, styles: Styles) -> None:
    mark = styles.theme.options["watermark"]
    canvas.setFillColor(styles.colour("watermark"))
    canvas.setFont(styles.body_font.bold, mark["size"])
    canvas.translate(styles.page_size[0] / 2, styles.page_size[1] / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -mark["size"] / 3, mark["text"])


def furniture_painter(styles: Styles, templates: PageTemplates, draft: bool) -> Callable[[Canvas, int, int], None]:
    """Draws a page's running header and footer (header.j2, footer.j2) and, on drafts, the watermark."""
    left = styles.margins["left"]
    right = styles.page_size[0] - styles.margins["right"]
    offsets, rule = styles.theme.options["furniture"], styles.theme.option("rules", "furniture")
    header_y = styles.page_size[1] - styles.margins["top"] + offsets["header_offset"]
    footer_y = styles.margins["bottom"] - offsets["footer_offset"]
    parts = (("header.j2", styles.paragraph["header"], header_y, header_y - 4),
             ("footer.j2", styles.paragraph["footer"], footer_y, footer_y + styles.paragraph["footer"].leading))

    def draw(canvas: Canvas, page: int, total: int) -> None:
        canvas.saveState()
        if draft:    # first, so that the page's content prints over it
            canvas.saveState()
            _draw_watermark(canvas, styles)
            canvas.restoreState()
        canvas.setStrokeColor(styles.colour("rule"))
        canvas.setLineWidth(rule)
        for name, style, y, rule_y in parts:
            slots = templates.slots(name, page, total)
            if any(slots.values()):
                canvas.setFont(style.fontName, style.fontSize)
                canvas.setFillColor(style.textColor)
                _draw_slots(canvas, slots, y, left, right)
                canvas.line(left, rule_y, right, rule_y)
        canvas.restoreState()

    return draw


def table_of_contents(styles: Styles) -> list[Flowable]:
    """A contents list of sections and questions, with page numbers and links (toc: true)."""
    body = styles.paragraph["body"]
    levels = [ParagraphStyle("toc-0", parent=body, fontName=styles.body_font.bold, alignment=TA_LEFT,
                             leftIndent=0, firstLineIndent=0, spaceBefore=4, spaceAfter=1),
              ParagraphStyle("toc-1", parent=body, alignment=TA_LEFT, leftIndent=18, firstLineIndent=0,
                             spaceAfter=1)]
    toc = TableOfContents(levelStyles=levels, dotsMinLevel=0)
    heading = Paragraph("Contents", styles.paragraph["section"])
    return [heading, toc, PageBreak()]


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
            self.notify("TOCEntry", (min(level, 1), escape(title), self.page, key))
