"""Tagged PDF: the structure tree of the document, and its pages' content marked to match.

The story builders give each flowable a ``Tag``: the structure element its text belongs to
(a P, an H3, a Figure ...). After a flowable draws, ``Marking.mark`` rewrites what it drew: every
text object gets a marked-content sequence with an MCID of its element (``/P <</MCID 3>> BDC``),
every path and image an ``/Artifact``; graphics state is left alone. A paragraph split over two
pages is drawn twice, so its element gets content on both pages. Links, spans in another language,
code and footnote references inside a paragraph are elements of their own: markers in the text
(``\\x00<id>\\x00`` opens one, ``\\x00/<id>\\x00`` closes it) switch the element mid-line.

Marking only rewrites the content stream reportlab is writing; the tree itself is written into
the PDF after reportlab has saved it (archive.py), from the ``Structure`` and the ``Marking`` of
the last layout pass.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

# The roles are PDF 1.7 standard structure types (ISO 32000-1, 14.8.4), so no role map is needed.
KEPT_EMPTY = frozenset({"TD", "TH", "TR", "LBody"})     # a table keeps its grid, a list item its body


class Element:
    """A structure element: a role, its parent, children fixed when the story is built (``kids``)
    and, for inline elements, the place it takes among its parent's content when it is marked."""

    __slots__ = ("role", "id", "parent", "kids", "language", "alt", "attributes", "target", "description",
                 "identifier", "floating", "speaks")

    def __init__(self, role: str, number: int, parent: Element | None = None, language: str | None = None,
                 alt: str | None = None, attributes: dict | None = None, target: str | None = None,
                 description: str | None = None, identifier: str | None = None):
        self.role, self.id, self.parent, self.kids = role, number, parent, []
        self.language, self.alt, self.attributes = language, alt, attributes
        self.target, self.description, self.identifier = target, description, identifier
        self.floating = parent is None and role != "Document"     # an inline element: placed when marked
        self.speaks = language or (parent.speaks if parent is not None else None)     # its language, inherited

    def __repr__(self) -> str:
        return f"<{self.role} {self.id}>"


class Structure:
    """The structure tree as the story is built: one per document, shared by every layout pass."""

    def __init__(self, language: str):
        self.language = language
        self.elements: list[Element] = []
        self.root = self._new("Document", None, None)
        self.root.speaks = language

    def _new(self, role: str, parent: Element | None, language: str | None, **details) -> Element:
        element = Element(role, len(self.elements), parent, language, **details)
        self.elements.append(element)
        return element

    def add(self, role: str, parent: Element, language: str | None = None, **details) -> Element:
        """A new last child of ``parent``; ``language`` is kept where it differs from the parent's."""
        element = self._new(role, parent, language if language and language != parent.speaks else None, **details)
        parent.kids.append(element)
        return element

    def inline(self, role: str, language: str | None = None, **details) -> Element:
        """An element inside a line of text (a link, a span): it joins its parent when its text is drawn."""
        return self._new(role, None, language, **details)

@dataclass(frozen=True, eq=False)
class Tag:
    """What a flowable's text is: its element (None: an artifact) and, for a list item's first
    paragraph, the element of its marker (the bullet or number, drawn first)."""

    element: Element | None
    label: Element | None = None


def tag(flowable, element: Element | None, label: Element | None = None):
    """``flowable``, marked as the text of ``element`` when tagging (``element`` None: not tagging)."""
    if element is not None:
        flowable.wsis_tag = Tag(element, label)
    return flowable


ARTIFACT = Tag(None)


def opening(element: Element) -> str:
    return f"\x00{element.id}\x00"


def closing(element: Element) -> str:
    return f"\x00/{element.id}\x00"


LABEL_OPEN, LABEL_CLOSE = "\x00L\x00", "\x00/L\x00"          # around a marker the line engine draws
MARK_CALLBACK = "wsisMark"      # the canvas callback an <onDraw> in paragraph markup calls with a marker
LINK_SCHEME = "wsis:"           # a link's target while tagging: wsis:<id of its Link element>
_MARKER = re.compile("\x00(/?)(L|\\d+)\x00")


class Marked(str):
    """Content already marked (by a table cell, inside the table being drawn)."""


