"""The document model: what a submission says, with every decision already made.

Document -> Section -> Question / Part -> blocks -> inlines. The resolve stage builds it from
markdown-it tokens; check reads it; every renderer (PDF, text, HTML ...) only walks it. Frozen
dataclasses and plain values only: no reportlab, markdown-it or Jinja2 type lives here.

Every node that came from a source file carries an :class:`Origin`: the file, line and column
the author typed (before templating), so a diagnostic or a layout error can point there.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, Union


@dataclass(frozen=True)
class Origin:
    """Where something was typed: a file relative to the project, 1-based line and column."""

    file: str
    line: int
    col: int = 1


# ---------------------------------------------------------------- inlines

@dataclass(frozen=True)
class Text:
    """Running text, already typographic (quotes, dashes) in its language."""

    text: str


@dataclass(frozen=True)
class Code:
    """An inline code span: printed as typed, in the code face."""

    text: str


@dataclass(frozen=True)
class SoftBreak:
    """A line end inside a paragraph: a space when printed."""


@dataclass(frozen=True)
class LineBreak:
    """A hard line break."""


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strikethrough:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Superscript:
    """<sup> in an answer, as GitHub shows it."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Subscript:
    """<sub> in an answer, as GitHub shows it."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Span:
    """Text in another language than its surroundings (BCP 47 tag)."""

    children: tuple[Inline, ...]
    language: str


@dataclass(frozen=True)
class Link:
    """A link to a URL (http, https, mailto) or to an anchor of this document. With neither,
    the link could not be kept (another scheme, a missing target) and prints as its text."""

    children: tuple[Inline, ...]
    origin: Origin
    href: str                       # as written
    url: str | None = None
    anchor: str | None = None
    bare: bool = False              # a bare URL or an autolink: its text is the URL itself


@dataclass(frozen=True)
class Image:
    """An image reference. ``path`` is the file inside content/ when it can be used, else None
    (missing, outside the project, not an image: an error, so no document is made of it)."""

    alt: str
    src: str
    origin: Origin
    path: Path | None = None
    format: str | None = None       # "PNG", "JPEG" or "SVG" when ``path`` is set
    size: tuple[float, float] | None = None   # width, height in pixels (SVG: in points)
    data: bytes | None = field(default=None, repr=False, compare=False)   # what renderers draw


@dataclass(frozen=True)
class Inserted:
    """In a redline: words the newer revision adds."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Deleted:
    """In a redline: words the newer revision takes out."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class FootnoteRef:
    number: int
    target: str                     # the note's anchor
    anchor: str                     # this reference's own anchor: the note links back here


Inline = Union[Text, Code, SoftBreak, LineBreak, Emphasis, Strong, Strikethrough, Superscript, Subscript, Span, Link,
               Image, FootnoteRef, Inserted, Deleted]
CONTAINERS = (Emphasis, Strong, Strikethrough, Superscript, Subscript, Span, Link, Inserted, Deleted)   # with children


# ---------------------------------------------------------------- blocks

@dataclass(frozen=True)
class Paragraph:
    inlines: tuple[Inline, ...]
    origin: Origin


@dataclass(frozen=True)
class Heading:
    """A heading inside an answer; ``level`` is Markdown's (1 = #)."""

    level: int
    inlines: tuple[Inline, ...]
    anchor: str
    origin: Origin


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]
    origin: Origin
    checked: bool | None = None     # a task list item: [x] or [ ]


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]
    origin: Origin
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    origin: Origin


@dataclass(frozen=True)
class CodeBlock:
    text: str
    origin: Origin
    info: str = ""                  # the fence's info string (a language name), or ""


@dataclass(frozen=True)
class TableCell:
    inlines: tuple[Inline, ...]
    align: str | None = None        # left, center, right; None: as the theme says


@dataclass(frozen=True)
class TableRow:
    cells: tuple[TableCell, ...]


@dataclass(frozen=True)
class Table:
    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    origin: Origin
    columns: int = 1


@dataclass(frozen=True)
class Goal:
    """An SDG as printed: number, short title in the document's language, official colour."""

    number: int
    title: str
    colour: str                     # #RRGGBB


@dataclass(frozen=True)
class ActionLineRef:
    """A WSIS Action Line as printed: "C5" or "C7 E-health", and its title."""

    code: str                       # C5, C7-ehealth
    label: str                      # C5, C7 E-health
    title: str
    sub_line: bool = False


@dataclass(frozen=True)
class SdgRow:
    line: ActionLineRef
    goals: tuple[Goal, ...]
    note: str | None
    origin: Origin


@dataclass(frozen=True)
class SdgMap:
    """An ``sdg-map`` block: Action Lines and the SDGs they serve."""

    rows: tuple[SdgRow, ...]
    origin: Origin


@dataclass(frozen=True)
class ThematicBreak:
    origin: Origin


