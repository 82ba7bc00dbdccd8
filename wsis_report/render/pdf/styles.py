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

from ...fonts import coverage
from ...theme import Theme
from .fonts import FontFamily, register_fallback, register_family
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
    coverage: dict[str, frozenset[int]]         # reportlab font name -> code points it draws
    ascii_fonts: frozenset[str]                 # the fonts that draw every ASCII character
    fallback: str | None = None                 # draws, as a box, what neither family has

    def runs(self, text: str, font: str) -> list[tuple[str, str]]:
        """(font, text) runs: each character in ``font`` if it has it, else in the other family's
        regular face, else in the fallback."""
        if text.isascii() and font in self.ascii_fonts:
            return [(font, text)]
        own = self.coverage.get(font)
        others = [(name, self.coverage[name]) for name in (self.body_font.regular, self.code_font.regular)]
        found: list[tuple[str, str]] = []
        for char in text:
            code = ord(char)
            if own is not None and code in own or char.isspace():
                face = font
            else:
                face = next((name for name, covered in others if code in covered), self.fallback or font)
            if found and found[-1][0] == face:
                found[-1] = (face, found[-1][1] + char)
            else:
                found.append((face, char))
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


def make_styles(theme: Theme, language: str, missing: frozenset[str], project_root: Path | None) -> Styles:
    """Styles for the theme; ``missing``: the characters no family has (drawn by a fallback)."""
    faces = {role: theme.faces(role, project_root) for role in theme.fonts}
    families = {role: register_family(found) for role, found in faces.items()}
    covered = {}
    for role, family in families.items():
        for face in ("regular", "bold", "italic", "bold_italic"):
            covered[family.face(face)] = coverage(faces[role].regular)   # the faces of a family share a cmap
    fallback = register_fallback(missing).regular if missing else None
    if fallback:
        covered[fallback] = frozenset(map(ord, missing))
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
    ascii_fonts = frozenset(name for name, codes in covered.items() if all(c in codes for c in range(0x20, 0x7F)))
    return Styles(theme, families["body"], families["code"], paragraph, PAGE_SIZES[theme.page_size], margins,
                  covered, ascii_fonts, fallback)
