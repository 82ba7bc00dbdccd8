"""The domain's own tables: sdg-map blocks and the Action Line x SDG matrix annex.

Goals print as badges in their official colours (white number on the goal's colour), as on UN
material. Titles, colours and labels come from the model; this module only draws them.
"""
from __future__ import annotations

from reportlab.lib.colors import white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer, TableStyle

from ...model import ActionLineRef, Goal, SdgMap, SdgMatrix
from .context import Context
from .inline import Styled, styled_block, text_block, text_flowables
from .styles import colour_of
from .tables import GridTable, styled_table, table_elements
from .tags import Element, tag

NBSP = "\u00a0"


def goal_parts(goal: Goal) -> list[Styled]:
    """An SDG badge (the number in white on the goal's official colour), then its title."""
    return [Styled(f"{NBSP}SDG{NBSP}{goal.number}{NBSP}", bold=True, colour="#FFFFFF", back=goal.colour),
            Styled(f" {goal.title}")]


def _line_parts(line: ActionLineRef, indent: str = "") -> list[Styled]:
    return ([Styled(indent)] if indent else []) + [Styled(line.label, bold=True), Styled(f" {line.title}")]


def sdg_map_table(node: SdgMap, ctx: Context) -> list[Flowable]:
    """Action Line (code and official title) | its SDGs (badge and short title) | note."""
    if not node.rows:
        return []
    styles = ctx.styles
    style, head = styles.paragraph["sdg_table"], styles.paragraph["table_header"]
    badge = styles.width(f"{NBSP}SDG{NBSP}17{NBSP} ", styles.body_font.bold, style.fontSize)
    # one paragraph a goal, the title hanging after the badge
    goal_style = ParagraphStyle("sdg-goal", parent=style, leftIndent=badge, firstLineIndent=-badge,
                                spaceAfter=styles.option("sdg", "goal_gap"))
    labels = ctx.labels
    with_notes = any(row.note for row in node.rows)
    titles = (labels.action_line, labels.sdgs, labels.note)[:3 if with_notes else 2]
    table, elements = table_elements(ctx, [(True, len(titles))] + [(False, len(titles))] * len(node.rows),
                                     row_headers=True)
    rows = [[text_block(text, ctx, head) for text in titles]]
    for row in node.rows:
        cells = [styled_block(_line_parts(row.line), ctx, style),
                 [styled_block(goal_parts(goal), ctx, goal_style) for goal in row.goals]]
        if with_notes:
            cells.append(text_block(row.note or "", ctx, style))
        rows.append(cells)
    if with_notes:
        line, note = styles.option("sdg", "line_width_with_note"), styles.option("sdg", "note_width")
        fractions = (line, 100 - line - note, note)
    else:
        line = styles.option("sdg", "line_width")
        fractions = (line, 100 - line)
    return [tag(styled_table(rows, [ctx.width * f / 100 for f in fractions], ctx, 1, elements=elements), table)]


def sdg_matrix(annex: SdgMatrix, ctx: Context) -> list[Flowable]:
    """The annex table: Action Lines (rows) x SDGs (columns); a mapped cell is filled in the goal's
    colour and names the questions that made the link."""
    styles = ctx.styles
    option = lambda key: styles.option("matrix", key)        # noqa: E731 - a short local reader
    base = styles.paragraph["sdg_table"]
    scale = option("label_scale")
    label = ParagraphStyle("matrix-line", parent=base, fontSize=base.fontSize * scale, leading=base.leading * scale)
    mark = ParagraphStyle("matrix-mark", parent=label, alignment=TA_CENTER, textColor=white,
                          fontName=styles.body_font.bold, fontSize=option("mark_size"),
                          leading=option("mark_size") * 1.15)
    number = ParagraphStyle("matrix-goal", parent=mark, fontSize=option("head_size"),
                            leading=option("head_size") * 1.15)
    first = ctx.width * option("label_width") / 100
    head = styles.paragraph["table_header"]
    cells = [[text_block(annex.header, ctx, head)] + [text_block(str(goal.number), ctx, number) for goal in annex.goals]]
    commands = [("BACKGROUND", (column, 0), (column, 0), colour_of(goal.colour))
                for column, goal in enumerate(annex.goals, start=1)]
    for row_number, row in enumerate(annex.rows, start=1):
        indent = "\u2003" if row.line.sub_line else ""
        cells.append([styled_block(_line_parts(row.line, indent), ctx, label)])
        for column, (goal, questions) in enumerate(zip(annex.goals, row.cells), start=1):
            text = ", ".join(ctx.labels.question_mark.format(n=q) for q in questions)
            cells[-1].append(text_block(text, ctx, mark) if questions else "")
            if questions:
                commands.append(("BACKGROUND", (column, row_number), (column, row_number), colour_of(goal.colour)))
    width = (ctx.width - first) / len(annex.goals)
    padding, vertical = option("cell_padding"), option("cell_padding_y")
    widths = [first] + [width] * len(annex.goals)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (0, -1), styles.option("tables", "padding")),
        ("TOPPADDING", (0, 0), (-1, -1), vertical), ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
        ("FONT", (0, 0), (-1, -1), base.fontName, base.fontSize),
        ("GRID", (1, 0), (-1, -1), option("grid"), styles.colour("rule")),
        ("LINEBELOW", (0, 0), (-1, -1), option("grid"), styles.colour("rule")),
        ("BACKGROUND", (0, 0), (0, 0), styles.colour("table_header")),
        *commands,
    ]
    element, elements = _matrix_elements(annex, ctx)
    if ctx.rtl:                    # the Action Lines on the right, the goals from right to left
        cells, widths, commands = _mirrored(cells, widths, commands)
    table = GridTable(cells, colWidths=widths, repeatRows=1, hAlign="RIGHT" if ctx.rtl else "LEFT", cells=elements)
    table.setStyle(TableStyle(commands))
    return [tag(table, element), Spacer(1, option("space_after")), *_legend(annex, ctx)]


