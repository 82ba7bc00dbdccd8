"""Pages: the document template, running header and footer, watermark, outline, contents, metadata.

Header and footer are drawn when the canvas is saved, once the page count is known, so the
footer can say "Page X of Y" in a single layout pass. Their text takes the same path as all
other text (font runs from :meth:`Styles.runs`).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageBreak, PageTemplate, TableStyle

from ...model import Document, Slots
from .contents import Contents
from .context import Context
from .inline import text_block
from .lines import Run, ScriptParagraph, needs_lines
from .marked import MarkedCanvas
from .quotes import continue_bars
from .styles import Styles
from .tags import ARTIFACT, LINK_SCHEME, MARK_CALLBACK, Marking, Structure, tag


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


class FurnitureCanvas(MarkedCanvas):
    """Draws header and footer into every page once the total page count is known.

    Pages are emitted as usual (so links and outline entries point at the right page); at
    save() each page's furniture is drawn and put in front of its content stream. When tagging,
    the canvas keeps the pass's ``marking`` (see tags.py), and every link annotation it makes
    belongs to its Link element.
    """

    def __init__(self, *args, furniture: FurniturePainter, epoch: int, structure: Structure | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = _FixedTimeStamp(epoch)
        self._furniture = furniture
        self.marking = Marking(structure) if structure is not None else None
        self.setNamedCB(MARK_CALLBACK, _text_marker)
        self.showOutline()

    def showPage(self):
        super().showPage()
        if self.marking is not None:
            self.marking.next_page()

    def linkURL(self, url, rect, relative=0, thickness=0, color=None, dashArray=None, kind="URI", **kw):
        self._link(url, rect, relative)

    def linkRect(self, contents, destinationname, Rect=None, addtopage=1, name=None, relative=1, thickness=0,
                 color=None, dashArray=None, **kw):
        self._link("#" + destinationname, Rect, relative)

    def _link(self, target: str, rect, relative) -> None:
        """A link annotation as PDF/A and PDF/UA want it: printable, described (/Contents), and,
        when tagging, the child of its Link element (/StructParent)."""
        element = None
        if target.startswith(LINK_SCHEME) and self.marking is not None:
            element = self.marking.structure.elements[int(target[len(LINK_SCHEME):])]
            target = element.target
        annotation = PDFDictionary()
        annotation["Type"], annotation["Subtype"] = PDFName("Annot"), PDFName("Link")
        annotation["Rect"] = PDFArray(self._absRect(rect, relative))
        annotation["Border"] = PDFArray([0, 0, 0])
        annotation["F"] = 4                                          # print
        annotation["Contents"] = PDFString(element.description if element is not None else target.lstrip("#"))
        if target.startswith("#"):
            annotation["Dest"] = self._bookmarkReference(target[1:])
        else:
            annotation["A"] = PDFDictionary({"Type": PDFName("Action"), "S": PDFName("URI"), "URI": PDFString(target)})
        if element is not None:
            annotation["StructParent"] = self.marking.annotation(element)
        self._addAnnotation(annotation)

    def save(self):
        pages = self._doc.Pages.pages
        self._furniture.prepare(len(pages))
        for number, page in enumerate(pages, start=1):
            page_code, self._code = self._code, []
            self._furniture.draw(self, number)
            furniture = "\n".join(self._code)
            self._code = page_code
            # in front of the content, inside q/Q: it starts from the default graphics state
            page.stream = f"q\n{furniture}\nQ\n{page.stream}"
        super().save()


def _text_marker(canvas, kind, label) -> None:
    """The callback of <onDraw name="wsisMark" label="..."/>: a marker in the text being drawn."""
    canvas._curr_tx_info["tx"]._code.append(f"\x00{label}\x00")


def _fit(text: str, font: str, size: float, room: float, styles: Styles) -> str:
    """``text``, shortened with an ellipsis to fit ``room`` points (each character measured once)."""
    if styles.width(text, font, size) <= room:
        return text
    room -= styles.width("\u2026", font, size)
    used = 0.0
    for index, char in enumerate(text):
        used += styles.width(char, font, size)
        if used > room:
            return text[:index].rstrip() + "\u2026" if index else ""
    return text


def _draw_runs(canvas: Canvas, x: float, y: float, text: str, font: str, size: float, styles: Styles,
               document: Document | None = None, align: str = "left") -> None:
    """One line of furniture text from ``x`` (its left edge, right edge or centre, by ``align``),
    on baseline ``y``; Arabic and Chinese through the line engine."""
    rtl = document is not None and document.meta.direction == "rtl"
    if rtl or needs_lines(text):
        style = ParagraphStyle("furniture", fontName=font, fontSize=size, leading=size * 1.2,
                               alignment={"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}[align])
        runs = [Run(part, face, size, canvas._fillColorObj) for face, part in styles.runs(text, font)]
        line = ScriptParagraph(runs, style, rtl, document.meta.language if document else "en")
        line.wrap(styles.frame_width, size * 4)
        width = line.lines[0].width if line.lines else 0
        left = {"left": x, "right": x - width, "center": x - width / 2}[align]
        line.width = width
        line.drawOn(canvas, left, y - line.height + pdfmetrics.getAscentDescent(font, size)[0])
        return
    x = {"left": x, "right": x - styles.width(text, font, size), "center": x - styles.width(text, font, size) / 2}[align]
    line = canvas.beginText(x, y)
    runs = styles.runs(text, font)
    for index, (face, run) in enumerate(runs):
        line.setFont(face, size)
        if index < len(runs) - 1:
            line.textOut(run)
        else:
            line.textLine(run)       # ends the line, as canvas.drawString does
    canvas.drawText(line)


def _draw_slots(canvas: Canvas, slots: Slots, y: float, style: ParagraphStyle, styles: Styles,
                document: Document) -> None:
    """left, center and right texts on one line; the left one is shortened if it would collide.
    In a right-to-left document the sides change places: the left slot is where lines start."""
    left, right = styles.margins["left"], styles.page_size[0] - styles.margins["right"]
    font, size = style.fontName, style.fontSize
    width = lambda text: styles.width(text, font, size)      # noqa: E731 - a short local measure
    room = (right - left) - width(slots.right) - 2 * width(slots.center) - styles.option("furniture", "slot_gap")
    text = _fit(slots.left, font, size, room, styles)
    start, end = ((right, "right"), (left, "left")) if document.meta.direction == "rtl" else \
        ((left, "left"), (right, "right"))
    if text:
        _draw_runs(canvas, start[0], y, text, font, size, styles, document, start[1])
    if slots.center:
        _draw_runs(canvas, (left + right) / 2, y, slots.center, font, size, styles, document, "center")
    if slots.right:
        _draw_runs(canvas, end[0], y, slots.right, font, size, styles, document, end[1])


def _draw_watermark(canvas: Canvas, styles: Styles) -> None:
    text, size = styles.option("watermark", "text"), styles.option("watermark", "size")
    canvas.setFillColor(styles.colour("watermark"))
    canvas.translate(styles.page_size[0] / 2, styles.page_size[1] / 2)
    canvas.rotate(styles.option("watermark", "angle"))
    # centred on the page: half the width to the left, a third of the size (about half the
    # capital height) down
    _draw_runs(canvas, -styles.width(text, styles.body_font.bold, size) / 2, -size / 3, text,
               styles.body_font.bold, size, styles)


class FurniturePainter:
    """Draws a page's running header and footer and, on drafts, the watermark. Their texts for
    every page are asked for at once, when the page count is known."""

    def __init__(self, styles: Styles, document: Document):
        self.styles, self.document = styles, document
        self.texts: list[tuple[Slots, Slots]] = []

    def prepare(self, total: int) -> None:
        self.texts = self.document.furniture.pages([(page, total) for page in range(1, total + 1)])

    def draw(self, canvas: Canvas, page: int) -> None:
        styles = self.styles
        option = lambda key: styles.option("furniture", key)        # noqa: E731 - a short local reader
        left, right = styles.margins["left"], styles.page_size[0] - styles.margins["right"]
        header_y = styles.page_size[1] - styles.margins["top"] + option("header_offset")
        footer_y = styles.margins["bottom"] - option("footer_offset")
        header, footer = styles.paragraph["header"], styles.paragraph["footer"]
        # tagged, each part is an artifact: read once by who opens the page, not on every page
        tagged = getattr(canvas, "marking", None) is not None
        canvas.saveState()
        if self.document.draft:    # first, so that the page's content prints over it
            _artifact(canvas, tagged, "Watermark")
            canvas.saveState()
            _draw_watermark(canvas, styles)
            canvas.restoreState()
            _artifact(canvas, tagged)
        canvas.setStrokeColor(styles.colour("rule"))
        canvas.setLineWidth(styles.option("rules", "furniture"))
        for slots, style, y, rule_y, kind in (
                (self.texts[page - 1][0], header, header_y, header_y - option("rule_gap"), "Header"),
                (self.texts[page - 1][1], footer, footer_y, footer_y + footer.leading, "Footer")):
            if slots:
                _artifact(canvas, tagged, kind)
                canvas.setFillColor(style.textColor)
                _draw_slots(canvas, slots, y, style, styles, self.document)
                canvas.line(left, rule_y, right, rule_y)
                _artifact(canvas, tagged)
        canvas.restoreState()


def _artifact(canvas: Canvas, tagged: bool, kind: str | None = None) -> None:
    """Begin (with ``kind``) or end a pagination artifact: a header, footer or watermark."""
    if tagged:
        canvas._code.append(f"/Artifact <</Type /Pagination /Subtype /{kind}>> BDC" if kind else "EMC")


def table_of_contents(ctx: Context, title: str, level: int = 1) -> list[Flowable]:
    """A contents list of sections and questions, with page numbers and links (toc: true)."""
    styles = ctx.styles
    body = styles.paragraph["body"]
    option = lambda key: styles.option("contents", key)         # noqa: E731 - a short local reader
    levels = [ParagraphStyle("toc-0", parent=body, fontName=styles.body_font.bold, alignment=TA_LEFT,
                             leftIndent=0, firstLineIndent=0, spaceBefore=option("section_space"),
                             spaceAfter=option("entry_space")),
              ParagraphStyle("toc-1", parent=body, alignment=TA_LEFT, leftIndent=option("indent"),
                             firstLineIndent=0, spaceAfter=option("entry_space"))]
    # the table around the entries still selects a cell font: an embedded one, not Helvetica
    table = TableStyle([("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    heading = tag(text_block(title, ctx, styles.paragraph["section"]), ctx.child(f"H{level}"))
    element = ctx.child("TOC")
    toc = tag(Contents(ctx, element, levelStyles=levels, dotsMinLevel=0, tableStyle=table), element)
    return [heading, toc, PageBreak()]


class TooManyPages(Exception):
    """The document grew past the page budget."""


class TaggingFrame(Frame):
    """A frame that, when tagging, marks what each flowable drew as the content of its element
    (see tags.py); the parts of a flowable split over pages keep its element."""

    def _add(self, flowable, canv, trySplit=0):
        marking = getattr(canv, "marking", None)
        start = len(canv._code)
        added = super()._add(flowable, canv, trySplit)
        if added and marking is not None:
            marking.mark(canv._code, start, getattr(flowable, "wsis_tag", None))
        return added

    add = _add

    def split(self, flowable, canv):
        parts = super().split(flowable, canv)
        element = getattr(flowable, "wsis_tag", None)
        if element is not None:
            for part in parts:
                if not hasattr(part, "wsis_tag"):
                    part.wsis_tag = element
        return parts


class SubmissionDocTemplate(BaseDocTemplate):
    """One frame per page; headings carrying ``outline`` become PDF outline entries."""

    def __init__(self, target, styles: Styles, info: PdfInfo, max_pages: int,
                 progress: Callable[[int, int], None] | None = None):
        margins = styles.margins
        frame = TaggingFrame(margins["left"], margins["bottom"], styles.frame_width, styles.frame_height,
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
        self.styles = styles
        self.max_pages = max_pages
        self.current_source: tuple[str, int] | None = None
        self.progress = progress
        self.entries_done = 0           # questions and parts whose heading is laid out

    def handle_documentBegin(self):
        self.entries_done = 0           # each layout pass counts afresh
        super().handle_documentBegin()

    def handle_pageBegin(self):
        if self.page >= self.max_pages:
            raise TooManyPages()
        super().handle_pageBegin()

    def handle_flowable(self, flowables):
        if flowables:
            self.current_source = getattr(flowables[0], "wsis_source", self.current_source)
        super().handle_flowable(flowables)

    def handle_pageEnd(self):
        bottom = self.styles.margins["bottom"]
        start = len(self.canv._code)
        continue_bars(self.canv, bottom, bottom + self.styles.frame_height)
        if getattr(self.canv, "marking", None) is not None:
            self.canv.marking.mark(self.canv._code, start, ARTIFACT)
        super().handle_pageEnd()
        if self.progress is not None:
            self.progress(self.page, self.entries_done)

    def afterFlowable(self, flowable):
        self.entries_done += getattr(flowable, "wsis_entry", False)
        outline = getattr(flowable, "outline", None)
        if outline:
            title, key, level = outline
            self.canv.addOutlineEntry(title, key, level=level, closed=False)
            self.notify("TOCEntry", (min(level, 1), title, self.page, key))     # Contents sets the text

