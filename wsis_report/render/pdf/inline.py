"""Inline rules: model inlines to reportlab paragraph markup, one small function per node type.

The markup is a tree of nodes (markup.py) in which an author's text is always text: tags in the
output come only from the model's structure, never from what an author typed.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph

from ...model import (CONTAINERS, Code, Deleted, Emphasis, FootnoteRef, Image, Inline, Inserted, LineBreak, Link,
                      SoftBreak, Span,
                      Strikethrough, Strong, Subscript, Superscript, Text)
from ...model.text import plain_text, walk_inlines
from .context import Context
from .lines import LINE_BREAK, Run, ScriptParagraph, mirrored, needs_lines
from .markup import Markup, element, paragraph
from .styles import colour_of
from .tags import LINK_SCHEME, MARK_CALLBACK, Element

BREAK = element("br")


def render_inlines(inlines: tuple[Inline, ...], ctx: Context) -> Markup:
    return [part for node in inlines for part in INLINE_RULES[type(node)](node, ctx)]


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


class SetParagraph(Paragraph):
    """reportlab's Paragraph, its lines broken once per width: the frame, a kept-together group
    and a conditional page break each ask a paragraph its height at the same width (1.7 times a
    paragraph at 300 questions), and breaking the lines is what each asking costs."""

    def wrap(self, availWidth, availHeight):
        # (a split that finds no room drops the broken lines: they are broken again)
        if self.__dict__.get("_wrapped_width") == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


def text_flowables(inlines: tuple[Inline, ...], ctx: Context, style: ParagraphStyle,
                   bullet: str | None = None, anchors: tuple[str, ...] = ()) -> list[Flowable]:
    """Inlines as Paragraphs: one, or for a very long text one per piece of about a page (the
    pieces follow each other with no space between them). Right-to-left and Chinese text is set
    by the line engine (lines.py) instead of reportlab's Paragraph, and so is text with a span in
    another language. ``anchors``: link targets at
    the text's start."""
    if ctx.rtl or needs_lines(plain_text(inlines)) or _in_other_language(inlines, ctx.language):
        return [ScriptParagraph(inline_runs(inlines, ctx, style, anchors), mirrored(style) if ctx.rtl else style,
                                ctx.rtl, ctx.language, bullet)]
    chunks = split_inlines(inlines, CHUNK)
    names = [element("a", {"name": name}) for name in anchors]
    if len(chunks) == 1:
        return [paragraph(names + render_inlines(inlines, ctx), style, bullet, SetParagraph)]
    first = ParagraphStyle(f"{style.name}-first", parent=style, spaceAfter=0)
    middle = ParagraphStyle(f"{style.name}-middle", parent=first, spaceBefore=0)
    last = ParagraphStyle(f"{style.name}-last", parent=style, spaceBefore=0)
    styles = [first] + [middle] * (len(chunks) - 2) + [last]
    return [paragraph((names if index == 0 else []) + render_inlines(chunk, ctx), chunk_style,
                      bullet if index == 0 else None, SetParagraph)
            for index, (chunk, chunk_style) in enumerate(zip(chunks, styles))]


def _in_other_language(inlines: tuple[Inline, ...], language: str) -> bool:
    """Whether some of the text is a span in another language: the line engine marks its /Lang,
    which a reportlab Paragraph cannot."""
    return any(isinstance(node, Span) and node.language != language for node in walk_inlines(inlines))


def text_block(text: str, ctx: Context, style: ParagraphStyle, bullet: str | None = None,
               anchors: tuple[str, ...] = ()) -> Flowable:
    """A plain text (a heading, a title, a label) as one flowable, on the same path as answers."""
    return text_flowables((Text(text),), ctx, style, bullet, anchors)[0]


@dataclass(frozen=True)
class Styled:
    """A piece of the tool's own text in a look of its own: an SDG badge, a code in bold."""

    text: str
    bold: bool = False
    colour: str | None = None        # #RRGGBB
    back: str | None = None


def styled_block(parts: list[Styled], ctx: Context, style: ParagraphStyle) -> Flowable:
    """Styled pieces as one flowable: paragraph markup, or runs for the line engine."""
    if ctx.rtl or needs_lines("".join(part.text for part in parts)):
        runs: list[Run] = []
        for part in parts:
            look = _Look(style.fontName, style.fontSize, colour_of(part.colour) if part.colour else style.textColor,
                         back=colour_of(part.back) if part.back else None)
            _emit(part.text, _face(look, ctx, bold=True) if part.bold else look, ctx, runs)
        return ScriptParagraph(runs, mirrored(style) if ctx.rtl else style, ctx.rtl, ctx.language)
    return paragraph([node for part in parts for node in _styled_markup(part, ctx, style)], style)