def _matrix_elements(annex: SdgMatrix, ctx: Context) -> tuple[Element | None, list[list] | None]:
    """When tagging, the matrix as a table: the goal numbers head their columns (saying which goal
    they are), each Action Line heads its row, and a row's run of empty cells is one cell spanning
    those columns (a screen reader says "blank" once, not eleven times)."""
    table = ctx.child("Table")
    if table is None:
        return None, None
    structure = ctx.structure
    head = structure.add("TR", structure.add("THead", table))
    cells = [[structure.add("TH", head, attributes={"O": "Table", "Scope": "Column"})]]
    cells[0] += [structure.add("TH", head, attributes={"O": "Table", "Scope": "Column"},
                               alt=f"SDG {goal.number}: {goal.title}") for goal in annex.goals]
    body = structure.add("TBody", table)
    for row in annex.rows:
        line = structure.add("TR", body)
        made = [structure.add("TH", line, attributes={"O": "Table", "Scope": "Row"})]
        column = 0
        while column < len(row.cells):
            end = column + 1
            while not row.cells[column] and end < len(row.cells) and not row.cells[end]:
                end += 1
            span = {"O": "Table", "ColSpan": end - column} if end - column > 1 else None
            made += [structure.add("TD", line, attributes=span)] * (end - column)
            column = end
        cells.append(made)
    if ctx.rtl:
        cells = [list(reversed(row)) for row in cells]
    return table, cells


def _mirrored(cells: list[list], widths: list[float], commands: list[tuple]):
    """A table with its columns in the other order, its style commands following them."""
    last = len(widths) - 1

    def column(index: int) -> int:
        return last - (index if index >= 0 else last + 1 + index)

    def command(entry: tuple) -> tuple:
        name, (c0, r0), (c1, r1), *values = entry
        first, second = sorted((column(c0), column(c1)))
        name = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING"}.get(name, name)
        return (name, (first, r0), (second, r1), *values)

    return [list(reversed(row)) for row in cells], list(reversed(widths)), [command(c) for c in commands]


def _legend(annex: SdgMatrix, ctx: Context) -> list[Flowable]:
    """The matrix's note, then the goals' badges and titles, column by column (goals 1 to 6 down
    the first). Tagged, a paragraph a goal, in the goals' order: the table only places them."""
    styles = ctx.styles
    style = styles.paragraph["sdg_table"]
    note = tag(text_flowables(annex.legend, ctx, style)[0], ctx.child("P"))
    goals = [styled_block(goal_parts(goal), ctx, style) for goal in annex.goals]
    items = [ctx.child("P") for _ in annex.goals]
    columns = styles.option("matrix", "legend_columns")
    per_column = -(-len(goals) // columns)
    place = [[r + c * per_column if r + c * per_column < len(goals) else None for c in range(columns)]
             for r in range(per_column)]
    rows = [["" if i is None else goals[i] for i in row] for row in place]
    elements = None if ctx.structure is None else [[None if i is None else items[i] for i in row] for row in place]
    if ctx.rtl:
        rows = [list(reversed(row)) for row in rows]
        elements = elements and [list(reversed(row)) for row in elements]
    legend = GridTable(rows, colWidths=[ctx.width / columns] * columns, hAlign="RIGHT" if ctx.rtl else "LEFT",
                       cells=elements)
    legend.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),  # not Helvetica
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [note, Spacer(1, styles.option("matrix", "legend_gap")), legend]