_OPERATOR = re.compile(r"[A-Za-z'\"][A-Za-z*]*$")
_CONSTRUCTION = frozenset({"m", "l", "c", "v", "y", "h", "re"})
_PAINTING = frozenset({"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
_OBJECTS = frozenset({"Do", "sh"})


def _shows_text(chunk: str) -> bool:
    return "Tj" in chunk or "TJ" in chunk


class Marking:
    """One layout pass's marked content: which element each MCID of each page belongs to, the
    content each element got in reading order, and the link annotations of each element."""

    def __init__(self, structure: Structure):
        self.structure = structure
        self.page = 0
        self.mcids: list[list[Element]] = [[]]            # per page: the element of each MCID
        self.content: dict[int, list] = {}                  # element id -> ("mc", page, mcid) | Element | ("annot", key)
        self.annotations: list[tuple[Element, int]] = []    # StructParent key -> (element, page)
        self._attached: set[int] = set()
        self._open: dict[int, list[Element]] = {}           # block element id -> inline elements open at its end
        self._labelled: set[int] = set()                    # label elements whose marker was marked

    def next_page(self) -> None:
        self.page += 1
        self.mcids.append([])

    def annotation(self, element: Element) -> int:
        """The StructParent key of a link annotation of ``element`` on the current page."""
        key = len(self.annotations)
        self.annotations.append((element, self.page))
        self.content.setdefault(element.id, []).append(("annot", key))
        return key

    # ------------------------------------------------------------------ marking drawn content

    def mark(self, code: list[str], start: int, tag: Tag | None) -> None:
        """Mark what was drawn into ``code`` from ``start`` on. ``tag`` None: a flowable with no
        element (a rule, a spacer): its paths are artifacts, and any text goes to the document."""
        pieces = code[start:]
        if not pieces:
            return
        if tag is not None and tag.element is not None and tag.element.role == "Figure":
            number = self._mcid(tag.element)
            code[start:] = [Marked("\n".join([f"/Figure <</MCID {number}>> BDC", *pieces, "EMC"]))]
            return
        block = tag.element if tag is not None else self.structure.root
        artifact = tag is not None and tag.element is None
        labelled = tag is not None and tag.label is not None      # (asked only of a list item's text)
        state = _State(self, block, tag, artifact, explicit_label=labelled and any(
            not isinstance(p, Marked) and LABEL_OPEN in p for p in pieces))
        out: list[str] = []
        graphics: list[str] = []            # paths and graphics state since the last text
        run: list[str] = []                 # text objects of one element, in one marked sequence
        owner: Element | None = None

        def close_run() -> None:
            if run:
                out.append(f"/{owner.role} <</MCID {self._mcid(owner)}>> BDC\n" + "\n".join(run) + "\nEMC")
                run.clear()
            if graphics:
                out.extend(_artifacts(graphics))
                graphics.clear()

        for piece in pieces:
            if isinstance(piece, Marked):
                close_run()
                out.append(piece)
            elif piece.startswith("\x00"):         # the next text's element may change: see element_for
                for slash, name in _MARKER.findall(piece):
                    state.marker(slash, name)
            elif piece.startswith("BT") and "\x00" not in piece and not state.artifact:
                element = state.element_for(piece)
                if element is None:                 # sets the font, shows nothing
                    graphics.append(piece)
                elif run and element is owner and _quiet(graphics):
                    run.extend(graphics)            # one sequence for a heading's number and text, say
                    graphics.clear()
                    run.append(piece)
                else:
                    close_run()
                    owner = element
                    run.append(piece)
            elif piece.startswith("BT"):
                close_run()
                out.append(state.text_object(piece))
            else:
                graphics.append(piece)
        close_run()
        if block is not None:
            self._open[block.id] = state.stack
        code[start:] = [Marked("\n".join(out))]

    def _mcid(self, element: Element) -> int:
        page = self.mcids[self.page]
        page.append(element)
        self.content.setdefault(element.id, []).append(("mc", self.page, len(page) - 1))
        return len(page) - 1

    def _attach(self, element: Element, parent: Element) -> None:
        if element.floating and element.id not in self._attached:
            self._attached.add(element.id)
            element.parent = parent
            self.content.setdefault(parent.id, []).append(element)

    # ------------------------------------------------------------------ the finished tree

    def kids(self, element: Element) -> list:
        """The children of ``element`` in reading order: those fixed by the story, then its content."""
        return [*element.kids, *self.content.get(element.id, ())]

    def walk(self) -> Iterator[Element]:
        stack = [self.structure.root]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(reversed([kid for kid in self.kids(element) if isinstance(kid, Element)]))


class _State:
    """Which element the text being marked belongs to: the block's, an inline element's inside
    it, or the list marker's."""

    def __init__(self, marking: Marking, block: Element | None, tag: Tag | None, artifact: bool,
                 explicit_label: bool):
        self.marking, self.block, self.tag, self.artifact = marking, block, tag, artifact
        self.stack: list[Element] = list(marking._open.get(block.id, ())) if block is not None else []
        self.label = False
        # reportlab draws a paragraph's bullet as a text object of its own, before the text
        self.label_next = (tag is not None and tag.label is not None and not explicit_label
                           and tag.label.id not in marking._labelled)

    def current(self) -> Element:
        if self.label:
            return self.tag.label
        return self.stack[-1] if self.stack else self.block

    def marker(self, slash: str, name: str) -> None:
        if self.artifact:
            return
        if name == "L":
            self.label = not slash and self.tag is not None and self.tag.label is not None
            return
        element = self.marking.structure.elements[int(name)]
        if slash:
            if element in self.stack:
                del self.stack[self.stack.index(element):]
        else:
            self.marking._attach(element, self.current())
            self.stack.append(element)

    def element_for(self, text: str) -> Element | None:
        """The element a text object with no markers in it belongs to (None: it shows no text)."""
        if not _shows_text(text):
            return None
        if self.label_next:
            self.label_next = False
            self.marking._labelled.add(self.tag.label.id)
            return self.tag.label
        return self.current()

    def text_object(self, text: str) -> str:
        if self.artifact:
            return f"/Artifact BMC\n{text}\nEMC"
        label_now = self.label_next and _shows_text(text)
        if label_now:
            self.label_next, self.label = False, True
            self.marking._labelled.add(self.tag.label.id)
        body = text[2:-2] if text.endswith("ET") else text[2:]
        tail = "ET" if text.endswith("ET") else ""
        parts = _MARKER.split(body)
        out = ["BT"]
        for index in range(0, len(parts), 3):
            chunk = parts[index]
            if _shows_text(chunk):
                element = self.current()
                number = self.marking._mcid(element)
                out.append(f"/{element.role} <</MCID {number}>> BDC {chunk} EMC")
            elif chunk.strip():
                out.append(chunk)
            if index + 2 < len(parts):
                self.marker(parts[index + 1], parts[index + 2])
        if label_now:
            self.label = False
        out.append(tail)
        return " ".join(out)


def _quiet(pieces: list[str]) -> bool:
    """Whether graphics code draws nothing and saves or restores no state (so it can sit inside
    a marked sequence without crossing a q or Q)."""
    if not pieces:
        return True
    for token in " ".join(pieces).split():
        if token in _CONSTRUCTION or token in _PAINTING or token in _OBJECTS or token in ("q", "Q", "n", "W", "W*"):
            return False
    return True


_DRAWS = re.compile(r"(?:^|\s)(?:[SsfFBb]\*?|Do|sh)(?=\s|$)")


def _artifacts(pieces: list[str]) -> list[str]:
    """Paths and images as artifacts: each run of them between saves and restores of the graphics
    state goes in one ``/Artifact`` sequence (never across a q or Q, never inside a path)."""
    joined = " ".join(pieces)
    if not _DRAWS.search(joined):
        return pieces                   # graphics state only (the common case: a flowable's q, cm, Q)
    tokens = joined.split()
    out: list[str] = []
    group: list[str] = []          # tokens of the artifact being collected
    pending: list[str] = []        # operands, and the path being constructed
    painted = False
    for token in tokens:
        pending.append(token)
        if not _OPERATOR.match(token) or token in ("true", "false", "null"):
            continue
        if token in _CONSTRUCTION or token in ("W", "W*"):
            continue                                   # a path goes on until it is painted
        if token in _PAINTING or token in _OBJECTS:
            group.extend(pending)
            painted = True
        elif token in ("q", "Q", "n"):
            if painted:
                out.append("/Artifact BMC " + " ".join(group) + " EMC")
            elif group:
                out.append(" ".join(group))
            out.append(" ".join(pending))              # a save, a restore, or a clip: outside artifacts
            group, painted = [], False
        else:
            group.extend(pending)                      # colour, line width ... may sit inside an artifact
        pending = []
    group.extend(pending)
    if painted:
        out.append("/Artifact BMC " + " ".join(group) + " EMC")
    elif group:
        out.append(" ".join(group))
    return out
