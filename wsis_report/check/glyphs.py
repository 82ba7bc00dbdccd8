"""Characters that no font of the theme can draw: they would print as boxes."""
from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Iterator

from ..errors import Diagnostic, TemplateError, error
from ..fonts import coverage
from ..model import Code, CodeBlock, Document, Image, Labels, ListBlock, Origin, SdgMap, Section, Text
from ..model.text import block_inlines, entry_blocks, walk_inlines
from ..theme import Theme


def _block_texts(block) -> Iterator[str]:
    if isinstance(block, CodeBlock):
        yield block.text
    elif isinstance(block, ListBlock) and any(item.checked is not None for item in block.items):
        yield "\u2610\u2611"                        # a task list's boxes (render/pdf/blocks.py)
    elif isinstance(block, SdgMap):
        for row in block.rows:
            yield from (row.line.label, row.line.title, row.note or "", *(g.title for g in row.goals))
    for run in block_inlines(block):
        for node in walk_inlines(run):
            if isinstance(node, (Text, Code)):
                yield node.text
            elif isinstance(node, Image) and node.path is None:
                yield node.alt


def printed_texts(document: Document) -> Iterator[tuple[Origin, str]]:
    """Every text the PDF prints (but the running header and footer), with where it came from."""
    for element in document.title_block:
        yield element.origin or Origin("title.j2", 1), element.text
    for item in document.body:
        if isinstance(item, Section):
            yield item.origin, item.title
    for entry in document.entries:
        yield entry.origin, entry.heading
        for block in entry_blocks(entry):
            origin = getattr(block, "origin", entry.body)
            for text in _block_texts(block):
                yield origin, text
    for annex in document.annexes:
        yield annex.origin, " ".join([annex.title, annex.header, *(r.line.label + r.line.title for r in annex.rows),
                                      *(g.title for g in annex.goals),
                                      *(n.text for n in walk_inlines(annex.legend) if isinstance(n, Text))])
    if document.toc:
        yield document.meta.origin, document.labels.contents


def _furniture_texts(document: Document) -> Iterator[tuple[Origin, str]]:
    try:
        pages = document.furniture.pages([(2, 2)])
    except TemplateError:
        return                                  # reported by the check of the page templates
    for slots in pages[0]:
        yield slots.origin or document.meta.origin, f"{slots.left} {slots.center} {slots.right}"


# what the layout writes of its own (numbers, "SDG 8", list and page numbers, "…" where a header
# is cut short): in every font subset, though no text of the document holds them
TOOL_CHARACTERS = frozenset(chr(c) for c in range(0x20, 0x7F)) | frozenset("\u00a0\u2013\u2014\u2026\u00b7")


class Coverage:
    """What the theme's fonts can draw, read family by family only as far as a text needs: an
    English document never opens the Chinese font."""

    def __init__(self, theme: Theme, project_root: Path | None):
        self.pending = [faces.regular for _, faces in theme.chain(project_root)]
        self.codes: set[int] = set()

    def lacks(self, chars: set[str]) -> set[str]:
        missing = {c for c in chars if ord(c) not in self.codes and not c.isspace()}
        while missing and self.pending:
            self.codes |= coverage(self.pending.pop(0))
            missing = {c for c in missing if ord(c) not in self.codes}
        return missing


def glyph_gaps(document: Document, theme: Theme, project_root: Path | None) -> tuple[dict[Origin, set[str]], frozenset[str]]:
    """Per place, the characters of its text that no font of the theme has; and every character
    the document prints."""
    fonts = Coverage(theme, project_root)
    texts = [*printed_texts(document), *_furniture_texts(document),
             (Origin("templates/theme.yaml", 1), "".join(theme.option("lists", "bullets"))),
             (document.meta.origin, " ".join(getattr(document.labels, f.name) for f in fields(Labels)))]
    characters = TOOL_CHARACTERS.union(*(text for _, text in texts))     # union of strings: their characters
    if not fonts.lacks(set(characters)):
        return {}, characters
    missing_at: dict[Origin, set[str]] = {}
    for origin, text in texts:
        lacking = fonts.lacks(set(text)) if text else set()
        if lacking:
            missing_at.setdefault(origin, set()).update(lacking)
    return missing_at, characters


def missing_glyphs(gaps: dict[Origin, set[str]]) -> list[Diagnostic]:
    """One error per place whose text holds characters that no font has: a box in a submission
    is a defect."""
    found = []
    for origin, chars in gaps.items():
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(chars))
        found.append(error(origin.file, origin.line, f"no font has a glyph for {shown}; it would print as a box: "
                                                     "remove it, or name a font that has it in theme.yaml",
                           "glyph", origin.col))
    return found
