"""What changed between two revisions of a submission, on the document model: a summary per
question and a redline document (the newer revision, its changes marked) for the PDF renderer.

Texts are compared as a reader sees them, not as typed: each paragraph, heading, list item and
table cell is its visible text with white space made single, so a re-wrapped paragraph is no
change. Blocks are aligned first (a moved paragraph is one deletion and one insertion), then the
words of changed blocks. Both alignments use diff-match-patch (Myers' diff) with a deadline: a
pathological pair of answers gets a coarser redline in bounded time, never a hung build. Words
added and removed are counted by the one word-count rule (model.text), and each revision's
count per question is the one ``stats`` prints.
"""
from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass
from typing import Callable, Iterable

from diff_match_patch import diff_match_patch

from .model import (CONTAINERS, Block, CodeBlock, Deleted, Document, Entry, FootnoteRef, Heading, Inline, Inserted,
                    Link, ListBlock, ListItem, Origin, Paragraph, Part, Quote, Revised, SdgMap, Section, Superscript,
                    Table, TableCell, TableRow, Text)
from .model.text import count_words, plain_text, text_words, walk_blocks, walk_inlines

_TOKEN = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\\s\u3040-\u30ff"
                    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")
# a footnote reference among the compared words: a token of its own, printed as the reference
_REF = "\ue000"
_REF_TOKEN = re.compile(" ?\ue000(\\d+)")
_is_reference = re.compile("\ue000\\d+").fullmatch
_FIRST_SYMBOL = 0x4E00              # tokens become characters from here on (letters, for dmp's scoring)
MAX_SYMBOLS = 1_000_000             # distinct tokens of one answer; beyond: the answer is marked whole
EQUAL, INSERT, DELETE = 0, 1, -1


@dataclass(frozen=True)
class QuestionChange:
    """One question or part, as the summary reports it."""

    file: str
    text: str                       # the question (or the part's title), from the newer revision if it has it
    status: str                     # added, removed, changed, unchanged
    old_number: int | None
    new_number: int | None
    added: int                      # words
    removed: int
    old_words: int | None           # as stats counts them; None: not in that revision
    new_words: int | None
    limit: int | None
    question_changed: bool = False
    links_changed: bool = False
    anchor: str | None = None       # in the redline

    @property
    def renumbered(self) -> bool:
        return None not in (self.old_number, self.new_number) and self.old_number != self.new_number

    def as_dict(self) -> dict:
        return {"file": self.file, "text": self.text, "status": self.status, "old_number": self.old_number,
                "new_number": self.new_number, "renumbered": self.renumbered, "words_added": self.added,
                "words_removed": self.removed, "old_words": self.old_words, "new_words": self.new_words,
                "limit": self.limit, "question_changed": self.question_changed,
                "sdg_links_changed": self.links_changed}


@dataclass(frozen=True)
class Comparison:
    old: str                        # how the two revisions are named to the reader
    new: str
    changes: tuple[QuestionChange, ...]
    redline: Document

    @property
    def changed(self) -> bool:
        return any(c.status != "unchanged" or c.renumbered for c in self.changes)

    def counts(self) -> dict[str, int]:
        status = [c.status for c in self.changes]
        return {"changed": status.count("changed"), "added": status.count("added"),
                "removed": status.count("removed"), "renumbered": sum(c.renumbered for c in self.changes),
                "words_added": sum(c.added for c in self.changes),
                "words_removed": sum(c.removed for c in self.changes)}

    def as_dict(self) -> dict:
        return {"old": self.old, "new": self.new, "changed": self.changed, "totals": self.counts(),
                "questions": [c.as_dict() for c in self.changes]}


# ---------------------------------------------------------------- the words of blocks

class _Deadline:
    """One time budget for every alignment of a comparison."""

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        return max(self.end - time.monotonic(), 0.01)     # dmp: 0 would mean no limit


