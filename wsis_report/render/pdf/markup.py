"""Paragraph markup as a tree of nodes, and the paragraphs made from it.

The inline rules build markup as nodes: a string is text, ``(tag, attributes, children)`` an
element (``<b>``, ``<font face=...>``, ``<a href=...>``, ``<onDraw .../>`` ...), the tuple tree
of reportlab's ``ParaParser.tt_parse``, with attribute values as reportlab holds them (colours,
sizes in points). The fragments a reportlab Paragraph is set from are made of it directly, each
as ParaParser makes it of the same markup written as a string; but no HTML parser runs (at 1,000
questions it took 2.6 of the parser's 4.7 s in a profile), nothing is escaped and unescaped on
the way, and what an author typed is text by construction, never a tag.
"""
from __future__ import annotations

import re
from typing import Callable, Union

from reportlab.lib.abag import ABag
from reportlab.lib.colors import toColor
from reportlab.lib.fonts import ps2tt, tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, XPreformatted
from reportlab.platypus.paraparser import (ParaFrag, _lineRepeats, fontSizeNormalize, sizeDelta, subFraction,
                                           supFraction)
from reportlab.rl_config import platypus_link_underline

Node = Union[str, tuple]            # text, or (tag, attributes or None, children or None)
Markup = list                       # of Node

# what Paragraph's cleaner (cleanBlockQuotedText) makes one space: white space but a no-break
# space (the cleaner also strips a zero-width space at a line's ends; here it always stays)
_SPACES = re.compile(r"[^\S\xa0]+")


def element(tag: str, attributes: dict[str, object] | None = None, children: Markup | None = None) -> tuple:
    """An element; tag and attribute names in lower case, as the HTML parser passed them on."""
    return (tag, attributes, children)


def _cleaned(nodes: Markup) -> Markup:
    """White space as Paragraph's cleaner leaves it in a markup string: each run one space; text
    next to text joined (it was one string between two tags); empty text dropped."""
    out: Markup = []
    for node in nodes:
        if isinstance(node, str):
            if out and isinstance(out[-1], str):
                out[-1] += node
            else:
                out.append(node)
        else:
            tag, attributes, children = node
            out.append((tag, attributes, _cleaned(children) if children else children))
    return [_SPACES.sub(" ", node) if isinstance(node, str) else node for node in out if node != ""]


def _stripped(nodes: Markup) -> Markup:
    """The cleaner strips the markup's ends, which are text only where the markup starts or ends
    with it (a space there is one, after ``_cleaned``; a no-break space stays)."""
    if nodes and isinstance(nodes[0], str) and nodes[0].startswith(" "):
        nodes[0] = nodes[0][1:]
    if nodes and isinstance(nodes[-1], str) and nodes[-1].endswith(" "):
        nodes[-1] = nodes[-1][:-1]
    return [node for node in nodes if node != ""]


def fragments(nodes: Markup, style: ParagraphStyle, preformatted: bool = False) -> list:
    """reportlab's fragments of the markup; ``preformatted``: white space kept as it is."""
    made = _Fragments(style)
    made.add(nodes if preformatted else _stripped(_cleaned(nodes)))
    return made.frags