def _styled_markup(part: Styled, ctx: Context, style: ParagraphStyle) -> Markup:
    font = ctx.styles.body_font.bold if part.bold else style.fontName
    text = ctx.styles.markup(part.text, font)
    text = [element("b", None, text)] if part.bold else text
    attributes = {**({"backcolor": colour_of(part.back)} if part.back else {}),
                  **({"color": colour_of(part.colour)} if part.colour else {})}
    return [element("font", attributes, text)] if attributes else text


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


def wrapped_markup(text: str, font: str, size: float, ctx: Context) -> Markup:
    """Markup for text whose over-long runs (a 400-character URL, a 5,000-letter word) are set
    on lines of their own, broken at sensible points. reportlab's own splitting of such runs
    fails when they hold entities or links, and sets them past the margin."""
    width = ctx.width
    # the common case: no run is long enough to be too wide even in its widest letters
    if len(text) * size <= width or max(map(len, text.split()), default=0) * size <= width:
        return ctx.styles.markup(text, font)
    out: Markup = []
    for run in re.split(r"(\s+)", text):
        if run and not run.isspace() and ctx.styles.width(run, font, size) > width:
            for piece in _pieces(run, ctx, font, size, width * 0.97):   # a little room for bold or italic
                out += [BREAK, *ctx.styles.markup(piece, font)]
        else:
            out += ctx.styles.markup(run, font)
    return out


def _text(node: Text, ctx: Context) -> Markup:
    style = ctx.styles.paragraph[ctx.text_style]
    return wrapped_markup(node.text, ctx.styles.face(style.fontName, ctx.face), style.fontSize, ctx)


def _code(node: Code, ctx: Context) -> Markup:
    face = ctx.styles.code_font.regular
    size = ctx.styles.paragraph[ctx.text_style].fontSize * ctx.styles.option("code_blocks", "inline_scale")
    font = element("font", {"face": face, "size": round(size, 2), "backcolor": ctx.styles.colour("code_background")},
                   wrapped_markup(node.text, face, size, ctx))
    return marked([font], ctx.inline("Code"))


def _span(node: Span, ctx: Context) -> Markup:
    return marked(render_inlines(node.children, ctx), ctx.inline("Span", language=node.language))


def _wrap(tag: str, face: str | None = None) -> Callable:
    """A tag around the children; in <b> and <i> the text is measured and fonted in that face."""
    def rule(node, ctx):
        inner = ctx if face is None else dataclasses.replace(ctx, face=_combined(ctx.face, face))
        return [element(tag, None, render_inlines(node.children, inner))]
    return rule


def _revision(node, ctx) -> Markup:
    """A redline's mark: inserted words underlined, deleted ones struck through, each in its colour."""
    line, name = ("u", "inserted") if isinstance(node, Inserted) else ("strike", "deleted")
    colour = ctx.styles.colour(name)
    return [element(line, {"color": colour}, [element("font", {"color": colour}, render_inlines(node.children, ctx))])]


def _combined(face: str, added: str) -> str:
    bold, italic = "bold" in face or "bold" in added, "italic" in face or "italic" in added
    return "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"


def marked(markup: Markup, inline: Element | None) -> Markup:
    """Markup between the markers of an inline element, which the tagging finds in the drawn text."""
    if inline is None:
        return markup
    return [element("ondraw", {"name": MARK_CALLBACK, "label": str(inline.id)}), *markup,
            element("ondraw", {"name": MARK_CALLBACK, "label": f"/{inline.id}"})]


def link_markup(label: Markup, target: str, ctx: Context, description: str = "") -> Markup:
    """A link; when tagging, a Link element whose annotation the canvas makes from ``wsis:<id>``."""
    link = ctx.inline("Link", target=target, description=description or target)
    href = f"{LINK_SCHEME}{link.id}" if link is not None else target
    return marked([element("a", {"href": href, "color": ctx.styles.colour("link")}, label)], link)


def _link(node: Link, ctx: Context) -> Markup:
    label = render_inlines(node.children, ctx)
    target = node.url or (f"#{node.anchor}" if node.anchor else None)
    if not target:
        return label                                                    # a link that could not be kept
    return link_markup(label, target, ctx, node.url or plain_text(node.children))


def _image(node: Image, ctx: Context) -> Markup:
    # an image inside a paragraph is laid out after it (see blocks.py); in the text, its alt text
    return ctx.styles.markup(node.alt, ctx.styles.paragraph[ctx.text_style].fontName)


def _footnote_ref(node: FootnoteRef, ctx: Context) -> Markup:
    link = link_markup([str(node.number)], "#" + node.target, ctx, f"{ctx.labels.note} {node.number}")
    return marked([element("a", {"name": node.anchor}), element("super", None, link)], ctx.inline("Reference"))


# ---------------------------------------------------------------- runs, for the line engine

@dataclass(frozen=True)
class _Look:
    """How text looks where the walk over inlines is: face, size, colour, link, background, rise."""

    font: str
    size: float
    colour: object
    link: str | None = None
    back: object | None = None
    rise: float = 0.0
    anchors: tuple[str, ...] = ()
    strike: bool = False
    language: str = ""
    elements: tuple[int, ...] = ()       # when tagging: the inline elements around the text, outermost first
    underline: bool = False


