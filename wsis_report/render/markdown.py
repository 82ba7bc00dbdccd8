"""GitHub-flavoured Markdown: the whole submission as one file that previews on GitHub as the PDF
prints. The title is the one "#" heading, sections "##", questions "### 3. Which …?" and an
answer's own headings below them; sdg-map blocks and the matrix annex are pipe tables.

Text is escaped so that what an author typed as text stays text (a "#" or "1." that starts a line,
a "|" in a table cell); links to headings use GitHub's anchors for the headings written here, and
footnote labels are made unique across the answers sharing the file.
"""
from __future__ import annotations

import re
from typing import Callable

from ..model import (Block, Code, CodeBlock, Document, Emphasis, Entry, FootnoteRef, Heading, Image, Inline,
                     LineBreak, Link, ListBlock, Paragraph, Quote, SdgMap, SdgMatrix, Section, SoftBreak, Span,
                     Strikethrough, Strong, Subscript, Superscript, Table, Text, ThematicBreak)
from ..model.text import Slugs, entry_blocks, heading_levels, plain_text

_ALWAYS = re.compile(r"([\\`*_\[\]<|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_ORDERED = re.compile(r"^(\s*\d{1,9})([.)])")
_BLOCK_START = re.compile(r"^(\s*)([#+\-=>])")


def escape(text: str, line_start: bool = False) -> str:
    """Text that Markdown reads back as the same text: backslashes before what would be markup,
    and, at the start of a line, before what would start a heading, list or quote."""
    text = _ENTITY.sub("\\&", _ALWAYS.sub(r"\\\1", text))
    if line_start:
        text = _ORDERED.sub(r"\1\\\2", text, count=1)
        text = _BLOCK_START.sub(r"\1\\\2", text, count=1)
    return text


def _code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


