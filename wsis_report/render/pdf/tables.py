"""Tables: GFM pipe tables sized from their content, and the theme's table look for all tables.

Cells hold short Paragraphs; rows may split across pages (splitInRow) and the header row
repeats after a page break (repeatRows).
"""
from __future__ import annotations

import bisect
import dataclasses

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table as TableFlowable, TableStyle

from ...model import Table
from ...model.text import plain_text
from .context import Context
from .inline import text_flowables
from .tags import ARTIFACT, Element, Tag, tag

_ALIGN = {"right": TA_RIGHT, "center": TA_CENTER, "left": TA_LEFT}


def _measure(texts: list[list[str]], fonts: list[str], size: float,
             padding: float) -> tuple[list[float], list[float]]:
    """Per column: the widest cell on one line, and the widest single word (padding included)."""
    columns = max(len(row) for row in texts)
    longest, widest_word = [0.0] * columns, [0.0] * columns
    for row, font in zip(texts, fonts):
        for i, text in enumerate(row):
            longest[i] = max(longest[i], stringWidth(text, font, size) + 2 * padding)
            word = max((stringWidth(w, font, size) for w in text.split()), default=0.0)
            widest_word[i] = max(widest_word[i], word + 2 * padding + 1)   # 1 pt: rounding in wrap
    return longest, widest_word


def column_widths(texts: list[list[str]], fonts: list[str], size: float, available: float,
                  padding: float, smallest_scale: float) -> tuple[list[float], float]:
    """Column widths and the text scale: natural widths when they fit the frame; otherwise every
    column keeps its longest word whole and they share the rest (shrinking the text a little
    first, if that is what keeps words whole)."""
    longest, widest_word = _measure(texts, fonts, size, padding)
    scale = 1.0
    if sum(widest_word) > available:
        fixed = 2 * padding * len(widest_word)         # padding does not shrink with the text
        scale = max(smallest_scale, 0.99 * (available - fixed) / (sum(widest_word) - fixed))
        longest, widest_word = _measure(texts, fonts, size * scale, padding)
    if sum(longest) <= available:
        extra = available - sum(longest)
        return [w + extra * w / sum(longest) for w in longest], scale
    if sum(widest_word) <= available:
        slack = [whole - word for whole, word in zip(longest, widest_word)]
        share = (available - sum(widest_word)) / (sum(slack) or 1)
        return [w + s * share for w, s in zip(widest_word, slack)], scale
    return [available * w / sum(widest_word) for w in widest_word], scale


def cell_padding(ctx: Context, columns: int) -> float:
    """The theme's padding, or less where many columns leave no room for it (a cell keeps at
    least half its width for text)."""
    return min(ctx.styles.option("tables", "padding"), ctx.width / columns / 4)


def _table_style(ctx: Context, header_rows: int, rows: int, stripe: int = 0, padding: float = 0) -> TableStyle:
    """The theme's look of a table; ``stripe``: the zebra phase of its first body row (a page of
    a long table goes on where the page before it stopped)."""
    styles = ctx.styles
    body, option = styles.paragraph["table"], lambda key: styles.option("tables", key)
    commands = [
        # cells hold Paragraphs, but the table still selects a cell font: keep it an embedded one
        ("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), option("padding_top")),
        ("BOTTOMPADDING", (0, 0), (-1, -1), option("padding_bottom")),
    ]
    if option("rows") == "ruled":
        commands.append(("LINEBELOW", (0, 0), (-1, -1), option("row_rule"), styles.colour("rule")))
    elif rows > header_rows:
        colours = [None, styles.colour("table_stripe")]
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), colours[stripe % 2:] + colours[:stripe % 2]))
    if header_rows:
        commands += [("BACKGROUND", (0, 0), (-1, header_rows - 1), styles.colour("table_header")),
                     ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), option("header_rule"),
                      styles.colour("accent"))]
    commands.append(("LINEBELOW", (0, -1), (-1, -1), option("bottom_rule"), styles.colour("rule")))  # closes it
    return TableStyle(commands)


