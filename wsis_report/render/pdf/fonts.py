"""Fonts for reportlab: the theme's families registered once per content, always embedded as
subsets, with a text map that gives every drawn glyph its letters."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from ...fonts import FACES, FontFaces


_TYPE1_METRICS = frozenset({"ascent", "descent"})


class TrueTypeFont(TTFont):
    """reportlab's TTFont, read from its file when first used, with a text map (ToUnicode) that
    gives every glyph its letters.

    * A theme registers eight faces and the fallbacks they need; a document uses some of them.
      TTFont reads and measures the whole file as it is made (10 ms a face): here that waits
      until reportlab first asks for anything the file holds.
    * reportlab 5.1 writes characters beyond U+FFFF as five hex digits, which PDF readers reject,
      so an emoji would vanish from copy, search and extraction: they become UTF-16 pairs.
    * A glyph that shaping chose (an Arabic letter's joining form, a ligature) is drawn through a
      presentation form or a private character; ``spoken`` maps such a character to the letters it
      stands for, so a reader extracts those letters (see lines.py).
    """

    def __init__(self, name: str, filename: str):  # noqa: D107 - TTFont's own __init__ runs when first needed
        self.fontName, self._filename, self._read = name, filename, False
        self.spoken: dict[int, str] = {}

    def __getattr__(self, attribute: str):
        # only what is not set yet comes here: TTFont's instance attributes (face, encoding ...);
        # and what reportlab's getAscentDescent asks of a Type 1 font under a bare except, which
        # would swallow the build's deadline were the file read there
        if self.__dict__.get("_read", True) or attribute.startswith("__") or attribute in _TYPE1_METRICS:
            raise AttributeError(attribute)
        self._read = True
        try:
            TTFont.__init__(self, self.fontName, self._filename)
        except BaseException:       # the build's deadline, say: read it again when next asked
            self._read = False
            raise
        return getattr(self, attribute)

    # reportlab's getAscentDescent (120,000 calls at 1,000 questions) asks for a Type 1 font's
    # ascent and descent first, and a TrueType font's face under its bare except when they are
    # missing: once the file is read they are the face's, without an exception raised each time
    ascent = property(lambda self: self._face_metric("ascent"))
    descent = property(lambda self: self._face_metric("descent"))

    def _face_metric(self, name: str):
        if not self.__dict__.get("_read", True):     # not read yet: __getattr__ refuses it (see there)
            raise AttributeError(name)
        return getattr(self.face, name)

    def splitString(self, text, doc, encoding="utf-8"):
        """TTFont.splitString, for a text whose every character already has its code in the
        first subset (nearly every run of a document in a Latin script after its first lines):
        one translate in C where reportlab steps through the characters in Python (0.10 -> 0.03 s
        of a 100-question build). Anything else, reportlab's own, which also gives new characters
        their codes."""
        state = self.state.get(doc) if isinstance(text, str) else None
        if state is not None:
            first = getattr(state, "first_subset", None)      # kept beside the codes it is made of
            if first is None or first[0] != len(state.assignments):
                first = state.first_subset = _first_subset(state.assignments)
            if first[1].issuperset(text):
                return [(0, text.translate(first[2]).encode("latin-1"))] if text else []
        return super().splitString(text, doc, encoding)

    def addObjects(self, doc):
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if max(subset, default=0) > 0xFFFF or any(code in self.spoken for code in subset):
                name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
                stream = doc.idToObject["toUnicodeCMap:" + name]
                entries = "\n".join(f"<{i:02X}> <{_utf16(self.spoken.get(code) or chr(code))}>"
                                     for i, code in enumerate(subset))
                stream.content = _BFCHAR.sub(lambda m: m.group(1) + entries + m.group(2), stream.content, count=1)


def _first_subset(assignments: dict[int, int]) -> tuple[int, frozenset[str], dict[int, str]]:
    """(how many characters have codes, those whose code is in the first subset, and a table
    from each of them to its code as a character); a no-break space is coded as a space."""
    table = {code: chr(number) for code, number in assignments.items() if number < 256}
    if 32 in table:
        table[0xA0] = table[32]
    return len(assignments), frozenset(map(chr, table)), table


_BFCHAR = re.compile(r"(beginbfchar\n).*?(\nendbfchar)", re.S)


def _utf16(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


@dataclass(frozen=True)
class FontFamily:
    """reportlab names of a registered family's four faces."""

    regular: str
    bold: str
    italic: str
    bold_italic: str

    def face(self, name: str) -> str:
        return getattr(self, name)


def register_family(faces: FontFaces) -> FontFamily:
    """Register a family's four faces with reportlab (whose registry is global) once per content:
    the names come from the files' bytes, so an edited font file is a new font."""
    if faces.builtin:           # a package's files do not change under a running process
        return _register(faces, "builtin")
    digest = hashlib.sha1()
    for face in FACES:
        digest.update(faces.path(face).read_bytes())
    return _register(faces, digest.hexdigest()[:10])


def _register_font(name: str, font: TrueTypeFont) -> None:
    # into reportlab's registry as registerFont would put it, without reading the file for the
    # face's name (registerFont's only other work: it maps faces of one name to one font)
    pdfmetrics._fonts[name] = font


@lru_cache(maxsize=32)
def _register(faces: FontFaces, digest: str) -> FontFamily:
    names = {face: f"{faces.name}-{digest}-{face}" for face in FACES}
    made: dict[Path, TrueTypeFont] = {}         # a family without italics names one file twice: one font
    for face in FACES:
        path = faces.path(face)
        if path not in made:
            made[path] = TrueTypeFont(names[face], str(path))
        _register_font(names[face], made[path])
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"), (1, 1, "bold_italic")):
        addMapping(names["regular"], bold, italic, names[face])
    return FontFamily(**names)


@lru_cache(maxsize=64)
def pinned(name: str) -> str:
    """The font ``name`` under a name of its own that <b> and <i> never swap for another face: a
    character a bold or italic face lacks is drawn from the regular face inside them."""
    alias = f"{name}-pinned"
    _register_font(alias, pdfmetrics.getFont(name))
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):
        addMapping(alias, bold, italic, alias)
    return alias
