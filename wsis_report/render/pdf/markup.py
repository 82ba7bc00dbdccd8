"""Paragraph markup as reportlab's tuple tree, and the paragraphs made from it.

The inline rules build markup as nodes: a string is text, ``(tag, attributes, children)`` an
element (``<b>``, ``<font face=...>``, ``<a href=...>``, ``<onDraw .../>`` ...), the form that
reportlab's ``ParaParser.tt_parse`` reads. Its handlers give every fragment the same attributes
as when they parse a markup string, but no HTML parser runs (at 1,000 questions it took longer
than the handlers: 2.6 of 4.7 s in a profile), nothing is escaped and unescaped on the way, and
what an author typed is text by construction, never a tag.
"""
from __future__ import annotations

import re
from typing import Union

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, XPreformatted
from reportlab.platypus.paraparser import ParaParser

Node = Union[str, tuple]            # text, or (tag, attributes or None, children or None)
Markup = list                       # of Node

# what Paragraph's cleaner (cleanBlockQuotedText) makes one space: white space but a no-break
# space (the cleaner also strips a zero-width space at a line's ends; here it always stays)
_SPACES = re.compile(r"[^\S\xa0]+")


def element(tag: str, attributes: dict[str, str] | None = None, children: Markup | None = None) -> tuple:
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
    parser = ParaParser()
    parser.caseSensitive = 1            # as Paragraph sets it: tags are already in lower case
    _, frags, _ = parser.tt_parse(("para", None, nodes if preformatted else _stripped(_cleaned(nodes))), style)
    if frags is None:                   # markup the rules made wrong: not the author's doing
        raise ValueError(f"paragraph markup: {parser.errors[0]}")
    return frags


def paragraph(nodes: Markup, style: ParagraphStyle, bullet: str | None = None, kind: type = Paragraph):
    """A ``kind`` of Paragraph (SetParagraph, XPreformatted ...) set from markup nodes."""
    return kind("", style, bullet, frags=fragments(nodes, style, preformatted=issubclass(kind, XPreformatted)))