class _Writer:
    """One document's Markdown: its heading anchors, footnote labels and image paths."""

    def __init__(self, document: Document, image_path: Callable[[Image], str]):
        self.document, self.image_path = document, image_path
        self.anchors: dict[str, str] = {}         # model anchor -> GitHub's anchor in this file
        self.notes: dict[str, str] = {}           # model note anchor -> unique footnote label
        self.levels: dict[int, int] = {}          # id of an answer Heading -> its level here
        self.rules = self._rules()
        self._plan()

    def _plan(self) -> None:
        """Anchors in the order GitHub numbers repeated headings: the order they are written."""
        slugs = Slugs()
        slugs(self.document.meta.title)
        for item in self.document.body:
            entries = item.entries if isinstance(item, Section) else (item,)
            if isinstance(item, Section):
                self.anchors[item.anchor] = self.anchors[item.alias] = slugs(item.title)
            for entry in entries:
                self.anchors[entry.anchor] = slugs(_heading_text(entry))
                self.levels.update(heading_levels(entry, 3 if isinstance(item, Section) else 2))
                for block in entry_blocks(entry):
                    if isinstance(block, Heading):
                        self.anchors[block.anchor] = slugs(plain_text(block.inlines))
                for note in entry.footnotes:
                    self.notes[note.anchor] = f"{entry.anchor}-{note.number}"
        for annex in self.document.annexes:
            self.anchors[annex.anchor] = slugs(annex.title)

    # ---------------------------------------------------------------- inlines

    def inlines(self, nodes: tuple[Inline, ...], line_start: bool = True, in_table: bool = False) -> str:
        """Inlines as Markdown; ``line_start``: the first one starts a line (where "#" or "1." would
        start a heading or a list); ``in_table``: inside a table's cell (no line breaks, "|" escaped)."""
        out = []
        at_start = line_start
        for node in nodes:
            out.append(self.rules[type(node)](node, at_start, in_table))
            at_start = isinstance(node, LineBreak) and not in_table
        return "".join(out)

    def _rules(self) -> dict:
        wrap = lambda mark: lambda node, start, table: f"{mark}{self.inlines(node.children, False, table)}{mark}"  # noqa: E731
        return {
            Text: lambda node, start, table: escape(node.text, start),
            # in a table, a pipe inside a code span still ends the cell unless escaped
            Code: lambda node, start, table: _code_span(node.text.replace("|", "\\|") if table else node.text),
            SoftBreak: lambda node, start, table: " ",
            LineBreak: lambda node, start, table: "<br>" if table else "\\\n",
            Emphasis: wrap("*"),
            Strong: wrap("**"),
            Strikethrough: wrap("~~"),
            Superscript: lambda node, start, table: f"<sup>{self.inlines(node.children, False, table)}</sup>",
            Subscript: lambda node, start, table: f"<sub>{self.inlines(node.children, False, table)}</sub>",
            Span: lambda node, start, table: (f'<span lang="{node.language}">'
                                              f"{self.inlines(node.children, False, table)}</span>"),
            Link: lambda node, start, table: self._link(node, table),
            Image: lambda node, start, table: f"![{escape(node.alt)}]({self._target(self.image_path(node))})",
            FootnoteRef: lambda node, start, table: f"[^{self.notes.get(node.target, node.number)}]",
        }

    def _link(self, node: Link, in_table: bool = False) -> str:
        if node.bare and node.url:
            return f"<{node.url}>"
        label = self.inlines(node.children, False, in_table)
        if node.url:
            return f"[{label}]({self._target(node.url)})"
        if node.anchor:
            return f"[{label}](#{self.anchors.get(node.anchor, node.anchor)})"
        return label

    @staticmethod
    def _target(url: str) -> str:
        return f"<{url}>" if re.search(r"[\s()<>]", url) else url

    # ---------------------------------------------------------------- blocks

    def blocks(self, blocks: tuple[Block, ...]) -> list[str]:
        out: list[str] = []
        for block in blocks:
            if out:
                out.append("")
            out += self.block(block)
        return out

    def block(self, block: Block) -> list[str]:
        if isinstance(block, Paragraph):
            return self.inlines(block.inlines).split("\n")
        if isinstance(block, Heading):
            return [f"{'#' * self.levels.get(id(block), 6)} {self.inlines(block.inlines, False)}"]
        if isinstance(block, ListBlock):
            return self._list(block)
        if isinstance(block, Quote):
            return [f"> {line}" if line else ">" for line in self.blocks(block.blocks)]
        if isinstance(block, CodeBlock):
            fence = "`" * max(3, max((len(r) for r in re.findall("`{3,}", block.text)), default=0) + 1)
            return [f"{fence}{block.info}", *block.text.rstrip("\n").split("\n"), fence]
        if isinstance(block, Table):
            return self._table(block)
        if isinstance(block, SdgMap):
            return self._sdg_map(block)
        if isinstance(block, ThematicBreak):
            return ["* * *"]
        return []

    def _list(self, node: ListBlock) -> list[str]:
        out = []
        for index, item in enumerate(node.items):
            marker = f"{node.start + index}." if node.ordered else "-"
            task = "" if item.checked is None else "[x] " if item.checked else "[ ] "
            lines = self.blocks(item.blocks) or [""]
            indent = " " * (len(marker) + 1)
            out.append(f"{marker} {task}{lines[0]}".rstrip())
            out += [indent + line if line else "" for line in lines[1:]]
        return out

    def _row(self, cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    def _table(self, node: Table) -> list[str]:
        rule = {"left": ":---", "center": ":---:", "right": "---:"}
        head = node.head[0].cells if node.head else ()
        aligns = [rule.get(cell.align, "---") for cell in head] + ["---"] * (node.columns - len(head))
        rows = [[self.inlines(cell.inlines, False, True) for cell in row.cells] for row in (*node.head, *node.body)]
        rows = [row + [""] * (node.columns - len(row)) for row in rows]
        if not node.head:                                 # GFM needs a header row: an empty one
            rows.insert(0, [""] * node.columns)
        return [self._row(rows[0]), self._row(aligns), *map(self._row, rows[1:])]

    def _sdg_map(self, node: SdgMap) -> list[str]:
        labels = self.document.labels
        with_notes = any(row.note for row in node.rows)
        head = [labels.action_line, labels.sdgs] + ([labels.note] if with_notes else [])
        rows = []
        for row in node.rows:
            cells = [f"**{escape(row.line.label)}** {escape(row.line.title)}",
                     "<br>".join(f"**SDG {goal.number}** {escape(goal.title)}" for goal in row.goals)]
            rows.append(cells + ([escape(row.note or "")] if with_notes else []))
        return [self._row(head), self._row(["---"] * len(head)), *map(self._row, rows)]

    def _matrix(self, annex: SdgMatrix) -> list[str]:
        labels = self.document.labels
        head = [escape(annex.header)] + [str(goal.number) for goal in annex.goals]
        rows = [[f"**{escape(row.line.label)}** {escape(row.line.title)}"] +
                [", ".join(labels.question_mark.format(n=q) for q in questions) for questions in row.cells]
                for row in annex.rows]
        return [f"## {escape(annex.title)}", "", self._row(head), self._row(["---"] + [":---:"] * len(annex.goals)),
                *map(self._row, rows), "", self.inlines(annex.legend)]

    # ---------------------------------------------------------------- the document

    def entry(self, entry: Entry, depth: int) -> list[str]:
        out = [f"{'#' * depth} {escape(_heading_text(entry))}", ""]
        out += self.answer(entry)
        return out

    def answer(self, entry: Entry) -> list[str]:
        out = self.blocks(entry.blocks)
        for note in entry.footnotes:
            lines = self.blocks(note.blocks) or [""]
            out += ["", f"[^{self.notes[note.anchor]}]: {lines[0]}", *("    " + line if line else "" for line in lines[1:])]
        return out

    def document_text(self) -> str:
        meta = self.document.meta
        out = [f"# {escape(meta.title)}", ""]
        for line in filter(None, [meta.subtitle, meta.organisation,
                                  " \u00b7 ".join(filter(None, [meta.consultation, meta.date_text]))]):
            out += [escape(line, True), ""]
        for item in self.document.body:
            if isinstance(item, Section):
                out += [f"## {escape(item.title)}", ""]
                for entry in item.entries:
                    out += self.entry(entry, 3) + [""]
            else:
                out += self.entry(item, 2) + [""]
        for annex in self.document.annexes:
            out += self._matrix(annex) + [""]
        return "\n".join(out).rstrip("\n") + "\n"


def _heading_text(entry: Entry) -> str:
    return f"{entry.number}. {entry.heading}" if entry.number is not None else entry.heading


def render_markdown(document: Document, image_path: Callable[[Image], str] = lambda image: image.src) -> str:
    """The submission as one GitHub-flavoured Markdown file; ``image_path`` says where each image
    is from the file's own folder."""
    return _Writer(document, image_path).document_text()