@dataclass(frozen=True)
class Revised:
    """In a redline: blocks that changed, marked with a bar in the margin beside them."""

    blocks: tuple[Block, ...]
    origin: Origin


Block = Union[Paragraph, Heading, ListBlock, Quote, CodeBlock, Table, SdgMap, ThematicBreak, Revised]


@dataclass(frozen=True)
class Footnote:
    number: int
    anchor: str
    back_anchor: str                # the first reference to it
    blocks: tuple[Block, ...]
    origin: Origin


# ---------------------------------------------------------------- the document

@dataclass(frozen=True, kw_only=True)
class Entry:
    """A numbered question (``number`` set) or an unnumbered part (an introduction, an annex)."""

    heading: str                    # the question, or the part's title: typographic text
    anchor: str                     # q3, part-1
    outline: str                    # "3. Which Action Lines ..." for the PDF outline and contents
    blocks: tuple[Block, ...]
    footnotes: tuple[Footnote, ...] = ()
    origin: Origin                  # the `question:` (or `title:`) line
    body: Origin                    # the answer's first line
    language: str = "en"
    direction: str = "ltr"          # of its paragraphs: "rtl" for Arabic
    number: int | None = None
    word_limit: int | None = None
    word_limit_origin: Origin | None = None
    markdown: str = ""              # the answer as Markdown, after templating


@dataclass(frozen=True, kw_only=True)
class Question(Entry):
    number: int


@dataclass(frozen=True, kw_only=True)
class Part(Entry):
    pass


@dataclass(frozen=True)
class Section:
    title: str
    anchor: str                     # section-1
    alias: str                      # its GitHub-style slug, a second link target
    entries: tuple[Entry, ...]
    origin: Origin


@dataclass(frozen=True)
class MatrixRow:
    line: ActionLineRef
    cells: tuple[tuple[int, ...], ...]   # per goal (in goal order): the questions that link them


@dataclass(frozen=True)
class SdgMatrix:
    """The annex: every Action Line against the 17 SDGs, with the questions behind each link."""

    title: str
    anchor: str
    goals: tuple[Goal, ...]
    rows: tuple[MatrixRow, ...]
    legend: tuple[Inline, ...]
    header: str                     # the label of the Action Line column
    origin: Origin                  # where submission.yaml asks for it


@dataclass(frozen=True)
class TitleElement:
    """One element of the title block, as title.j2 wrote it: a kind and its typographic text.
    ``image`` is set for a logo, ``points`` for vertical space."""

    kind: str                       # logo, title, subtitle, organisation, meta, body, rule, space, pagebreak
    text: str = ""
    origin: Origin | None = None
    image: Image | None = None
    points: float = 0.0


@dataclass(frozen=True)
class Labels:
    """Fixed texts in the document's language."""

    contents: str
    annex: str
    question: str
    action_line: str                # the head of the Action Line column
    sdgs: str                       # the head of the SDG column
    note: str
    draft: str
    page_x_of_y: str                # with {page} and {total}
    matrix_title: str
    question_mark: str              # the short form of "question 8" in the matrix, with {n}


@dataclass(frozen=True)
class Metadata:
    title: str
    organisation: str
    short_title: str
    subtitle: str | None
    consultation: str | None
    date: str | None                # YYYY-MM-DD
    date_text: str | None           # written out in the document's language
    language: str
    license: str | None
    status: str                     # draft or final (a --draft build is a draft)
    origin: Origin                  # submission.yaml
    direction: str = "ltr"          # "rtl": pages, tables and lists are mirrored
    keywords: tuple[str, ...] = ("WSIS", "SDG")


@dataclass(frozen=True)
class Slots:
    """What a running header or footer shows on one page: typographic text in each slot."""

    left: str = ""
    center: str = ""
    right: str = ""
    origin: Origin | None = None    # the template that wrote them

    def __bool__(self) -> bool:
        return bool(self.left or self.center or self.right)


class Furniture(Protocol):
    """The running header and footer, which depend on the page: compiled once, then asked for
    many pages at once, (page, pages) pairs in, (header, footer) pairs out."""

    def pages(self, pairs: list[tuple[int, int]]) -> list[tuple[Slots, Slots]]: ...


@dataclass(frozen=True)
class Document:
    meta: Metadata
    title_block: tuple[TitleElement, ...]
    body: tuple[Section | Entry, ...]         # in reading order: sections, and parts outside them
    annexes: tuple[SdgMatrix, ...]
    labels: Labels
    furniture: Furniture
    toc: bool = False
    anchors: frozenset[str] = field(default_factory=frozenset)   # every internal link target

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every question and part, in order."""
        return tuple(e for item in self.body for e in (item.entries if isinstance(item, Section) else (item,)))

    @property
    def questions(self) -> tuple[Question, ...]:
        return tuple(e for e in self.entries if isinstance(e, Question))

    @property
    def draft(self) -> bool:
        return self.meta.status == "draft"
