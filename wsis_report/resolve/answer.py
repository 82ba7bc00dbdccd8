"""One answer's syntax tree to model blocks and inlines: one small rule per token type.

Every decision about the answer is made here, once: which links are kept and where they go,
which images can be printed, what an sdg-map block says, the anchors of headings and footnotes,
and the file line and column each node came from.
"""
from __future__ import annotations

import dataclasses
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import unquote

from markdown_it.tree import SyntaxTreeNode

from ..errors import Diagnostic, error, warning
from ..load import AssetError
from ..model import (CONTAINERS, Block, Code, CodeBlock, Emphasis, Footnote, FootnoteRef, Heading, Image, Inline,
                     LineBreak, Link, ListBlock, ListItem, Origin, Paragraph, Quote, SdgMap, SoftBreak, Span,
                     Strikethrough, Strong, Subscript, Superscript, Table, TableCell, TableRow, Text, ThematicBreak)
from ..model.text import plain_text
from ..parse import ParsedPart
from ..syntax import SDG_MAP, base_language, clean, french_spacing
from .images import ImageFile, read_image
from .sdgmap import read_sdg_map

SAFE_SCHEMES = ("http:", "https:", "mailto:")
MAX_COLUMNS = 40
_ALIGN = {"text-align:right": "right", "text-align:center": "center", "text-align:left": "left"}


@dataclass
class Answer:
    """What resolving one answer needs besides the node; ``diagnostics`` collects what it finds."""

    parsed: ParsedPart
    anchor: str                                     # the entry's anchor: prefix of footnote anchors
    anchors: frozenset[str]                         # every internal link target of the document
    heading_anchors: dict[int, str]                 # by the heading's templated line
    content_dir: Path
    language: str
    images: dict[str, ImageFile | AssetError]       # shared by all answers: each file read once
    translations: dict[str, str] = field(default_factory=dict)   # the project's own (submission.yaml)
    raw_html: set[str] = field(default_factory=set)                 # HTML tags already warned about
    files: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)   # answer file -> anchors (see _plan)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list)
    block: tuple[int, int] = (0, 1)                 # templated line range of the block being read

    def __post_init__(self):
        self.source_lines = self.parsed.source.body.split("\n")
        self.french = base_language(self.language) == "fr"

    @property
    def file(self) -> str:
        return self.parsed.source.file

    def origin(self, node: SyntaxTreeNode) -> Origin:
        """Where a block node was typed: its first line, at its first word (a paragraph in a list
        item starts after the marker) or else at the line's first visible character."""
        index = node.map[0] if node.map else self.block[0]
        line = self.parsed.rendered.file_line(index)
        text = self._source_line(line)
        word = _first_word(node)
        col = text.find(word) if word else -1
        if col < 0:
            col = len(text) - len(text.lstrip()) if text.strip() else 0
        return Origin(self.file, line, col + 1)

    def find(self, snippet: str) -> Origin:
        """Where ``snippet`` was typed in the current block (its first line if it was not typed
        as such, e.g. written by a template expression)."""
        first = self.parsed.rendered.file_line(self.block[0])
        last = self.parsed.rendered.file_line(max(self.block[1] - 1, self.block[0]))
        for line in range(first, max(first, last) + 1):
            col = self._source_line(line).find(snippet) if snippet else -1
            if col >= 0:
                return Origin(self.file, line, col + 1)
        return Origin(self.file, first, 1)

    def _source_line(self, line: int) -> str:
        index = line - self.parsed.source.body_line
        return self.source_lines[index] if 0 <= index < len(self.source_lines) else ""


_WORD = re.compile(r"\w{1,12}")


def _first_word(node: SyntaxTreeNode) -> str:
    """The first letters of a paragraph, as typed (a typographic quote would not be found)."""
    if node.type != "paragraph" or not node.children or not node.children[0].children:
        return ""
    first = node.children[0].children[0]
    word = _WORD.match(first.content) if first.type == "text" else None
    return word.group() if word else ""


# ---------------------------------------------------------------- inlines

_SPAN_OPEN = re.compile(r"""<span\s+lang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)["']?\s*>""", re.I)


def _append(out: list[Inline], made: Inline | None) -> None:
    if isinstance(made, Text) and out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + made.text)         # one run of text, not one per token
    elif made is not None:
        out.append(made)


