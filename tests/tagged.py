"""Reading a tagged PDF back, independently of how wsis-report wrote it: the structure tree with
pikepdf, the text of each marked-content sequence with pdfminer.six. Used by test_accessibility.py."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pdfminer.pdfdevice import PDFDevice
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage


@dataclass
class Node:
    """A structure element: its role, attributes, and children in order: Nodes, marked content
    (page index, MCID) and link annotations (page index, annotation)."""

    role: str
    obj: pikepdf.Dictionary
    kids: list = field(default_factory=list)
    parent: Node | None = None

    def get(self, key: str, default=None):
        return self.obj.get(key, default)

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Node):
                yield from kid.walk()


@dataclass(frozen=True)
class Content:
    page: int
    mcid: int


@dataclass(frozen=True)
class Annotation:
    page: int
    annotation: pikepdf.Dictionary


def structure(pdf: pikepdf.Pdf) -> Node:
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot

    def build(obj, parent: Node | None, page: int | None) -> Node:
        node = Node(str(obj.S)[1:], obj, parent=parent)
        page = pages[obj.Pg.objgen] if "/Pg" in obj else page
        kids = obj.get("/K")
        kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, int):
                node.kids.append(Content(page, kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                node.kids.append(Content(pages[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                node.kids.append(Annotation(pages[kid.Pg.objgen], kid.Obj))
            elif isinstance(kid, pikepdf.Dictionary):
                node.kids.append(build(kid, node, page))
            else:
                node.kids.append(Content(page, int(kid)))
        return node

    top = root.K
    return build(top if isinstance(top, pikepdf.Dictionary) else top[0], None, None)


class _MarkedText(PDFDevice):
    """Collects the text of each marked-content sequence with an MCID, and of artifacts; and
    whatever is drawn outside both (``unmarked``: text, paths, images)."""

    def __init__(self, manager):
        super().__init__(manager)
        self.stack: list[tuple[str, int | None]] = []
        self.texts: dict[int, str] = {}
        self.artifacts: list[str] = []
        self.unmarked: list[str] = []
        self.nested_mcids = 0
        self._line = None

    def begin_tag(self, tag, props=None):
        mcid = props.get("MCID") if isinstance(props, dict) else None
        if mcid is not None and any(m is not None for _, m in self.stack):
            self.nested_mcids += 1
        if mcid is not None:
            self.texts.setdefault(mcid, "")          # a figure's sequence holds no text
        self.stack.append((tag.name, mcid))

    def end_tag(self):
        self.stack.pop()

    def paint_path(self, graphicstate, stroke, fill, evenodd, path):
        if not self.stack:
            self.unmarked.append("(a path)")

    def render_image(self, name, stream):
        if not self.stack:
            self.unmarked.append("(an image)")

    def render_string(self, textstate, seq, ncs, graphicstate):
        font = textstate.font
        text = ""
        for item in seq:
            if isinstance(item, bytes):
                for cid in font.decode(item):
                    try:
                        text += font.to_unichr(cid)
                    except Exception:
                        text += "\ufffd"
        line = (tuple(round(v, 1) for v in (*self.ctm, *textstate.matrix)), round(textstate.linematrix[1], 1))
        if self._line is not None and line != self._line:
            text = " " + text                        # a new line or text object: a break between words
        self._line = line
        mcid = next((m for _, m in reversed(self.stack) if m is not None), None)
        if mcid is not None:
            self.texts[mcid] = self.texts.get(mcid, "") + text
        elif any(name == "Artifact" for name, _ in self.stack):
            self.artifacts.append(text)
        elif text.strip():
            self.unmarked.append(text)


def marked_text(path: Path) -> list[_MarkedText]:
    """Per page: the text of each MCID, of the artifacts, and any text outside both."""
    found = []
    with path.open("rb") as handle:
        manager = PDFResourceManager()
        for page in PDFPage.get_pages(handle):
            device = _MarkedText(manager)
            PDFPageInterpreter(manager, device).process_page(page)
            found.append(device)
    return found


def structure_text(root: Node, pages: list[_MarkedText]) -> str:
    """The document's text in the order of its structure tree."""
    parts, last_page = [], None

    def visit(node: Node) -> None:
        nonlocal last_page
        for kid in node.kids:
            if isinstance(kid, Node):
                visit(kid)
            elif isinstance(kid, Content):
                if last_page is not None and kid.page != last_page:
                    parts.append(" ")
                parts.append(pages[kid.page].texts.get(kid.mcid, ""))
                last_page = kid.page
    visit(root)
    return "".join(parts)


def words(text: str) -> list[str]:
    """Words to compare texts by: hyphenated line ends joined, dot leaders and bullets dropped."""
    text = re.sub(r"(?<=\w)-\s+(?=\w)", "", text)
    return [w for w in re.findall(r"[\w][\w'’.,:;!?()/%&@#+\-–—«»\"“”]*", text) if any(c.isalnum() for c in w)]
