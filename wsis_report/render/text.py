"""Plain text, ready to paste into a consultation's web form: one box per question.

Each answer's paragraphs are single lines (a form wraps them itself), lists keep their markers
and indentation, tables are aligned columns, links are "text (URL)", footnotes come at the end of
their answer and an sdg-map block is a line per Action Line. The answer's text as it is pasted
is also what its character count counts (``answer_text``), for the counts line, ``stats`` and
every export.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from ..model import (CONTAINERS, Block, Code, CodeBlock, Document, Entry, FootnoteRef, Heading, Image, Inline,
                     Labels, LineBreak, Link, ListBlock, Paragraph, Quote, SdgMap, SdgMatrix, Section, SoftBreak,
                     Table, Text, ThematicBreak)
from ..model.text import count_words


@dataclass(frozen=True)
class Counts:
    """An answer's size as a web form measures it."""

    words: int
    characters: int
    limit: int | None                   # words

    @property
    def over(self) -> int:
        """Words over the limit (0 when within it, or when there is none)."""
        return max(self.words - self.limit, 0) if self.limit else 0

    def line(self) -> str:
        """"312 words / 2,047 characters; limit 500 words" (and by how much it is over)."""
        text = f"{self.words:,} words / {self.characters:,} characters"
        if self.limit:
            text += f"; limit {self.limit:,} words" + (f", {self.over:,} over" if self.over else "")
        return text


def counts(entry: Entry, labels: Labels) -> Counts:
    """Words (one function for check, stats and every export) and characters of the pasted text."""
    return Counts(count_words(entry), len(answer_text(entry, labels)), entry.word_limit)


def inline_text(inlines: tuple[Inline, ...]) -> str:
    """Inlines as plain text: emphasis dropped, links as "text (URL)", footnote references as [1]."""
    out = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, SoftBreak):
            out.append(" ")
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Image):
            out.append(f"[{node.alt}]" if node.alt else "")
        elif isinstance(node, FootnoteRef):
            out.append(f"[{node.number}]")
        elif isinstance(node, Link):
            label = inline_text(node.children)
            out.append(label if not node.url or node.bare or label == node.url else f"{label} ({node.url})")
        elif isinstance(node, CONTAINERS):
            out.append(inline_text(node.children))
    return "".join(out)


def sdg_line(row, labels: Labels) -> str:
    """"C5 Building confidence … — SDG 4 Quality Education; SDG 9 …" (and its note)."""
    goals = "; ".join(f"SDG {goal.number} {goal.title}" for goal in row.goals)
    note = f" ({labels.note}: {row.note})" if row.note else ""
    return f"{row.line.label} {row.line.title} \u2014 {goals}{note}"


def _width(text: str) -> int:
    """Columns a text takes in a fixed-width font (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 0 if unicodedata.combining(c) else 1
               for c in text)


def _table(node: Table) -> list[str]:
    """A table as aligned columns, its header underlined."""
    rows = [[" ".join(inline_text(cell.inlines).split()) for cell in row.cells] for row in (*node.head, *node.body)]
    rows = [row + [""] * (node.columns - len(row)) for row in rows]
    widths = [max(_width(row[i]) for row in rows) for i in range(node.columns)]
    aligns = [cell.align for cell in (node.head[0].cells if node.head else ())] + [None] * node.columns

    def line(row: list[str]) -> str:
        cells = []
        for text, width, align in zip(row, widths, aligns):
            pad = width - _width(text)
            cells.append(" " * pad + text if align == "right" else
                         " " * (pad // 2) + text + " " * (pad - pad // 2) if align == "center" else text + " " * pad)
        return "  ".join(cells).rstrip()

    out = [line(row) for row in rows[:len(node.head)]]
    if node.head:
        out.append("  ".join("-" * width for width in widths))
    return out + [line(row) for row in rows[len(node.head):]]


def _list(node: ListBlock, labels: Labels) -> list[str]:
    out = []
    for index, item in enumerate(node.items):
        marker = f"{node.start + index}." if node.ordered else "-"
        if item.checked is not None:
            marker += " [x]" if item.checked else " [ ]"
        lines = _blocks(item.blocks, labels, tight=True)
        indent = " " * (len(marker) + 1)
        out.append(f"{marker} {lines[0]}" if lines else marker)
        out += [indent + line if line else "" for line in lines[1:]]
    return out


def _block(block: Block, labels: Labels) -> list[str]:
    if isinstance(block, (Paragraph, Heading)):
        return inline_text(block.inlines).split("\n")
    if isinstance(block, ListBlock):
        return _list(block, labels)
    if isinstance(block, Quote):
        return [f"> {line}" if line else ">" for line in _blocks(block.blocks, labels)]
    if isinstance(block, CodeBlock):
        return ["    " + line if line else "" for line in block.text.rstrip("\n").split("\n")]
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, SdgMap):
        return [sdg_line(row, labels) for row in block.rows]
    if isinstance(block, ThematicBreak):
        return ["* * *"]
    return []


def _blocks(blocks: tuple[Block, ...], labels: Labels, tight: bool = False) -> list[str]:
    """Blocks one after the other, a blank line between them (none inside a list item)."""
    out: list[str] = []
    for block in blocks:
        if out and not tight:
            out.append("")
        out += _block(block, labels)
    return out


def answer_text(entry: Entry, labels: Labels) -> str:
    """The answer as it goes into a web form's box: its blocks, then its footnotes."""
    lines = _blocks(entry.blocks, labels)
    for note in entry.footnotes:
        body = _blocks(note.blocks, labels, tight=True) or [""]
        lines += ["", f"[{note.number}] {body[0]}", *body[1:]]
    return "\n".join(lines).strip("\n")


def entry_text(entry: Entry, labels: Labels) -> str:
    """A question ("3. Which …?") or a part, its answer, and the counts line."""
    heading = f"{entry.number}. {entry.heading}" if entry.number is not None else entry.heading
    answer = answer_text(entry, labels)
    return "\n\n".join(filter(None, [heading, answer, counts(entry, labels).line()]))


def _matrix(annex: SdgMatrix, labels: Labels) -> str:
    lines = [annex.title, ""]
    for row in annex.rows:
        linked = [f"SDG {goal.number} ({', '.join(labels.question_mark.format(n=q) for q in questions)})"
                  for goal, questions in zip(annex.goals, row.cells) if questions]
        if linked:
            lines.append(f"{row.line.label} {row.line.title} \u2014 {'; '.join(linked)}")
    return "\n".join(lines)


def render_text(document: Document) -> str:
    """The whole submission as text: title block, then each section's questions and answers."""
    meta = document.meta
    head = [meta.title, meta.subtitle, meta.organisation,
            " \u00b7 ".join(filter(None, [meta.consultation, meta.date_text]))]
    parts = ["\n".join(filter(None, head))]
    for item in document.body:
        if isinstance(item, Section):
            parts.append(f"{item.title}\n{'=' * max(_width(item.title), 3)}")
            parts += [entry_text(entry, document.labels) for entry in item.entries]
        else:
            parts.append(entry_text(item, document.labels))
    parts += [_matrix(annex, document.labels) for annex in document.annexes]
    return "\n\n\n".join(parts) + "\n"