_TAG_OPEN = re.compile(r"<(sup|sub|kbd)\s*>", re.I)
_TAG_CLOSE = re.compile(r"</(span|sup|sub|kbd)\s*>", re.I)
_BREAK = re.compile(r"<br\s*/?>", re.I)
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def _closed(kind: str, language: str | None, children: list[Inline]) -> Inline:
    if kind == "span":
        return Span(tuple(map(lambda n: _spaced(n, language), children)), language)
    if kind == "kbd":
        return Code(plain_text(tuple(children)))
    return (Superscript if kind == "sup" else Subscript)(tuple(children))


def inlines(node: SyntaxTreeNode, answer: Answer) -> tuple[Inline, ...]:
    """The children of an inline node. The little HTML GitHub shows in an answer is read as it
    shows it: <span lang="..."> (a span in that language), <sup>, <sub>, <kbd>, <br>; a comment
    is not shown; other HTML prints as typed, with a warning. An unclosed tag changes nothing."""
    frames: list[tuple[str | None, str | None, list[Inline]]] = [(None, None, [])]
    for child in node.children:
        if child.type == "html_inline":
            tag = child.content.strip()
            opening, other, closing = _SPAN_OPEN.fullmatch(tag), _TAG_OPEN.fullmatch(tag), _TAG_CLOSE.fullmatch(tag)
            if opening or other:
                frames.append(("span", opening[1], []) if opening else (other[1].lower(), None, []))
                continue
            if closing and len(frames) > 1 and frames[-1][0] == closing[1].lower():
                kind, language, children = frames.pop()
                _append(frames[-1][2], _closed(kind, language, children))
                continue
            if _BREAK.fullmatch(tag):
                _append(frames[-1][2], LineBreak())
                continue
            if _COMMENT.fullmatch(tag):
                continue
            _raw_html(child, answer)
        _append(frames[-1][2], INLINE_RULES[child.type](child, answer))
    while len(frames) > 1:
        _, _, children = frames.pop()
        for made in children:
            _append(frames[-1][2], made)
    return tuple(frames[0][2])


def _raw_html(node: SyntaxTreeNode, answer: Answer) -> None:
    """HTML GitHub would render but the PDF prints as typed: said once per tag and answer."""
    tag = re.match(r"</?([A-Za-z][\w-]*)", node.content.strip())
    name = tag[1].lower() if tag else node.content.strip()[:20]
    if name in answer.raw_html:
        return
    answer.raw_html.add(name)
    where = answer.find(node.content.strip())
    answer.diagnostics.append(warning(where.file, where.line, f"HTML <{name}> prints as typed (only <br>, <sup>, "
                                                              "<sub>, <kbd>, <span lang> and <details> are read); "
                                                              "write it in Markdown", "html", where.col))


def _spaced(node: Inline, language: str) -> Inline:
    """French punctuation spacing for text in a French span."""
    if base_language(language) != "fr":
        return node
    if isinstance(node, Text):
        return Text(french_spacing(node.text))
    if isinstance(node, CONTAINERS) and not (isinstance(node, Link) and node.bare):
        return dataclasses.replace(node, children=tuple(_spaced(child, language) for child in node.children))
    return node


def _text(node: SyntaxTreeNode, answer: Answer) -> Text:
    text = clean(node.content)
    return Text(french_spacing(text) if answer.french and node.type == "text" else text)


def _link(node: SyntaxTreeNode, answer: Answer) -> Inline:
    href = str(node.attrs.get("href", ""))
    children = inlines(node, answer)
    bare = node.markup in ("linkify", "autolink")
    where = answer.find(href if not bare else node.children[0].content if node.children else href)
    if href.startswith("#"):
        if href[1:] in answer.anchors:
            return Link(children, where, href, anchor=href[1:], bare=bare)
        answer.diagnostics.append(warning(where.file, where.line, f"internal link '{href}' has no target; link "
                                                                  "to a question as #q3, a section or heading "
                                                                  "by its name, or #part-1", "link-target",
                                          where.col))
    elif href.lower().startswith(SAFE_SCHEMES):
        return Link(children, where, href, url=href, bare=bare)
    elif (target := _sibling(href, answer)) is not None:        # another answer, as GitHub links it
        if target:
            return Link(children, where, href, anchor=target, bare=bare)
        answer.diagnostics.append(warning(where.file, where.line, f"link '{href}': that answer has no such heading; "
                                                                  "the link goes to the answer", "link-target",
                                          where.col))
        return Link(children, where, href, anchor=answer.files[_sibling_file(href, answer)][0], bare=bare)
    else:
        answer.diagnostics.append(warning(where.file, where.line, f"link to {href!r} printed as text: only "
                                                                  "http, https and mailto links are kept",
                                          "link-scheme", where.col))
    return Link(children, where, href, bare=bare)


