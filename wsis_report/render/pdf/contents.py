"""The table of contents (toc: true): sections and questions with page numbers and links.

reportlab's TableOfContents sets its entries as paragraph markup; an entry in Arabic or Chinese
needs the line engine, and in a right-to-left document the page numbers stand on the left.
"""
from __future__ import annotations

from ast import literal_eval

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Spacer
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from .context import Context
from .inline import marked
from .lines import Run, ScriptParagraph, mirrored, needs_lines
from .markup import element, paragraph
from .tables import GridTable
from .tags import ARTIFACT, LINK_SCHEME, Element, Tag


class Contents(TableOfContents):
    """Entries arrive as plain text (see SubmissionDocTemplate.afterFlowable). Tagged, the
    contents are a TOC with a TOCI per entry: a Link to the heading, then the page number; the
    dot leaders are artifacts."""

    def __init__(self, ctx: Context, element: Element | None = None, **kwargs):
        super().__init__(**kwargs)
        self.ctx, self.element = ctx, element

    def wrap(self, availWidth, availHeight):
        entries = self._lastEntries or [(0, "", 0, None)]
        self.canv.setNamedCB("drawTOCEntryEnd", self._entry_end(availWidth, availHeight))
        if self.element is not None:
            self.element.kids = []        # entries are laid out again on every pass
        rows, elements = [], []
        for level, text, page, key in entries:
            style = self.getLevelStyle(level)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore), ""])
                elements.append([None, None])
            row, cells = self._row(level, text, page, key, style)
            rows.append(row)
            elements.append(cells)
        number_width = self.ctx.styles.width("0000", self.getLevelStyle(0).fontName, self.getLevelStyle(0).fontSize)
        widths = [availWidth - number_width, number_width] if any(len(r) == 2 and r[1] for r in rows) else [availWidth, 0]
        if self.ctx.rtl:
            rows, widths = [list(reversed(r)) for r in rows], list(reversed(widths))
            elements = [list(reversed(r)) for r in elements]
        self._table = GridTable(rows, colWidths=widths, style=self.tableStyle,
                                cells=elements if self.element is not None else None)
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def _row(self, level: int, text: str, page: int, key, style) -> tuple[list, list]:
        """An entry's cells, and (tagged) their elements: its TOCI, and its page number's."""
        entry = link = number = None
        if self.element is not None:
            structure = self.ctx.structure
            entry = structure.add("TOCI", self.element)
            link = structure.add("Link", entry, target=f"#{key}", description=text) if key else None
            number = structure.add("NonStruct", entry)
        target = (f"{LINK_SCHEME}{link.id}" if link is not None else f"#{key}") if key else None
        if not (self.ctx.rtl or needs_lines(text)):      # reportlab's own entry: dots, then the number
            markup = self.ctx.styles.markup(text, style.fontName)
            if target:
                markup = marked([element("a", {"href": target}, markup)], link)
            value = repr(key).replace(",", "\\x2c") if key else None      # the label's fields are split at commas
            end = f"{page},{level},{value},{number.id if number is not None else ''}"
            return [paragraph(markup + [element("ondraw", {"name": "drawTOCEntryEnd", "label": end})], style), ""], \
                [entry, entry]
        runs = [Run(part, font, style.fontSize, style.textColor, target, elements=(link.id,) if link else ())
                for font, part in self.ctx.styles.runs(text, style.fontName)]
        page_number = paragraph(self.ctx.styles.markup(str(page), style.fontName), style)
        line = ScriptParagraph(runs, mirrored(style) if self.ctx.rtl else style, self.ctx.rtl, self.ctx.language)
        return [line, page_number], [entry, number]

    def _entry_end(self, width: float, height: float):
        def draw(canvas, kind, label):
            page, level, key, number = label.split(",")
            style = self.getLevelStyle(int(level))
            dots = " . " if self.dotsMinLevel >= 0 and int(level) >= self.dotsMinLevel else ""
            marking = getattr(canvas, "marking", None)
            if marking is None or not number:
                drawPageNumbers(canvas, style, [(int(page), literal_eval(key))], width, height, dots)
            else:
                _page_number(canvas, marking, style, page, width, dots, self.ctx.structure.elements[int(number)])
        return draw


def _page_number(canvas, marking, style, page: str, width: float, dots: str, element: Element) -> None:
    """reportlab's drawPageNumbers, with the dot leaders drawn apart as an artifact and the number
    marked as the entry's page number (positions as reportlab's)."""
    x, y = canvas._curr_tx_info["cur_x"], canvas._curr_tx_info["cur_y"]
    size = style.fontSize
    number_width = stringWidth(page, style.fontName, size)
    while number_width > width - x and size >= 1.0:
        size *= 0.9
        number_width = stringWidth(page, style.fontName, size)
    count = int((width - x - number_width) / stringWidth(dots, style.fontName, size)) if dots else 0
    for text, left, tagged in ((dots * count, width - number_width - count * stringWidth(dots, style.fontName, size),
                                ARTIFACT), (page, width - number_width, Tag(element))):
        if not text:
            continue
        start = len(canvas._code)
        line = canvas.beginText(left, y)
        line.setFont(style.fontName, size)
        line.setFillColor(style.textColor)
        line.textLine(text)
        canvas.drawText(line)
        marking.mark(canvas._code, start, tagged)

