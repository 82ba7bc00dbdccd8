"""Fonts for reportlab: the theme's families registered once per content, always embedded as
subsets, and a fallback face that draws a box for characters no family has."""
from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from ...fonts import FACES, FontFaces


class TrueTypeFont(TTFont):
    """reportlab's TTFont, whose text map (ToUnicode) is also right beyond U+FFFF.

    reportlab 5.1 writes such characters as five hex digits, which PDF readers reject, so an
    emoji or a rare script's character would vanish from copy, search and text extraction.
    They are rewritten as the UTF-16 surrogate pairs the PDF format expects.
    """

    def addObjects(self, doc):
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if max(subset, default=0) > 0xFFFF:
                name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
                stream = doc.idToObject["toUnicodeCMap:" + name]
                stream.content = _WIDE_ENTRY.sub(_utf16_entry, stream.content)


_WIDE_ENTRY = re.compile(r"<([0-9A-F]{2})> <([0-9A-F]{5,6})>")


def _utf16_entry(match: re.Match) -> str:
    code = int(match[2], 16) - 0x10000
    return f"<{match[1]}> <{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}>"


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


@lru_cache(maxsize=32)
def _register(faces: FontFaces, digest: str) -> FontFamily:
    names = {face: f"{faces.name}-{digest}-{face}" for face in FACES}
    for face in FACES:
        pdfmetrics.registerFont(TrueTypeFont(names[face], str(faces.path(face))))
    for bold, italic, face in ((0, 0, "regular"), (1, 0, "bold"), (0, 1, "italic"), (1, 1, "bold_italic")):
        addMapping(names["regular"], bold, italic, names[face])
    return FontFamily(**names)


@lru_cache(maxsize=32)
def register_fallback(chars: frozenset[str]) -> FontFamily:
    """A font, made for this document, that draws each given character as an empty box.

    Characters that no shipped font covers (emoji, scripts such as Malayalam) would otherwise
    become glyph 0 and vanish from the PDF's text layer. Drawn with this font they show as a
    visible box, and copy, search and text extraction still give the right character.
    """
    from fontTools.fontBuilder import FontBuilder   # only documents that need it pay the import
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    # reportlab shares font faces by PostScript name: each character set needs a name of its own
    name = "WsisFallback" + hashlib.sha1("".join(sorted(chars)).encode("utf-8", "surrogatepass")).hexdigest()[:10]
    pen = TTGlyphPen(None)
    for contour in (((60, -10), (60, 700), (540, 700), (540, -10)),   # outer, clockwise
                    ((110, 40), (490, 40), (490, 650), (110, 650))):  # inner, counter-clockwise
        pen.moveTo(contour[0])
        for point in contour[1:]:
            pen.lineTo(point)
        pen.closePath()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "box"])
    builder.setupCharacterMap({ord(c): "box" for c in chars})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "box": pen.glyph()})
    builder.setupHorizontalMetrics({".notdef": (600, 0), "box": (600, 60)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": name, "styleName": "Regular", "psName": name})
    builder.setupOS2(sTypoAscender=800, sTypoDescender=-200, usWinAscent=800, usWinDescent=200)
    builder.setupPost()
    builder.setupHead(created=0, modified=0)     # fixed: builds stay byte-identical
    data = io.BytesIO()
    builder.save(data)
    pdfmetrics.registerFont(TrueTypeFont(name, io.BytesIO(data.getvalue())))
    for bold, italic in ((0, 0), (1, 0), (0, 1), (1, 1)):   # <b> and <i> around a box keep the box
        addMapping(name, bold, italic, name)
    return FontFamily(name, name, name, name)