class _Fragments:
    """The fragments ``ParaParser.tt_parse`` makes of the tags the rules write, made directly:
    each tag handled as its ``start_``/``end_`` methods handle it, less their generality (no
    attribute parsing, no copy module: 2.4 -> 0.5 s at 1,000 questions in a profile).
    tests/test_markup.py checks every tag against reportlab's parser of strings."""

    def __init__(self, style: ParagraphStyle):
        self.style, self.frags, self.links, self.lines = style, [], 0, 0
        frag = ParaFrag()
        frag.rise, frag.greek, frag.link, frag.us_lines = 0, 0, [], []
        frag.fontName, frag.bold, frag.italic = ps2tt(style.fontName)
        frag.fontSize, frag.textColor = style.fontSize, style.textColor
        frag.__tag__ = "para"
        self.stack = [frag]

    def add(self, nodes: Markup) -> None:
        for node in nodes:
            if isinstance(node, str):
                self._text(node)
            else:
                tag, attributes, children = node
                _TAGS[tag](self, attributes or {})
                if children:
                    self.add(children)
                self.stack.pop()

    def _push(self, tag: str, **values) -> ParaFrag:
        frag = ParaFrag.__new__(ParaFrag)
        frag.__dict__.update(self.stack[-1].__dict__)      # as copy.copy, less its machinery
        frag.__dict__.update(values, __tag__=tag)
        self.stack.append(frag)
        return frag

    def _text(self, text: str) -> None:
        frag = ParaFrag.__new__(ParaFrag)
        frag.__dict__.update(self.stack[-1].__dict__)
        frag.fontName = tt2ps(frag.fontName, frag.bold, frag.italic)
        frag.text = text
        self.frags.append(frag)

    def _line(self, kind: str) -> None:
        """An underline or strike line from here to the element's end (ParaParser._new_line)."""
        frag, style = self.stack[-1], self.style
        own = lambda name: getattr(frag, kind + name, getattr(style, kind + name, ""))   # noqa: E731
        frag.us_lines = frag.us_lines + [(self.lines, kind, own("Color"), own("Width"), own("Offset"), frag.rise,
                                          _lineRepeats[getattr(frag, kind + "Kind", "single")], own("Gap"))]
        self.lines += 1

    def _callback(self, definition: ABag, tag: str) -> None:
        """An empty fragment that only calls back (an anchor, an onDraw), as the element it is."""
        self._push(tag, cbDefn=definition)
        self._text("")

    def bold(self, attributes: dict) -> None:
        self._push("b", bold=1)

    def italic(self, attributes: dict) -> None:
        self._push("i", italic=1)

    def strike(self, attributes: dict) -> None:
        colour = {"strikeColor": toColor(attributes["color"])} if "color" in attributes else {}
        self._push("strike", strike=1, **colour)
        self._line("strike")

    def underline(self, attributes: dict) -> None:
        self._push("u", **({"underlineColor": toColor(attributes["color"])} if "color" in attributes else {}))
        self._line("underline")

    def anchor_or_link(self, attributes: dict) -> None:
        if "name" in attributes:                   # <a name="..."/>: a destination
            self._callback(ABag(label="anchor", kind="anchor", name=attributes["name"]), "a")
            return
        values = {"link": self.stack[-1].link + [(self.links, attributes["href"].strip())]}
        if "color" in attributes:
            values["textColor"] = toColor(attributes["color"])
        self.links += 1
        self._push("a", **values)
        if getattr(self.style, "linkUnderline", platypus_link_underline):
            self._line("underline")

    def script(self, attributes: dict, tag: str, shift: float) -> None:
        """<super> (``shift`` 1) and <sub> (-1): raised or lowered, and smaller."""
        frag = self._push(tag)
        fraction = supFraction if shift > 0 else subFraction
        frag.rise += shift * fontSizeNormalize(frag, "supr", frag.fontSize * fraction)
        frag.fontSize = fontSizeNormalize(frag, "sups", frag.fontSize - min(sizeDelta, 0.2 * frag.fontSize))

    def font(self, attributes: dict) -> None:
        values = {}
        if "face" in attributes:
            values["fontName"], values["bold"], values["italic"] = ps2tt(attributes["face"])
        if "size" in attributes:
            values["fontSize"] = attributes["size"]
        if "color" in attributes:
            values["textColor"] = toColor(attributes["color"])
        if "backcolor" in attributes:
            values["backColor"] = toColor(attributes["backcolor"])
        self._push("font", **values)

    def on_draw(self, attributes: dict) -> None:
        self._callback(ABag(name=attributes["name"], label=attributes.get("label"), kind="onDraw"), "ondraw")

    def line_break(self, attributes: dict) -> None:
        self._push("br", lineBreak=True, text="")
        self._text("")


_TAGS: dict[str, Callable[[_Fragments, dict], None]] = {
    "b": _Fragments.bold, "i": _Fragments.italic, "strike": _Fragments.strike, "u": _Fragments.underline,
    "a": _Fragments.anchor_or_link, "font": _Fragments.font, "ondraw": _Fragments.on_draw,
    "br": _Fragments.line_break,
    "super": lambda made, attributes: made.script(attributes, "super", 1),
    "sub": lambda made, attributes: made.script(attributes, "sub", -1),
}


def paragraph(nodes: Markup, style: ParagraphStyle, bullet: str | None = None, kind: type = Paragraph):
    """A ``kind`` of Paragraph (SetParagraph, XPreformatted ...) set from markup nodes."""
    return kind("", style, bullet, frags=fragments(nodes, style, preformatted=issubclass(kind, XPreformatted)))
