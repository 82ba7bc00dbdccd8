"""The domain's own tables: sdg-map blocks and the Action Line x SDG matrix annex.

Goals print as badges in their official colours (white number on the goal's colour), as on UN
material. Titles, colours and labels come from the model; this module only draws them.
"""
from __future__ import annotations

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ...model import ActionLineRef, Goal, SdgMap, SdgMatrix
from .context import Context
from .inline import render_inlines
from .styles import Styles
from .tables import styled_table

NBSP = "\u00a0"


def goal_badge(goal: Goal, styles: Styles) -> str:
    """Markup for an SDG badge: the goal's number in white on its official colour."""
    label = styles.markup(f"{NBSP}SDG{NBSP}{goal.number}{NBSP}", styles.body_font.bold)
    return f'<font backColor="{goal.colour}" color="#FFFFFF"><b>{label}</b></font>'


def _goal(goal: Goal, styles: Styles, font: str) -> str:
    return f"{goal_badge(goal, styles)} {styles.markup(goal.title, font)}"


def _line_label(line: ActionLineRef, styles: Styles, font: str) -> str:
    return f"<b>{styles.markup(line.label, styles.body_font.bold)}</b> {styles.markup(line.title, font)}"


def sdg_map_table(node: SdgMap, ctx: Context) -> list[Flowable]:
    """Action Line (code and official title) | its SDGs (badge and short title) | note."""
    if not node.rows:
        return []
    styles = ctx.styles
    style, head = styles.paragraph["sdg_table"], styles.paragraph["table_header"]
    font = style.fontName
    badge = styles.width(f"{NBSP}SDG{NBSP}17{NBSP} ", styles.body_font.bold, style.fontSize)
    # one paragraph a goal, the title hanging after the badge
    goal_style = ParagraphStyle("sdg-goal", parent=style, leftIndent=badge, firstLineIndent=-badge,
                                spaceAfter=styles.option("sdg", "goal_gap"))
    labels = ctx.labels
    with_notes = any(row.note for row in node.rows)
    titles = (labels.action_line, labels.sdgs, labels.note)[:3 if with_notes else 2]
    rows = [[Paragraph(styles.markup(text, head.fontName), head) for text in titles]]
    for row in node.rows:
        cells = [Paragraph(_line_label(row.line, styles, font), style),
                 [Paragraph(_goal(goal, styles, font), goal_style) for goal in row.goals]]
        if with_notes:
            cells.append(Paragraph(styles.markup(row.note or "", font), style))
        rows.append(cells)
    if with_notes:
        line, note = styles.option("sdg", "line_width_with_note"), styles.option("sdg", "note_width")
        fractions = (line, 100 - line - note, note)
    else:
        line = styles.option("sdg", "line_width")
        fractions = (line, 100 - line)
    return [styled_table(rows, [ctx.width * f / 100 for f in fractions], ctx, 1)]


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
    cells = [[Paragraph(styles.markup(annex.header, head.fontName), head)]
             + [Paragraph(str(goal.number), number) for goal in annex.goals]]
    commands = [("BACKGROUND", (column, 0), (column, 0), HexColor(goal.colour))
                for column, goal in enumerate(annex.goals, start=1)]
    for row_number, row in enumerate(annex.rows, start=1):
        indent = "\u2003" if row.line.sub_line else ""
        cells.append([Paragraph(indent + _line_label(row.line, styles, label.fontName), label)])
        for column, (goal, questions) in enumerate(zip(annex.goals, row.cells), start=1):
            text = ", ".join(ctx.labels.question_mark.format(n=q) for q in questions)
            cells[-1].append(Paragraph(styles.markup(text, mark.fontName), mark) if questions else "")
            if questions:
                commands.append(("BACKGROUND", (column, row_number), (column, row_number), HexColor(goal.colour)))
    width = (ctx.width - first) / len(annex.goals)
    padding, vertical = option("cell_padding"), option("cell_padding_y")
    table = Table(cells, colWidths=[first] + [width] * len(annex.goals), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("LEFTPADDING", (0, 0), (0, -1), styles.option("tables", "padding")),
        ("TOPPADDING", (0, 0), (-1, -1), vertical), ("BOTTOMPADDING", (0, 0), (-1, -1), vertical),
        ("FONT", (0, 0), (-1, -1), base.fontName, base.fontSize),
        ("GRID", (1, 0), (-1, -1), option("grid"), styles.colour("rule")),
        ("LINEBELOW", (0, 0), (-1, -1), option("grid"), styles.colour("rule")),
        ("BACKGROUND", (0, 0), (0, 0), styles.colour("table_header")),
        *commands,
    ]))
    return [table, Spacer(1, option("space_after")), *_legend(annex, ctx)]


def _legend(annex: SdgMatrix, ctx: Context) -> list[Flowable]:
    styles = ctx.styles
    style = styles.paragraph["sdg_table"]
    note = Paragraph(render_inlines(annex.legend, ctx), style)
    goals = [Paragraph(_goal(goal, styles, style.fontName), style) for goal in annex.goals]
    columns = styles.option("matrix", "legend_columns")
    per_column = -(-len(goals) // columns)
    groups = [goals[i * per_column:(i + 1) * per_column] for i in range(columns)]
    rows = [[group[r] if r < len(group) else "" for group in groups] for r in range(per_column)]
    legend = Table(rows, colWidths=[ctx.width / columns] * columns, hAlign="LEFT")
    legend.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),  # not Helvetica
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [note, Spacer(1, styles.option("matrix", "legend_gap")), legend]
