"""Block rules: markdown-it block nodes to platypus flowables, one small function per node type.

Lists and block quotes stay flat: their content is bracketed by ``Indenter`` flowables rather
than nested inside containers, so any of it can split across pages.
"""
from __future__ import annotations

import dataclasses
from typing import Callable

from markdown_it.tree import SyntaxTreeNode
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, HRFlowable, Indenter, Paragraph, Spacer, XPreformatted
from reportlab.platypus.flowables import KeepTogether

from ..errors import LayoutError, error
from .context import Context
from .images import image_flowables
from .inline import render_inline
from .sdg import sdg_map_table
from .tables import markdown_table

Rule = Callable[[SyntaxTreeNode, Context], list[Flowable]]


def render_blocks(nodes, ctx: Context) -> list[Flowable]:
    story: list[Flowable] = []
    for node in nodes:
        rule = BLOCK_RULES.get(node.type)
        if rule is None:
            raise LayoutError([error(ctx.file, ctx.line(node), f"no layout rule for '{node.type}'; "
                                                               "please report this", "layout")])
        line = ctx.line(node)
        produced = rule(node, dataclasses.replace(ctx, block_line=line) if node.map else ctx)
        for flowable in produced:  # so a layout error can name the source line
            if not hasattr(flowable, "wsis_source"):
                flowable.wsis_source = (ctx.file, line)
        story.extend(produced)
    return story


def _style(ctx: Context, name: str | None = None, **changes) -> ParagraphStyle:
    base = ctx.styles.paragraph[name or ctx.text_style]
    return ParagraphStyle(f"{base.name}*", parent=base, **changes) if changes else base


def _paragraph(node, ctx, bullet: str | None = None, style: ParagraphStyle | None = None):
    """A paragraph's text as one Paragraph (with a list marker, if given), then its images."""
    inline = node.children[0] if node.children else node
    story: list[Flowable] = []
    if any(child.type != "image" and (child.type != "text" or child.content.strip())
           for child in inline.children):
        story.append(Paragraph(render_inline(inline, ctx), style or _style(ctx), bulletText=bullet))
    elif bullet:
        story.append(Paragraph("", style or _style(ctx), bulletText=bullet))
    story.extend(image_flowables(inline, ctx))
    return story


def _heading(node, ctx):
    slug = ctx.heading_anchors.get(node.map[0]) if ctx.depth == 0 and ctx.text_style == "body" else None
    anchor = f'<a name="{slug}"/>' if slug else ""
    para = Paragraph(anchor + render_inline(node.children[0], ctx), _style(ctx, "heading"))
    para.keepWithNext = 1
    return [para]


def _list(node, ctx):
    start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else None
    indent = ctx.styles.indent("list")
    # deep lists stop indenting once less than half the frame would remain for their text
    step = indent if ctx.width - indent >= ctx.styles.frame_width / 2 else 0
    inner = dataclasses.replace(ctx, depth=ctx.depth + 1, width=ctx.width - step)
    story: list[Flowable] = [Indenter(left=step)]
    bullets = ctx.styles.theme.option("lists", "bullets")
    for index, item in enumerate(node.children):
        marker = f"{start + index}." if start is not None else bullets[ctx.depth % len(bullets)]
        story.extend(_list_item(item, inner, marker))
    story.append(Indenter(left=-step))
    if ctx.depth == 0:
        story.append(_gap(ctx.styles.paragraph["body"].spaceAfter))
    return story


def _gap(space: float) -> Flowable:
    """Vertical space that merges with the next block's space before (the frame keeps the larger)."""
    gap = Spacer(0, 0)
    gap.spaceAfter = space
    return gap


def _list_item(item, ctx, marker):
    # the marker hangs in the indent, so wrapped lines align with the text, not the bullet
    style = _style(ctx, None, spaceAfter=ctx.styles.paragraph["list"].spaceAfter,
                   bulletIndent=-ctx.styles.indent("list"))
    children = list(item.children)
    if children and children[0].type == "paragraph":
        first = _paragraph(children[0], dataclasses.replace(ctx, block_line=ctx.line(children[0])), marker, style)
        return first + render_blocks(children[1:], ctx)
    return [Paragraph("", style, bulletText=marker), *render_blocks(children, ctx)]