def _align(old: list[str], new: list[str], deadline: _Deadline) -> list[tuple[int, list[int], list[int]]]:
    """Runs of (op, old indexes, new indexes): EQUAL runs pair items, INSERT and DELETE are alone,
    and a change is a DELETE then an INSERT."""
    symbols: dict[str, str] = {}
    for item in (*old, *new):
        if item not in symbols:
            if len(symbols) >= MAX_SYMBOLS:
                return [(DELETE, list(range(len(old))), []), (INSERT, [], list(range(len(new))))]
            symbols[item] = chr(_FIRST_SYMBOL + len(symbols))
    engine = diff_match_patch()
    engine.Diff_Timeout = deadline.left()
    diffs = engine.diff_main("".join(symbols[i] for i in old), "".join(symbols[i] for i in new), False)
    engine.diff_cleanupSemantic(diffs)
    runs, i, j = [], 0, 0
    for op, text in diffs:
        n = len(text)
        runs.append((op, list(range(i, i + n)) if op != INSERT else [], list(range(j, j + n)) if op != DELETE else []))
        i += n if op != INSERT else 0
        j += n if op != DELETE else 0
    return runs


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _spaced(before: str, token: str) -> bool:
    """Whether a space stands between two tokens: not between Chinese or Japanese characters,
    nor before a footnote reference."""
    return not (_CJK.fullmatch(token) and _CJK.fullmatch(before[-1])) and not _is_reference(token)


def _words(tokens: Iterable[str]) -> int:
    return sum(text_words(t) for t in tokens if not _is_reference(t))


def _printed(text: str) -> str:
    """A leaf's compared text as it reads: each footnote reference its number again."""
    return _REF_TOKEN.sub(r"\1", text)


# ---------------------------------------------------------------- leaves: the texts compared

def _leaf_text(block_or_cell) -> str:
    if isinstance(block_or_cell, CodeBlock):
        return " ".join(block_or_cell.text.split())
    return " ".join(_compared(block_or_cell.inlines).split())


def _compared(inlines: tuple[Inline, ...]) -> str:
    """The visible text of inlines, each footnote reference a token of its own (see _REF)."""
    return "".join(f" {_REF}{node.number} " if isinstance(node, FootnoteRef) else
                   _compared(node.children) if isinstance(node, CONTAINERS) else plain_text((node,))
                   for node in inlines)


def _references(inlines: tuple[Inline, ...]) -> list[FootnoteRef]:
    return [node for node in walk_inlines(inlines) if isinstance(node, FootnoteRef)]


def _map_blocks(blocks: tuple[Block, ...], visit: Callable, nested: bool = False) -> tuple[Block, ...]:
    """The blocks with each leaf (paragraph, heading, code block, table cell) replaced by what
    ``visit(leaf, nested)`` returns: a list of blocks for a block leaf, inlines for a cell."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, (Paragraph, Heading, CodeBlock)):
            out.extend(visit(block, nested))
        elif isinstance(block, ListBlock):
            items = tuple(ListItem(_map_blocks(item.blocks, visit, True), item.origin, item.checked)
                          for item in block.items)
            out.append(dataclasses.replace(block, items=items))
        elif isinstance(block, Quote):
            out.append(Quote(_map_blocks(block.blocks, visit, True), block.origin))
        elif isinstance(block, Table):
            rows = [tuple(TableRow(tuple(TableCell(visit(cell, True), cell.align) for cell in row.cells))
                          for row in part) for part in (block.head, block.body)]
            out.append(dataclasses.replace(block, head=rows[0], body=rows[1]))
        else:                       # sdg-map, thematic break: compared apart, or not at all
            out.append(block)
    return tuple(out)


def _leaves(entry: Entry) -> list[str]:
    """The texts of an entry's leaves, in the order _map_blocks meets them (footnotes last)."""
    found: list[str] = []

    def collect(leaf, nested):
        found.append(_leaf_text(leaf))
        return [leaf] if not isinstance(leaf, TableCell) else leaf.inlines

    _map_blocks(entry.blocks, collect)
    for note in entry.footnotes:
        _map_blocks(note.blocks, collect)
    return found


# ---------------------------------------------------------------- one entry against another

@dataclass
class _Marks:
    """What the alignment says about each leaf of the newer entry."""

    pieces: dict[int, list[tuple[int, str]]]      # a changed leaf's tokens with their op
    before: dict[int, list[str]]                   # whole leaves deleted just before a leaf
    trailing: list[str]                            # whole leaves deleted at the end
    added: int = 0
    removed: int = 0


