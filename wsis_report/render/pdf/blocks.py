"""Block rules: model blocks to platypus flowables, one small function per block type.

Lists and block quotes stay flat: their content is bracketed by ``Indenter`` flowables rather
than nested inside containers, so any of it can split across pages.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, Indenter, Paragraph, Spacer, XPreformatted
from reportlab.platypus.flowables import KeepTogether

from ...model import (Block, CodeBlock, Footnote, Heading, Image, Link, ListBlock, Paragraph as ParagraphNode, Quote,
                      Revised, SdgMap, Table, Text, ThematicBreak)
from .context import Context
from .images import image_flowable
from .inline import text_flowables
from .markup import paragraph
from .quotes import QuoteBar
from .sdg import sdg_map_table
from .tables import markdown_table
from .tags import Element, tag

Rule = Callable[[Block, Context], list[Flowable]]
TASK_BOXES = {False: "\u2610", True: "\u2611"}       # ballot boxes, empty and ticked


def render_blocks(blocks: tuple[Block, ...], ctx: Context) -> list[Flowable]:
    story: list[Flowable] = []
    for block in blocks:
        produced = BLOCK_RULES[type(block)](block, ctx)
        for flowable in produced:  # so a layout error can name the source line
            if not hasattr(flowable, "wsis_source"):
                flowable.wsis_source = (block.origin.file, block.origin.line)
        story.extend(produced)
    return story


def _style(ctx: Context, name: str | None = None, **changes) -> ParagraphStyle:
    base = ctx.styles.paragraph[name or ctx.text_style]
    return ParagraphStyle(f"{base.name}*", parent=base, **changes) if changes else base


def _images(node: ParagraphNode, ctx: Context) -> list[Flowable]:
    """The images of a paragraph, laid out after it (one that cannot be printed stops the build).
    Tagged, an image is a Figure with its alt text; one without alt text is decoration (check warns)."""
    styles = ctx.styles
    fonts = (styles.body_font.regular, styles.body_font.bold)
    max_height = styles.frame_height * styles.option("images", "max_height") / 100
    return [tag(image_flowable(image, ctx.width, max_height, styles.option("images", "dpi"), fonts),
                ctx.child("Figure", alt=image.alt.strip()) if image.alt.strip() else None)
            for image in node.inlines if isinstance(image, Image) and image.path is not None]


def _paragraph(node: ParagraphNode, ctx: Context, bullet: str | None = None,
               style: ParagraphStyle | None = None, label: Element | None = None,
               element: Element | None = None) -> list[Flowable]:
    """A paragraph's text (with a list marker, if given: ``label`` is its element), then its images.
    Tagged, the text is a P, or the content of ``element`` when given (a list item's body)."""
    story: list[Flowable] = []
    if any(not isinstance(n, Image) and (not isinstance(n, Text) or n.text.strip()) for n in node.inlines):
        element = element or ctx.child("P")
        story.extend(tag(f, element, label) for f in text_flowables(node.inlines, ctx, style or _style(ctx), bullet))
    elif bullet:
        story.append(tag(Paragraph("", style or _style(ctx), bulletText=bullet), label))
    return story + _images(node, ctx)


def _heading(node: Heading, ctx: Context) -> list[Flowable]:
    level = (ctx.headings or {}).get(id(node), 6)
    heading = text_flowables(node.inlines, ctx, _style(ctx, "heading"), anchors=(node.anchor,))[0]
    heading.keepWithNext = 1
    return [tag(heading, ctx.child(f"H{level}"))]


def _list(node: ListBlock, ctx: Context) -> list[Flowable]:
    styles = ctx.styles
    indent = styles.indent("list")
    # deep lists stop indenting once less than the theme's share of the frame would remain
    step = indent if ctx.width - indent >= styles.frame_width * styles.option("lists", "min_text_width") / 100 else 0
    numbering = "Decimal" if node.ordered else "Disc"
    inner = dataclasses.replace(ctx, depth=ctx.depth + 1, width=ctx.width - step).under(
        ctx.child("L", attributes={"O": "List", "ListNumbering": numbering}))
    bullets = styles.option("lists", "bullets")
    story: list[Flowable] = [_indent(step, ctx)]
    for index, item in enumerate(node.items):
        marker = f"{node.start + index}." if node.ordered else bullets[ctx.depth % len(bullets)]
        if item.checked is not None:               # a task: its box, ticked or not, as GitHub shows it
            marker = TASK_BOXES[item.checked]
        story.extend(_list_item(item.blocks, inner.under(inner.child("LI")), marker))
    story.append(_indent(-step, ctx))
    if ctx.depth == 0:
        story.append(_gap(styles.paragraph["body"].spaceAfter))
    return story


def _indent(points: float, ctx: Context) -> Indenter:
    """Indentation on the side where the text starts: the left, or the right in right-to-left text."""
    return Indenter(right=points) if ctx.rtl else Indenter(left=points)


def _gap(space: float) -> Flowable:
    """Vertical space that merges with the next block's space before (the frame keeps the larger)."""
    gap = Spacer(0, 0)
    gap.spaceAfter = space
    return gap


def _list_item(blocks: tuple[Block, ...], ctx: Context, marker: str) -> list[Flowable]:
    """A list item (tagged: LI with the marker as Lbl and the blocks in LBody)."""
    # the marker hangs in the indent, so wrapped lines align with the text, not the bullet
    style = _style(ctx, None, spaceAfter=ctx.styles.paragraph["list"].spaceAfter,
                   bulletIndent=-ctx.styles.indent("list"))
    label = ctx.child("Lbl")
    body = ctx.under(ctx.child("LBody"))
    if len(blocks) == 1 and isinstance(blocks[0], ParagraphNode):        # the common item: its text is the body
        return _paragraph(blocks[0], body, marker, style, label, element=body.parent)
    if blocks and isinstance(blocks[0], ParagraphNode):
        return _paragraph(blocks[0], body, marker, style, label) + render_blocks(blocks[1:], body)
    return [tag(Paragraph("", style, bulletText=marker), label), *render_blocks(blocks, body)]


def _quote(node: Quote, ctx: Context) -> list[Flowable]:
    styles = ctx.styles
    indent = styles.indent("quote")
    inner = dataclasses.replace(ctx, text_style="quote", width=ctx.width - indent).under(ctx.child("BlockQuote"))
    bar = QuoteBar(styles.option("rules", "quote"), styles.colour("quote_bar"), right=ctx.rtl)
    return [bar.start(), _indent(indent, ctx), *render_blocks(node.blocks, inner), _indent(-indent, ctx), bar.end()]


def _revised(node: Revised, ctx: Context) -> list[Flowable]:
    """Changed blocks of a redline, with a bar in the margin beside them (on the side text starts)."""
    styles = ctx.styles
    bar = QuoteBar(styles.option("rules", "change_bar"), styles.colour("change_bar"), right=ctx.rtl,
                   offset=-styles.option("rules", "change_bar_gap"))
    return [bar.start(), *render_blocks(node.blocks, ctx), bar.end()]


def _code_lines(text: str, ctx: Context, inset: float) -> str:
    """Hard-wrap code at the frame width: a preformatted block never wraps by itself."""
    style = ctx.styles.paragraph["code"]
    char_width = stringWidth("W", style.fontName, style.fontSize)  # the widest, should the font not be mono
    limit = max(int((ctx.width - 2 * inset) / char_width), 8)
    lines = []
    for line in text.rstrip("\n").expandtabs(ctx.styles.option("code_blocks", "tab_width")).split("\n"):
        lines.extend(line[i:i + limit] for i in range(0, max(len(line), 1), limit))
    printed = [index for index, line in enumerate(lines) if line.strip()]     # blank lines at the ends are not set
    return "\n".join(lines[printed[0]:printed[-1] + 1] if printed else [])


def _code(node: CodeBlock, ctx: Context) -> list[Flowable]:
    # the text is inset by the padding, so the shaded box lines up with the frame's edges
    styles = ctx.styles
    pad, code = styles.option("code_blocks", "padding"), styles.paragraph["code"]
    style = _style(ctx, "code", backColor=styles.colour("code_background"), borderPadding=pad,
                   leftIndent=pad, rightIndent=pad, spaceBefore=code.spaceBefore + pad,
                   spaceAfter=code.spaceAfter + pad)
    return [tag(paragraph(styles.markup(_code_lines(node.text, ctx, pad), style.fontName), style, kind=XPreformatted),
                ctx.child("Code"))]


def _rule(node: ThematicBreak, ctx: Context) -> list[Flowable]:
    styles = ctx.styles
    return [HRFlowable(width="100%", thickness=styles.option("rules", "hr"), color=styles.colour("rule"),
                       spaceBefore=styles.option("spacing", "hr_before"),
                       spaceAfter=styles.option("spacing", "hr_after"))]


def footnotes(notes: tuple[Footnote, ...], ctx: Context) -> list[Flowable]:
    """An answer's footnotes, under a short rule; each number links back to its first reference."""
    if not notes:
        return []
    styles = ctx.styles
    indent = styles.option("footnotes", "indent")
    hanging = ParagraphStyle("footnote-first", parent=styles.paragraph["footnote"], leftIndent=indent,
                             firstLineIndent=-indent)
    story: list[Flowable] = [HRFlowable(width=f"{styles.option('footnotes', 'rule_width')}%",
                                        thickness=styles.option("rules", "footnotes"), color=styles.colour("rule"),
                                        hAlign="RIGHT" if ctx.rtl else "LEFT",
                                        spaceBefore=styles.option("footnotes", "space_before"),
                                        spaceAfter=styles.option("footnotes", "space_after"))]
    for note in notes:
        note_ctx = dataclasses.replace(ctx, text_style="footnote").under(ctx.child("Note", identifier=note.anchor))
        # the note's number, linking back to the (first) reference in the text, starts its first paragraph
        number = (Link((Text(f"{note.number}."),), note.origin, "#" + note.back_anchor, anchor=note.back_anchor),
                  Text("\u00a0"))
        first, rest = (note.blocks[0], note.blocks[1:]) if note.blocks else (None, ())
        inlines = number + (first.inlines if isinstance(first, ParagraphNode) else ())
        element = note_ctx.child("P")
        blocks = [tag(f, element) for f in text_flowables(inlines, note_ctx, hanging, anchors=(note.anchor,))]
        blocks += render_blocks(rest if isinstance(first, ParagraphNode) else note.blocks, note_ctx)
        for flowable in blocks:
            flowable.wsis_source = getattr(flowable, "wsis_source", (note.origin.file, note.origin.line))
        story.extend(blocks)
    return [KeepTogether(story[:2]), *story[2:]]


BLOCK_RULES: dict[type, Rule] = {
    ParagraphNode: _paragraph,
    Heading: _heading,
    ListBlock: _list,
    Quote: _quote,
    Revised: _revised,
    CodeBlock: _code,
    ThematicBreak: _rule,
    Table: markdown_table,
    SdgMap: sdg_map_table,
}
