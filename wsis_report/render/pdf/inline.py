"""Inline rules: model inlines to reportlab paragraph markup, one small function per node type.

All text is escaped on its way through :meth:`Styles.markup`, so tags in the output come only
from the model's structure, never from what an author typed.
"""
from __future__ import annotations

import dataclasses
import re
from typing import Callable, Iterator

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from ...model import (CONTAINERS, Code, Emphasis, FootnoteRef, Image, Inline, LineBreak, Link, SoftBreak, Span,
                      Strikethrough, Strong, Text)
from .context import Context
from .styles import quoted_attribute


def render_inlines(inlines: tuple[Inline, ...], ctx: Context) -> str:
    return "".join(INLINE_RULES[type(node)](node, ctx) for node in inlines)


def split_inlines(inlines: tuple[Inline, ...], limit: int) -> list[tuple[Inline, ...]]:
    """Inlines cut into pieces of about ``limit`` characters of text, at spaces (inside a long
    word where there is none); emphasis, links and other containers are carried on both sides of
    a cut. Linear: the inlines are flattened to leaves with their containers, cut, and rebuilt."""
    leaves = list(_leaves(inlines, ()))
    if sum(len(leaf.text) for leaf, _ in leaves if isinstance(leaf, (Text, Code))) <= limit:
        return [inlines]
    pieces: list[list[tuple[Inline, tuple]]] = [[]]
    room = limit
    for leaf, path in leaves:
        text = leaf.text if isinstance(leaf, Text) else None
        while text is not None and len(text) > room:
            cut = text.rfind(" ", 0, room) + 1
            if not cut:          # no space in reach: a new piece, or a cut in a word longer than a piece
                cut = 0 if pieces[-1] else max(room, 1)
            if cut:
                pieces[-1].append((Text(text[:cut]), path))
            pieces.append([])
            text, room = text[cut:], limit
        pieces[-1].append((Text(text) if text is not None else leaf, path))
        room -= len(text) if text is not None else len(getattr(leaf, "text", ""))
    return [tuple(_rebuild(piece, 0)) for piece in pieces if piece]


def _leaves(inlines: tuple[Inline, ...], path: tuple) -> Iterator[tuple[Inline, tuple]]:
    for node in inlines:
        if isinstance(node, CONTAINERS):
            yield from _leaves(node.children, path + (node,))
        else:
            yield node, path


def _rebuild(items: list[tuple[Inline, tuple]], depth: int) -> list[Inline]:
    """Leaves back into a tree: consecutive leaves under the same container share one copy of it."""
    out, index = [], 0
    while index < len(items):
        leaf, path = items[index]
        if len(path) <= depth:
            out.append(leaf)
            index += 1
            continue
        container, end = path[depth], index
        while end < len(items) and len(items[end][1]) > depth and items[end][1][depth] is container:
            end += 1
        out.append(dataclasses.replace(container, children=tuple(_rebuild(items[index:end], depth + 1))))
        index = end
    return out


# reportlab wraps the whole rest of a paragraph again on every page it continues to, so a paragraph
# of a hundred pages costs a hundred times a page's work; text is set in pieces of about a page
CHUNK = 5000          # characters


def text_flowables(inlines: tuple[Inline, ...], ctx: Context, style: ParagraphStyle,
                   bullet: str | None = None) -> list[Paragraph]:
    """Inlines as Paragraphs: one, or for a very long text one per piece of about a page (the
    pieces follow each other with no space between them)."""
    chunks = split_inlines(inlines, CHUNK)
    if len(chunks) == 1:
        return [Paragraph(render_inlines(inlines, ctx), style, bulletText=bullet)]
    first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    middle = ParagraphStyle(f"{style.name}-middle", parent=first, spaceBefore=0)
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0)
    styles = [first] + [middle] * (len(chunks) - 2) + [last]
    return [Paragraph(render_inlines(chunk, ctx), chunk_style, bulletText=bullet if index == 0 else None)
            for index, (chunk, chunk_style) in enumerate(zip(chunks, styles))]


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