def _mark(old: list[str], new: list[str], deadline: _Deadline) -> _Marks:
    marks = _Marks({}, {}, [])
    runs = _align(old, new, deadline)
    k = 0
    while k < len(runs):
        op, old_ids, new_ids = runs[k]
        if op == EQUAL:
            k += 1
            continue
        # a change: the DELETE and INSERT runs that stand together
        gone, come = [], []
        while k < len(runs) and runs[k][0] != EQUAL:
            gone += runs[k][1]
            come += runs[k][2]
            k += 1
        if not come:                # whole leaves taken out: each printed struck where it stood
            next_leaf = runs[k][2][0] if k < len(runs) and runs[k][2] else None
            texts = [old[i] for i in gone if old[i]]
            marks.removed += _words(t for text in texts for t in _tokens(text))
            (marks.trailing if next_leaf is None else marks.before.setdefault(next_leaf, [])).extend(texts)
            continue
        old_tokens = [t for i in gone for t in _tokens(old[i])]
        new_tokens = [(j, t) for j in come for t in _tokens(new[j])]
        for j in come:
            marks.pieces.setdefault(j, [])
        position = 0                # new tokens placed so far
        for op_, old_ids_, new_ids_ in _align(old_tokens, [t for _, t in new_tokens], deadline):
            if op_ == DELETE:       # taken-out words stand before the next word of the newer text
                words = [old_tokens[i] for i in old_ids_]
                marks.removed += _words(words)
                home = new_tokens[position][0] if position < len(new_tokens) else come[-1]
                marks.pieces[home].extend((DELETE, w) for w in words)
            position += len(new_ids_)
            for n in new_ids_:
                j, token = new_tokens[n]
                marks.pieces[j].append((op_, token))
                if op_ == INSERT:
                    marks.added += _words((token,))
    # a leaf the block alignment paired off but whose words all stayed is no change
    marks.pieces = {j: pieces for j, pieces in marks.pieces.items() if any(op != EQUAL for op, _ in pieces)}
    return marks


def _marked_inlines(pieces: list[tuple[int, str]], references: list[FootnoteRef]) -> tuple[Inline, ...]:
    """Tokens with their ops as inlines: kept text plain, the rest inside Inserted or Deleted. A
    footnote reference the newer text has is that reference (``references``, in order), linked
    to its note; one taken out, its number struck."""
    out: list[Inline] = []
    run_op, run, last = None, [], None
    kept = iter(references)

    def flush():
        text: list[Inline] = []
        for token in run:
            if _is_reference(token):
                reference = next(kept, None) if run_op != DELETE else None
                text.append(reference or Superscript((Text(token[1:]),)))
            elif text and isinstance(text[-1], Text):
                text[-1] = Text(text[-1].text + (" " if _spaced(text[-1].text, token) else "") + token)
            else:
                text.append(Text((" " if text else "") + token))
        if text:
            out.extend(text if run_op == EQUAL else [(Inserted if run_op == INSERT else Deleted)(tuple(text))])

    for op, token in pieces:
        if op != run_op:
            flush()
            if last is not None and _spaced(last, token):
                out.append(Text(" "))
            run_op, run = op, []
        run.append(token)
        last = token
    flush()
    return tuple(out)


def _struck_words(text: str) -> Deleted:
    """A whole leaf of the older text, taken out: inline, or as a paragraph of its own (_struck)."""
    return Deleted((Text(_printed(text)),))


def _struck(text: str, origin: Origin) -> Paragraph:
    return Paragraph((_struck_words(text),), origin)


