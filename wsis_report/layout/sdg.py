"""The domain's own tables: sdg-map blocks and the Action Line x SDG matrix annex.

Goals print as badges in their official colours (white number on the goal's colour), as on
UN material; titles come from the reference data shipped in the package.
"""
from __future__ import annotations

from collections import defaultdict

from reportlab.lib.colors import HexColor, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from ..check import Answer, CheckedDocument, SdgLink
from ..reference import ActionLine, load_reference
from .context import Context
from .styles import Styles, escape
from .tables import styled_table

NBSP = "\u00a0"


def goal_badge(number: int) -> str:
    """Markup for an SDG badge: the goal's number in white on its official colour."""
    colour = load_reference().goals[number].colour
    return f'<font backColor="{colour}" color="#FFFFFF"><b>{NBSP}SDG{NBSP}{number}{NBSP}</b></font>'


def _line_label(line: ActionLine) -> str:
    lines = load_reference().action_lines
    if line.parent:   # a C7 sub-line: "C7 E-health", with C7's title after it
        return f"<b>{line.parent} {escape(line.title)}</b> {escape(lines[line.parent].title)}"
    return f"<b>{line.code}</b> {escape(line.title)}"


def sdg_map_table(links: tuple[SdgLink, ...], ctx: Context) -> Table:
    """Action Line (code and official title) | its SDGs (badge and short title) | note."""
    reference = load_reference()
    style = ctx.styles.paragraph["sdg_table"]
    badge = stringWidth(f"{NBSP}SDG{NBSP}17{NBSP} ", ctx.styles.body_font.bold, style.fontSize)
    # one paragraph a goal, the title hanging after the badge
    goal_style = ParagraphStyle("sdg-goal", parent=style, leftIndent=badge, firstLineIndent=-badge,
                                spaceAfter=2)
    head = ctx.styles.paragraph["table_header"]
    with_notes = any(link.note for link in links)
    rows = [[Paragraph(text, head) for text in ("Action Line", "SDGs", "Note")[:3 if with_notes else 2]]]
    for link in links:
        goals = [Paragraph(f"{goal_badge(n)} {escape(reference.goals[n].short_title)}", goal_style)
                 for n in link.goals]
        row = [Paragraph(_line_label(reference.action_lines[link.code]), style), goals]
        if with_notes:   # the note is the user's text; the rest is reference data
            row.append(Paragraph(ctx.styles.markup(link.note or "", style.fontName), style))
        rows.append(row)
    fractions = (0.42, 0.33, 0.25) if with_notes else (0.55, 0.45)
    return styled_table(rows, [ctx.width * f for f in fractions], ctx, 1)


def matrix_links(document: CheckedDocument) -> dict[tuple[str, int], list[int]]:
    """(Action Line, SDG) -> the numbers of the questions whose sdg-map blocks link them."""
    found: dict[tuple[str, int], list[int]] = defaultdict(list)
    for entry in document.entries:
        if isinstance(entry, Answer) and entry.number is not None:
            for links in entry.sdg_maps.values():
                for link in links:
                    for goal in link.goals:
                        if entry.number not in found[link.code, goal]:
                            found[link.code, goal].append(entry.number)
    return found


def _matrix_rows(links: dict[tuple[str, int], list[int]]) -> list[ActionLine]:
    """The 11 Action Lines, with each C7 sub-line that a map uses listed under C7."""
    used = {code for code, _ in links}
    return [line for line in load_reference().action_lines.values() if not line.parent or line.code in used]


def sdg_matrix(document: CheckedDocument, styles: Styles) -> list[Flowable]:
    """The annex table: Action Lines (rows) x SDGs (columns); a mapped cell is filled in the goal's
    colour and names the questions that made the link."""
    reference, links = load_reference(), matrix_links(document)
    base = styles.paragraph["sdg_table"]
    label = ParagraphStyle("matrix-line", parent=base, fontSize=base.fontSize * 0.85, leading=base.leading * 0.85)
    mark = ParagraphStyle("matrix-mark", parent=label, alignment=TA_CENTER, textColor=white,
                          fontName=styles.body_font.bold, fontSize=7, leading=8)
    number = ParagraphStyle("matrix-goal", parent=mark, fontSize=8.5, leading=10)
    first = styles.frame_width * 0.34
    cells = [[Paragraph("Action Line", styles.paragraph["table_header"])]
             + [Paragraph(str(goal), number) for goal in reference.goals]]
    commands = [("BACKGROUND", (column, 0), (column, 0), HexColor(reference.goals[goal].colour))
                for column, goal in enumerate(reference.goals, start=1)]
    for row, line in enumerate(_matrix_rows(links), start=1):
        indent = "\u2003" if line.parent else ""
        cells.append([Paragraph(indent + _line_label(line), label)])
        for column, goal in enumerate(reference.goals, start=1):
            questions = links.get((line.code, goal))
            cells[-1].append(Paragraph(", ".join(f"Q{q}" for q in questions), mark) if questions else "")
            if questions:
                commands.append(("BACKGROUND", (column, row), (column, row),
                                 HexColor(reference.goals[goal].colour)))
    width = (styles.frame_width - first) / len(reference.goals)
    table = Table(cells, colWidths=[first] + [width] * len(reference.goals), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (0, -1), styles.theme.option("tables", "padding")),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("FONT", (0, 0), (-1, -1), base.fontName, base.fontSize),
        ("GRID", (1, 0), (-1, -1), 0.4, styles.colour("rule")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, styles.colour("rule")),
        ("BACKGROUND", (0, 0), (0, 0), styles.colour("table_header")),
        *commands,
    ]))
    return [table, Spacer(1, 10), *_legend(styles)]


def _legend(styles: Styles) -> list[Flowable]:
    reference = load_reference()
    style = styles.paragraph["sdg_table"]
    note = Paragraph("A filled cell means the Action Line in its row serves the SDG in its column; Q8 names "
                     "the question whose <i>sdg-map</i> block made the link.", style)
    goals = [Paragraph(f"{goal_badge(n)} {escape(g.short_title)}", style) for n, g in reference.goals.items()]
    per_column = -(-len(goals) // 3)
    columns = [goals[i * per_column:(i + 1) * per_column] for i in range(3)]
    rows = [[column[r] if r < len(column) else "" for column in columns] for r in range(per_column)]
    legend = Table(rows, colWidths=[styles.frame_width / 3] * 3, hAlign="LEFT")
    legend.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 1),
                                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("FONT", (0, 0), (-1, -1), style.fontName, style.fontSize),  # not Helvetica
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [note, Spacer(1, 6), legend]