def _sibling_file(href: str, answer: Answer) -> str | None:
    """The answer file a relative link names (from the linking answer's folder), if it is one."""
    path = unquote(href.split("#", 1)[0])
    if not path or "://" in path or ":" in path.split("/", 1)[0]:
        return None
    folder = posixpath.dirname(answer.file.removeprefix("content/"))
    name = posixpath.normpath(posixpath.join(folder, path))
    return name if name in answer.files else None


def _sibling(href: str, answer: Answer) -> str | None:
    """The anchor a link to another answer goes to: the answer, or its heading named after "#"
    (GitHub's anchor for it); "" when that heading does not exist; None when not an answer."""
    name = _sibling_file(href, answer)
    if name is None:
        return None
    anchor, headings = answer.files[name]
    fragment = unquote(href.split("#", 1)[1]) if "#" in href else ""
    return anchor if not fragment else headings.get(fragment.lower(), "")


def _image(node: SyntaxTreeNode, answer: Answer) -> Image:
    src = str(node.attrs.get("src", ""))
    where = answer.find(src)
    base = (answer.content_dir.parent / answer.file).parent       # GitHub reads it from the answer's folder
    found = answer.images.get((base, src))
    if found is None:
        try:
            found = read_image(src, answer.content_dir, base)
        except AssetError as exc:
            found = exc
        answer.images[(base, src)] = found
    if isinstance(found, AssetError):     # a submission with a hole where a figure should be is no build
        answer.diagnostics.append(error(where.file, where.line, str(found), "image", where.col))
        return Image(clean(node.content) or src, src, where)
    return Image(clean(node.content), src, where, found.path, found.format, found.size, found.data)


def _footnote_ref(node: SyntaxTreeNode, answer: Answer) -> FootnoteRef:
    number, sub = node.meta["id"] + 1, node.meta.get("subId", 0)
    return FootnoteRef(number, footnote_anchor(answer.anchor, number), f"{answer.anchor}-fnref{number}-{sub}")


def footnote_anchor(entry_anchor: str, number: int) -> str:
    return f"{entry_anchor}-fn{number}"


def _container(kind) -> Callable:
    return lambda node, answer: kind(inlines(node, answer))


INLINE_RULES: dict[str, Callable[[SyntaxTreeNode, Answer], Inline | None]] = {
    "text": _text,
    "html_inline": _text,                                      # raw HTML prints as typed
    "softbreak": lambda node, answer: SoftBreak(),
    "hardbreak": lambda node, answer: LineBreak(),
    "code_inline": lambda node, answer: Code(clean(node.content)),
    "em": _container(Emphasis),
    "strong": _container(Strong),
    "s": _container(Strikethrough),
    "link": _link,
    "image": _image,
    "footnote_ref": _footnote_ref,
    "footnote_anchor": lambda node, answer: None,
    "inline": lambda node, answer: None,
}


# ---------------------------------------------------------------- blocks

def blocks(nodes, answer: Answer) -> tuple[Block, ...]:
    out: list[Block] = []
    for node in nodes:
        rule = BLOCK_RULES.get(node.type)
        if rule is None:       # every enabled syntax has a rule; a new plugin without one is a bug
            raise NotImplementedError(f"no resolve rule for markdown-it token '{node.type}'")
        outer, answer.block = answer.block, tuple(node.map) if node.map else answer.block
        made = rule(node, answer)
        answer.block = outer
        if made is not None:
            out.append(made)
    return tuple(out)


def _paragraph(node, answer):
    return Paragraph(inlines(node.children[0], answer) if node.children else (), answer.origin(node))


def _heading(node, answer):
    return Heading(int(node.tag[1]), inlines(node.children[0], answer), answer.heading_anchors[node.map[0]],
                   answer.origin(node))


_TASK = re.compile(r"\[([ xX])\][ \u00a0]")