class GridTable(TableFlowable):
    """A reportlab Table whose cells, when tagging, are marked as the structure elements given
    for them (``cells``: per row, per column as drawn); its backgrounds and rules are artifacts, and
    so are the header rows it repeats after a page break."""

    def __init__(self, *args, cells: list[list[Element | None]] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.cell_elements = cells
        if cells is not None:
            self._renderCB = _mark_cells

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        if self.cell_elements is not None and len(parts) == 2:
            first, rest = parts
            rows, repeated = self.cell_elements, self.repeatRows
            first.cell_elements = rows[:len(first._cellvalues)]
            rest.cell_elements = [[None] * len(rows[0])] * repeated + rows[len(rows) - (len(rest._cellvalues) - repeated):]
        return parts


def _mark_cells(table: GridTable, event: str, *args) -> None:
    """reportlab's drawing callback: where each cell, the backgrounds and the rules begin and end."""
    canvas = table.canv
    marking = getattr(canvas, "marking", None)
    if marking is None:
        return
    if event in ("startBG", "startLines", "startCell"):
        table.marked_from = len(canvas._code)
        if event == "startCell":
            row, column = args[0], args[1]
            table.marked_cell = table.cell_elements[row][column] if row < len(table.cell_elements) else None
    elif event in ("endBG", "endLines"):
        marking.mark(canvas._code, table.marked_from, ARTIFACT)
    elif event == "endCell":
        marking.mark(canvas._code, table.marked_from, Tag(table.marked_cell) if table.marked_cell else ARTIFACT)


def table_elements(ctx: Context, rows: list[tuple[bool, int]], row_headers: bool = False,
                   alts: dict[tuple[int, int], str] | None = None) -> tuple[Element | None, list[list] | None]:
    """When tagging: a Table element (THead and TBody, a TR per row, TH or TD per cell) for rows
    given as (is a header row, number of cells), and the element of each cell in drawing order.
    ``row_headers``: the first cell of each body row heads its row."""
    table = ctx.child("Table")
    if table is None:
        return None, None
    head = ctx.structure.add("THead", table) if any(is_head for is_head, _ in rows) else None
    body = ctx.structure.add("TBody", table) if any(not is_head for is_head, _ in rows) else None
    cells = []
    for number, (is_head, count) in enumerate(rows):
        row = ctx.structure.add("TR", head if is_head else body)
        made = []
        for column in range(count):
            header = is_head or (row_headers and column == 0)
            scope = {"O": "Table", "Scope": "Column" if is_head else "Row"} if header else None
            made.append(ctx.structure.add("TH" if header else "TD", row, attributes=scope,
                                          alt=(alts or {}).get((number, column))))
        cells.append(list(reversed(made)) if ctx.rtl else made)
    return table, cells


def styled_table(cells: list[list], widths: list[float], ctx: Context, header_rows: int,
                 stripe: int = 0, elements: list[list] | None = None) -> TableFlowable:
    """A table in the theme's look; in right-to-left text its first column is on the right.
    ``elements``: when tagging, the structure element of each cell (see table_elements)."""
    if ctx.rtl:
        cells, widths = [list(reversed(row)) for row in cells], list(reversed(widths))
    table = GridTable(cells, colWidths=widths, repeatRows=header_rows, splitInRow=1,
                      hAlign="RIGHT" if ctx.rtl else "LEFT", cells=elements)
    table.setStyle(_table_style(ctx, header_rows, len(cells), stripe, cell_padding(ctx, len(widths))))
    table.spaceBefore = ctx.styles.paragraph["table"].spaceBefore
    table.spaceAfter = ctx.styles.paragraph["table"].spaceAfter
    return table


LONG_TABLE = 100       # body rows; a longer table is laid out page by page (see PagedTable)
MEASURED_TOGETHER = 50    # rows: reportlab's own measuring is quadratic in the rows of one table


class PagedTable(Flowable):
    """A long table, laid out a page at a time: its rows are measured once, a few at a time, and
    each page gets an ordinary table of the header and the rows that fit there. reportlab's own
    split measures all the remaining rows again at every page (and measures the rows of one table
    in quadratic time), which makes a table of 20,000 rows take minutes."""

    def __init__(self, head: list[list], body: list[list], widths: list[float], ctx: Context,
                 elements: list[list] | None = None):
        super().__init__()
        self.head, self.body, self.widths, self.ctx = head, body, widths, ctx
        self.elements = elements            # when tagging: the head's rows', then the body's
        self.start = 0
        self.sums: list[float] = []       # sums[i]: the height of body rows before row i
        self.head_height = 0.0
        self.spaceBefore = ctx.styles.paragraph["table"].spaceBefore
        self.spaceAfter = ctx.styles.paragraph["table"].spaceAfter
        self.hAlign = "LEFT"

    def _table(self, first: int, end: int) -> TableFlowable:
        elements = None
        if self.elements is not None:       # the head repeats on every page after the first
            head = self.elements[:len(self.head)] if first == 0 else [[None] * len(self.widths)] * len(self.head)
            elements = head + self.elements[len(self.head) + first:len(self.head) + end]
        return styled_table(self.head + self.body[first:end], self.widths, self.ctx, len(self.head), stripe=first,
                            elements=elements)

    def _measure(self, width: float, height: float) -> None:
        if self.sums:
            return
        self.sums = [0.0]
        for first in range(0, len(self.body), MEASURED_TOGETHER):
            group = self._table(first, first + MEASURED_TOGETHER)
            group.wrap(width, height)
            self.head_height = sum(group._rowHeights[:len(self.head)])
            for row_height in group._rowHeights[len(self.head):]:
                self.sums.append(self.sums[-1] + row_height)

    def wrap(self, width, height):
        self._measure(width, height)
        self.width = sum(self.widths)
        self.height = self.head_height + self.sums[-1] - self.sums[self.start]
        return self.width, self.height

    def split(self, width, height):
        self.wrap(width, height)
        room = self.sums[self.start] + height - self.head_height
        fits = bisect.bisect_right(self.sums, room) - 1          # the rows before this one fit
        if fits <= self.start:    # not even one row: reportlab splits that row in two, or moves on
            pieces = self._table(self.start, self.start + 1).split(width, height)
            return [*map(self._page, pieces), self._rest(self.start + 1)] if pieces else []
        return [self._page(self._table(self.start, fits)), self._rest(fits)]

    def _page(self, table: TableFlowable) -> TableFlowable:
        """A page's part of the table: the space before the table, none after (it goes on)."""
        table.spaceBefore, table.spaceAfter = self.spaceBefore, 0
        return table

    def _rest(self, start: int) -> PagedTable:
        # a new flowable (not a copy: platypus marks a flowable it had to move to the next page)
        rest = PagedTable(self.head, self.body, self.widths, self.ctx, self.elements)
        rest.sums, rest.head_height, rest.start, rest.spaceBefore = self.sums, self.head_height, start, 0
        return rest

    def draw(self):
        table = self._table(self.start, len(self.body))
        table.wrap(self.width, self.height)
        table.drawOn(self.canv, 0, 0)


def markdown_table(node: Table, ctx: Context) -> list[TableFlowable]:
    rows = [(True, row) for row in node.head] + [(False, row) for row in node.body]
    texts = [[plain_text(cell.inlines) for cell in row.cells] for _, row in rows]
    styles = ctx.styles.paragraph
    fonts = [styles["table_header" if is_header else "table"].fontName for is_header, _ in rows]
    padding = cell_padding(ctx, node.columns)
    widths, scale = column_widths(texts, fonts, styles["table"].fontSize, ctx.width, padding,
                                  ctx.styles.option("tables", "min_scale"))
    table, elements = table_elements(ctx, [(is_header, node.columns) for is_header, _ in rows])
    cells = []
    for is_header, row in rows:
        name = "table_header" if is_header else "table"
        base = styles[name]
        made = []
        for cell, width in zip(row.cells, widths):
            # measured at the style's size, so the width is unscaled: the same ratio
            cell_ctx = dataclasses.replace(ctx, width=(width - 2 * padding) / scale, text_style=name)
            align = _ALIGN[cell.align] if cell.align else base.alignment
            style = ParagraphStyle(f"{base.name}-{align}", parent=base, alignment=align,
                                   fontSize=base.fontSize * scale, leading=base.leading * scale)
            chunks = text_flowables(cell.inlines, cell_ctx, style)
            made.append(chunks[0] if len(chunks) == 1 else chunks)
        cells.append(made + [""] * (node.columns - len(made)))
    if len(node.body) > LONG_TABLE:
        return [tag(PagedTable(cells[:len(node.head)], cells[len(node.head):], widths, ctx, elements), table)]
    return [tag(styled_table(cells, widths, ctx, len(node.head), elements=elements), table)]
