"""The table of contents (toc: true): sections and questions with page numbers and links.

reportlab's TableOfContents sets its entries as paragraph markup; an entry in Arabic or Chinese
needs the line engine, and in a right-to-left document the page numbers stand on the left.
"""
from __future__ import annotations

from ast import literal_eval

from reportlab.platypus import Paragraph, Spacer, Table
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from .context import Context
from .lines import Run, ScriptParagraph, mirrored, needs_lines


class Contents(TableOfContents):
    """Entries arrive as plain text (see SubmissionDocTemplate.afterFlowable)."""

    def __init__(self, ctx: Context, **kwargs):
        super().__init__(**kwargs)
        self.ctx = ctx

    def wrap(self, availWidth, availHeight):
        entries = self._lastEntries or [(0, "", 0, None)]
        self.canv.setNamedCB("drawTOCEntryEnd", self._entry_end(availWidth, availHeight))
        rows = []
        for level, text, page, key in entries:
            style = self.getLevelStyle(level)
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore), ""])
            rows.append(self._row(level, text, page, key, style, availWidth))
        number_width = self.ctx.styles.width("0000", self.getLevelStyle(0).fontName, self.getLevelStyle(0).fontSize)
        widths = [availWidth - number_width, number_width] if any(len(r) == 2 and r[1] for r in rows) else [availWidth, 0]
        if self.ctx.rtl:
            rows, widths = [list(reversed(r)) for r in rows], list(reversed(widths))
        self._table = Table(rows, colWidths=widths, style=self.tableStyle)
        self.width, self.height = self._table.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def _row(self, level: int, text: str, page: int, key, style, width: float) -> list:
        if not (self.ctx.rtl or needs_lines(text)):      # reportlab's own entry: dots, then the number
            markup = self.ctx.styles.markup(text, style.fontName)
            if key:
                markup = f'<a href="#{key}">{markup}</a>'
            value = repr(key).replace(",", "\\x2c").replace('"', "\\x2c") if key else None
            return [Paragraph(f'{markup}<onDraw name="drawTOCEntryEnd" label="{page},{level},{value}"/>', style), ""]
        runs = [Run(part, font, style.fontSize, style.textColor, f"#{key}" if key else None)
                for font, part in self.ctx.styles.runs(text, style.fontName)]
        number = Paragraph(self.ctx.styles.markup(str(page), style.fontName), style)
        return [ScriptParagraph(runs, mirrored(style) if self.ctx.rtl else style, self.ctx.rtl, self.ctx.language),
                number]

    def _entry_end(self, width: float, height: float):
        def draw(canvas, kind, label):
            page, level, key = label.split(",")
            style = self.getLevelStyle(int(level))
            dots = " . " if self.dotsMinLevel >= 0 and int(level) >= self.dotsMinLevel else ""
            drawPageNumbers(canvas, style, [(int(page), literal_eval(key))], width, height, dots)
        return draw

