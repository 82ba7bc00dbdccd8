"""Characters that no font of the theme can draw: they would print as boxes."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import Diagnostic, TemplateError, warning
from ..fonts import coverage
from ..model import Code, CodeBlock, Document, Image, Origin, SdgMap, Section, Text
from ..model.text import block_inlines, entry_blocks, walk_inlines
from ..theme import Theme


def _block_texts(block) -> Iterator[str]:
    if isinstance(block, CodeBlock):
        yield block.text
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


def glyph_gaps(document: Document, theme: Theme, project_root: Path | None) -> dict[Origin, set[str]]:
    """Per place, the characters of its text that neither font family has."""
    covered = coverage(theme.faces("body", project_root).regular) | coverage(theme.faces("code", project_root).regular)
    ascii_ok = all(code in covered for code in range(0x21, 0x7F))
    missing_at: dict[Origin, set[str]] = {}
    texts = [*printed_texts(document), *_furniture_texts(document),
             (Origin("templates/theme.yaml", 1), "".join(theme.option("lists", "bullets")))]
    for origin, text in texts:
        if not text or (ascii_ok and text.isascii()):
            continue
        lacking = {c for c in text if ord(c) not in covered and not c.isspace()}
        if lacking:
            missing_at.setdefault(origin, set()).update(lacking)
    return missing_at


def missing_glyphs(gaps: dict[Origin, set[str]]) -> list[Diagnostic]:
    """One warning per place whose text holds characters that neither font family has."""
    found = []
    for origin, chars in gaps.items():
        shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in sorted(chars))
        found.append(warning(origin.file, origin.line, f"the font has no glyph for {shown}; printed as a box "
                                                       "(the PDF text keeps it)", "glyph", origin.col))
    return found
