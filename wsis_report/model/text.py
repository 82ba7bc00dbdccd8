"""Reading the model as plain text: visible text of inlines, walks over blocks, word counts.

Word counting is one function for every use (check's word limits, and any export that shows
counts): words are counted as a person would. Each run of letters or digits in prose is a word
(so "multi-stakeholder" and "2,000" are one each), and so is each Chinese or Japanese character;
an inline code span, a bare URL or a code block counts as one word whatever its length; sdg-map
tables and images are not counted.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from . import (CONTAINERS, Block, Code, CodeBlock, Entry, FootnoteRef, Heading, Image, Inline, LineBreak,
               Link, ListBlock, Paragraph, Quote, Revised, SdgMap, SoftBreak, Table, Text, ThematicBreak)

_WORD = re.compile(r"[^\W_](?:[\w'\u2019.,\-\u2010/]*[^\W_])?")
# Chinese and Japanese are written without spaces: each character counts as a word, as a
# consultation's word limit for Chinese answers is a character limit
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\U00020000-\U0002fa1f]")


def text_words(text: str) -> int:
    """Words of a run of prose: letters and digits between spaces, and each CJK character."""
    cjk = len(_CJK.findall(text))
    return cjk + len(_WORD.findall(_CJK.sub(" ", text) if cjk else text))


def plain_text(inlines: tuple[Inline, ...]) -> str:
    """The visible text of inlines: what a reader sees, with breaks as spaces."""
    out = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (SoftBreak, LineBreak)):
            out.append(" ")
        elif isinstance(node, Image):
            out.append(node.alt)
        elif isinstance(node, FootnoteRef):
            out.append(str(node.number))
        elif isinstance(node, CONTAINERS):
            out.append(plain_text(node.children))
    return "".join(out)


def child_blocks(block: Block) -> tuple[Block, ...]:
    if isinstance(block, ListBlock):
        return tuple(b for item in block.items for b in item.blocks)
    if isinstance(block, (Quote, Revised)):
        return block.blocks
    return ()


def _depth_first(nodes: tuple, children) -> Iterator:
    """Every node, depth first, in reading order (iterative: lists may nest 100 deep)."""
    stack = list(reversed(nodes))
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children(node)))


def walk_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    return _depth_first(blocks, child_blocks)


def block_inlines(block: Block) -> tuple[tuple[Inline, ...], ...]:
    """The inline runs a block holds directly (not those of nested blocks)."""
    if isinstance(block, (Paragraph, Heading)):
        return (block.inlines,)
    if isinstance(block, Table):
        return tuple(cell.inlines for row in (*block.head, *block.body) for cell in row.cells)
    return ()


def walk_inlines(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    return _depth_first(inlines, lambda node: node.children if isinstance(node, CONTAINERS) else ())


def entry_blocks(entry: Entry) -> Iterator[Block]:
    """An entry's blocks and those of its footnotes."""
    yield from walk_blocks(entry.blocks)
    for note in entry.footnotes:
        yield from walk_blocks(note.blocks)


def heading_levels(entry: Entry, level: int, deepest: int = 6) -> dict[int, int]:
    """Levels for an answer's own headings, one below its entry's heading (level ``level``) and
    never skipping one ('## A' then '#### B' are levels 4 and 5 under a question at 3), keyed by
    the id of each Heading; none deeper than ``deepest``. One rule for the PDF's tags and every export."""
    levels: dict[int, int] = {}
    open_levels: list[int] = []
    for block in entry_blocks(entry):
        if isinstance(block, Heading):
            while open_levels and open_levels[-1] >= block.level:
                open_levels.pop()
            open_levels.append(block.level)
            levels[id(block)] = min(level + len(open_levels), deepest)
    return levels


def _inline_words(inlines: tuple[Inline, ...]) -> int:
    count, stack = 0, list(inlines)
    while stack:
        node = stack.pop()
        if isinstance(node, Text):
            count += text_words(node.text)
        elif isinstance(node, Code) or (isinstance(node, Link) and node.bare):
            count += 1                  # however long the code or the URL
        elif isinstance(node, CONTAINERS):
            stack.extend(node.children)
    return count


def count_words(entry: Entry) -> int:
    """Words of an answer, as a person would count them (footnotes included)."""
    count = 0
    for block in entry_blocks(entry):
        if isinstance(block, CodeBlock):
            count += 1
        elif not isinstance(block, (SdgMap, ThematicBreak)):
            count += sum(_inline_words(run) for run in block_inlines(block))
    return count


# ---------------------------------------------------------------- heading anchors, as GitHub makes them
def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case; letters, marks, digits, "_" and "-" kept; spaces to
    hyphens; everything else (punctuation, symbols, other spaces) dropped."""
    kept = "".join(c for c in text.lower()
                   if c.isalnum() or c in " -" or unicodedata.category(c) in ("Mn", "Mc", "Me", "Pc"))
    return kept.strip().replace(" ", "-")


class Slugs:
    """Unique slugs across the document: a repeated title gets -1, -2 ..."""

    def __init__(self):
        self.used: set[str] = set()
        self.last: dict[str, int] = {}      # per base, the last suffix tried: linear in all

    def __call__(self, text: str) -> str:
        base = slugify(text) or "heading"
        slug, n = base, self.last.get(base, 0)
        while slug in self.used:
            n += 1
            slug = f"{base}-{n}"
        self.used.add(slug)
        self.last[base] = n
        return slug
