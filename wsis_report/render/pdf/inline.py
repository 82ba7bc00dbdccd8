"""Inline rules: model inlines to reportlab paragraph markup, one small function per node type.

All text is escaped on its way through :meth:`Styles.markup`, so tags in the output come only
from the model's structure, never from what an author typed.
"""
from __future__ import annotations

import re
from typing import Callable

from reportlab.pdfbase.pdfmetrics import stringWidth

from ...model import (Code, Emphasis, FootnoteRef, Image, Inline, LineBreak, Link, SoftBreak, Span,
                      Strikethrough, Strong, Text)
from .context import Context
from .styles import quoted_attribute


def render_inlines(inlines: tuple[Inline, ...], ctx: Context) -> str:
    return "".join(INLINE_RULES[type(node)](node, ctx) for node in inlines)


_BREAK_AFTER = re.compile(r"(?<=[/.\-?&=_])")   # where a URL or path may break


def _pieces(run: str, ctx: Context, font: str, size: float, width: float) -> list[str]:
    """A run without spaces cut into pieces no wider than ``width``: after / . - ? & = _ where
    possible, else wherever the width runs out. Linear: each character is measured once."""
    pieces, current, used = [], "", 0.0
    for part in _BREAK_AFTER.split(run):
        part_width = ctx.styles.width(part, font, size)
        if current and used + part_width > width:
            pieces.append(current)
            current, used = "", 0.0
        if part_width <= width:
            current, used = current + part, used + part_width
            continue
        for char in part:                    # no break point near enough: cut where the width runs out
            char_width = stringWidth(char, font, size)
            if current and used + char_width > width:
                pieces.append(current)
                current, used = "", 0.0
            current, used = current + char, used + char_width
    return pieces + ([current] if current else [])


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
        if run and not run.isspace() and ctx.styles.width(run, font, size) > width:
            pieces = _pieces(run, ctx, font, size, width * 0.97)   # a little room for bold or italic
            out.append("<br/>" + "<br/>".join(ctx.styles.markup(p, font) for p in pieces))
        else:
            out.append(ctx.styles.markup(run, font))
    return "".join(out)


def _text(node: Text, ctx: Context) -> str:
    style = ctx.styles.paragraph[ctx.text_style]
    return wrapped_markup(node.text, style.fontName, style.fontSize, ctx)


def _code(node: Code, ctx: Context) -> str:
    face = ctx.styles.code_font.regular
    size = ctx.styles.paragraph[ctx.text_style].fontSize * ctx.styles.option("code_blocks", "inline_scale")
    return (f'<font face="{face}" size="{size:.2f}" backColor="{ctx.styles.hex("code_background")}">'
            f"{wrapped_markup(node.text, face, size, ctx)}</font>")


def _wrap(tag: str) -> Callable:
    return lambda node, ctx: f"<{tag}>{render_inlines(node.children, ctx)}</{tag}>"


def link_markup(label: str, target: str, ctx: Context) -> str:
    return f'<a href={quoted_attribute(target)} color="{ctx.styles.hex("link")}">{label}</a>'


def _link(node: Link, ctx: Context) -> str:
    label = render_inlines(node.children, ctx)
    target = node.url or (f"#{node.anchor}" if node.anchor else None)
    return link_markup(label, target, ctx) if target else label      # a link that could not be kept


def _image(node: Image, ctx: Context) -> str:
    # an image inside a paragraph is laid out after it (see blocks.py); in the text, its alt text
    return ctx.styles.markup(node.alt, ctx.styles.paragraph[ctx.text_style].fontName)


def _footnote_ref(node: FootnoteRef, ctx: Context) -> str:
    return f'<a name="{node.anchor}"/><super>{link_markup(str(node.number), "#" + node.target, ctx)}</super>'


INLINE_RULES: dict[type, Callable[[Inline, Context], str]] = {
    Text: _text,
    Code: _code,
    SoftBreak: lambda node, ctx: " ",
    LineBreak: lambda node, ctx: "<br/>",
    Emphasis: _wrap("i"),
    Strong: _wrap("b"),
    Strikethrough: _wrap("strike"),
    Span: lambda node, ctx: render_inlines(node.children, ctx),
    Link: _link,
    Image: _image,
    FootnoteRef: _footnote_ref,
}
