"""Theme values turned into reportlab styles, and the one path by which text enters the PDF.

Every string the PDF prints (answers, headings, title block, header and footer, contents, annex)
goes through :meth:`Styles.runs`: it is split into runs by the font that can draw each character
(the element's own family, the other family, else a fallback that draws a box), from the same
coverage the check stage reads. :meth:`Styles.markup` turns runs into escaped paragraph markup;
the running header and footer draw the runs directly.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ...fonts import FACES, FontFaces, coverage, truetype_subset
from ...theme import Theme
from .fonts import FontFamily, register_family
from .hyphenation import hyphenator

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}
PAGE_SIZES = {"A4": A4, "Letter": LETTER}
HYPHENATED = ("body", "quote", "list", "footnote", "table")   # running text; never headings or code

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(text: str) -> str:
    """Text made safe for reportlab paragraph markup (xml.sax.saxutils costs 14 ms of imports)."""
    return text.translate(_ESCAPES)


def quoted_attribute(text: str) -> str:
    return '"' + text.translate(_ATTRIBUTE_ESCAPES) + '"'


@dataclass(frozen=True)
class Styles:
    """Everything the PDF rules need from the theme, already in reportlab's terms."""

    theme: Theme
    body_font: FontFamily
    code_font: FontFamily
    paragraph: dict[str, ParagraphStyle]
    page_size: tuple[float, float]
    margins: dict[str, float]                   # points
    chain: tuple[tuple[FontFamily, frozenset[int]], ...]   # families in fallback order, with coverage
    faces: dict[str, tuple[FontFamily, str]]    # reportlab font name -> its family and face
    ascii_fonts: frozenset[str]                 # the fonts that draw every ASCII character

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """(font, text) runs: each character in ``font`` if it has it, else in the first family of
        the theme's chain that has it, in the same face (bold stays bold where it can)."""
        if text.isascii() and font in self.ascii_fonts:
            return [(font, text)]
        family, face = self.faces[font]
        own = next(covered for chain_family, covered in self.chain if chain_family == family)
        found: list[tuple[str, str]] = []
        for char in text:
            code = ord(char)
            chosen = font if code in own or char.isspace() else next(
                (other.face(face) for other, covered in self.chain if code in covered), font)
            if found and found[-1][0] == chosen:
                found[-1] = (chosen, found[-1][1] + char)
            else:
                found.append((chosen, char))
        return found

    def markup(self, text: str, font: str) -> str:
        """User text as paragraph markup: escaped, and set run by run in a font that has it."""
        return "".join(escape(run) if face == font else f'<font face="{face}">{escape(run)}</font>'
                       for face, run in self.runs(text, font))

    def width(self, text: str, font: str, size: float) -> float:
        return sum(stringWidth(run, face, size) for face, run in self.runs(text, font))

    def colour(self, name: str) -> HexColor:
        return HexColor(self.theme.colour(name))

    def hex(self, name: str) -> str:
        return self.theme.colour(name)

    def option(self, section: str, key: str):
        return self.theme.option(section, key)

    def indent(self, name: str) -> float:
        return self.theme.styles[name].indent

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins["left"] - self.margins["right"]

    @property
    def frame_height(self) -> float:
        return self.page_size[1] - self.margins["top"] - self.margins["bottom"]


def _families(theme: Theme, characters: frozenset[str], project_root: Path | None):
    """The theme's families registered with reportlab, in fallback order with their coverage. A
    script family is registered only if the document needs it; one with PostScript outlines as a
    TrueType subset of the characters it draws."""
    chain, registered, codes = [], {}, {ord(c) for c in characters}
    needed = set(codes)
    for role, faces in theme.chain(project_root):
        covered = coverage(faces.regular)
        if role not in ("body", "code") and not needed & covered:
            continue
        if faces.cff:
            subset = frozenset(chr(c) for c in needed & covered)
            path = truetype_subset(faces.regular, subset)
            faces = FontFaces(faces.name + "-" + path.stem[-8:], path, path, path, path, builtin=True)
            covered = coverage(path)
        family = register_family(faces)
        registered[role] = family
        chain.append((family, covered))
        needed -= covered
    return registered, chain


def make_styles(theme: Theme, language: str, characters: frozenset[str], project_root: Path | None) -> Styles:
    """Styles for the theme; ``characters``: all those the document prints (for the fonts)."""
    families, chain = _families(theme, characters, project_root)
    faces = {family.face(face): (family, face) for family in families.values() for face in FACES}
    hyphenate = hyphenator(language)
    paragraph = {}
    for name, spec in theme.styles.items():
        family = families[spec.font]
        paragraph[name] = ParagraphStyle(
            name,
            fontName=family.face(spec.face),
            fontSize=spec.size,
            leading=spec.leading,
            textColor=HexColor(theme.colour(spec.colour)),
            alignment=_ALIGN[spec.align],
            spaceBefore=spec.space_before,
            spaceAfter=spec.space_after,
            allowWidows=0,
            allowOrphans=0,
            splitLongWords=1,
            # bullets and list numbers in the same face and size (reportlab's default: Helvetica 10)
            bulletFontName=family.face(spec.face),
            bulletFontSize=spec.size,
            hyphenationLang=hyphenate if name in HYPHENATED and spec.font == "body" else "",
            # reportlab 5.1's embedded-hyphen and URI "waste reduction" splitting can set a URL
            # such as https://x.org/a-1.b?c=1&d=2/... on one line past the margin; without them
            # a too-long URL still breaks after a "/", or wherever the line ends
            embeddedHyphenation=0,
            uriWasteReduce=0,
        )
    margins = {side: value * mm for side, value in theme.margins_mm.items()}
    ascii_fonts = frozenset(family.face(face) for family, covered in chain for face in FACES
                            if all(c in covered for c in range(0x20, 0x7F)))
    return Styles(theme, families["body"], families["code"], paragraph, PAGE_SIZES[theme.page_size], margins,
                  tuple(chain), faces, ascii_fonts)