def _rebuild(entry: Entry, marks: _Marks) -> tuple[tuple[Block, ...], tuple]:
    """The newer entry's blocks and footnotes with their changes marked, and each changed
    top-level block inside a Revised (the bar in the margin)."""
    counter = iter(range(1 << 62))
    changed = [False]

    def visit(leaf, nested):
        j = next(counter)
        deleted = marks.before.get(j, [])
        pieces = marks.pieces.get(j)
        if pieces is None and not deleted:
            return leaf.inlines if isinstance(leaf, TableCell) else [leaf]
        changed[0] = True
        origin = getattr(leaf, "origin", entry.body)
        inlines = _marked_inlines(pieces, _references(_inlines_of(leaf))) if pieces is not None else None
        if isinstance(leaf, CodeBlock) and inlines is not None:     # code is compared by its words too
            inlines = tuple(_as_code(node) for node in inlines)
        if nested or isinstance(leaf, TableCell):      # inside a list, quote or table: struck inline
            prefix = tuple(node for text in deleted for node in (_struck_words(text), Text(" ")))
            body = (*prefix, *(inlines if inlines is not None else _inlines_of(leaf)))
            return body if isinstance(leaf, TableCell) else [_with_inlines(leaf, body)]
        blocks = [_struck(text, origin) for text in deleted]
        return blocks + [_with_inlines(leaf, inlines) if inlines is not None else leaf]

    def top(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            changed[0] = False
            mapped = _map_blocks((block,), visit)
            out.extend((Revised(mapped, block.origin),) if changed[0] else mapped)
        return tuple(out)

    blocks = top(entry.blocks)
    notes = tuple(dataclasses.replace(note, blocks=top(note.blocks)) for note in entry.footnotes)
    if marks.trailing:
        blocks += (Revised(tuple(_struck(text, entry.body) for text in marks.trailing), entry.body),)
    return blocks, notes


def _inlines_of(leaf) -> tuple[Inline, ...]:
    return (Text(leaf.text),) if isinstance(leaf, CodeBlock) else leaf.inlines


def _with_inlines(leaf, inlines: tuple[Inline, ...]) -> Block:
    if isinstance(leaf, CodeBlock):
        return Paragraph(inlines, leaf.origin)
    return dataclasses.replace(leaf, inlines=inlines)


def _as_code(node: Inline) -> Inline:
    from .model import Code

    if isinstance(node, Text):
        return Code(node.text) if node.text.strip() else node
    return type(node)(tuple(_as_code(child) for child in node.children))


def _links(entry: Entry | None) -> dict[tuple[str, int], str]:
    """An entry's sdg-map links, (Action Line, SDG) -> how the link reads."""
    found = {}
    for block in walk_blocks(entry.blocks) if entry else ():
        if isinstance(block, SdgMap):
            for row in block.rows:
                for goal in row.goals:
                    found[(row.line.code, goal.number)] = f"{row.line.label} \u2192 SDG {goal.number} {goal.title}"
    return found


def _links_note(old: Entry | None, new: Entry | None, origin: Origin) -> Paragraph | None:
    before, after = _links(old), _links(new)
    added = [after[key] for key in after if key not in before]
    removed = [before[key] for key in before if key not in after]
    if not added and not removed:
        return None
    inlines: list[Inline] = [Text("SDG links: ")]
    for kind, texts in ((Inserted, added), (Deleted, removed)):
        for text in texts:
            if len(inlines) > 1:
                inlines.append(Text("; "))
            inlines.append(kind((Text(text),)))
    return Paragraph(tuple(inlines), origin)


def _with_links_marked(blocks: tuple[Block, ...], note: Paragraph | None) -> tuple[Block, ...]:
    """The sdg-map blocks barred and the note of changed links after the last of them."""
    if note is None:
        return blocks
    maps = [i for i, block in enumerate(blocks) if isinstance(block, SdgMap)]
    out = list(blocks)
    for i in maps:
        out[i] = Revised((blocks[i],), blocks[i].origin)
    at = maps[-1] + 1 if maps else len(out)
    out.insert(at, Revised((note,), note.origin))
    return tuple(out)


def compare_entries(old: Entry | None, new: Entry | None, deadline: _Deadline) -> tuple[QuestionChange, Entry]:
    """One question's change, and the entry the redline prints for it."""
    old_leaves, new_leaves = (_leaves(e) if e else [] for e in (old, new))
    marks = _mark(old_leaves, new_leaves, deadline)
    shown = new if new is not None else old
    question_changed = old is not None and new is not None and old.heading != new.heading
    note = _links_note(old, new, shown.body)
    if new is None:             # taken out: its text struck, where it stood
        blocks = tuple(_struck(text, old.body) for text in old_leaves if text)
        blocks = (Revised(blocks, old.body),) if blocks else ()
        notes: tuple = ()
    else:
        blocks, notes = _rebuild(new, marks)
    blocks = _with_links_marked(blocks, note)
    if question_changed:
        was = Paragraph((Text("Question was: "), Deleted((Text(old.heading),))), new.origin)
        blocks = (Revised((was,), new.origin),) + blocks
    status = ("added" if old is None else "removed" if new is None else
              "changed" if marks.pieces or marks.before or marks.trailing or question_changed or note else "unchanged")
    change = QuestionChange(
        file=shown.origin.file, text=shown.heading, status=status,
        old_number=old.number if old else None, new_number=new.number if new else None,
        added=marks.added, removed=marks.removed,
        old_words=count_words(old) if old else None, new_words=count_words(new) if new else None,
        limit=(new or old).word_limit, question_changed=question_changed, links_changed=note is not None)
    if new is None:
        entry = Part(heading=f"Removed: {old.outline}", anchor=f"removed-{old.anchor}", outline=f"Removed: {old.outline}",
                     blocks=blocks, origin=old.origin, body=old.body, language=old.language, direction=old.direction)
    else:
        entry = dataclasses.replace(new, blocks=blocks, footnotes=notes)
    return dataclasses.replace(change, anchor=entry.anchor), entry


# ---------------------------------------------------------------- two documents

def _pairs(old: Document, new: Document) -> list[tuple[Entry | None, Entry | None]]:
    """Entries of the two revisions paired: by file, then by the question's text; in the newer
    order, each entry taken out placed after the one it followed."""
    olds, news = list(old.entries), list(new.entries)
    match: dict[int, int] = {}                  # old index -> new index
    by_file = {e.origin.file: j for j, e in enumerate(news)}
    for i, e in enumerate(olds):
        if e.origin.file in by_file:
            match[i] = by_file.pop(e.origin.file)
    taken = set(match.values())
    by_text = {}
    for j, e in enumerate(news):
        if j not in taken:
            by_text.setdefault(e.heading, j)
    for i, e in enumerate(olds):
        if i not in match and e.heading in by_text:
            match[i] = by_text.pop(e.heading)
    after: dict[int, list[int]] = {}            # new index (-1: the start) -> old entries taken out after it
    previous = -1
    for i in range(len(olds)):
        if i in match:
            previous = match[i]
        else:
            after.setdefault(previous, []).append(i)
    paired = {j: i for i, j in match.items()}
    out: list[tuple[Entry | None, Entry | None]] = [(olds[i], None) for i in after.get(-1, [])]
    for j, e in enumerate(news):
        out.append((olds[paired[j]] if j in paired else None, e))
        out.extend((olds[i], None) for i in after.get(j, []))
    return out


def compare_documents(old: Document, new: Document, old_name: str, new_name: str,
                      seconds: float = 20.0) -> Comparison:
    deadline = _Deadline(seconds)
    pairs = _pairs(old, new)
    changes, printed = [], []
    for old_entry, new_entry in pairs:
        change, entry = compare_entries(old_entry, new_entry, deadline)
        changes.append(change)
        printed.append(entry)
    comparison = Comparison(old_name, new_name, tuple(changes), new)
    return dataclasses.replace(comparison, redline=_redline(comparison, new, pairs, printed))


def _redline(comparison: Comparison, new: Document, pairs: list, printed: list[Entry]) -> Document:
    """The newer document with its changes marked, the summary first; no contents or annexes.
    An entry taken out is printed after the entry it followed, in that entry's section."""
    summary_origin = Origin(new.meta.origin.file, 1)
    if not comparison.changed:
        body: tuple = (Part(heading="No changes", anchor="changes", outline="No changes",
                            blocks=(Paragraph((Text(f"{comparison.new} prints the same text as {comparison.old}: no "
                                                    "words, questions or SDG links changed."),), summary_origin),),
                            origin=summary_origin, body=summary_origin, language=new.meta.language,
                            direction=new.meta.direction),)
        return dataclasses.replace(new, body=body, annexes=(), toc=False, anchors=frozenset({"changes"}))
    redline_of: dict[int, Entry] = {}          # id of a newer entry -> what the redline prints for it
    removed_after: dict[int, list[Entry]] = {}  # id of a newer entry (id(None): the start) -> entries taken out
    last_new = None
    for (old_entry, new_entry), entry in zip(pairs, printed):
        if new_entry is None:
            removed_after.setdefault(id(last_new), []).append(entry)
        else:
            redline_of[id(new_entry)] = entry
            last_new = new_entry

    def entries_of(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
        return tuple(e for entry in entries for e in (redline_of[id(entry)], *removed_after.get(id(entry), ())))

    body = [_summary_part(comparison, new, summary_origin), *removed_after.get(id(None), ())]
    for item in new.body:
        if isinstance(item, Section):
            body.append(dataclasses.replace(item, entries=entries_of(item.entries)))
        else:
            body.extend(entries_of((item,)))
    anchors = set(new.anchors) | {"changes"} | {e.anchor for group in removed_after.values() for e in group}
    return dataclasses.replace(new, body=tuple(body), annexes=(), toc=False, anchors=frozenset(anchors))


def _counted(comparison: Comparison) -> str:
    """"3 changed, 1 added": the kinds of change that happened, for both forms of the summary."""
    counts = comparison.counts()
    return ", ".join(f"{counts[k]} {k}" for k in ("changed", "added", "removed", "renumbered") if counts[k])


def _what(change: QuestionChange) -> str:
    """"changed, renumbered from 3, SDG links": one question's change in a few words."""
    what = [] if change.status == "unchanged" and change.renumbered else [change.status]
    if change.renumbered:
        what.append(f"renumbered from {change.old_number}")
    if change.question_changed:
        what.append("question reworded")
    if change.links_changed:
        what.append("SDG links")
    return ", ".join(what)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "\u2026"


def _summary_part(comparison: Comparison, new: Document, origin: Origin) -> Part:
    counts = comparison.counts()
    intro = (f"Changes from {comparison.old} to {comparison.new}: {_counted(comparison) or 'none'}; "
             f"{counts['words_added']:,} words added and {counts['words_removed']:,} removed. Added words are "
             "underlined, removed ones struck through; a bar in the margin marks each changed block.")
    head = TableRow(tuple(TableCell((Text(t),)) for t in ("Question", "Change", "Words added", "Words removed",
                                                         "Words / limit")))
    rows = []
    for c in comparison.changes:
        number = c.new_number if c.new_number is not None else c.old_number
        label = _cut(c.text if number is None else f"{number}. {c.text}", 90)
        words = "" if c.new_words is None else f"{c.new_words:,}" + (f" / {c.limit:,}" if c.limit else "")
        if c.limit and c.new_words is not None and c.new_words > c.limit:
            words += " (over)"
        link = Link((Text(label),), origin, f"#{c.anchor}", anchor=c.anchor)
        cells = ((link,), (Text(_what(c)),), (Text(f"{c.added:,}"),), (Text(f"{c.removed:,}"),), (Text(words),))
        rows.append(TableRow(tuple(TableCell(inlines, None if k < 2 else "right") for k, inlines in enumerate(cells))))
    table = Table((head,), tuple(rows), origin, columns=5)
    return Part(heading="Changes", anchor="changes", outline="Changes", blocks=(Paragraph((Text(intro),), origin), table),
                origin=origin, body=origin, language="en", direction="ltr")     # its labels are English


def summary_text(comparison: Comparison) -> str:
    """The summary as aligned text, for a terminal and a job summary: the questions that changed."""
    counts = comparison.counts()
    lines = [f"{comparison.old} -> {comparison.new}: {_counted(comparison) or 'no changes'}; "
             f"+{counts['words_added']:,} -{counts['words_removed']:,} words"]
    for c in comparison.changes:
        if c.status == "unchanged" and not c.renumbered:
            continue
        number = c.new_number if c.new_number is not None else c.old_number
        words = "-" if c.new_words is None else f"{c.new_words}" + (f"/{c.limit}" if c.limit else "")
        lines.append(f"{'' if number is None else number:>4}  {_what(c):28s} {'+' + str(c.added):>6} "
                     f"{'-' + str(c.removed):>6}  {words:>9}  {_cut(c.text, 60)}")
    return "\n".join(lines)