def inline_runs(inlines: tuple[Inline, ...], ctx: Context, style: ParagraphStyle,
                anchors: tuple[str, ...] = ()) -> list[Run]:
    """Inlines as runs of text in one look each, every run in a font that has its characters."""
    runs: list[Run] = []
    _runs(inlines, ctx, _Look(style.fontName, style.fontSize, style.textColor, anchors=anchors), runs)
    return runs


def _emit(text: str, look: _Look, ctx: Context, runs: list[Run]) -> None:
    for font, part in ctx.styles.runs(text, look.font):
        runs.append(Run(part, font, look.size, look.colour, look.link, look.anchors, look.back, look.rise,
                        look.strike, look.language, look.elements, look.underline))
        look = dataclasses.replace(look, anchors=())          # an anchor marks the first run only


def _face(look: _Look, ctx: Context, bold: bool = False, italic: bool = False) -> _Look:
    family, face = ctx.styles.faces.get(look.font, (ctx.styles.body_font, "regular"))
    bold, italic = bold or "bold" in face, italic or "italic" in face
    name = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    return dataclasses.replace(look, font=family.face(name))


def _within(look: _Look, element: Element | None) -> _Look:
    return look if element is None else dataclasses.replace(look, elements=look.elements + (element.id,))


def _linked(look: _Look, target: str, ctx: Context, description: str) -> _Look:
    """The look of a link's text; when tagging, inside its Link element (see link_markup)."""
    element = ctx.inline("Link", target=target, description=description or target)
    href = f"{LINK_SCHEME}{element.id}" if element is not None else target
    return _within(dataclasses.replace(look, link=href, colour=ctx.styles.colour("link")), element)


def _runs(inlines: tuple[Inline, ...], ctx: Context, look: _Look, runs: list[Run]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            _emit(node.text, look, ctx, runs)
        elif isinstance(node, (SoftBreak, Image)):
            _emit(" " if isinstance(node, SoftBreak) else node.alt, look, ctx, runs)
        elif isinstance(node, LineBreak):
            _emit(LINE_BREAK, look, ctx, runs)
        elif isinstance(node, Code):
            size = look.size * ctx.styles.option("code_blocks", "inline_scale")
            _emit(node.text, _within(dataclasses.replace(look, font=ctx.styles.code_font.regular, size=size,
                                                         back=ctx.styles.colour("code_background")),
                                     ctx.inline("Code")), ctx, runs)
        elif isinstance(node, (Emphasis, Strong)):
            _runs(node.children, ctx, _face(look, ctx, bold=isinstance(node, Strong),
                                            italic=isinstance(node, Emphasis)), runs)
        elif isinstance(node, Link) and (node.url or node.anchor):
            target = node.url or f"#{node.anchor}"
            _runs(node.children, ctx, _linked(look, target, ctx, node.url or plain_text(node.children)), runs)
        elif isinstance(node, Strikethrough):
            _runs(node.children, ctx, dataclasses.replace(look, strike=True), runs)
        elif isinstance(node, (Inserted, Deleted)):
            inserted = isinstance(node, Inserted)
            mark = dataclasses.replace(look, colour=ctx.styles.colour("inserted" if inserted else "deleted"),
                                       underline=inserted, strike=look.strike or not inserted)
            _runs(node.children, ctx, mark, runs)
        elif isinstance(node, (Superscript, Subscript)):
            shift = 0.35 if isinstance(node, Superscript) else -0.15
            _runs(node.children, ctx, dataclasses.replace(look, size=look.size * 0.7, rise=look.rise + look.size * shift),
                  runs)
        elif isinstance(node, Span):
            span = _within(dataclasses.replace(look, language=node.language),
                           ctx.inline("Span", language=node.language))
            _runs(node.children, ctx, span, runs)
        elif isinstance(node, FootnoteRef):
            small = dataclasses.replace(_within(look, ctx.inline("Reference")), size=look.size * 0.7,
                                        rise=look.size * 0.35, anchors=(node.anchor,))
            _emit(str(node.number), _linked(small, "#" + node.target, ctx, f"{ctx.labels.note} {node.number}"),
                  ctx, runs)
        elif isinstance(node, CONTAINERS):
            _runs(node.children, ctx, look, runs)


INLINE_RULES: dict[type, Callable[[Inline, Context], Markup]] = {
    Text: _text,
    Code: _code,
    SoftBreak: lambda node, ctx: [" "],
    LineBreak: lambda node, ctx: [BREAK],
    Emphasis: _wrap("i", "italic"),
    Strong: _wrap("b", "bold"),
    Strikethrough: _wrap("strike"),
    Inserted: _revision,
    Deleted: _revision,
    Superscript: _wrap("super"),
    Subscript: _wrap("sub"),
    Span: _span,
    Link: _link,
    Image: _image,
    FootnoteRef: _footnote_ref,
}