def _blockquote(node, ctx):
    indent = ctx.styles.indent("quote")
    inner = dataclasses.replace(ctx, text_style="quote", width=ctx.width - indent)
    return [Indenter(left=indent), *render_blocks(node.children, inner), Indenter(left=-indent)]


def _code_lines(text: str, ctx: Context) -> str:
    """Hard-wrap code at the frame width: a preformatted block never wraps by itself."""
    style = ctx.styles.paragraph["code"]
    char_width = stringWidth("W", style.fontName, style.fontSize)  # the widest, should the font not be mono
    limit = max(int((ctx.width - 8) / char_width), 8)      # 8: the inset on both sides
    lines = []
    for line in text.rstrip("\n").expandtabs(4).split("\n"):
        lines.extend(line[i:i + limit] for i in range(0, max(len(line), 1), limit))
    return "\n".join(lines)


def _code(node, ctx):
    if node.type == "fence" and node.info.strip() == "sdg-map":
        links = ctx.sdg_maps.get(node.map[0], ())
        return [sdg_map_table(links, ctx)] if links else []
    return code_block(node.content, ctx)


def code_block(text: str, ctx: Context) -> list[Flowable]:
    # the text is inset by the padding, so the shaded box lines up with the frame's edges
    style = _style(ctx, "code", backColor=ctx.styles.colour("code_background"), borderPadding=4,
                   leftIndent=4, rightIndent=4,
                   spaceBefore=ctx.styles.paragraph["code"].spaceBefore + 4,
                   spaceAfter=ctx.styles.paragraph["code"].spaceAfter + 4)
    return [XPreformatted(ctx.styles.markup(_code_lines(text, ctx), style.fontName), style)]


def _rule(node, ctx):
    return [HRFlowable(width="100%", thickness=ctx.styles.theme.option("rules", "hr"),
                       color=ctx.styles.colour("rule"), spaceBefore=4, spaceAfter=8)]


def _html_block(node, ctx):
    return code_block(node.content, ctx)  # raw HTML prints literally, never interpreted


def _footnotes(node, ctx):
    style = ctx.styles.paragraph["footnote"]
    hanging = ParagraphStyle("footnote-first", parent=style, leftIndent=12, firstLineIndent=-12)
    link = ctx.styles.hex("link")
    story: list[Flowable] = [HRFlowable(width="30%", thickness=ctx.styles.theme.option("rules", "footnotes"),
                                        color=ctx.styles.colour("rule"),
                                        hAlign="LEFT", spaceBefore=4, spaceAfter=4)]
    note_ctx = dataclasses.replace(ctx, text_style="footnote")
    for footnote in node.children:
        fid = footnote.meta["id"]
        # the note's number links back to the (first) reference in the text
        number = (f'<a name="{ctx.footnote_anchor(fid)}"/>'
                  f'<a href="#{ctx.footnote_ref_anchor(fid, 0)}" color="{link}">{fid + 1}.</a>\u00a0')
        blocks = render_blocks(footnote.children, note_ctx)
        if blocks and type(blocks[0]) is Paragraph:
            blocks[0] = Paragraph(number + blocks[0].text, hanging)
        else:
            blocks.insert(0, Paragraph(number, hanging))
        story.extend(blocks)
    return [KeepTogether(story[:2]), *story[2:]]


BLOCK_RULES: dict[str, Rule] = {
    "paragraph": _paragraph,
    "heading": _heading,
    "bullet_list": _list,
    "ordered_list": _list,
    "blockquote": _blockquote,
    "fence": _code,
    "code_block": _code,
    "hr": _rule,
    "html_block": _html_block,
    "table": markdown_table,
    "footnote_block": _footnotes,
}