def _task(item: ListItem) -> ListItem:
    """A GitHub task list item ("- [ ] to do", "- [x] done"): the box is taken off its text."""
    first = item.blocks[0] if item.blocks else None
    if not isinstance(first, Paragraph) or not first.inlines or not isinstance(first.inlines[0], Text):
        return item
    box = _TASK.match(first.inlines[0].text)
    if box is None:
        return item
    rest = Text(first.inlines[0].text[box.end():])
    paragraph = dataclasses.replace(first, inlines=((rest,) if rest.text else ()) + first.inlines[1:])
    return dataclasses.replace(item, blocks=(paragraph, *item.blocks[1:]), checked=box[1] != " ")


def _list(node, answer):
    items = tuple(_task(ListItem(blocks(item.children, answer), answer.origin(item))) for item in node.children)
    ordered = node.type == "ordered_list"
    return ListBlock(items, answer.origin(node), ordered, int(node.attrs.get("start", 1)) if ordered else 1)


def _quote(node, answer):
    return Quote(blocks(node.children, answer), answer.origin(node))


def _code(node, answer):
    info = node.info.strip() if node.type == "fence" else ""
    if info == SDG_MAP:
        return _sdg_map(node, answer)
    return CodeBlock(clean(node.content), answer.origin(node), info)


def _sdg_map(node, answer):
    first = node.map[0] + 1                    # the fence's first content line
    rows, problems = read_sdg_map(node.content, answer.file,
                                  lambda index: answer.parsed.rendered.file_line(first + index), answer.language,
                                  answer.translations)
    answer.diagnostics.extend(problems)
    return SdgMap(rows, answer.origin(node))      # empty when every entry was wrong: nothing prints


_SUMMARY = re.compile(r"<summary\s*>(.*?)</summary\s*>", re.I | re.S)
_DETAILS = re.compile(r"\s*(</?details(\s+open)?\s*>|<summary\s*>.*?</summary\s*>|<!--.*?-->|<br\s*/?>|\s)*", re.I | re.S)


def _html_block(node, answer):
    """A block of HTML: <details> and its <summary> as GitHub shows them, open (the summary as a
    paragraph of its own); a comment not at all; anything else printed as typed, with a warning."""
    content = node.content
    if _DETAILS.fullmatch(content):
        summary = _SUMMARY.search(content)
        text = " ".join(clean(summary[1]).split()) if summary else ""
        return Paragraph((Strong((Text(text),)),), answer.origin(node)) if text else None
    _raw_html(node, answer)
    return CodeBlock(clean(content), answer.origin(node), "html")   # printed as typed


def _table(node, answer):
    head, body, columns = [], [], 1
    for section in node.children:
        for tr in section.children:
            cells = tuple(TableCell(inlines(cell.children[0], answer) if cell.children else (),
                                    _ALIGN.get(str(cell.attrs.get("style", "")))) for cell in tr.children)
            columns = max(columns, len(cells))
            (head if section.type == "thead" else body).append(TableRow(cells))
    where = answer.origin(node)
    if columns > MAX_COLUMNS:          # past this, no page can hold the columns side by side
        answer.diagnostics.append(error(where.file, where.line, f"the table has {columns} columns; tables are "
                                                                f"limited to {MAX_COLUMNS}: split it", "table"))
    return Table(tuple(head), tuple(body), where, columns)


BLOCK_RULES: dict[str, Callable[[SyntaxTreeNode, Answer], Block | None]] = {
    "paragraph": _paragraph,
    "heading": _heading,
    "bullet_list": _list,
    "ordered_list": _list,
    "blockquote": _quote,
    "fence": _code,
    "code_block": _code,
    "hr": lambda node, answer: ThematicBreak(answer.origin(node)),
    "html_block": _html_block,
    "table": _table,
    "footnote_block": lambda node, answer: None,     # footnotes belong to the entry, see footnotes()
}


def footnotes(tree: SyntaxTreeNode, answer: Answer) -> tuple[Footnote, ...]:
    notes = []
    for block in (n for n in tree.children if n.type == "footnote_block"):
        for note in block.children:
            number = note.meta["id"] + 1
            first = next((child for child in note.children if child.map), note)
            notes.append(Footnote(number, footnote_anchor(answer.anchor, number),
                                  f"{answer.anchor}-fnref{number}-0", blocks(note.children, answer),
                                  answer.origin(first)))
    return tuple(notes)


def plain(node: SyntaxTreeNode) -> str:
    """The visible text of a syntax-tree node: for heading anchors."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(plain(child) for child in node.children)


def walk(node: SyntaxTreeNode):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))

