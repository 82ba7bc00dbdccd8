"""Stage 5, check: diagnostics over the document model, the theme and the page templates.

Everything a build would print is checked here, so `check` vouches for `build`: word limits,
references to SDGs and Action Lines in the prose, empty answers, an empty annex, the running
header and footer (rendered with sample page numbers), and glyphs that no font can draw.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, ProjectError, TemplateError, error, warning
from ..limits import OVER_BUDGET, over_budget
from ..load import PartSource
from ..model import Document, Image
from ..model.text import block_inlines, count_words, entry_blocks, walk_inlines
from ..theme import Theme
from .glyphs import glyph_gaps, missing_glyphs
from .references import find_references

SAMPLE_PAGES = ((1, 1), (2, 2), (12, 99))   # the first page, a later one, and wider numbers


def _answers(document: Document, failed: frozenset[str]) -> list[Diagnostic]:
    found = []
    for entry in document.entries:
        if not entry.blocks and not entry.footnotes and entry.body.file not in failed:
            found.append(warning(entry.body.file, entry.body.line, "empty answer; write the answer below the "
                                                                   "front matter", "empty-answer"))
        if entry.word_limit and entry.word_limit_origin:
            words = count_words(entry)
            if words > entry.word_limit:
                where = entry.word_limit_origin
                found.append(warning(where.file, where.line, f"the answer has {words} words, over its limit of "
                                                             f"{entry.word_limit}; cut {words - entry.word_limit}",
                                     "word-limit"))
        for block in entry_blocks(entry):
            for run in block_inlines(block):
                for node in walk_inlines(run):
                    if isinstance(node, Image) and node.path is not None and not node.alt.strip():
                        found.append(warning(node.origin.file, node.origin.line,
                                             f"image '{node.src}' has no alt text: a screen reader skips it; "
                                             f"describe it between the brackets, ![like this]({node.src})",
                                             "alt-text", node.origin.col))
    for annex in document.annexes:
        if not any(cell for row in annex.rows for cell in row.cells):
            found.append(warning(annex.origin.file, annex.origin.line, "the sdg-matrix annex will be empty: no "
                                                                       "question has an sdg-map block", "annex"))
    return found


def _furniture(document: Document) -> list[Diagnostic]:
    """Render the running header and footer once per sample page, as a build would on each page."""
    try:
        document.furniture.pages(list(SAMPLE_PAGES))
    except TemplateError as exc:
        return list(exc.diagnostics)
    return []


@dataclass(frozen=True)
class Checked:
    diagnostics: tuple[Diagnostic, ...]
    characters: frozenset[str]          # every character the document prints


def _title_pages(document: Document, theme: Theme | None, max_pages: int) -> list[Diagnostic]:
    """The title block alone must not pass the page budget (its page breaks and space)."""
    if theme is None or not document.title_block:
        return []
    height = theme.page_height_pt - (theme.margins_mm["top"] + theme.margins_mm["bottom"]) * 72 / 25.4
    pages = max(sum(e.kind == "pagebreak" for e in document.title_block),      # a lower bound
                sum(min(e.points, height) for e in document.title_block if e.kind == "space") / height)
    if pages < max_pages:
        return []
    where = document.title_block[-1].origin or document.meta.origin
    return [error(where.file, where.line, f"the title block alone makes at least {pages:.0f} pages; a document is limited "
                                          f"to {max_pages} pages (--max-pages)", "budget")]


def check_document(document: Document, sources: tuple[PartSource, ...], theme: Theme | None,
                   project_root: Path | None, failed: frozenset[str] = frozenset(), max_pages: int = 1000,
                   pdf: bool = True) -> Checked:
    """Every diagnostic about the model; ``failed``: files that could not be templated or parsed.
    ``pdf`` False (an export): what only the PDF uses goes unchecked (its fonts, page templates
    and title pages), as nothing reads them."""
    found = _answers(document, failed)
    if pdf:
        found += _furniture(document) + _title_pages(document, theme, max_pages)
    for source in sources:
        try:
            found.extend(find_references(source)[1])
        except OVER_BUDGET as exc:
            raise ProjectError([over_budget(exc, source.file, source.body_line, "checking this answer")]) from None
    gaps, characters = glyph_gaps(document, theme, project_root) if theme is not None and pdf else ({}, frozenset())
    found.extend(missing_glyphs(gaps))
    return Checked(tuple(found), characters)
