"""Inline rules: markdown-it inline nodes to reportlab paragraph markup.

All user text is escaped here, so tags in the output come only from tokens (never from text).
"""
from __future__ import annotations

import re
from typing import Callable

from markdown_it.tree import SyntaxTreeNode
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..check.document import SAFE_SCHEMES
from ..errors import warning
from .context import Context
from .styles import quoted_attribute



def render_inline(node: SyntaxTreeNode, ctx: Context) -> str:
    """Markup for the children of an inline node (or of any inline container)."""
    return "".join(_render(child, ctx) for child in node.children)


def _render(node: SyntaxTreeNode, ctx: Context) -> str:
    rule = INLINE_RULES.get(node.type)
    if rule is None:
        raise NotImplementedError(f"no layout rule for inline token '{node.type}'")
    return rule(node, ctx)


def warn_missing_glyphs(text: str, ctx: Context) -> None:
    missing = ctx.styles.missing_glyphs(text)
    if missing:
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
        ctx.diagnostics.append(warning(ctx.file, ctx.block_line, f"the font has no glyph for {shown}; "
                                                                "printed as a box (the PDF text keeps it)",
                                       "glyph"))


_BREAK_AFTER = re.compile(r"(?<=[/.\-?&=_])")   # where a URL or path may break


def _pieces(run: str, font: str, size: float, width: float) -> list[str]:
    """A run without spaces cut into pieces no wider than ``width``: after / . - ? & = _ where
    possible, else wherever the width runs out."""
    pieces, current = [], ""
    for part in _BREAK_AFTER.split(run):
        if current and stringWidth(current + part, font, size) > width:
            pieces.append(current)
            current = ""
        current += part
        while stringWidth(current, font, size) > width:     # no break point near enough
            cut = _fitting(current, font, size, width)
            pieces.append(current[:cut])
            current = current[cut:]
    return pieces + ([current] if current else [])


def _fitting(text: str, font: str, size: float, width: float) -> int:
    """How many leading characters of ``text`` fit in ``width`` (at least one)."""
    cut = max(1, int(len(text) * width / stringWidth(text, font, size)))
    while cut > 1 and stringWidth(text[:cut], font, size) > width:
        cut -= 1
    return cut


def wrapped_markup(text: str, font: str, size: float, ctx: Context) -> str:
    """Markup for text whose over-long runs (a 400-character URL, a 5,000-letter word) are set
    on lines of their own, broken at sensible points. reportlab's own splitting of such runs
    fails when they hold entities or links, and sets them past the margin."""
    width = ctx.width
    # the common case: no run is long enough to be too wide even in its widest letters
    if len(text) * size <= width or max(map(len, text.split()), default=0) * size <= width:
        return ctx.styles.markup(text, font)
    out = []
    for run in re.split(r"(\s+)", text):
        if run and not run.isspace() and stringWidth(run, font, size) > width:
            pieces = _pieces(run, font, size, width * 0.97)   # a little room for bold or italic
            out.append("<br/>" + "<br/>".join(ctx.styles.markup(p, font) for p in pieces))
        else:
            out.append(ctx.styles.markup(run, font))
    return "".join(out)


def _text(node, ctx):
    warn_missing_glyphs(node.content, ctx)
    style = ctx.styles.paragraph[ctx.text_style]
    return wrapped_markup(node.content, style.fontName, style.fontSize, ctx)


def _code(node, ctx):
    face = ctx.styles.code_font.regular
    size = ctx.styles.paragraph[ctx.text_style].fontSize * 0.9
    return (f'<font face="{face}" size="{size:.2f}" backColor="{ctx.styles.hex("code_background")}">'
            f"{wrapped_markup(node.content, face, size, ctx)}</font>")


def _wrap(tag: str) -> Callable:
    return lambda node, ctx: f"<{tag}>{render_inline(node, ctx)}</{tag}>"


def _link(node, ctx):
    href = str(node.attrs.get("href", ""))
    label = render_inline(node, ctx)
    # an internal link without a target, or another scheme, prints as text (the check stage
    # warns); reportlab would fail on a missing target
    linked = href[1:] in ctx.anchors if href.startswith("#") else href.lower().startswith(SAFE_SCHEMES)
    if not linked:
        return label
    return f'<a href={quoted_attribute(href)} color="{ctx.styles.hex("link")}">{label}</a>'


def _image(node, ctx):
    # Images standing in a paragraph are laid out as blocks (see blocks.py); here, the alt text.
    return ctx.styles.markup(node.content or "", ctx.styles.paragraph[ctx.text_style].fontName)


def _footnote_ref(node, ctx):
    fid, sub = node.meta["id"], node.meta.get("subId", 0)
    link = ctx.styles.hex("link")
    return (f'<a name="{ctx.footnote_ref_anchor(fid, sub)}"/>'
            f'<super><a href="#{ctx.footnote_anchor(fid)}" color="{link}">{fid + 1}</a></super>')


INLINE_RULES: dict[str, Callable[[SyntaxTreeNode, Context], str]] = {
    "inline": render_inline,          # table cells wrap their content in an inline node
    "text": _text,
    "html_inline": _text,              # raw HTML prints as literal text, never interpreted
    "softbreak": lambda node, ctx: " ",
    "hardbreak": lambda node, ctx: "<br/>",
    "code_inline": _code,
    "em": _wrap("i"),
    "strong": _wrap("b"),
    "s": _wrap("strike"),
    "link": _link,
    "image": _image,
    "footnote_ref": _footnote_ref,
    "footnote_anchor": lambda node, ctx: "",
}
