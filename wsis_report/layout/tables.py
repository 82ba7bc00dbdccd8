"""Tables: GFM pipe tables sized from their content, and the theme's table look for all tables.

Cells hold short Paragraphs; rows may split across pages (splitInRow) and the header row
repeats after a page break (repeatRows).
"""
from __future__ import annotations

import dataclasses

from markdown_it.tree import SyntaxTreeNode
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from ..parse import plain_text
from .context import Context
from .inline import render_inline

_ALIGN = {"text-align:right": TA_RIGHT, "text-align:center": TA_CENTER, "text-align:left": TA_LEFT}


SMALLEST_SCALE = 0.75   # a wide table's text may shrink to 3/4 of its size so its words fit whole


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
                  padding: float) -> tuple[list[float], float]:
    """Column widths and the text scale: natural widths when they fit the frame; otherwise every
    column keeps its longest word whole and they share the rest (shrinking the text a little
    first, if that is what keeps words whole)."""
    longest, widest_word = _measure(texts, fonts, size, padding)
    scale = 1.0
    if sum(widest_word) > available:
        fixed = 2 * padding * len(widest_word)         # padding does not shrink with the text
        scale = max(SMALLEST_SCALE, 0.99 * (available - fixed) / (sum(widest_word) - fixed))
        longest, widest_word = _measure(texts, fonts, size * scale, padding)
    if sum(longest) <= available:
        extra = available - sum(longest)
        return [w + extra * w / sum(longest) for w in longest], scale
    if sum(widest_word) <= available:
        slack = [whole - word for whole, word in zip(longest, widest_word)]
        share = (available - sum(widest_word)) / (sum(slack) or 1)
        return [w + s * share for w, s in zip(widest_word, slack)], scale
    return [available * w / sum(widest_word) for w in widest_word], scale


def _table_style(ctx: Context, header_rows: int, rows: int) -> TableStyle:
    body, padding = ctx.styles.paragraph["table"], ctx.styles.theme.option("tables", "padding")
    commands = [
        # cells hold Paragraphs, but the table still selects a cell font: keep it an embedded one
        ("FONT", (0, 0), (-1, -1), body.fontName, body.fontSize, body.leading),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if ctx.styles.theme.option("tables", "rows") == "ruled":
        commands.append(("LINEBELOW", (0, 0), (-1, -1), 0.4, ctx.styles.colour("rule")))
    elif rows > header_rows:
        commands.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1),
                         [None, ctx.styles.colour("table_stripe")]))
    if header_rows:
        commands += [("BACKGROUND", (0, 0), (-1, header_rows - 1), ctx.styles.colour("table_header")),
                     ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8,
                      ctx.styles.colour("accent"))]
    commands.append(("LINEBELOW", (0, -1), (-1, -1), 0.6, ctx.styles.colour("rule")))  # closes the table
    return TableStyle(commands)


def styled_table(cells: list[list], widths: list[float], ctx: Context, header_rows: int) -> Table:
    table = Table(cells, colWidths=widths, repeatRows=header_rows, splitInRow=1, hAlign="LEFT")
    table.setStyle(_table_style(ctx, header_rows, len(cells)))
    table.spaceBefore = ctx.styles.paragraph["table"].spaceBefore
    table.spaceAfter = ctx.styles.paragraph["table"].spaceAfter
    return table


def markdown_table(node: SyntaxTreeNode, ctx: Context) -> list[Table]:
    rows = [(section.type == "thead", tr) for section in node.children for tr in section.children]
    columns = max(len(tr.children) for _, tr in rows)
    texts = [[plain_text(cell) for cell in tr.children] for _, tr in rows]
    styles = ctx.styles.paragraph
    fonts = [styles["table_header" if is_header else "table"].fontName for is_header, _ in rows]
    padding = ctx.styles.theme.option("tables", "padding")
    widths, scale = column_widths(texts, fonts, styles["table"].fontSize, ctx.width, padding)
    cells = []
    for is_header, tr in rows:
        row = []
        name = "table_header" if is_header else "table"
        base = styles[name]
        for cell, width in zip(tr.children, widths):
            # measured at the style's size, so the width is unscaled: the same ratio
            cell_ctx = dataclasses.replace(ctx, width=(width - 2 * padding) / scale, text_style=name)
            align = _ALIGN.get(str(cell.attrs.get("style", "")), base.alignment)
            style = ParagraphStyle(f"{base.name}-{align}", parent=base, alignment=align,
                                   fontSize=base.fontSize * scale, leading=base.leading * scale)
            row.append(Paragraph(render_inline(cell, cell_ctx), style))
        row += [""] * (columns - len(row))
        cells.append(row)
    header_rows = sum(1 for is_header, _ in rows if is_header)
    return [styled_table(cells, widths, ctx, header_rows)]
